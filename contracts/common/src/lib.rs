//! Shared vocabulary of the ModelMint contracts.
//!
//! Everything one ModelMint contract asks another, and everything a third-party
//! contract needs to compose with them, lives here: identifiers, the PSP34 token
//! interface the registry implements, and the `#[ink::trait_definition]` traits
//! that are called through [`ink::contract_ref!`]. A contract that only *uses*
//! ModelMint depends on this crate alone, never on a contract crate.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod admin;
pub mod licensing;
pub mod psp34;
pub mod registry;
pub mod royalties;
pub mod split;
pub mod types;

pub use types::{
    Balance, Bps, LicenseId, ModelHash, ModelId, ModelStatus, OfferId, OwnerEpoch, ParentLink,
    Relation, Timestamp, BPS_SCALE,
};
