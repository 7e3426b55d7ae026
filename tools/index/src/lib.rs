//! `modelmint index`: follows a chain's **finalized** blocks, decodes every
//! event of a ModelMint deployment with the contracts' own Rust event types
//! (their ink! signature topic, then SCALE), and writes models, lineage,
//! offers, licenses, sales, deposits, splits, withdrawals, disputes and
//! administrative actions into SQLite (the embedded default) or PostgreSQL,
//! through one sqlx query layer and one versioned schema. Each block is
//! written in one transaction together with the "last indexed block" cursor,
//! so a restart resumes with no gap and no duplicate. A read API serves the
//! tables as JSON over HTTP ([`api`]).

pub mod api;
pub mod chain;
pub mod events;
pub mod queries;
pub mod schema;
pub mod store;

use ink::primitives::AccountId;
use std::fmt;

/// Everything that can stop the indexer, each as a sentence.
#[derive(Debug)]
pub enum IndexError {
    /// The database cannot be opened, read or written.
    Database(String),
    /// The database belongs to another chain or another deployment.
    Foreign(String),
    /// No node answers, or it answered something unexpected.
    Chain(String),
    /// A contract of the deployment emitted an event this indexer cannot decode.
    Decode(String),
    /// An argument is not what the indexer takes.
    Input(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Database(reason) => write!(f, "the index database failed: {reason}"),
            Self::Foreign(reason)
            | Self::Chain(reason)
            | Self::Decode(reason)
            | Self::Input(reason) => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for IndexError {}

impl From<sqlx::Error> for IndexError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error.to_string())
    }
}

/// The contracts of one deployment whose events are indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deployment {
    /// The model registry.
    pub registry: AccountId,
    /// The market (its desk's events are emitted at the market's address).
    pub market: AccountId,
    /// The example inference gateway.
    pub gateway: AccountId,
}

/// An account id in SS58 (the generic substrate prefix, 42), as the command
/// line prints it.
pub fn ss58(account: &AccountId) -> String {
    let bytes: [u8; 32] = *AsRef::<[u8; 32]>::as_ref(account);
    ink_e2e::subxt::utils::AccountId32(bytes).to_string()
}

/// 32 bytes as `0x` + 64 hex digits.
pub fn hex32(bytes: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(bytes))
}
