//! The manifest v1: its entries, its text and root, and its JSON form (what
//! `--manifest-json` writes and the web app and `modelmint fetch` read).

use crate::check_relative_path;
use crate::errors::ManifestError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// First line of every v1 manifest text, and the `format` field of its JSON form.
pub const MANIFEST_FORMAT: &str = "modelmint-manifest-v1";

/// One file of a model: its path inside the model, size and SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the model directory, `/`-separated (the file name for a single-file
    /// model).
    pub path: String,
    /// Size of the file in bytes.
    pub size: u64,
    /// SHA-256 of the file's contents.
    pub sha256: [u8; 32],
}

impl Entry {
    /// The file's SHA-256 in lowercase hex.
    pub fn sha256_hex(&self) -> String {
        to_hex(&self.sha256)
    }
}

/// A validated, sorted manifest together with its content root.
///
/// The fields are private so that a `Manifest` always satisfies the v1 rules: entries sorted
/// byte-wise by path, valid paths, no duplicates, and `root` equal to the SHA-256 of
/// [`Manifest::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    entries: Vec<Entry>,
    root: [u8; 32],
    total_size: u64,
}

impl Manifest {
    /// Builds a manifest from entries in any order: sorts them by path, checks the path rules
    /// and computes the root.
    ///
    /// # Errors
    ///
    /// [`ManifestError::NoEntries`] for an empty list, [`ManifestError::InvalidPath`] for a
    /// path that breaks the v1 rules, [`ManifestError::DuplicatePath`], and
    /// [`ManifestError::TotalSizeOverflow`].
    pub fn from_entries(mut entries: Vec<Entry>) -> Result<Manifest, ManifestError> {
        if entries.is_empty() {
            return Err(ManifestError::NoEntries);
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let mut total_size: u64 = 0;
        for (i, entry) in entries.iter().enumerate() {
            check_relative_path(&entry.path).map_err(|problem| ManifestError::InvalidPath {
                path: entry.path.clone(),
                problem,
            })?;
            if i > 0 && entries[i - 1].path == entry.path {
                return Err(ManifestError::DuplicatePath(entry.path.clone()));
            }
            total_size =
                total_size.checked_add(entry.size).ok_or(ManifestError::TotalSizeOverflow)?;
        }
        let root = Sha256::digest(render_text(&entries).as_bytes()).into();
        Ok(Manifest { entries, root, total_size })
    }

    /// The entries, sorted by the byte-wise order of their paths.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The content root: SHA-256 of [`Manifest::text`]. This is the value registered on-chain.
    pub fn root(&self) -> [u8; 32] {
        self.root
    }

    /// The content root in lowercase hex (64 characters).
    pub fn root_hex(&self) -> String {
        to_hex(&self.root)
    }

    /// Sum of the sizes of all entries, in bytes.
    pub fn total_size(&self) -> u64 {
        self.total_size
    }

    /// The exact manifest text whose SHA-256 is the root (see the crate documentation).
    pub fn text(&self) -> String {
        render_text(&self.entries)
    }

    /// The manifest as compact JSON (without trailing newline):
    /// `{"format":"modelmint-manifest-v1","root":"<hex>","total_size":N,
    /// "files":[{"path":"...","size":N,"sha256":"<hex>"},...]}`, files in manifest order.
    pub fn to_json(&self) -> String {
        let json = JsonManifest {
            format: MANIFEST_FORMAT.to_owned(),
            root: self.root_hex(),
            total_size: self.total_size,
            files: self
                .entries
                .iter()
                .map(|e| JsonEntry { path: e.path.clone(), size: e.size, sha256: e.sha256_hex() })
                .collect(),
        };
        // Serialising plain strings and integers into memory cannot fail; the fallback only
        // exists to keep this function free of panics.
        serde_json::to_string(&json).unwrap_or_default()
    }

    /// Parses the JSON form written by [`Manifest::to_json`] and checks it: format name,
    /// lowercase 64-digit hex digests, path rules, and that the stated `root` and `total_size`
    /// match the ones recomputed from the files.
    ///
    /// # Errors
    ///
    /// [`ManifestError::Json`] for malformed JSON or missing or unknown fields, the other
    /// [`ManifestError`] variants for content that fails the checks above.
    pub fn from_json(json: &str) -> Result<Manifest, ManifestError> {
        let parsed: JsonManifest = serde_json::from_str(json).map_err(ManifestError::Json)?;
        if parsed.format != MANIFEST_FORMAT {
            return Err(ManifestError::UnsupportedFormat(parsed.format));
        }
        let stated_root = parse_hex32(&parsed.root).ok_or_else(|| ManifestError::InvalidHex {
            field: "root".to_owned(),
            value: parsed.root.clone(),
        })?;
        let mut entries = Vec::with_capacity(parsed.files.len());
        for file in parsed.files {
            let sha256 = parse_hex32(&file.sha256).ok_or_else(|| ManifestError::InvalidHex {
                field: format!("sha256 of {}", file.path),
                value: file.sha256.clone(),
            })?;
            entries.push(Entry { path: file.path, size: file.size, sha256 });
        }
        let manifest = Manifest::from_entries(entries)?;
        if manifest.root != stated_root {
            return Err(ManifestError::RootMismatch {
                stated: parsed.root,
                computed: manifest.root_hex(),
            });
        }
        if manifest.total_size != parsed.total_size {
            return Err(ManifestError::TotalSizeMismatch {
                stated: parsed.total_size,
                computed: manifest.total_size,
            });
        }
        Ok(manifest)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonManifest {
    format: String,
    root: String,
    total_size: u64,
    files: Vec<JsonEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEntry {
    path: String,
    size: u64,
    sha256: String,
}

fn render_text(entries: &[Entry]) -> String {
    // 64 hex digits, 2 x 2 spaces, up to 20 size digits and a newline, plus the path.
    let capacity =
        MANIFEST_FORMAT.len() + 1 + entries.iter().map(|e| e.path.len() + 89).sum::<usize>();
    let mut text = String::with_capacity(capacity);
    text.push_str(MANIFEST_FORMAT);
    text.push('\n');
    for entry in entries {
        push_hex(&mut text, &entry.sha256);
        // Writing into a String cannot fail.
        let _ = writeln!(text, "  {}  {}", entry.size, entry.path);
    }
    text
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

fn push_hex(out: &mut String, bytes: &[u8]) {
    for &byte in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
    }
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Parses exactly 64 lowercase hex digits.
pub(crate) fn parse_hex32(hex: &str) -> Option<[u8; 32]> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *slot = (digit(pair[0])? << 4) | digit(pair[1])?;
    }
    Some(out)
}
