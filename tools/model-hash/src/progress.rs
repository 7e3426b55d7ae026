//! Progress reports while files are hashed, and the terminal's progress bar.

/// Receives progress reports while [`hash_path`](crate::hash_path) reads files.
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
