//! Offers: what a model owner sells.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// code it generates for enums; cargo-contract denies the lint. This module holds
// type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use modelmint_common::licensing::{LicenseDuration, LicenseTerms};
use modelmint_common::{Balance, ModelId, OwnerEpoch};

/// What an offer sells. Fixed when the offer is created.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct OfferTerms {
    /// Price of one license (and of one renewal), in the chain's smallest unit.
    /// Zero makes a free license: nothing is paid or forwarded.
    pub price: Balance,
    /// How long a license lasts.
    pub duration: LicenseDuration,
    /// Most licenses the offer sells; `None`: unlimited.
    pub cap: Option<u32>,
    /// The license terms copied into every license sold.
    pub license: LicenseTerms,
}

/// Whether an offer sells.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum OfferState {
    /// Sells licenses and renewals.
    Open,
    /// Temporarily sells nothing; the owner may reopen it.
    Paused,
    /// Sells nothing, for good.
    Closed,
}

/// A published offer.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Offer {
    /// The model it licenses.
    pub model: ModelId,
    /// What it sells.
    pub terms: OfferTerms,
    /// Licenses sold so far.
    pub sold: u32,
    /// Whether it sells.
    pub state: OfferState,
    /// The model's owner epoch when its owner last created or opened the
    /// offer: after a sale of the token it sells nothing until the new owner
    /// opens it again.
    pub owner_epoch: OwnerEpoch,
}
