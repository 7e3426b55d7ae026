//! Content hashing of AI models for the ModelMint registry.
//!
//! A model is a single file or a directory of files (weight shards, `config.json`, tokenizer
//! files, ...). This crate turns it into a *manifest* (one line per file) and hashes that
//! manifest into the 32-byte *content root* that the on-chain registry stores.
//!
//! # Manifest v1
//!
//! The encoding is fixed and simple enough to recompute with coreutils:
//!
//! 1. **Files.** For a directory input the directory is walked recursively and every regular
//!    file is included. Hidden files (names starting with `.`) are included like any other;
//!    nothing is ignored. Symbolic links to files and to directories are followed; a link that
//!    leads back to one of its own ancestor directories is a [`HashError::SymlinkLoop`], and a
//!    dangling link is a [`HashError::BrokenSymlink`]. Any other kind of file (FIFO, socket,
//!    device node) is an error ([`HashError::UnsupportedFileType`]) rather than being skipped.
//!    A directory that contains no file at all is a [`HashError::EmptyDirectory`].
//!    For a single-file input the manifest has one entry whose path is the input's last path
//!    component (the name of the link itself if the input is a symbolic link).
//! 2. **Paths.** Each entry's path is relative to the input directory, uses `/` as separator and
//!    must be valid UTF-8 without newline (`\n`), carriage return (`\r`) or backslash (`\`);
//!    anything else is a [`HashError::InvalidPathName`]. Entries are sorted by the byte-wise
//!    order of their paths (so `a-b` sorts before `a/b`, and `Z` before `a`).
//! 3. **Entries.** Each entry has the SHA-256 of the file's contents (lowercase hex) and its
//!    size in bytes (decimal).
//! 4. **Text.** The manifest text is the line `modelmint-manifest-v1` followed by one line per
//!    entry, `<sha256 hex><two spaces><size><two spaces><path>`, every line terminated by `\n`
//!    (including the last one):
//!
//!    ```text
//!    modelmint-manifest-v1
//!    <64 hex>  13  config.json
//!    <64 hex>  1048576  model.safetensors
//!    ```
//! 5. **Root.** The content root is the SHA-256 of the manifest text's UTF-8 bytes.
//!
//! For a single file `f` the root can be rechecked with
//!
//! ```text
//! printf 'modelmint-manifest-v1\n%s  %s  %s\n' \
//!     "$(sha256sum f | cut -d' ' -f1)" "$(stat -c%s f)" f | sha256sum
//! ```
//!
//! # Performance
//!
//! Files are read in buffers of [`READ_BUFFER_SIZE`] bytes, so memory use does not depend on
//! file sizes. Different files are hashed on different threads ([`HashOptions::with_threads`]);
//! one file's SHA-256 is inherently sequential. The `sha2` crate picks the SHA-NI or AVX2 code
//! path at run time when the CPU supports it.
//!
//! # Example
//!
//! ```no_run
//! use modelmint_hash::{hash_path, HashOptions};
//! use std::path::Path;
//!
//! let manifest = hash_path(Path::new("models/llama"), &HashOptions::default())?;
//! println!("{}", manifest.root_hex());
//! print!("{}", manifest.text());
//! # Ok::<(), modelmint_hash::HashError>(())

mod errors;
mod manifest;
mod progress;
mod walk;

pub use errors::{HashError, ManifestError, PathProblem};
pub use manifest::{Entry, Manifest, MANIFEST_FORMAT};
pub use progress::{Progress, TerminalProgress, PROGRESS_BAR_MIN_BYTES};
pub(crate) use walk::check_relative_path;
pub use walk::{hash_path, HashOptions, READ_BUFFER_SIZE};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{parse_hex32, to_hex};
    use sha2::{Digest, Sha256};
    use std::num::NonZeroUsize;

    fn entry(path: &str, size: u64, fill: u8) -> Entry {
        Entry { path: path.to_owned(), size, sha256: [fill; 32] }
    }

    #[test]
    fn hex_round_trips_and_is_lowercase() {
        let bytes: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(5));
        let hex = to_hex(&bytes);
        assert_eq!(hex.len(), 64);
        assert!(hex.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        assert_eq!(parse_hex32(&hex), Some(bytes));
        assert_eq!(to_hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }

    #[test]
    fn hex_parser_rejects_uppercase_wrong_length_and_non_hex() {
        let good = "ab".repeat(32);
        assert!(parse_hex32(&good).is_some());
        assert_eq!(parse_hex32(&good.to_uppercase()), None);
        assert_eq!(parse_hex32(&good[..62]), None);
        assert_eq!(parse_hex32(&format!("{good}00")), None);
        assert_eq!(parse_hex32(&format!("{}zz", &good[..62])), None);
    }

    #[test]
    fn text_has_header_two_space_separators_and_trailing_newline() {
        let manifest =
            Manifest::from_entries(vec![entry("b.bin", 7, 0x11), entry("a.json", 0, 0xab)])
                .expect("valid entries");
        let expected = format!(
            "modelmint-manifest-v1\n{}  0  a.json\n{}  7  b.bin\n",
            "ab".repeat(32),
            "11".repeat(32)
        );
        assert_eq!(manifest.text(), expected);
        assert_eq!(manifest.root(), <[u8; 32]>::from(Sha256::digest(expected.as_bytes())));
        assert_eq!(manifest.total_size(), 7);
    }

    #[test]
    fn entries_are_sorted_byte_wise_not_by_tree_or_case() {
        let manifest = Manifest::from_entries(vec![
            entry("a/b", 1, 1),
            entry("a-b", 1, 2),
            entry("a", 1, 3),
            entry("Z", 1, 4),
            entry("a.b", 1, 5),
        ])
        .expect("valid entries");
        let paths: Vec<&str> = manifest.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["Z", "a", "a-b", "a.b", "a/b"]);
    }

    #[test]
    fn manifest_rejects_bad_paths_duplicates_and_empty_lists() {
        for (path, problem) in [
            ("a\nb", PathProblem::Newline),
            ("a\rb", PathProblem::CarriageReturn),
            ("a\\b", PathProblem::Backslash),
            ("", PathProblem::NotNormalized),
            ("/abs", PathProblem::NotNormalized),
            ("a//b", PathProblem::NotNormalized),
            ("a/./b", PathProblem::NotNormalized),
            ("../b", PathProblem::NotNormalized),
            ("dir/", PathProblem::NotNormalized),
        ] {
            match Manifest::from_entries(vec![entry(path, 1, 0)]) {
                Err(ManifestError::InvalidPath { problem: got, .. }) => {
                    assert_eq!(got, problem, "path {path:?}")
                }
                other => panic!("path {path:?} gave {other:?}"),
            }
        }
        assert!(matches!(
            Manifest::from_entries(vec![entry("x", 1, 0), entry("x", 2, 1)]),
            Err(ManifestError::DuplicatePath(p)) if p == "x"
        ));
        assert!(matches!(Manifest::from_entries(Vec::new()), Err(ManifestError::NoEntries)));
        assert!(matches!(
            Manifest::from_entries(vec![entry("a", u64::MAX, 0), entry("b", 1, 0)]),
            Err(ManifestError::TotalSizeOverflow)
        ));
    }

    #[test]
    fn json_round_trips_and_detects_tampering() {
        let manifest = Manifest::from_entries(vec![
            entry("shards/m.safetensors", 5 << 40, 0x5a),
            entry("config.json", 10, 0x01),
        ])
        .expect("valid entries");
        let json = manifest.to_json();
        assert!(json.starts_with(r#"{"format":"modelmint-manifest-v1","root":""#), "{json}");
        assert_eq!(Manifest::from_json(&json).expect("round trip"), manifest);

        let tampered = json.replace("\"size\":10", "\"size\":11");
        assert!(matches!(Manifest::from_json(&tampered), Err(ManifestError::RootMismatch { .. })));
        let wrong_total =
            json.replace(&format!("\"total_size\":{}", manifest.total_size()), "\"total_size\":1");
        assert!(matches!(
            Manifest::from_json(&wrong_total),
            Err(ManifestError::TotalSizeMismatch { stated: 1, .. })
        ));
        let wrong_format = json.replace("manifest-v1", "manifest-v2");
        assert!(matches!(
            Manifest::from_json(&wrong_format),
            Err(ManifestError::UnsupportedFormat(_))
        ));
        let upper = json.replace(&manifest.root_hex(), &manifest.root_hex().to_uppercase());
        assert!(matches!(Manifest::from_json(&upper), Err(ManifestError::InvalidHex { .. })));
        assert!(matches!(Manifest::from_json("{}"), Err(ManifestError::Json(_))));
    }

    #[test]
    fn default_options_use_at_least_one_thread() {
        assert!(HashOptions::default().threads().get() >= 1);
        let three = NonZeroUsize::new(3).expect("non-zero");
        assert_eq!(HashOptions::default().with_threads(three).threads(), three);
    }
}
