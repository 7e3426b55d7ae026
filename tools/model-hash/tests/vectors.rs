//! Fixed test vectors. The expected manifests and roots were computed with coreutils only,
//! not with this crate, using the recipes below (bash, GNU coreutils, run in an empty
//! directory). They are repeated in the README so anyone can recheck them.
//!
//! Directory vector:
//!
//! ```text
//! mkdir model && cd model
//! printf '{"dim":4}\n' > config.json
//! printf 'abc' > vocab.txt
//! : > .keep
//! mkdir shards
//! printf '\000\001\002\003\377' > shards/model-00001.safetensors
//! printf '{"shards":1}\n' > shards-index.json
//! { printf 'modelmint-manifest-v1\n'
//!   find -L . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
//!     f=${f#./}
//!     printf '%s  %s  %s\n' "$(sha256sum -- "$f" | cut -d' ' -f1)" \
//!       "$(stat -L -c%s -- "$f")" "$f"
//!   done; } > ../manifest.txt
//! sha256sum ../manifest.txt
//! # aa6598206e1a96d514cb892f781a491135f06f94fcad2b2e72eeb4f14b775be2
//! ```
//!
//! Single-file vector:
//!
//! ```text
//! printf 'abc' > model.bin
//! printf 'modelmint-manifest-v1\n%s  %s  %s\n' "$(sha256sum model.bin | cut -d' ' -f1)" \
//!   "$(stat -c%s model.bin)" model.bin | sha256sum
//! # c715ac53186507e4239bac9cd697ea930eaf98b46c652829344e9a37b586dce4
//! ```
//!
//! Large single-file vector (3 MiB + 7 bytes, larger than the 1 MiB read buffer):
//!
//! ```text
//! seq 1 1000000 | head -c 3145735 > counter.bin
//! sha256sum counter.bin
//! # 4c4a5c0ed45ff6b0de1c7ab5189898446eb98e5b63c01a13d6cc4dc34e11bcb9
//! printf 'modelmint-manifest-v1\n%s  %s  %s\n' "$(sha256sum counter.bin | cut -d' ' -f1)" \
//!   "$(stat -c%s counter.bin)" counter.bin | sha256sum
//! # b20435d98186c68c97ed5358f690f5e641bce0fc5516d915214cdf4b33d74e5a
//! ```

mod common;

use modelmint_hash::{hash_path, HashOptions, READ_BUFFER_SIZE};
use std::process::Command;

const DIRECTORY_MANIFEST: &str = "modelmint-manifest-v1
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  0  .keep
6133eaf01616815fedb87e788aaac7a82d94feb6c81f3cd1be8415beb7b83326  10  config.json
5e3b64c284a7f51b4d12e663e2e37968e266c46b10f5c71d27405de15a512b25  13  shards-index.json
ff5d8507b6a72bee2debce2c0054798deaccdc5d8a1b945b6280ce8aa9cba52e  5  shards/model-00001.safetensors
ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  3  vocab.txt
";
const DIRECTORY_ROOT: &str = "aa6598206e1a96d514cb892f781a491135f06f94fcad2b2e72eeb4f14b775be2";

const SINGLE_FILE_MANIFEST: &str = "modelmint-manifest-v1
ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  3  model.bin
";
const SINGLE_FILE_ROOT: &str = "c715ac53186507e4239bac9cd697ea930eaf98b46c652829344e9a37b586dce4";

const LARGE_FILE_SIZE: usize = 3 * 1024 * 1024 + 7;
const LARGE_FILE_SHA256: &str = "4c4a5c0ed45ff6b0de1c7ab5189898446eb98e5b63c01a13d6cc4dc34e11bcb9";
const LARGE_FILE_ROOT: &str = "b20435d98186c68c97ed5358f690f5e641bce0fc5516d915214cdf4b33d74e5a";
// The large vector must span several read buffers to exercise the streaming loop.
const _: () = assert!(LARGE_FILE_SIZE > 3 * READ_BUFFER_SIZE);

#[test]
fn directory_vector_gives_the_coreutils_manifest_and_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_vector_model(dir.path(), &[0, 1, 2, 3, 4]);
    let manifest = hash_path(dir.path(), &HashOptions::default()).expect("hash vector model");
    assert_eq!(manifest.text(), DIRECTORY_MANIFEST);
    assert_eq!(manifest.root_hex(), DIRECTORY_ROOT);
    assert_eq!(manifest.total_size(), 31);
    assert_eq!(manifest.entries()[0].path, ".keep", "hidden files are included");
}

#[test]
fn directory_vector_root_does_not_depend_on_file_creation_order() {
    for order in [[4, 3, 2, 1, 0], [2, 4, 0, 3, 1], [3, 0, 4, 1, 2]] {
        let dir = tempfile::tempdir().expect("temp dir");
        common::write_vector_model(dir.path(), &order);
        let manifest = hash_path(dir.path(), &HashOptions::default()).expect("hash vector model");
        assert_eq!(manifest.root_hex(), DIRECTORY_ROOT, "creation order {order:?}");
    }
}

#[test]
fn binary_prints_the_directory_vector_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_vector_model(dir.path(), &[0, 1, 2, 3, 4]);
    let output = Command::new(env!("CARGO_BIN_EXE_modelmint-hash"))
        .arg(dir.path())
        .output()
        .expect("run modelmint-hash");
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("{DIRECTORY_ROOT}\n"));
}

#[test]
fn single_file_vector_uses_the_file_name_as_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write(dir.path(), "nested/deeper/model.bin", b"abc");
    let manifest = hash_path(&dir.path().join("nested/deeper/model.bin"), &HashOptions::default())
        .expect("hash single file");
    assert_eq!(manifest.text(), SINGLE_FILE_MANIFEST);
    assert_eq!(manifest.root_hex(), SINGLE_FILE_ROOT);
}

#[test]
fn large_file_vector_spanning_several_read_buffers_matches_coreutils() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("counter.bin");
    std::fs::write(&path, common::counter_bytes(LARGE_FILE_SIZE)).expect("write large file");
    let manifest = hash_path(&path, &HashOptions::default()).expect("hash large file");
    assert_eq!(manifest.entries().len(), 1);
    assert_eq!(manifest.entries()[0].size, LARGE_FILE_SIZE as u64);
    assert_eq!(manifest.entries()[0].sha256_hex(), LARGE_FILE_SHA256);
    assert_eq!(manifest.root_hex(), LARGE_FILE_ROOT);
    if common::has_sha256sum() {
        assert_eq!(common::sha256sum_file(&path), LARGE_FILE_SHA256);
    } else {
        println!("note: sha256sum not found; compared with the hard-coded digest only");
    }
}
