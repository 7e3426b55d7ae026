//! The ModelMint market's records, events and rules, free of contract
//! plumbing ([`data::MarketData`] and its tests).
//!
//! Two contract shells run these rules on one storage: the **market**
//! (`modelmint-market`), whose code every purchase loads, holds the hot path
//! (purchases, renewals, deposits, license checks) and forwards every other
//! message to its **desk** (`modelmint-market-desk`), a library the market
//! delegate-calls, so that the cold operations (administration, offers,
//! splits, license transfers, withdrawals, the registry's pushes, views) weigh
//! nothing on a purchase: pallet-contracts charges a call the whole Wasm of
//! every contract it enters. Both shells declare the same root, field for
//! field and in this order: the administration (`AdminData`, whose guard is
//! in the root), the [`MarketData`], and the desk's code hash; and the desk
//! answers every message the market forwards, under the same selector.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod data;
pub mod errors;
pub mod events;
pub mod types;

pub use data::{
    MarketData, MAX_COLLECTED, MAX_LEGAL_URI_LEN, MAX_LICENSES_PER_HOLDER, MAX_MEMBERSHIPS,
    MAX_OFFERS_PER_MODEL, MAX_PERIOD, MAX_RECIPIENTS, SHARE_SCALE,
};
pub use errors::{MarketError, Result};
pub use events::{
    Deposited, Distributed, LicenseReleased, LicenseRenewed, LicenseSold, LicenseTransferOffered,
    LicenseTransferred, MarketEvent, OfferCreated, OfferStateChanged, SplitAccepted, SplitCleared,
    SplitLeft, SplitSet, Swept, Withdrawn,
};
pub use modelmint_common::royalties::Payee;
pub use types::{
    Debt, Held, ModelState, Offer, OfferSlot, OfferState, OfferTerms, Solvency, TransferOffer,
    UpstreamCut,
};

/// The version of the storage layout the market and its desk read and write.
pub const LAYOUT_VERSION: u32 = 1;

/// What the market trusts: the registry, whose pushes it records.
pub const LINKS: &[modelmint_common::admin::Link] = &[modelmint_common::admin::Link::Registry];

/// Emits the market's events from the running contract (the market, or its
/// desk running on the market's storage).
pub fn emit_all(events: ink::prelude::vec::Vec<MarketEvent>) {
    use ink::env::{emit_event, DefaultEnvironment as E};
    for event in events {
        match event {
            MarketEvent::OfferCreated(e) => emit_event::<E, _>(e),
            MarketEvent::OfferStateChanged(e) => emit_event::<E, _>(e),
            MarketEvent::LicenseSold(e) => emit_event::<E, _>(e),
            MarketEvent::LicenseRenewed(e) => emit_event::<E, _>(e),
            MarketEvent::Deposited(e) => emit_event::<E, _>(e),
            MarketEvent::LicenseTransferOffered(e) => emit_event::<E, _>(e),
            MarketEvent::LicenseTransferred(e) => emit_event::<E, _>(e),
            MarketEvent::LicenseReleased(e) => emit_event::<E, _>(e),
            MarketEvent::SplitSet(e) => emit_event::<E, _>(e),
            MarketEvent::SplitCleared(e) => emit_event::<E, _>(e),
            MarketEvent::SplitAccepted(e) => emit_event::<E, _>(e),
            MarketEvent::SplitLeft(e) => emit_event::<E, _>(e),
            MarketEvent::Distributed(e) => emit_event::<E, _>(e),
            MarketEvent::Withdrawn(e) => emit_event::<E, _>(e),
        }
    }
}
