//! Following a chain's finalized blocks: the node client (ink_e2e's subxt),
//! each block's `Contracts::ContractEmitted` events of the deployment decoded
//! with [`crate::events::decode`], and the indexing loop (a backfill with a
//! progress bar, then one block at a time as the chain finalizes them).

use crate::events::{decode, Source};
use crate::store::{Block, Store};
use crate::{Deployment, IndexError};
use futures_util::StreamExt;
use ink::env::DefaultEnvironment;
use ink_e2e::subxt::backend::legacy::rpc_methods::NumberOrHex;
use ink_e2e::subxt::backend::legacy::LegacyRpcMethods;
use ink_e2e::subxt::{OnlineClient, PolkadotConfig};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

type ContractEmitted = ink_e2e::events::ContractEmitted<DefaultEnvironment>;

/// How many blocks are read from the node ahead of the one being written.
const FETCH_AHEAD: usize = 8;
/// How many blocks are backfilled between two looks at the finalized head.
const BATCH: u64 = 1023;

/// A connection to a node.
#[derive(Clone)]
pub struct Chain {
    url: String,
    api: OnlineClient<PolkadotConfig>,
    rpc: LegacyRpcMethods<PolkadotConfig>,
}

/// The chain's heads and the indexer's position, as `/status` reports them.
#[derive(Debug, Default)]
pub struct Progress {
    /// The node's best block.
    pub head: AtomicU64,
    /// The node's last finalized block.
    pub finalized: AtomicU64,
}

impl Chain {
    /// Connects to the node at `url`.
    ///
    /// # Errors
    /// [`IndexError::Chain`] if no node answers there.
    pub async fn connect(url: &str) -> Result<Self, IndexError> {
        let unreachable = |reason: String| {
            IndexError::Chain(format!(
                "no node answers at {url} ({reason}); start one with scripts/node.sh start or pass --url"
            ))
        };
        let rpc = ink_e2e::RpcClient::from_url(url)
            .await
            .map_err(|error| unreachable(error.to_string()))?;
        let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
            .await
            .map_err(|error| unreachable(error.to_string()))?;
        Ok(Self { url: url.to_owned(), api, rpc: LegacyRpcMethods::new(rpc) })
    }

    fn failed(&self, what: &str, error: impl std::fmt::Display) -> IndexError {
        IndexError::Chain(format!("the node at {} did not answer {what}: {error}", self.url))
    }

    /// The chain's genesis hash.
    pub fn genesis(&self) -> [u8; 32] {
        self.api.genesis_hash().0
    }

    /// The numbers of the best and the last finalized block.
    ///
    /// # Errors
    /// [`IndexError::Chain`].
    pub async fn heads(&self) -> Result<(u64, u64), IndexError> {
        let best =
            self.rpc.chain_get_header(None).await.map_err(|e| self.failed("its best block", e))?;
        let finalized_hash = self
            .rpc
            .chain_get_finalized_head()
            .await
            .map_err(|e| self.failed("its finalized head", e))?;
        let finalized = self
            .rpc
            .chain_get_header(Some(finalized_hash))
            .await
            .map_err(|e| self.failed("its finalized header", e))?;
        match (best, finalized) {
            (Some(best), Some(finalized)) => {
                Ok((u64::from(best.number), u64::from(finalized.number)))
            }
            _ => Err(self.failed("its heads", "it has no header for them")),
        }
    }

    /// The hash of block `number`, if the node has it.
    ///
    /// # Errors
    /// [`IndexError::Chain`].
    pub async fn block_hash(&self, number: u64) -> Result<Option<[u8; 32]>, IndexError> {
        let hash = self
            .rpc
            .chain_get_block_hash(Some(NumberOrHex::Number(number)))
            .await
            .map_err(|e| self.failed(&format!("block {number}'s hash"), e))?;
        Ok(hash.map(|hash| hash.0))
    }

    /// Block `number`'s ModelMint events, decoded.
    ///
    /// # Errors
    /// [`IndexError::Chain`] if the node cannot give the block or its events,
    /// [`IndexError::Decode`] if a deployment contract's event does not decode.
    pub async fn block(&self, number: u64, deployment: &Deployment) -> Result<Block, IndexError> {
        let what = format!("block {number}");
        let hash = self
            .rpc
            .chain_get_block_hash(Some(NumberOrHex::Number(number)))
            .await
            .map_err(|e| self.failed(&what, e))?
            .ok_or_else(|| self.failed(&what, "it has no such block"))?;
        let now = ink_e2e::subxt::dynamic::storage(
            "Timestamp",
            "Now",
            Vec::<ink_e2e::subxt::dynamic::Value>::new(),
        );
        let at = self
            .api
            .storage()
            .at(hash)
            .fetch(&now)
            .await
            .map_err(|e| self.failed(&format!("{what}'s timestamp"), e))?
            .map(|value| value.to_value())
            .transpose()
            .map_err(|e| self.failed(&format!("{what}'s timestamp"), e))?
            .and_then(|value| value.as_u128())
            .and_then(|ms| u64::try_from(ms).ok())
            // The genesis block has no timestamp.
            .unwrap_or(0);
        let events = self
            .api
            .events()
            .at(hash)
            .await
            .map_err(|e| self.failed(&format!("{what}'s events"), e))?;
        let mut decoded = Vec::new();
        for event in events.iter() {
            let event = event.map_err(|e| self.failed(&format!("{what}'s events"), e))?;
            let Some(emitted) = event
                .as_event::<ContractEmitted>()
                .map_err(|e| self.failed(&format!("{what}'s contract events"), e))?
            else {
                continue;
            };
            let source = if emitted.contract == deployment.registry {
                Source::Registry
            } else if emitted.contract == deployment.market {
                Source::Market
            } else if emitted.contract == deployment.gateway {
                Source::Gateway
            } else {
                continue;
            };
            let topics: Vec<[u8; 32]> = event.topics().iter().map(|topic| topic.0).collect();
            decoded.push((event.index(), source, decode(source, &topics, &emitted.data)?));
        }
        Ok(Block { number, hash: hash.0, at, events: decoded })
    }
}

/// How to run the indexer.
#[derive(Debug, Clone)]
pub struct Options {
    /// The first block to index on an empty database (default 0); ignored
    /// once the database has a cursor.
    pub from_block: Option<u64>,
    /// Stop once the finalized head at start is indexed (else follow it).
    pub once: bool,
    /// Show a progress bar while backfilling.
    pub progress: bool,
    /// At most this many blocks per second (`None`: as fast as the node
    /// answers), to spare a shared RPC node during a long backfill.
    pub rate: Option<u32>,
}

/// Indexes `deployment`'s events from the cursor (or `options.from_block`)
/// on: backfills up to the finalized head with a progress bar, then follows
/// it (unless `options.once`). Returns the last block indexed.
///
/// # Errors
/// [`IndexError::Foreign`] if the database indexes another chain or
/// deployment, [`IndexError::Input`] if `from_block` is beyond the
/// finalized head, and what reading the chain or writing the database
/// may fail with.
pub async fn run(
    chain: &Chain,
    store: &Store,
    deployment: &Deployment,
    options: &Options,
    progress: &Arc<Progress>,
) -> Result<Option<u64>, IndexError> {
    store.claim(&chain.genesis(), deployment).await?;
    let mut last = store.cursor().await?;
    if let Some(last) = last {
        // A dev chain started again has the same genesis, not the same blocks.
        let indexed = store.block_hash(last).await?;
        let on_chain = chain.block_hash(last).await?.map(|hash| crate::hex32(&hash));
        if on_chain != indexed {
            return Err(IndexError::Foreign(format!(
                "this database indexed block {last} as {}, but the chain's block {last} is {}: it indexes another chain with the same genesis (a development chain started again?); give another --database",
                indexed.as_deref().unwrap_or("nothing"),
                on_chain.as_deref().unwrap_or("not there yet")
            )));
        }
    }
    let (head, finalized) = chain.heads().await?;
    progress.head.store(head, Ordering::Relaxed);
    progress.finalized.store(finalized, Ordering::Relaxed);
    let mut next = match last {
        Some(last) => last
            .checked_add(1)
            .ok_or_else(|| IndexError::Input("the cursor is at the last possible block".into()))?,
        None => options.from_block.unwrap_or(0),
    };
    if last.is_none() && next > finalized {
        return Err(IndexError::Input(format!(
            "--from-block {next} is beyond the chain's finalized block {finalized}"
        )));
    }
    let bar = if options.progress && next <= finalized {
        let total = finalized.saturating_sub(next).saturating_add(1);
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{bar:40}] {pos}/{len} blocks ({per_sec}, {eta} left)",
            )
            .map_err(|error| IndexError::Input(error.to_string()))?
            .progress_chars("=> "),
        );
        bar.set_message(format!("backfilling blocks {next}..={finalized}"));
        Some(bar)
    } else {
        None
    };
    loop {
        let (head, finalized) = chain.heads().await?;
        progress.head.store(head, Ordering::Relaxed);
        progress.finalized.store(finalized, Ordering::Relaxed);
        while next <= finalized {
            // Up to FETCH_AHEAD blocks are read from the node at once; they
            // are written one by one, in order.
            let end = finalized.min(next.saturating_add(BATCH));
            let mut blocks = futures_util::stream::iter(next..=end)
                .map(|number| chain.block(number, deployment))
                .buffered(if options.rate.is_some() { 1 } else { FETCH_AHEAD });
            while let Some(block) = blocks.next().await {
                let started = std::time::Instant::now();
                let block = block?;
                store.write_block(&block).await?;
                last = Some(block.number);
                next = block
                    .number
                    .checked_add(1)
                    .ok_or_else(|| IndexError::Input("block numbers overflowed".into()))?;
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                if let Some(rate) = options.rate.filter(|rate| *rate > 0) {
                    let per_block = Duration::from_secs(1) / rate;
                    tokio::time::sleep(per_block.saturating_sub(started.elapsed())).await;
                }
            }
        }
        if let Some(bar) = &bar {
            if !bar.is_finished() {
                bar.finish_with_message(format!("indexed up to block {finalized}"));
            }
        }
        if options.once {
            return Ok(last);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
