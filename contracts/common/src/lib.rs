//! Shared vocabulary of the ModelMint contracts.
//!
//! Everything one ModelMint contract asks another, and everything a third-party
//! contract needs to compose with them, lives here: identifiers, the PSP34 token
//! interface the registry implements, the market's error type, and the
//! `#[ink::trait_definition]` traits that are called through
//! [`ink::contract_ref!`]. A contract that only *uses* ModelMint depends on
//! this crate alone, never on a contract crate.
//!
//! Two contracts make up ModelMint: the **registry** (models as PSP34 tokens,
//! lineage, disputes) and the **market** (offers, licenses, splits, credits
//! and withdrawals). The registry is the source of truth about models and
//! pushes what the market needs to sell ([`market::ModelSync`]) in the same
//! transaction as each change, so that a purchase runs in one contract frame.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod admin;
pub mod library;
pub mod licensing;
pub mod market;
pub mod psp34;
pub mod registry;
pub mod root;
pub mod royalties;
pub mod split;
pub mod types;

pub use types::{
    AssetKind, Balance, Bps, EpochRange, LicenseId, ModelHash, ModelId, ModelStatus, Obligation,
    OfferId, OwnerEpoch, ParentLink, Relation, Timestamp, BPS_SCALE,
};
