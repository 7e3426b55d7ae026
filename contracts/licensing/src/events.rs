//! Events of the licensing contract. Ids and accounts are topics (indexers filter
//! on them); amounts never are.

use crate::data::{OfferState, OfferTerms};
use ink::primitives::AccountId;
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
    /// Price, duration, cap and license terms: fixed for the offer's lifetime.
    pub terms: OfferTerms,
}

/// A model owner paused, resumed or closed an offer.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferStateChanged {
    /// The offer.
    #[ink(topic)]
    pub offer: OfferId,
    /// Its new state.
    pub state: OfferState,
}

/// A license was sold.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicensePurchased {
    /// The new license's id.
    #[ink(topic)]
    pub license: LicenseId,
    /// The licensed model.
    #[ink(topic)]
    pub model: ModelId,
    /// The offer it was bought from.
    pub offer: OfferId,
    /// The buyer, who holds the license.
    #[ink(topic)]
    pub holder: AccountId,
    /// What the buyer paid, all of it forwarded to the model's royalties.
    pub price: Balance,
    /// First block timestamp (ms) at which it is no longer valid; `None`: perpetual.
    pub expires_at: Option<Timestamp>,
}

/// A time-limited license was extended by one period.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseRenewed {
    /// The license.
    #[ink(topic)]
    pub license: LicenseId,
    /// What was paid, forwarded to the model's royalties.
    pub price: Balance,
    /// The new expiry (block timestamp, ms).
    pub expires_at: Timestamp,
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

/// A holder offered a license to another account (`to: None`: withdrew the
/// offer). The license moves only when that account accepts.
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

/// Every event the data layer asks the contract to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicensingEvent {
    OfferCreated(OfferCreated),
    OfferStateChanged(OfferStateChanged),
    LicensePurchased(LicensePurchased),
    LicenseRenewed(LicenseRenewed),
    LicenseTransferred(LicenseTransferred),
    LicenseTransferOffered(LicenseTransferOffered),
    LicenseReleased(LicenseReleased),
}
