//! Events of the market. Model ids, offer and license ids and accounts are
//! topics where an indexer filters on them; amounts never are. Every topic
//! costs a transaction 2,475 bytes of proof and two storage accesses of
//! `frame_system`, so the events of a sale, a renewal and a deposit (the hot
//! path) carry one topic besides their signature: the model.

use crate::types::{OfferState, OfferTerms, UpstreamCut};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, LicenseId, ModelId, OfferId, Timestamp};

/// A model owner published an offer.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferCreated {
    /// The new offer's id.
    #[ink(topic)]
    pub offer: OfferId,
    /// The model it licenses.
    #[ink(topic)]
    pub model: ModelId,
    /// Price, duration, cap, license terms and legal text: fixed for the
    /// offer's lifetime.
    pub terms: OfferTerms,
}

/// A model owner paused, opened or closed an offer.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferStateChanged {
    /// The offer.
    #[ink(topic)]
    pub offer: OfferId,
    /// Its new state.
    pub state: OfferState,
}

/// A license was sold, and its price credited to the model's contributors.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseSold {
    /// The licensed model.
    #[ink(topic)]
    pub model: ModelId,
    /// The new license's id.
    pub license: LicenseId,
    /// The offer it was bought from.
    pub offer: OfferId,
    /// The buyer, who holds the license.
    pub holder: AccountId,
    /// What the buyer paid.
    pub price: Balance,
    /// First block timestamp (ms) at which it is no longer valid; `None`: perpetual.
    pub expires_at: Option<Timestamp>,
    /// The ancestors credited their shares of the price (empty for an
    /// original model); the model kept the rest.
    pub upstream: Vec<UpstreamCut>,
}

/// A time-limited license was extended by one period, and the price credited
/// to the model's contributors.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseRenewed {
    /// The licensed model.
    #[ink(topic)]
    pub model: ModelId,
    /// The license.
    pub license: LicenseId,
    /// What was paid.
    pub price: Balance,
    /// The new expiry (block timestamp, ms).
    pub expires_at: Timestamp,
    /// The ancestors credited their shares of the price.
    pub upstream: Vec<UpstreamCut>,
}

/// A payment for a model (not a license sale) was credited to its
/// contributors: a gateway's fee, a marketplace's royalty.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposited {
    /// The model paid for.
    #[ink(topic)]
    pub model: ModelId,
    /// The account (or contract) that paid.
    pub payer: AccountId,
    /// The whole amount paid.
    pub amount: Balance,
    /// The ancestors credited their shares (empty for an original model).
    pub upstream: Vec<UpstreamCut>,
}

/// A holder offered a license to another account (`to: None`: withdrew the
/// offer). While offered, the license grants its holder nothing; it moves
/// only when that account accepts.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseTransferOffered {
    /// The license.
    #[ink(topic)]
    pub license: LicenseId,
    /// Its holder.
    #[ink(topic)]
    pub from: AccountId,
    /// The account it is offered to; `None`: the offer was withdrawn.
    #[ink(topic)]
    pub to: Option<AccountId>,
}

/// A license changed hands.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseTransferred {
    /// The license.
    #[ink(topic)]
    pub license: LicenseId,
    /// The previous holder.
    #[ink(topic)]
    pub from: AccountId,
    /// The new holder.
    #[ink(topic)]
    pub to: AccountId,
}

/// A holder gave up a license for good; it no longer exists.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseReleased {
    /// The license.
    #[ink(topic)]
    pub license: LicenseId,
    /// Its model.
    #[ink(topic)]
    pub model: ModelId,
    /// Its last holder.
    #[ink(topic)]
    pub holder: AccountId,
}

/// A model's owner set (or replaced) its split. Revenue earned before this
/// event was settled under whoever was owed it then.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitSet {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The recipients with their shares in parts per million.
    pub recipients: Vec<Recipient>,
}

/// A model's owner removed its split: from now on its revenue is its owner's.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCleared {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
}

/// `account`, listed in `model`'s split, accepted it: its withdrawals now take
/// its part of that split too.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitAccepted {
    /// The model whose split was accepted.
    #[ink(topic)]
    pub model: ModelId,
    /// The recipient.
    #[ink(topic)]
    pub account: AccountId,
}

/// `account` left `model`'s split after its part so far was settled to it;
/// its entries passed to the model's owner (a [`SplitSet`] follows when it
/// was still listed).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitLeft {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The former recipient.
    #[ink(topic)]
    pub account: AccountId,
}

/// A model's round ended: what it received since the round began was
/// settled to the owed balances of whoever it was owed to (its split's
/// recipients, or its owner).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distributed {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The amount settled (never zero).
    pub amount: Balance,
}

/// An account was paid everything it was owed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    /// The account paid.
    #[ink(topic)]
    pub account: AccountId,
    /// The amount transferred to it.
    pub amount: Balance,
}

/// The administrator sent the market's surplus (what it held beyond its
/// liabilities: unsolicited transfers) to `to`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swept {
    /// The account paid.
    #[ink(topic)]
    pub to: AccountId,
    /// The amount transferred.
    pub amount: Balance,
}

/// Every event the data layer asks the contract to emit, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarketEvent {
    OfferCreated(OfferCreated),
    OfferStateChanged(OfferStateChanged),
    LicenseSold(LicenseSold),
    LicenseRenewed(LicenseRenewed),
    Deposited(Deposited),
    LicenseTransferOffered(LicenseTransferOffered),
    LicenseTransferred(LicenseTransferred),
    LicenseReleased(LicenseReleased),
    SplitSet(SplitSet),
    SplitCleared(SplitCleared),
    SplitAccepted(SplitAccepted),
    SplitLeft(SplitLeft),
    Distributed(Distributed),
    Withdrawn(Withdrawn),
}
