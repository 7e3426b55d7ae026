//! Behaviour of `hash_path`: directory walking, path rules, symbolic links, errors,
//! threading and progress reporting.

mod common;

use modelmint_hash::{hash_path, HashError, HashOptions, PathProblem, Progress};
use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

fn hash(path: &Path) -> Result<modelmint_hash::Manifest, HashError> {
    hash_path(path, &HashOptions::default())
}

fn paths(manifest: &modelmint_hash::Manifest) -> Vec<&str> {
    manifest.entries().iter().map(|e| e.path.as_str()).collect()
}

fn threads(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("non-zero thread count")
}

#[test]
fn nested_directories_give_slash_separated_paths_in_byte_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    for rel in ["a/b/c/deep.bin", "a-b", "a.txt", "Z.json", "a/b.bin", ".git/config", "b"] {
        common::write(dir.path(), rel, rel.as_bytes());
    }
    let manifest = hash(dir.path()).expect("hash nested model");
    assert_eq!(
        paths(&manifest),
        [".git/config", "Z.json", "a-b", "a.txt", "a/b.bin", "a/b/c/deep.bin", "b"]
    );
    let deep = &manifest.entries()[5];
    assert_eq!(deep.size, "a/b/c/deep.bin".len() as u64);
}

#[test]
fn root_does_not_depend_on_directory_listing_order() {
    let names: Vec<String> = (0..200).map(|i| format!("shard-{:03}.bin", (i * 37) % 200)).collect();
    let forward = tempfile::tempdir().expect("temp dir");
    let backward = tempfile::tempdir().expect("temp dir");
    for name in &names {
        common::write(forward.path(), &format!("sub/{name}"), name.as_bytes());
    }
    for name in names.iter().rev() {
        common::write(backward.path(), &format!("sub/{name}"), name.as_bytes());
    }
    let a = hash(forward.path()).expect("hash forward");
    let b = hash(backward.path()).expect("hash backward");
    assert_eq!(a, b);

    let mut expected: Vec<String> = names.iter().map(|n| format!("sub/{n}")).collect();
    expected.sort_unstable();
    assert_eq!(paths(&a), expected);

    let listed: Vec<String> = std::fs::read_dir(forward.path().join("sub"))
        .expect("list")
        .map(|e| format!("sub/{}", e.expect("entry").file_name().to_string_lossy()))
        .collect();
    if listed == expected {
        println!("note: this filesystem lists the directory in sorted order already");
    }
}

#[test]
fn single_file_input_has_one_entry_named_after_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write(dir.path(), "weights/model.safetensors", &[7u8; 1000]);
    let manifest = hash(&dir.path().join("weights/model.safetensors")).expect("hash file");
    assert_eq!(paths(&manifest), ["model.safetensors"]);
    assert_eq!(manifest.entries()[0].size, 1000);
    assert_eq!(manifest.total_size(), 1000);
}

#[test]
fn empty_files_are_included() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write(dir.path(), "empty", b"");
    let manifest = hash(dir.path()).expect("hash");
    assert_eq!(paths(&manifest), ["empty"]);
    assert_eq!(
        manifest.entries()[0].sha256_hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn file_larger_than_read_buffer_matches_system_sha256sum() {
    let dir = tempfile::tempdir().expect("temp dir");
    let contents = common::counter_bytes(modelmint_hash::READ_BUFFER_SIZE * 2 + 12_345);
    common::write(dir.path(), "big.bin", &contents);
    let manifest = hash(dir.path()).expect("hash");
    if !common::has_sha256sum() {
        println!("note: sha256sum not found; skipping the comparison with it");
        return;
    }
    assert_eq!(
        manifest.entries()[0].sha256_hex(),
        common::sha256sum_file(&dir.path().join("big.bin"))
    );
}

#[test]
fn error_when_directory_has_no_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    match hash(dir.path()) {
        Err(HashError::EmptyDirectory { path }) => assert_eq!(path, dir.path()),
        other => panic!("expected EmptyDirectory, got {other:?}"),
    }
    std::fs::create_dir_all(dir.path().join("a/b/c")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("d")).expect("mkdir");
    let err = hash(dir.path()).expect_err("only empty subdirectories");
    assert!(matches!(err, HashError::EmptyDirectory { .. }), "{err:?}");
    assert!(err.to_string().contains("directory contains no files"), "{err}");
}

#[test]
fn error_when_path_does_not_exist() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-model");
    let err = hash(&missing).expect_err("missing path");
    assert!(matches!(&err, HashError::NotFound { path } if *path == missing), "{err:?}");
    assert_eq!(err.to_string(), format!("{}: no such file or directory", missing.display()));
}

#[test]
fn error_when_file_name_contains_newline_carriage_return_or_backslash() {
    for (name, expected) in [
        ("bad\nname", PathProblem::Newline),
        ("bad\rname", PathProblem::CarriageReturn),
        ("bad\\name", PathProblem::Backslash),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "ok.bin", b"ok");
        common::write(dir.path(), &format!("sub/{name}"), b"x");
        match hash(dir.path()) {
            Err(HashError::InvalidPathName { path, problem }) => {
                assert_eq!(problem, expected);
                assert_eq!(path, dir.path().join("sub").join(name));
            }
            other => panic!("name {name:?}: expected InvalidPathName, got {other:?}"),
        }
    }
}

#[test]
fn thread_count_does_not_change_the_manifest() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..40 {
        let len = (i * 7919) % 70_000 + (i % 3) * modelmint_hash::READ_BUFFER_SIZE;
        common::write(dir.path(), &format!("d{}/f{i}.bin", i % 5), &common::counter_bytes(len));
    }
    let one = hash_path(dir.path(), &HashOptions::default().with_threads(threads(1)))
        .expect("one thread");
    assert_eq!(one.entries().len(), 40);
    for n in [2, 4, 16, 64] {
        let many = hash_path(dir.path(), &HashOptions::default().with_threads(threads(n)))
            .expect("many threads");
        assert_eq!(many, one, "{n} threads");
    }
}

#[derive(Default)]
struct CountingProgress {
    total: AtomicU64,
    files: AtomicUsize,
    starts: AtomicUsize,
    advanced: AtomicU64,
}

impl Progress for CountingProgress {
    fn start(&self, total_bytes: u64, file_count: usize) {
        self.total.store(total_bytes, Ordering::SeqCst);
        self.files.store(file_count, Ordering::SeqCst);
        self.starts.fetch_add(1, Ordering::SeqCst);
    }

    fn advance(&self, bytes: u64) {
        self.advanced.fetch_add(bytes, Ordering::SeqCst);
    }
}

#[test]
fn progress_is_told_the_total_and_every_hashed_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write(dir.path(), "a.bin", &common::counter_bytes(2_500_000));
    common::write(dir.path(), "b/c.bin", &common::counter_bytes(10));
    common::write(dir.path(), "d.bin", b"");
    let progress = CountingProgress::default();
    let manifest = hash_path(
        dir.path(),
        &HashOptions::default().with_threads(threads(2)).with_progress(&progress),
    )
    .expect("hash");
    assert_eq!(progress.starts.load(Ordering::SeqCst), 1);
    assert_eq!(progress.files.load(Ordering::SeqCst), 3);
    assert_eq!(progress.total.load(Ordering::SeqCst), 2_500_010);
    assert_eq!(progress.advanced.load(Ordering::SeqCst), manifest.total_size());
}

/// Changes the file being hashed after the first buffer has been hashed.
struct ChangeFileAfterFirstBuffer {
    path: std::path::PathBuf,
    grow: bool,
    done: std::sync::atomic::AtomicBool,
}

impl Progress for ChangeFileAfterFirstBuffer {
    fn start(&self, _total_bytes: u64, _file_count: usize) {}

    fn advance(&self, _bytes: u64) {
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        let file = std::fs::OpenOptions::new()
            .append(self.grow)
            .write(true)
            .open(&self.path)
            .expect("open file to change");
        if self.grow {
            use std::io::Write;
            (&file).write_all(&[b'!'; 10]).expect("append");
        } else {
            file.set_len(1_500_000).expect("truncate");
        }
    }
}

#[test]
fn error_when_file_grows_or_shrinks_while_being_hashed() {
    for grow in [true, false] {
        let dir = tempfile::tempdir().expect("temp dir");
        let listed = (2 * modelmint_hash::READ_BUFFER_SIZE + 5) as u64;
        common::write(dir.path(), "w.bin", &common::counter_bytes(listed as usize));
        let path = dir.path().join("w.bin");
        let progress = ChangeFileAfterFirstBuffer {
            path: path.clone(),
            grow,
            done: std::sync::atomic::AtomicBool::new(false),
        };
        let err = hash_path(dir.path(), &HashOptions::default().with_progress(&progress))
            .expect_err("changed file");
        match err {
            HashError::FileChanged { path: p, listed: l, read } => {
                assert_eq!(p, path);
                assert_eq!(l, listed);
                if grow {
                    assert!(read > listed, "read {read}");
                } else {
                    assert_eq!(read, 1_500_000);
                }
            }
            other => panic!("grow={grow}: expected FileChanged, got {other:?}"),
        }
    }
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};

    #[test]
    fn symlink_to_a_file_is_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        common::write(outside.path(), "blob.bin", b"shared weights");
        common::write(dir.path(), "config.json", b"{}");
        symlink(outside.path().join("blob.bin"), dir.path().join("model.bin")).expect("symlink");
        let manifest = hash(dir.path()).expect("hash");
        assert_eq!(paths(&manifest), ["config.json", "model.bin"]);
        let linked = &manifest.entries()[1];
        assert_eq!(linked.size, 14);
        let direct = hash(&outside.path().join("blob.bin")).expect("hash target");
        assert_eq!(linked.sha256, direct.entries()[0].sha256);
    }

    #[test]
    fn symlink_to_a_directory_is_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        common::write(outside.path(), "tok/vocab.json", b"{\"a\":1}");
        common::write(dir.path(), "config.json", b"{}");
        symlink(outside.path().join("tok"), dir.path().join("tokenizer")).expect("symlink");
        let manifest = hash(dir.path()).expect("hash");
        assert_eq!(paths(&manifest), ["config.json", "tokenizer/vocab.json"]);
    }

    #[test]
    fn symlinked_input_directory_is_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "real/w.bin", b"w");
        symlink(dir.path().join("real"), dir.path().join("alias")).expect("symlink");
        let via_link = hash(&dir.path().join("alias")).expect("hash via link");
        let direct = hash(&dir.path().join("real")).expect("hash directly");
        assert_eq!(via_link, direct);
    }

    #[test]
    fn same_directory_reached_through_two_links_is_not_a_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shared = tempfile::tempdir().expect("temp dir");
        common::write(shared.path(), "x.bin", b"x");
        symlink(shared.path(), dir.path().join("a")).expect("symlink");
        symlink(shared.path(), dir.path().join("b")).expect("symlink");
        let manifest = hash(dir.path()).expect("hash");
        assert_eq!(paths(&manifest), ["a/x.bin", "b/x.bin"]);
    }

    #[test]
    fn symlink_loop_is_an_error_naming_the_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "sub/w.bin", b"w");
        symlink("..", dir.path().join("sub/up")).expect("symlink");
        let err = hash(dir.path()).expect_err("loop");
        match &err {
            HashError::SymlinkLoop { path, ancestor } => {
                assert_eq!(*path, dir.path().join("sub/up"));
                assert_eq!(ancestor, dir.path());
            }
            other => panic!("expected SymlinkLoop, got {other:?}"),
        }
        assert!(err.to_string().contains("symbolic link loop"), "{err}");
    }

    #[test]
    fn symlink_to_the_input_directory_itself_is_a_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "w.bin", b"w");
        symlink(".", dir.path().join("self")).expect("symlink");
        assert!(matches!(hash(dir.path()), Err(HashError::SymlinkLoop { .. })));
    }

    #[test]
    fn self_referencing_symlink_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "w.bin", b"w");
        symlink("knot", dir.path().join("knot")).expect("symlink");
        let err = hash(dir.path()).expect_err("self loop");
        match &err {
            HashError::Io { path, .. } => assert_eq!(*path, dir.path().join("knot")),
            other => panic!("expected Io error on the link, got {other:?}"),
        }
    }

    #[test]
    fn broken_symlink_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "w.bin", b"w");
        symlink("missing-target", dir.path().join("dangling")).expect("symlink");
        match hash(dir.path()) {
            Err(HashError::BrokenSymlink { path }) => assert_eq!(path, dir.path().join("dangling")),
            other => panic!("expected BrokenSymlink, got {other:?}"),
        }
        match hash(&dir.path().join("dangling")) {
            Err(HashError::BrokenSymlink { .. }) => {}
            other => panic!("expected BrokenSymlink for the input, got {other:?}"),
        }
    }

    #[test]
    fn error_when_file_name_is_not_utf8() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "ok.bin", b"ok");
        let name = std::ffi::OsStr::from_bytes(b"bad-\xff.bin");
        std::fs::write(dir.path().join(name), b"x").expect("write non-UTF-8 name");
        let err = hash(dir.path()).expect_err("non-UTF-8 name");
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
        match err {
            HashError::InvalidPathName { path, problem } => {
                assert_eq!(problem, PathProblem::NotUtf8);
                assert_eq!(path, dir.path().join(name));
            }
            other => panic!("expected InvalidPathName, got {other:?}"),
        }
    }

    #[test]
    fn error_when_directory_contains_a_socket() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "w.bin", b"w");
        let socket = dir.path().join("daemon.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind socket");
        match hash(dir.path()) {
            Err(HashError::UnsupportedFileType { path, kind }) => {
                assert_eq!(path, socket);
                assert_eq!(kind, "socket");
            }
            other => panic!("expected UnsupportedFileType, got {other:?}"),
        }
    }

    #[test]
    fn error_when_file_is_unreadable() {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "secret.bin", b"s");
        let path = dir.path().join("secret.bin");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::File::open(&path).is_ok() {
            // Privileges that ignore file modes (root, as in CI): a write-only
            // sysctl cannot be opened for reading even then, so the model
            // file becomes a link to one.
            let write_only = Path::new("/proc/sys/vm/compact_memory");
            assert!(
                std::fs::File::open(write_only).is_err(),
                "no file this process cannot open: the test cannot run here"
            );
            std::fs::remove_file(&path).expect("remove");
            symlink(write_only, &path).expect("symlink");
        }
        match hash(dir.path()) {
            Err(HashError::Io { path: p, action, .. }) => {
                assert_eq!(p, path);
                assert_eq!(action, "open file");
            }
            other => panic!("expected Io error, got {other:?}"),
        }
    }

    /// `/proc/self/mem` opens fine but fails on the first read at offset 0, even for root.
    #[cfg(target_os = "linux")]
    #[test]
    fn error_when_file_cannot_be_read() {
        let target = Path::new("/proc/self/mem");
        if !target.exists() {
            println!("note: /proc/self/mem not available; skipping");
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        common::write(dir.path(), "w.bin", b"w");
        let link = dir.path().join("mem.bin");
        symlink(target, &link).expect("symlink");
        let err = hash(dir.path()).expect_err("unreadable file");
        match &err {
            HashError::Io { path, action, .. } => {
                assert_eq!(*path, link);
                assert_eq!(*action, "read file");
            }
            other => panic!("expected Io error, got {other:?}"),
        }
        assert!(std::error::Error::source(&err).is_some());
    }
}
