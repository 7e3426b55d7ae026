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
//! ```

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::error::Error;
use std::fmt::{self, Write as _};
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

/// First line of every v1 manifest text, and the `format` field of its JSON form.
pub const MANIFEST_FORMAT: &str = "modelmint-manifest-v1";

/// Size of the buffer each hashing thread reads files with (1 MiB).
pub const READ_BUFFER_SIZE: usize = 1 << 20;

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

/// Receives progress reports while [`hash_path`] reads files.
///
/// The methods are called from the hashing threads, hence the `Sync` bound.
pub trait Progress: Sync {
    /// Called once, after the files are collected and before hashing starts.
    fn start(&self, total_bytes: u64, file_count: usize);
    /// Called after each buffer is hashed with the number of bytes it held.
    fn advance(&self, bytes: u64);
}

/// Inputs smaller than this hash too fast for a progress bar to help.
pub const PROGRESS_BAR_MIN_BYTES: u64 = 64 << 20;

/// A [`Progress`] that draws a bar on standard error once the total size is
/// known, for inputs of at least [`PROGRESS_BAR_MIN_BYTES`]: what the
/// `modelmint-hash` and `modelmint` commands show while hashing.
pub struct TerminalProgress {
    enabled: bool,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl TerminalProgress {
    /// A bar that is drawn only if `enabled` (for example: standard error is a
    /// terminal and the user did not ask for quiet output).
    pub fn new(enabled: bool) -> Self {
        Self { enabled, bar: std::sync::OnceLock::new() }
    }

    /// Removes the bar from the terminal.
    pub fn clear(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for TerminalProgress {
    fn start(&self, total_bytes: u64, _file_count: usize) {
        if !self.enabled || total_bytes < PROGRESS_BAR_MIN_BYTES {
            return;
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total_bytes),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        // `start` is called once per run, so the cell is always empty here.
        let _ = self.bar.set(bar);
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = self.bar.get() {
            bar.inc(bytes);
        }
    }
}

/// Options for [`hash_path`]. `HashOptions::default()` uses one thread per CPU core and
/// reports no progress.
#[derive(Clone, Copy, Default)]
pub struct HashOptions<'a> {
    threads: Option<NonZeroUsize>,
    progress: Option<&'a dyn Progress>,
}

impl<'a> HashOptions<'a> {
    /// Hashes up to `threads` files at the same time (default: the number of CPU cores).
    #[must_use]
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// Reports progress to `progress`.
    #[must_use]
    pub fn with_progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The number of hashing threads these options ask for.
    pub fn threads(&self) -> NonZeroUsize {
        self.threads.or_else(|| thread::available_parallelism().ok()).unwrap_or(NonZeroUsize::MIN)
    }
}

impl fmt::Debug for HashOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashOptions")
            .field("threads", &self.threads)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

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

/// Errors of [`hash_path`]. Every variant names the filesystem path concerned; `Display`
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

/// Errors of building or parsing a [`Manifest`].
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

/// Hashes the model at `path` (a file or a directory) into a [`Manifest`].
///
/// See the crate documentation for the exact rules.
///
/// # Errors
///
/// A [`HashError`] naming the offending path: the input does not exist, a file or directory
/// cannot be read, the directory holds no file, a symbolic link loops or dangles, a name is not
/// allowed in a manifest, a special file is present, or a file changes while it is hashed.
pub fn hash_path(path: &Path, options: &HashOptions<'_>) -> Result<Manifest, HashError> {
    let mut files = collect_files(path)?;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let total_bytes = files.iter().fold(0u64, |sum, f| sum.saturating_add(f.size));
    if let Some(progress) = options.progress {
        progress.start(total_bytes, files.len());
    }
    let digests = hash_files(&files, options.threads(), options.progress)?;
    let entries = files
        .into_iter()
        .zip(digests)
        .map(|(file, sha256)| Entry { path: file.rel, size: file.size, sha256 })
        .collect();
    Ok(Manifest::from_entries(entries)?)
}

/// A file found by the walk: manifest path, filesystem path and listed size.
struct FoundFile {
    rel: String,
    fs_path: PathBuf,
    size: u64,
}

/// A directory waiting to be listed, with the chain of directories that lead to it.
struct PendingDir {
    fs_path: PathBuf,
    rel: String,
    ancestors: Vec<(DirId, PathBuf)>,
}

#[cfg(unix)]
type DirId = (u64, u64);

#[cfg(not(unix))]
type DirId = PathBuf;

/// Identity of a directory that is the same whichever symbolic links lead to it.
#[cfg(unix)]
fn dir_id(_path: &Path, meta: &Metadata) -> Result<DirId, HashError> {
    use std::os::unix::fs::MetadataExt;
    Ok((meta.dev(), meta.ino()))
}

/// Identity of a directory that is the same whichever symbolic links lead to it.
#[cfg(not(unix))]
fn dir_id(path: &Path, _meta: &Metadata) -> Result<DirId, HashError> {
    fs::canonicalize(path).map_err(|source| HashError::Io {
        path: path.to_path_buf(),
        action: "resolve directory",
        source,
    })
}

fn collect_files(input: &Path) -> Result<Vec<FoundFile>, HashError> {
    let meta = fs::metadata(input).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            match fs::symlink_metadata(input) {
                Ok(_) => HashError::BrokenSymlink { path: input.to_path_buf() },
                Err(_) => HashError::NotFound { path: input.to_path_buf() },
            }
        } else {
            HashError::Io { path: input.to_path_buf(), action: "read metadata of", source }
        }
    })?;
    if meta.is_file() {
        let name = input.file_name().ok_or_else(|| HashError::InvalidPathName {
            path: input.to_path_buf(),
            problem: PathProblem::NoFileName,
        })?;
        let rel = checked_name(name, input)?.to_owned();
        return Ok(vec![FoundFile { rel, fs_path: input.to_path_buf(), size: meta.len() }]);
    }
    if !meta.is_dir() {
        return Err(HashError::UnsupportedFileType {
            path: input.to_path_buf(),
            kind: file_kind(&meta),
        });
    }

    let mut files = Vec::new();
    let mut pending = vec![PendingDir {
        fs_path: input.to_path_buf(),
        rel: String::new(),
        ancestors: vec![(dir_id(input, &meta)?, input.to_path_buf())],
    }];
    while let Some(dir) = pending.pop() {
        let read_dir_error =
            |source| HashError::Io { path: dir.fs_path.clone(), action: "read directory", source };
        for dirent in fs::read_dir(&dir.fs_path).map_err(read_dir_error)? {
            let dirent = dirent.map_err(read_dir_error)?;
            let fs_path = dirent.path();
            let file_name = dirent.file_name();
            let name = checked_name(&file_name, &fs_path)?;
            let rel =
                if dir.rel.is_empty() { name.to_owned() } else { format!("{}/{}", dir.rel, name) };
            let meta = entry_metadata(&dirent, &fs_path)?;
            if meta.is_file() {
                files.push(FoundFile { rel, fs_path, size: meta.len() });
            } else if meta.is_dir() {
                let id = dir_id(&fs_path, &meta)?;
                if let Some((_, ancestor)) = dir.ancestors.iter().find(|(a, _)| *a == id) {
                    return Err(HashError::SymlinkLoop {
                        path: fs_path,
                        ancestor: ancestor.clone(),
                    });
                }
                let mut ancestors = dir.ancestors.clone();
                ancestors.push((id, fs_path.clone()));
                pending.push(PendingDir { fs_path, rel, ancestors });
            } else {
                return Err(HashError::UnsupportedFileType {
                    path: fs_path,
                    kind: file_kind(&meta),
                });
            }
        }
    }
    if files.is_empty() {
        return Err(HashError::EmptyDirectory { path: input.to_path_buf() });
    }
    Ok(files)
}

/// Metadata of a directory entry, following it if it is a symbolic link.
fn entry_metadata(dirent: &fs::DirEntry, fs_path: &Path) -> Result<Metadata, HashError> {
    let file_type = dirent.file_type().map_err(|source| HashError::Io {
        path: fs_path.to_path_buf(),
        action: "read file type of",
        source,
    })?;
    if file_type.is_symlink() {
        fs::metadata(fs_path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                HashError::BrokenSymlink { path: fs_path.to_path_buf() }
            } else {
                HashError::Io {
                    path: fs_path.to_path_buf(),
                    action: "follow symbolic link",
                    source,
                }
            }
        })
    } else {
        dirent.metadata().map_err(|source| HashError::Io {
            path: fs_path.to_path_buf(),
            action: "read metadata of",
            source,
        })
    }
}

/// Checks one path component against the v1 rules and returns it as `&str`.
fn checked_name<'n>(name: &'n std::ffi::OsStr, fs_path: &Path) -> Result<&'n str, HashError> {
    let invalid = |problem| HashError::InvalidPathName { path: fs_path.to_path_buf(), problem };
    let name = name.to_str().ok_or_else(|| invalid(PathProblem::NotUtf8))?;
    check_characters(name).map_err(invalid)?;
    Ok(name)
}

fn check_characters(s: &str) -> Result<(), PathProblem> {
    if s.contains('\n') {
        Err(PathProblem::Newline)
    } else if s.contains('\r') {
        Err(PathProblem::CarriageReturn)
    } else if s.contains('\\') {
        Err(PathProblem::Backslash)
    } else {
        Ok(())
    }
}

/// Checks a whole manifest path: allowed characters, relative, no empty, `.` or `..` parts.
fn check_relative_path(path: &str) -> Result<(), PathProblem> {
    check_characters(path)?;
    if path.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return Err(PathProblem::NotNormalized);
    }
    Ok(())
}

fn file_kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ft = meta.file_type();
        if ft.is_fifo() {
            return "named pipe";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_block_device() {
            return "block device";
        }
        if ft.is_char_device() {
            return "character device";
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    "special file"
}

/// Hashes `files` on up to `threads` threads, largest files first; returns the digests in
/// the order of `files`.
fn hash_files(
    files: &[FoundFile],
    threads: NonZeroUsize,
    progress: Option<&dyn Progress>,
) -> Result<Vec<[u8; 32]>, HashError> {
    let mut schedule: Vec<usize> = (0..files.len()).collect();
    schedule.sort_by(|&a, &b| files[b].size.cmp(&files[a].size));
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let workers = threads.get().min(files.len()).max(1);

    let worker = || {
        let mut buffer = vec![0u8; READ_BUFFER_SIZE];
        let mut results = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let Some(&index) = schedule.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            let result = hash_file(&files[index], &mut buffer, progress);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            results.push((index, result));
        }
        results
    };

    let mut digests: Vec<Option<[u8; 32]>> = vec![None; files.len()];
    let mut first_error: Option<(usize, HashError)> = None;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
        for handle in handles {
            let results = match handle.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            for (index, result) in results {
                match result {
                    Ok(digest) => digests[index] = Some(digest),
                    Err(err) => {
                        if first_error.as_ref().is_none_or(|(i, _)| index < *i) {
                            first_error = Some((index, err));
                        }
                    }
                }
            }
        }
    });
    if let Some((_, err)) = first_error {
        return Err(err);
    }
    // Without an error every file was hashed, so every slot is filled.
    Ok(digests.into_iter().flatten().collect())
}

/// Streams one file through SHA-256 and checks that its length is the listed one.
fn hash_file(
    file: &FoundFile,
    buffer: &mut [u8],
    progress: Option<&dyn Progress>,
) -> Result<[u8; 32], HashError> {
    let io_error = |action, source| HashError::Io { path: file.fs_path.clone(), action, source };
    let mut reader = File::open(&file.fs_path).map_err(|e| io_error("open file", e))?;
    let mut hasher = Sha256::new();
    let mut read: u64 = 0;
    loop {
        let n = match reader.read(buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error("read file", e)),
        };
        hasher.update(&buffer[..n]);
        read += n as u64;
        if read > file.size {
            break;
        }
        if let Some(progress) = progress {
            progress.advance(n as u64);
        }
    }
    if read != file.size {
        return Err(HashError::FileChanged { path: file.fs_path.clone(), listed: file.size, read });
    }
    Ok(hasher.finalize().into())
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

fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Parses exactly 64 lowercase hex digits.
fn parse_hex32(hex: &str) -> Option<[u8; 32]> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
