//! `modelmint-hash`: prints the ModelMint content root of a model file or directory.
//!
//! A thin command-line wrapper around [`modelmint_hash::hash_path`]; see the library
//! documentation and the crate README for the manifest format. The root is the only thing
//! written to stdout; errors go to stderr as one line, with exit code 1 (2 for usage errors).

use clap::Parser;
use modelmint_hash::{hash_path, HashOptions, TerminalProgress};
use std::error::Error;
use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Computes the ModelMint content root (manifest v1) of a model file or directory and prints
/// it as lowercase hex.
#[derive(Parser, Debug)]
#[command(name = "modelmint-hash", version)]
struct Cli {
    /// Model file or model directory (walked recursively; hidden files are included).
    path: PathBuf,

    /// Number of files hashed in parallel [default: number of CPU cores].
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<NonZeroUsize>,

    /// Never show the progress bar (it is otherwise shown on a terminal for inputs of 64 MiB
    /// or more).
    #[arg(short, long)]
    quiet: bool,

    /// Also write the manifest as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    manifest_json: Option<PathBuf>,

    /// Also write the exact manifest text (whose SHA-256 is the root) to FILE.
    #[arg(long, value_name = "FILE")]
    manifest_text: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Nothing useful is left to do if stderr itself is gone.
            let _ = writeln!(io::stderr(), "modelmint-hash: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let sink = TerminalProgress::new(!cli.quiet && io::stderr().is_terminal());
    let mut options = HashOptions::default().with_progress(&sink);
    if let Some(threads) = cli.threads {
        options = options.with_threads(threads);
    }
    let result = hash_path(&cli.path, &options);
    sink.clear();
    let manifest = result.map_err(|err| error_chain(&err))?;

    if let Some(path) = &cli.manifest_json {
        write_file(path, format!("{}\n", manifest.to_json()).as_bytes())?;
    }
    if let Some(path) = &cli.manifest_text {
        write_file(path, manifest.text().as_bytes())?;
    }
    writeln!(io::stdout().lock(), "{}", manifest.root_hex())
        .map_err(|err| format!("cannot write to stdout: {err}"))
}

fn write_file(path: &Path, contents: &[u8]) -> Result<(), String> {
    std::fs::write(path, contents).map_err(|err| format!("{}: cannot write: {err}", path.display()))
}

/// The error's message followed by those of its sources, separated by ": ".
fn error_chain(err: &dyn Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
