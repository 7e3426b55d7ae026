//! The served directory: hashed at start with `modelmint-hash`'s own code and
//! refused unless its root is the model's root on chain. A request reaches a
//! file only by naming a path of that manifest exactly; nothing else in the
//! directory, and nothing outside it, can be named.

use modelmint_hash::{hash_path, Entry, HashOptions, Manifest};
use percent_encoding::percent_decode_str;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a directory cannot be served.
#[derive(Debug)]
pub enum ContentError {
    /// `modelmint-hash` could not hash it.
    Hashing(String),
    /// Its content root is not the model's root on chain.
    RootMismatch {
        /// The directory.
        dir: PathBuf,
        /// Its root.
        computed: [u8; 32],
        /// The model's root on chain.
        on_chain: [u8; 32],
    },
    /// A file of the manifest is a symbolic link that leads out of the
    /// directory.
    LinksOut {
        /// The manifest path.
        path: String,
        /// Where it leads.
        target: PathBuf,
    },
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hashing(why) => write!(f, "cannot hash the directory: {why}"),
            Self::RootMismatch { dir, computed, on_chain } => write!(
                f,
                "{} has the content root 0x{}, not the model's root on chain 0x{}: it is not this model, so nothing is served",
                dir.display(),
                hex::encode(computed),
                hex::encode(on_chain)
            ),
            Self::LinksOut { path, target } => write!(
                f,
                "{path} is a symbolic link to {}, outside the served directory: copy the file in instead",
                target.display()
            ),
        }
    }
}

impl std::error::Error for ContentError {}

/// Why a requested path names no servable file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathRefusal {
    /// Not a plain relative path inside the model (`..`, `.`, an empty
    /// segment, an absolute path, a backslash, a NUL, bad percent-encoding) (400).
    NotInside(String),
    /// A well-formed path that is no file of the model (404).
    NotInManifest(String),
}

impl PathRefusal {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotInside(_) => 400,
            Self::NotInManifest(_) => 404,
        }
    }
}

impl fmt::Display for PathRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInside(path) => write!(
                f,
                "{path:?} is not a path inside the model: paths are relative, /-separated, without . or .. segments"
            ),
            Self::NotInManifest(path) => {
                write!(f, "the model has no file {path:?} (the manifest lists every file)")
            }
        }
    }
}

/// A model's directory, checked against its root.
#[derive(Debug)]
pub struct Content {
    dir: PathBuf,
    manifest: Manifest,
    by_path: HashMap<String, usize>,
}

impl Content {
    /// Hashes `dir` and checks its root is `on_chain`, and that no file of
    /// it links out of it.
    ///
    /// # Errors
    /// [`ContentError`].
    pub fn open(dir: &Path, on_chain: [u8; 32]) -> Result<Self, ContentError> {
        let manifest = hash_path(dir, &HashOptions::default())
            .map_err(|error| ContentError::Hashing(error.to_string()))?;
        if manifest.root() != on_chain {
            return Err(ContentError::RootMismatch {
                dir: dir.to_owned(),
                computed: manifest.root(),
                on_chain,
            });
        }
        let dir = dir.canonicalize().map_err(|error| ContentError::Hashing(error.to_string()))?;
        for entry in manifest.entries() {
            let target = dir
                .join(&entry.path)
                .canonicalize()
                .map_err(|error| ContentError::Hashing(format!("{}: {error}", entry.path)))?;
            if !target.starts_with(&dir) {
                return Err(ContentError::LinksOut { path: entry.path.clone(), target });
            }
        }
        let by_path = manifest
            .entries()
            .iter()
            .enumerate()
            .map(|(index, entry)| (entry.path.clone(), index))
            .collect();
        Ok(Self { dir, manifest, by_path })
    }

    /// The manifest (what the manifest endpoint returns).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The manifest entry a request path names, and the file to read it
    /// from. `raw` is the path as the request line carries it
    /// (percent-encoded).
    ///
    /// # Errors
    /// [`PathRefusal`].
    pub fn resolve(&self, raw: &str) -> Result<(&Entry, PathBuf), PathRefusal> {
        let decoded = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| PathRefusal::NotInside(raw.to_owned()))?;
        let inside = !decoded.is_empty()
            && !decoded.contains(['\\', '\0'])
            && decoded.split('/').all(|segment| !matches!(segment, "" | "." | ".."));
        if !inside {
            return Err(PathRefusal::NotInside(decoded.into_owned()));
        }
        let index = *self
            .by_path
            .get(decoded.as_ref())
            .ok_or_else(|| PathRefusal::NotInManifest(decoded.to_string()))?;
        let entry = &self.manifest.entries()[index];
        Ok((entry, self.dir.join(&entry.path)))
    }

    /// Whether `file` (a resolved path) still lies inside the directory once
    /// its links are followed: a link swapped in after the start-up check
    /// does not lead out.
    pub fn still_inside(&self, file: &Path) -> bool {
        file.canonicalize().is_ok_and(|target| target.starts_with(&self.dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> (tempfile::TempDir, Content) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("shards")).unwrap();
        std::fs::write(dir.path().join("config.json"), b"{}").unwrap();
        std::fs::write(dir.path().join("shards/a b.bin"), b"weights").unwrap();
        let root = hash_path(dir.path(), &HashOptions::default()).unwrap().root();
        let content = Content::open(dir.path(), root).unwrap();
        (dir, content)
    }

    #[test]
    fn a_directory_of_another_root_is_refused() {
        let (dir, _) = model();
        let error = Content::open(dir.path(), [7; 32]).unwrap_err();
        assert!(matches!(error, ContentError::RootMismatch { .. }));
        assert!(error.to_string().contains("not the model's root on chain 0x0707"), "{error}");
    }

    #[test]
    fn manifest_paths_resolve_percent_encoded_or_not() {
        let (_dir, content) = model();
        assert_eq!(content.resolve("config.json").unwrap().0.size, 2);
        assert_eq!(content.resolve("shards/a%20b.bin").unwrap().0.size, 7);
        assert_eq!(content.resolve("shards%2Fa%20b.bin").unwrap().0.size, 7);
    }

    #[test]
    fn paths_that_leave_the_directory_or_are_not_files_are_refused() {
        let (_dir, content) = model();
        for raw in [
            "..",
            "../etc/passwd",
            "shards/../config.json",
            "%2e%2e/etc/passwd",
            "%2E%2E%2Fetc%2Fpasswd",
            "/etc/passwd",
            "%2Fetc%2Fpasswd",
            "./config.json",
            "shards//a%20b.bin",
            "shards\\..\\config.json",
            "config.json%00",
            "%ff",
            "",
            "shards/",
            ".%2e/x",
        ] {
            let refusal = content.resolve(raw).unwrap_err();
            assert_eq!(refusal.status(), 400, "{raw}: {refusal}");
        }
        for raw in ["shards", "missing.bin", "%252e%252e/config.json", "CONFIG.JSON"] {
            let refusal = content.resolve(raw).unwrap_err();
            assert_eq!(refusal.status(), 404, "{raw}: {refusal}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_directory_refuses_the_start() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), b"{}").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("weights"))
            .unwrap();
        let root = hash_path(dir.path(), &HashOptions::default()).unwrap().root();
        let error = Content::open(dir.path(), root).unwrap_err();
        assert!(matches!(error, ContentError::LinksOut { ref path, .. } if path == "weights"));
        // A link inside the directory is served.
        std::fs::remove_file(dir.path().join("weights")).unwrap();
        std::os::unix::fs::symlink("config.json", dir.path().join("weights")).unwrap();
        let root = hash_path(dir.path(), &HashOptions::default()).unwrap().root();
        let content = Content::open(dir.path(), root).unwrap();
        let (_, file) = content.resolve("weights").unwrap();
        assert!(content.still_inside(&file));
        // Swapped for a link out after the start: no longer inside.
        std::fs::remove_file(dir.path().join("weights")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("weights"))
            .unwrap();
        assert!(!content.still_inside(&file));
    }
}
