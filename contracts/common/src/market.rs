//! The market: what the registry pushes to it, and why it refuses.
//!
//! The market sells licenses and pays every contributor of a model in one
//! contract frame. It never asks the registry anything: the registry, the
//! source of truth about models, pushes each model's owner, owner epoch,
//! status, obligations and voided epochs ([`ModelRecord`]) through
//! [`ModelSync::sync_model`] in the same transaction as every change
//! (registration, PSP34 transfer, status change, ruling). The market accepts a
//! push only from the registry it is wired to, also while paused.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use crate::admin::AdminError;
use crate::licensing::Use;
use crate::types::ShareError;
use crate::{AssetKind, OwnerEpoch, Timestamp};
use crate::{Balance, Bps, EpochRange, LicenseId, ModelId, ModelStatus, Obligation, OfferId};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

/// Most obligations (ancestors owed a share) one model may have: it bounds
/// the work of every payment for the model (each obligation reads and writes
/// its ancestor's record) and, with [`crate::registry::MAX_ANCESTORS`], the
/// registry's lineage.
pub const MAX_OBLIGATIONS: u32 = 16;

/// Most voided epoch ranges one model may carry (one per reassigning ruling
/// that voids licenses).
pub const MAX_VOIDED_RANGES: u32 = 8;

/// How long a model's revenue is held in escrow once a dispute against it is
/// opened: 14 days, in milliseconds of block time. The arbiter is expected to
/// rule within it; after it anyone may release the escrow (the registry's
/// `release_escrow`), dispute or not, so that a stranger's dispute freezes an
/// honest publisher's income for at most this long, at the price of a dispute
/// deposit that a dismissal pays to the publisher.
pub const DISPUTE_ESCROW: Timestamp = 14 * 24 * 60 * 60 * 1_000;

/// What the market needs to know about a model to sell it, as the registry
/// pushes it.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ModelRecord {
    /// A model or a dataset: which uses its offers may grant. Fixed at
    /// registration.
    pub kind: AssetKind,
    /// The current owner of the model token.
    pub owner: AccountId,
    /// How many times the token changed hands: rights a previous owner
    /// granted (offers, splits) lapse when it moves on.
    pub epoch: OwnerEpoch,
    /// Whether licenses may be sold.
    pub status: ModelStatus,
    /// The ancestors owed a share of every payment for the model, at most
    /// [`MAX_OBLIGATIONS`], their shares summing to at most 100 %.
    pub obligations: Vec<Obligation>,
    /// The owner epochs whose licenses an arbiter voided (at most
    /// [`MAX_VOIDED_RANGES`] ranges).
    pub voided: Vec<EpochRange>,
    /// Whether the model's revenue is held in escrow: a dispute against it
    /// is open and its escrow neither ruled on nor released. While it is,
    /// nobody takes the model's round, and a change of owner (only a
    /// reassigning ruling can make one then) pays the round to the new owner.
    pub escrowed: bool,
}

/// What the registry calls on the market in the same transaction as each
/// change of a model. The market implements it; only the registry it is
/// wired to may call it.
#[ink::trait_definition]
pub trait ModelSync {
    /// Records `record` as `model`'s current state. A model the market has not
    /// seen is created (the registrant pays its storage deposit); when the
    /// owner epoch moves on, the revenue the model earned so far is settled
    /// to whoever was owed it (the previous owner, or its split) before the
    /// new owner starts earning. Accepted while paused: a pause never stops
    /// a token transfer.
    ///
    /// # Errors
    /// - [`MarketError::NotRegistry`] unless the caller is the wired registry.
    /// - [`MarketError::Admin`]`(`[`AdminError::LayoutMismatch`]`)` between an
    ///   upgrade of the market and its migration.
    /// - [`MarketError::Overflow`] if a settled balance would overflow.
    ///
    /// # Events
    /// The market's `Distributed` if revenue was settled.
    #[ink(message)]
    fn sync_model(&mut self, model: ModelId, record: ModelRecord) -> Result<(), MarketError>;
}

/// Why a market message refused to act. Every refusal changes nothing and
/// moves no funds (a payable call that fails is reverted with its payment).
/// Each variant's words here are the rule: clients show them.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarketError {
    /// No model has id `model` (the registry has not pushed it to the market).
    UnknownModel { model: ModelId },
    /// Only the current owner of `model`, `owner`, may do this.
    NotModelOwner { model: ModelId, owner: AccountId },
    /// No offer has id `offer`.
    UnknownOffer { offer: OfferId },
    /// No license has id `license`.
    UnknownLicense { license: LicenseId },
    /// The permitted-use set is empty or sets bits that name no use.
    InvalidUses { bits: u8 },
    /// The permitted uses (`bits`) include one that a license of a `kind`
    /// cannot grant: a model's licenses grant research, commercial inference,
    /// fine-tuning and redistribution; a dataset's research, training and
    /// redistribution.
    UsesNotForKind { bits: u8, kind: AssetKind },
    /// A derivative royalty of `royalty_bps` basis points is above 100 %.
    RoyaltyOutOfRange { royalty_bps: Bps },
    /// A license period must be longer than zero milliseconds.
    ZeroDuration,
    /// A license period may be at most `max` milliseconds.
    DurationTooLong { max: Timestamp },
    /// The expiry would not fit the clock (start plus period overflows).
    DurationOverflow,
    /// A cap on the number of licenses must be at least one.
    ZeroCap,
    /// The legal text URI is empty.
    EmptyLegalUri,
    /// The legal text URI is `length` bytes; at most `max` are stored.
    LegalUriTooLong { length: u32, max: u32 },
    /// `model` already has `max` open or paused offers; close one first.
    TooManyOffers { model: ModelId, max: u32 },
    /// An offer that grants a derivative royalty must permit `needed`, the
    /// use that makes derivatives of its asset: fine-tuning a model, training
    /// on a dataset.
    DerivativesNeedUse { needed: Use },
    /// The offer is paused by the model's owner.
    OfferPaused { offer: OfferId },
    /// The offer is closed for good.
    OfferClosed { offer: OfferId },
    /// The offer was opened by a previous owner of the model; it sells again
    /// once the current owner opens it.
    OfferOfPreviousOwner { offer: OfferId },
    /// The offer already is in the requested state.
    OfferStateUnchanged { offer: OfferId },
    /// The registry's arbiter upheld a dispute against the model: no licenses
    /// are sold or renewed.
    ModelDisputed { model: ModelId },
    /// The model is deprecated: no licenses are sold or renewed.
    ModelDeprecated { model: ModelId },
    /// The offer's `price` is above the `max_price` the buyer accepts.
    PriceAboveMaximum { price: Balance, max_price: Balance },
    /// The call carried `paid`, less than the `required` price.
    InsufficientPayment { required: Balance, paid: Balance },
    /// The call carried `paid`, more than the `required` price. Overpayment is
    /// rejected, never kept or refunded, so a purchase moves exactly the price.
    Overpayment { required: Balance, paid: Balance },
    /// All `cap` licenses of the offer are sold.
    CapReached { cap: u32 },
    /// The account already holds `max` unexpired licenses on this model.
    TooManyLicenses { max: u32 },
    /// Only the license's holder may do this.
    NotHolder { license: LicenseId },
    /// The license's terms do not allow transfers.
    NotTransferable { license: LicenseId },
    /// The license expired at `expired_at` (block timestamp, ms).
    LicenseExpired { license: LicenseId, expired_at: Timestamp },
    /// An arbiter's ruling voided the license: it grants nothing, and it
    /// cannot be renewed or transferred.
    LicenseVoided { license: LicenseId },
    /// `license` is not offered to the caller (or, for a withdrawal, to anyone).
    NoTransferOffer { license: LicenseId },
    /// The recipient already holds the license.
    TransferToSelf,
    /// A perpetual license never expires and cannot be renewed.
    NotRenewable { license: LicenseId },
    /// `account` holds no license on `model` that is valid now, not voided by
    /// a ruling, and permits the use.
    NotLicensed { model: ModelId, account: AccountId },
    /// A deposit must carry a non-zero amount.
    ZeroDeposit,
    /// The shares do not form a valid split.
    InvalidShares(ShareError),
    /// The recipient at `index` is listed twice.
    DuplicateRecipient { index: u32 },
    /// `account` already accepted the maximum number of splits, `max`.
    RecipientMembershipsFull { account: AccountId, max: u32 },
    /// `model` has no split.
    NoSplit { model: ModelId },
    /// The caller is not listed in `model`'s split.
    NotARecipient { model: ModelId },
    /// The caller already accepted `model`'s split.
    AlreadyAccepted { model: ModelId },
    /// The model's owner changes or clears the split instead of leaving it.
    OwnerCannotLeave { model: ModelId },
    /// Only the current owner of `model` (without a split) collects its
    /// revenue into a withdrawal.
    NotPayee { model: ModelId },
    /// At most `max` models are collected in one withdrawal.
    TooManyModels { max: u32 },
    /// The caller is owed nothing.
    NothingOwed,
    /// The chain refused to transfer `amount` (for example, below the
    /// existential deposit to an empty account); the amount stays owed.
    TransferFailed { amount: Balance },
    /// The market itself cannot be a recipient or payee: money owed to it
    /// could never leave.
    MarketAsPayee,
    /// The market holds nothing beyond what it owes.
    NothingToSweep,
    /// Only the registry the market is wired to pushes model changes.
    NotRegistry,
    /// The market's desk is library code the market delegate-calls; it is
    /// never instantiated as a contract of its own.
    LibraryOnly,
    /// An amount or counter would overflow.
    Overflow,
    /// An administrative check failed, or the market is paused.
    Admin(AdminError),
    /// `model`'s revenue is held in escrow while a dispute against it is open:
    /// its round is paid out after the ruling (to the rightful owner) or once
    /// the escrow is released.
    ModelInEscrow { model: ModelId },
}

impl From<AdminError> for MarketError {
    fn from(error: AdminError) -> Self {
        Self::Admin(error)
    }
}
