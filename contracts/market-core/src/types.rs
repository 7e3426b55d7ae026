//! The market's records: a model's record (what a purchase reads and writes
//! in one storage access), offers, and a holder's licenses on a model.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// code it generates for enums; cargo-contract denies the lint. This module holds
// type definitions and comparisons only, no arithmetic that could truncate.
#![allow(clippy::cast_possible_truncation)]

use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use modelmint_common::licensing::{LegalText, LicenseDuration, LicenseTerms};
use modelmint_common::royalties::Carry;
use modelmint_common::{
    AssetKind, Balance, Bps, EpochRange, LicenseId, ModelId, ModelStatus, OfferId, OwnerEpoch,
    Timestamp,
};

/// What an offer sells, as the model's owner publishes it. Fixed for the
/// offer's lifetime.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct OfferTerms {
    /// Price of one license (and of one renewal), in the chain's smallest unit.
    /// Zero makes a free license: nothing is paid or credited.
    pub price: Balance,
    /// How long a license lasts.
    pub duration: LicenseDuration,
    /// Most licenses the offer sells; `None`: unlimited.
    pub cap: Option<u32>,
    /// The terms copied into every license sold.
    pub license: LicenseTerms,
    /// The legal text of every license sold.
    pub legal: LegalText,
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

/// A published offer, as [`crate::data::MarketData::offer`] reports it.
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

/// What a purchase needs of an open or paused offer: its terms without the
/// legal text, its sales, its state. Kept in the model's record, which a
/// purchase reads anyway, so that a purchase reads no offer cell; the full
/// offer (with the legal text) has a cell of its own.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct OfferSlot {
    /// The offer.
    pub offer: OfferId,
    /// Price of one license or renewal.
    pub price: Balance,
    /// How long a license lasts.
    pub duration: LicenseDuration,
    /// Most licenses the offer sells.
    pub cap: Option<u32>,
    /// The terms copied into every license sold.
    pub license: LicenseTerms,
    /// Licenses sold so far.
    pub sold: u32,
    /// `Open` or `Paused` (a closed offer leaves its model's record).
    pub state: OfferState,
    /// The owner epoch it was last created or opened in.
    pub owner_epoch: OwnerEpoch,
}

/// One ancestor a model owes a share of every payment, with what earlier
/// payments still owe it below one unit.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Debt {
    /// The ancestor.
    pub ancestor: ModelId,
    /// Its share, in basis points.
    pub bps: Bps,
    /// What it is still owed below one unit, in 1/10 000 of a unit.
    pub carry: Carry,
}

/// Everything the market knows about a model, in one cell: what the registry
/// pushed (owner, epoch, status, obligations, voided epochs) and what sales
/// need (the revenue of the current round, the split's epoch, the offers'
/// hot terms). A purchase reads it once and writes it once. Its size changes
/// only with the registry's pushes (paid by whoever changes the model) and
/// with the owner's offers and split (paid by the owner): a purchase rewrites
/// it at the same size, so no buyer pays for it.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ModelState {
    /// A model or a dataset: which uses its offers may grant.
    pub kind: AssetKind,
    /// The current owner of the model token.
    pub owner: AccountId,
    /// How many times the token changed hands.
    pub epoch: OwnerEpoch,
    /// Whether licenses may be sold and renewed.
    pub status: ModelStatus,
    /// The ancestors owed a share of every payment, with their carries.
    pub debts: Vec<Debt>,
    /// Owner epochs whose licenses an arbiter voided.
    pub voided: Vec<EpochRange>,
    /// The owner epoch the model's split was set in; the split is paid only
    /// while this is the current epoch. `None`: no split.
    pub split_epoch: Option<OwnerEpoch>,
    /// What the model kept of every payment since its current round began:
    /// owed to its split's recipients (each takes its part lazily) if the
    /// split applies, to its owner otherwise.
    pub received: Balance,
    /// The open and paused offers, at most
    /// [`MAX_OFFERS_PER_MODEL`](crate::data::MAX_OFFERS_PER_MODEL).
    pub offers: Vec<OfferSlot>,
    /// Whether the round is held in escrow while a dispute is open (the
    /// registry's push says): nobody takes it until the ruling or the
    /// escrow's release.
    pub escrowed: bool,
}

impl ModelState {
    /// Fails while the model's round is held in escrow.
    pub fn ensure_not_escrowed(&self, model: ModelId) -> Result<(), crate::MarketError> {
        if self.escrowed {
            Err(crate::MarketError::ModelInEscrow { model })
        } else {
            Ok(())
        }
    }

    /// Whether the model's split is paid (set in the current owner epoch).
    pub fn split_applies(&self) -> bool {
        self.split_epoch == Some(self.epoch)
    }

    /// Whether licenses sold in `epoch` were voided by an arbiter.
    pub fn is_voided(&self, epoch: OwnerEpoch) -> bool {
        self.voided.iter().any(|range| range.contains(epoch))
    }

    /// The slot of `offer`, if it is open or paused.
    pub fn slot(&self, offer: OfferId) -> Option<&OfferSlot> {
        self.offers.iter().find(|slot| slot.offer == offer)
    }

    /// The slot of `offer`, if it is open or paused, to change.
    pub fn slot_mut(&mut self, offer: OfferId) -> Option<&mut OfferSlot> {
        self.offers.iter_mut().find(|slot| slot.offer == offer)
    }
}

/// One license in its holder's list on a model, with what every check of it
/// needs inline, so that `is_licensed`, `derivative_royalty` and a purchase's
/// room check read no license cell.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Held {
    /// The license.
    pub license: LicenseId,
    /// Its expiry (`None`: perpetual).
    pub expires_at: Option<Timestamp>,
    /// Its terms.
    pub terms: LicenseTerms,
    /// The owner epoch it was sold in.
    pub epoch: OwnerEpoch,
}

impl Held {
    /// Whether it is valid at `now` (voiding aside).
    pub fn is_valid_at(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|expires_at| now < expires_at)
    }
}

/// A holder's offer of a license to another account, in a cell of its own.
/// An acceptance or a withdrawal closes it in place (`open: false`) rather
/// than freeing it: the account that offered the license paid for the cell,
/// and pallet-contracts would hand its deposit to whoever frees it. The cell
/// passes with the license, and the next holder's offer rewrites it.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct TransferOffer {
    /// The account the license is (or was last) offered to.
    pub to: AccountId,
    /// Whether the offer stands.
    pub open: bool,
}

impl TransferOffer {
    /// The account the license is offered to, if the offer stands.
    pub fn open_to(&self) -> Option<AccountId> {
        self.open.then_some(self.to)
    }
}

/// An upstream share of a payment: `amount` credited to `ancestor`.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpstreamCut {
    /// The ancestor credited.
    pub ancestor: ModelId,
    /// The amount (never zero).
    pub amount: Balance,
}

/// What the market holds against what it owes: anyone can check that every
/// unit owed is there.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Solvency {
    /// What the market can transfer: its free balance above the existential
    /// deposit.
    pub transferable: Balance,
    /// Everything it owes: Σ owed + Σ pending.
    pub liabilities: Balance,
}
