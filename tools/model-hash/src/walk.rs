//! Walking a model's directory and hashing its files on several threads.

use crate::errors::{HashError, PathProblem};
use crate::manifest::{Entry, Manifest};
use crate::progress::Progress;
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

/// Size of the buffer each hashing thread reads files with (1 MiB).
pub const READ_BUFFER_SIZE: usize = 1 << 20;

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
pub(crate) fn check_relative_path(path: &str) -> Result<(), PathProblem> {
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
