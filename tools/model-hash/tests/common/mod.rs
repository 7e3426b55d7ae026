//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::Command;

/// Writes `contents` to `dir/rel`, creating parent directories.
pub fn write(dir: &Path, rel: &str, contents: &[u8]) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent directories");
    }
    fs::write(&path, contents).expect("write test file");
}

/// The test-vector model directory (see README, "Test vectors"), files written in the given
/// order of `order` (indices into the fixed file list) so that listing order can be varied.
pub fn write_vector_model(dir: &Path, order: &[usize]) {
    const FILES: [(&str, &[u8]); 5] = [
        ("config.json", b"{\"dim\":4}\n"),
        ("vocab.txt", b"abc"),
        (".keep", b""),
        ("shards/model-00001.safetensors", b"\x00\x01\x02\x03\xff"),
        ("shards-index.json", b"{\"shards\":1}\n"),
    ];
    for &i in order {
        let (rel, contents) = FILES[i];
        write(dir, rel, contents);
    }
}

/// `seq 1 1000000 | head -c len`: non-periodic ASCII content of any length up to 6888896.
pub fn counter_bytes(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    let mut n = 1u64;
    while out.len() < len {
        out.extend_from_slice(format!("{n}\n").as_bytes());
        n += 1;
    }
    out.truncate(len);
    out
}

/// Whether the coreutils `sha256sum` program can be run.
pub fn has_sha256sum() -> bool {
    Command::new("sha256sum").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Lowercase hex SHA-256 of a file, computed by the system `sha256sum`.
pub fn sha256sum_file(path: &Path) -> String {
    let output = Command::new("sha256sum").arg("--").arg(path).output().expect("run sha256sum");
    assert!(output.status.success(), "sha256sum failed on {}", path.display());
    String::from_utf8(output.stdout).expect("utf-8 output")[..64].to_owned()
}
