//! What can go wrong while hashing a path or reading a manifest, as sentences
//! that name the offending path.

use std::error::Error;
use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::manifest::MANIFEST_FORMAT;

/// Why a path in the model is not allowed in a manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathProblem {
    /// The name is not valid UTF-8.
    NotUtf8,
    /// The name contains a newline (`\n`).
    Newline,
    /// The name contains a carriage return (`\r`).
    CarriageReturn,
    /// The name contains a backslash (`\`).
    Backslash,
    /// The path is empty, absolute, or has an empty, `.` or `..` component.
    NotNormalized,
    /// A single-file input whose path has no last component to use as the entry name.
    NoFileName,
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathProblem::NotUtf8 => "name is not valid UTF-8",
            PathProblem::Newline => "name contains a newline",
            PathProblem::CarriageReturn => "name contains a carriage return",
            PathProblem::Backslash => "name contains a backslash",
            PathProblem::NotNormalized => {
                "path is not a normalized relative path (empty, absolute, or with an empty, \
                 '.' or '..' component)"
            }
            PathProblem::NoFileName => "path has no file name",
        })
    }
}

/// Errors of [`hash_path`](crate::hash_path). Every variant names the filesystem path concerned; `Display`
/// gives a one-line message and [`Error::source`] the underlying I/O error, if any.
#[derive(Debug)]
#[non_exhaustive]
pub enum HashError {
    /// The input path does not exist.
    NotFound {
        /// The input path.
        path: PathBuf,
    },
    /// An I/O operation failed.
    Io {
        /// The path the operation was applied to.
        path: PathBuf,
        /// What was being done, e.g. `"read file"`.
        action: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// The input directory (including its subdirectories) contains no file.
    EmptyDirectory {
        /// The input directory.
        path: PathBuf,
    },
    /// A symbolic link leads to a directory that contains the link itself.
    SymlinkLoop {
        /// The symbolic link (or directory) that closes the loop.
        path: PathBuf,
        /// The ancestor directory it leads back to.
        ancestor: PathBuf,
    },
    /// A symbolic link whose target does not exist.
    BrokenSymlink {
        /// The symbolic link.
        path: PathBuf,
    },
    /// A file or directory name that cannot appear in a manifest.
    InvalidPathName {
        /// The offending path.
        path: PathBuf,
        /// What is wrong with it.
        problem: PathProblem,
    },
    /// Something that is neither a regular file nor a directory (FIFO, socket, device node).
    UnsupportedFileType {
        /// The path.
        path: PathBuf,
        /// The kind of file, e.g. `"socket"`.
        kind: &'static str,
    },
    /// A file's size changed between listing it and reading it.
    FileChanged {
        /// The file.
        path: PathBuf,
        /// Size when the directory was listed.
        listed: u64,
        /// Bytes read (reading stops as soon as this exceeds `listed`).
        read: u64,
    },
    /// The collected entries do not form a valid manifest.
    Manifest(ManifestError),
}

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HashError::NotFound { path } => {
                write!(f, "{}: no such file or directory", path.display())
            }
            HashError::Io { path, action, .. } => {
                write!(f, "{}: cannot {action}", path.display())
            }
            HashError::EmptyDirectory { path } => {
                write!(f, "{}: directory contains no files", path.display())
            }
            HashError::SymlinkLoop { path, ancestor } => write!(
                f,
                "{}: symbolic link loop (leads back to ancestor directory {})",
                path.display(),
                ancestor.display()
            ),
            HashError::BrokenSymlink { path } => {
                write!(f, "{}: broken symbolic link (its target does not exist)", path.display())
            }
            HashError::InvalidPathName { path, problem } => {
                write!(f, "{}: invalid path for a manifest: {problem}", path.display())
            }
            HashError::UnsupportedFileType { path, kind } => write!(
                f,
                "{}: not a regular file or directory ({kind}); remove it from the model",
                path.display()
            ),
            HashError::FileChanged { path, listed, read } => write!(
                f,
                "{}: file changed while being hashed (listed with {listed} bytes, read {read})",
                path.display()
            ),
            HashError::Manifest(err) => write!(f, "invalid manifest: {err}"),
        }
    }
}

impl Error for HashError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            HashError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ManifestError> for HashError {
    fn from(err: ManifestError) -> Self {
        HashError::Manifest(err)
    }
}

/// Errors of building or parsing a [`Manifest`](crate::Manifest).
#[derive(Debug)]
#[non_exhaustive]
pub enum ManifestError {
    /// A manifest needs at least one entry.
    NoEntries,
    /// An entry path breaks the v1 path rules.
    InvalidPath {
        /// The path.
        path: String,
        /// What is wrong with it.
        problem: PathProblem,
    },
    /// Two entries have the same path.
    DuplicatePath(String),
    /// The sizes add up to more than `u64::MAX`.
    TotalSizeOverflow,
    /// The JSON is malformed or has missing or unknown fields.
    Json(serde_json::Error),
    /// The JSON `format` field is not `modelmint-manifest-v1`.
    UnsupportedFormat(String),
    /// A digest is not 64 lowercase hex digits.
    InvalidHex {
        /// Which field.
        field: String,
        /// Its value.
        value: String,
    },
    /// The stated root differs from the one recomputed from the entries.
    RootMismatch {
        /// Root given in the JSON.
        stated: String,
        /// Root recomputed from the entries.
        computed: String,
    },
    /// The stated total size differs from the sum of the entry sizes.
    TotalSizeMismatch {
        /// Total given in the JSON.
        stated: u64,
        /// Sum of the entry sizes.
        computed: u64,
    },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::NoEntries => f.write_str("manifest has no entries"),
            ManifestError::InvalidPath { path, problem } => {
                write!(f, "entry path {path:?}: {problem}")
            }
            ManifestError::DuplicatePath(path) => write!(f, "duplicate entry path {path:?}"),
            ManifestError::TotalSizeOverflow => f.write_str("total size overflows 64 bits"),
            ManifestError::Json(_) => f.write_str("malformed manifest JSON"),
            ManifestError::UnsupportedFormat(format) => {
                write!(f, "unsupported manifest format {format:?} (expected {MANIFEST_FORMAT:?})")
            }
            ManifestError::InvalidHex { field, value } => {
                write!(f, "{field} is not 64 lowercase hex digits: {value:?}")
            }
            ManifestError::RootMismatch { stated, computed } => {
                write!(f, "stated root {stated} does not match computed root {computed}")
            }
            ManifestError::TotalSizeMismatch { stated, computed } => {
                write!(f, "stated total_size {stated} does not match sum of sizes {computed}")
            }
        }
    }
}

impl Error for ManifestError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            ManifestError::Json(err) => Some(err),
            _ => None,
        }
    }
}
