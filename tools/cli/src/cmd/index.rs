//! `modelmint index`: follows the chain's finalized blocks into an index
//! database (SQLite by default, PostgreSQL with `--database postgres://…`)
//! and, with `--serve`, serves the read API (docs/index.md).

use crate::cmd::Output;
use modelmint_cli::{CliError, Deployment};
use modelmint_index::api::Api;
use modelmint_index::chain::{self, Chain, Options, Progress};
use modelmint_index::store::Store;
use modelmint_index::IndexError;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

/// The arguments of `modelmint index`.
#[derive(clap::Args)]
pub struct IndexArgs {
    /// The index: a SQLite file (created if missing) or a
    /// `postgres://USER@HOST:PORT/DB` URL.
    #[arg(long, env = "MODELMINT_INDEX_DATABASE", default_value = "modelmint-index.sqlite")]
    pub database: String,
    /// The first block to index into an empty database (default: the
    /// genesis block); a database that has indexed before resumes after its
    /// last block.
    #[arg(long)]
    pub from_block: Option<u64>,
    /// Serve the read API (JSON over HTTP) on this address while indexing.
    #[arg(long)]
    pub serve: Option<SocketAddr>,
    /// Index up to the finalized block at start, print what the index holds
    /// (each table's rows and sha256) and stop (unless --serve).
    #[arg(long)]
    pub once: bool,
    /// Index at most this many blocks per second (default: as fast as the
    /// node answers), to spare a shared RPC node during a long backfill.
    #[arg(long)]
    pub rate: Option<u32>,
}

fn refused(error: IndexError) -> CliError {
    match error {
        IndexError::Chain(reason) => CliError::Other(reason),
        IndexError::Input(reason) | IndexError::Foreign(reason) => CliError::Input(reason),
        other => CliError::Other(other.to_string()),
    }
}

/// Runs the indexer on `deployment`'s contracts at `url`.
///
/// # Errors
/// [`CliError::Input`] for a database of another chain or deployment or a
/// bad `--from-block`, [`CliError::Other`] if the node or the database fails.
pub async fn index(
    url: &str,
    deployment: &Deployment,
    args: IndexArgs,
) -> Result<Output, CliError> {
    let contracts = modelmint_index::Deployment {
        registry: deployment.registry,
        market: deployment.market,
        gateway: deployment.gateway,
    };
    let chain = Chain::connect(url).await.map_err(refused)?;
    let store = Store::open(&args.database).await.map_err(refused)?;
    let progress = Arc::new(Progress::default());
    let server = match args.serve {
        Some(address) => {
            let listener = ink_e2e::tokio::net::TcpListener::bind(address)
                .await
                .map_err(|error| CliError::Input(format!("cannot listen on {address}: {error}")))?;
            eprintln!("serving the index API on http://{address} (GET /status, /models, ...)");
            let api = Api::new(store.clone(), Arc::clone(&progress));
            Some(ink_e2e::tokio::spawn(api.serve(listener)))
        }
        None => None,
    };
    let options =
        Options { from_block: args.from_block, once: args.once, progress: true, rate: args.rate };
    let last =
        chain::run(&chain, &store, &contracts, &options, &progress).await.map_err(refused)?;
    if let Some(server) = server {
        // Indexed once: keep answering until stopped.
        server
            .await
            .map_err(|error| CliError::Other(format!("the index API stopped: {error}")))?
            .map_err(|error| CliError::Other(format!("the index API stopped: {error}")))?;
    }
    let tables = store.digest().await.map_err(refused)?;
    let text = match last {
        Some(last) => {
            format!("indexed up to finalized block {last} into {}", args.database_shown())
        }
        None => format!("nothing to index yet into {}", args.database_shown()),
    };
    Ok(Output { text, json: json!({ "indexed": last, "tables": tables }) })
}

impl IndexArgs {
    /// The database as it may be printed (a PostgreSQL URL may hold a password).
    fn database_shown(&self) -> String {
        if self.database.starts_with("postgres") {
            "the PostgreSQL database".to_owned()
        } else {
            self.database.clone()
        }
    }
}
