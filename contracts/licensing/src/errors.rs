//! Errors of the licensing contract.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use ink::primitives::AccountId;
use modelmint_common::admin::AdminError;
use modelmint_common::royalties::RoyaltyError;
use modelmint_common::{Balance, Bps, LicenseId, ModelId, OfferId, Timestamp};

/// Why a licensing message refused to act. Every refusal leaves storage untouched
/// and moves no funds (a payable call that fails is reverted with its payment).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LicensingError {
    /// No model has id `model` in the wired registry.
    UnknownModel { model: ModelId },
    /// Only the current owner of `model`, `owner`, may manage its offers.
    NotModelOwner { model: ModelId, owner: AccountId },
    /// No offer has id `offer`.
    UnknownOffer { offer: OfferId },
    /// No license has id `license`.
    UnknownLicense { license: LicenseId },
    /// The permitted-use set is empty or sets bits that name no use.
    InvalidUses { bits: u8 },
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
    /// The offer is paused by the model owner.
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
    /// The model is deprecated: no new licenses are sold.
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
    /// An offer grants a derivative royalty but does not permit fine-tuning.
    DerivativesNeedFineTuning,
    /// `license` is not offered to the caller (or, for a withdrawal, to anyone).
    NoTransferOffer { license: LicenseId },
    /// Only the license's holder may do this.
    NotHolder { license: LicenseId },
    /// The license's terms do not allow transfers.
    NotTransferable { license: LicenseId },
    /// The license expired at `expired_at` (block timestamp, ms) and cannot be
    /// transferred; renew it first.
    LicenseExpired { license: LicenseId, expired_at: Timestamp },
    /// The recipient already holds the license.
    TransferToSelf,
    /// A perpetual license never expires and cannot be renewed.
    NotRenewable { license: LicenseId },
    /// The wired registry could not be asked.
    RegistryUnavailable,
    /// The wired royalties contract could not be called.
    RoyaltiesUnavailable,
    /// The royalties contract refused the payment.
    Royalty(RoyaltyError),
    /// A counter or amount would overflow.
    Overflow,
    /// An administrative check failed, or the contract is paused.
    Admin(AdminError),
}

impl From<AdminError> for LicensingError {
    fn from(error: AdminError) -> Self {
        Self::Admin(error)
    }
}

/// The licensing contract's result type.
pub type Result<T> = core::result::Result<T, LicensingError>;
