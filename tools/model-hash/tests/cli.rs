//! End-to-end tests of the `modelmint-hash` binary.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelmint-hash"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run modelmint-hash")
}

fn run_ok(args: &[&std::ffi::OsStr]) -> String {
    let output = run(args);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 stdout")
}

fn root_of(path: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&std::ffi::OsStr> = extra.iter().map(|a| a.as_ref()).collect();
    args.push(path.as_os_str());
    let stdout = run_ok(&args);
    assert_eq!(stdout.len(), 65, "stdout is one line holding the root: {stdout:?}");
    assert!(stdout.ends_with('\n'));
    let root = stdout.trim_end().to_owned();
    assert!(root.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)), "{root}");
    root
}

/// A small model with nested directories, a name with spaces, a hidden file and files
/// larger than the read buffer.
fn generated_model(dir: &Path) -> Vec<&'static str> {
    let files: [(&'static str, usize); 8] = [
        ("config.json", 61),
        ("generation_config.json", 0),
        ("tokenizer/tokenizer config.json", 900),
        ("tokenizer/.hidden", 3),
        ("model-00001-of-00002.safetensors", 1_048_576 + 1),
        ("model-00002-of-00002.safetensors", 2_500_000),
        ("model.safetensors.index.json", 333),
        ("extra/deep/nested/README", 12),
    ];
    for (i, (rel, len)) in files.iter().enumerate() {
        let mut contents = common::counter_bytes(*len + i);
        contents.drain(..i);
        common::write(dir, rel, &contents);
    }
    files.iter().map(|(rel, _)| *rel).collect()
}

#[test]
fn root_matches_independent_recomputation_with_system_sha256sum() {
    if !common::has_sha256sum() {
        println!("note: sha256sum not found; skipping the independent recomputation");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rels = generated_model(dir.path());
    rels.sort_unstable();
    let mut manifest = String::from("modelmint-manifest-v1\n");
    for rel in &rels {
        let path = dir.path().join(rel);
        let size = std::fs::metadata(&path).expect("stat").len();
        manifest.push_str(&format!("{}  {size}  {rel}\n", common::sha256sum_file(&path)));
    }
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn sha256sum");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("sha256sum stdin");
        stdin.write_all(manifest.as_bytes()).expect("feed sha256sum");
    }
    let output = child.wait_with_output().expect("sha256sum output");
    let expected = String::from_utf8(output.stdout).expect("utf-8")[..64].to_owned();

    assert_eq!(root_of(dir.path(), &[]), expected);

    let out = tempfile::tempdir().expect("temp dir");
    let text_path = out.path().join("manifest.txt");
    let stdout =
        run_ok(&["--manifest-text".as_ref(), text_path.as_os_str(), dir.path().as_os_str()]);
    assert_eq!(stdout, format!("{expected}\n"));
    let written = std::fs::read_to_string(&text_path).expect("read manifest text");
    assert_eq!(written, manifest);
}

#[test]
fn one_and_four_threads_give_the_same_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    generated_model(dir.path());
    let one = root_of(dir.path(), &["--threads", "1"]);
    let four = root_of(dir.path(), &["--threads", "4"]);
    let default = root_of(dir.path(), &[]);
    assert_eq!(one, four);
    assert_eq!(one, default);
}

#[test]
fn json_manifest_round_trips_and_matches_the_text_manifest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("model");
    generated_model(&model);
    let json_path = dir.path().join("manifest.json");
    let text_path = dir.path().join("manifest.txt");
    let stdout = run_ok(&[
        "--quiet".as_ref(),
        "--manifest-json".as_ref(),
        json_path.as_os_str(),
        "--manifest-text".as_ref(),
        text_path.as_os_str(),
        model.as_os_str(),
    ]);
    let root = stdout.trim_end();

    let json_text = std::fs::read_to_string(&json_path).expect("read JSON");
    let json: serde_json::Value = serde_json::from_str(&json_text).expect("valid JSON");
    let text = std::fs::read_to_string(&text_path).expect("read text manifest");

    assert_eq!(json["format"], "modelmint-manifest-v1");
    assert_eq!(json["root"], root);
    let files = json["files"].as_array().expect("files array");
    assert_eq!(files.len(), 8);
    let mut rebuilt = String::from("modelmint-manifest-v1\n");
    let mut total = 0;
    for file in files {
        let size = file["size"].as_u64().expect("size");
        total += size;
        rebuilt.push_str(&format!(
            "{}  {}  {}\n",
            file["sha256"].as_str().expect("sha256"),
            size,
            file["path"].as_str().expect("path")
        ));
    }
    assert_eq!(json["total_size"].as_u64(), Some(total));
    assert_eq!(rebuilt, text);

    let positions: Vec<usize> = ["\"format\"", "\"root\"", "\"total_size\"", "\"files\""]
        .iter()
        .map(|key| json_text.find(key).expect("key present"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "key order in {json_text}");

    let parsed = modelmint_hash::Manifest::from_json(&json_text).expect("library parses it");
    assert_eq!(parsed.root_hex(), root);
    assert_eq!(parsed.text(), text);
}

fn assert_fails_with(output: &Output, code: i32, needles: &[&str]) {
    assert_eq!(output.status.code(), Some(code), "status {:?}", output.status);
    assert!(output.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for needle in needles {
        assert!(stderr.contains(needle), "stderr {stderr:?} lacks {needle:?}");
    }
}

#[test]
fn missing_path_exits_1_with_a_one_line_message_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let output = run(&[missing.as_os_str()]);
    let text = missing.display().to_string();
    assert_fails_with(&output, 1, &[&text, "no such file or directory"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn empty_directory_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("empty-sub")).expect("mkdir");
    let output = run(&[dir.path().as_os_str()]);
    assert_fails_with(&output, 1, &["directory contains no files"]);
}

#[test]
fn io_errors_include_the_operating_system_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("f.bin");
    std::fs::write(&file, b"x").expect("write");
    let json_target = dir.path().join("no-such-dir/manifest.json");
    let output = run(&["--manifest-json".as_ref(), json_target.as_os_str(), file.as_os_str()]);
    assert_fails_with(&output, 1, &["no-such-dir/manifest.json", "cannot write", "os error"]);
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        run(&["--threads".as_ref(), "0".as_ref(), dir.path().as_os_str()]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--no-such-flag".as_ref(), dir.path().as_os_str()]).status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_exits_1_naming_the_file() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(b"w\xfe.bin")), b"x")
        .expect("write");
    let output = run(&[dir.path().as_os_str()]);
    assert_fails_with(&output, 1, &["w\u{fffd}.bin", "not valid UTF-8"]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_exits_1_naming_the_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write(dir.path(), "a/w.bin", b"w");
    std::os::unix::fs::symlink("..", dir.path().join("a/loop")).expect("symlink");
    let link = dir.path().join("a/loop").display().to_string();
    let output = run(&[dir.path().as_os_str()]);
    assert_fails_with(&output, 1, &[&link, "symbolic link loop"]);
}
