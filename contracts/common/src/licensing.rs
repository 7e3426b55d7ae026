//! License terms and what other contracts may ask the market about licenses.
//!
//! A license is a snapshot of an offer's terms taken at purchase: whatever the
//! model owner does to the offer later, the holder keeps the terms they paid for.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions and bit tests only, no arithmetic that could truncate.
#![allow(clippy::cast_possible_truncation)]

use crate::{AssetKind, Balance, Bps, LicenseId, ModelId, OfferId, OwnerEpoch, Timestamp};
use ink::prelude::string::String;
use ink::primitives::AccountId;

/// One way a licensee may use a model.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Non-commercial research and evaluation.
    Research,
    /// Serving the model's outputs commercially (an inference API, a product).
    CommercialInference,
    /// Training further on the weights (fine-tunes, adapters, distillation).
    FineTuning,
    /// Passing the weights (or the data) on to others.
    Redistribution,
    /// Training models on a dataset. A dataset's licenses only (see
    /// [`AssetKind::uses`](crate::AssetKind::uses)).
    Training,
}

impl Use {
    /// Every use, in bit order.
    pub const ALL: [Use; 5] = [
        Use::Research,
        Use::CommercialInference,
        Use::FineTuning,
        Use::Redistribution,
        Use::Training,
    ];

    /// This use's bit in a [`UseSet`].
    pub const fn bit(self) -> u8 {
        match self {
            Use::Research => 0b0001,
            Use::CommercialInference => 0b0010,
            Use::FineTuning => 0b0100,
            Use::Redistribution => 0b1000,
            Use::Training => 0b1_0000,
        }
    }
}

/// A set of permitted [`Use`]s, encoded as one byte: bit 0 research, bit 1
/// commercial inference, bit 2 fine-tuning, bit 3 redistribution, bit 4
/// training. Higher bits are invalid; the market refuses offers that set them,
/// and offers whose uses are not all the asset's kind's.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct UseSet(pub u8);

impl UseSet {
    /// The bits that name a [`Use`].
    pub const VALID_BITS: u8 = 0b1_1111;

    /// The set holding exactly `uses`.
    pub fn of(uses: &[Use]) -> Self {
        Self(uses.iter().fold(0, |bits, u| bits | u.bit()))
    }

    /// Whether `use_` is permitted.
    pub const fn contains(self, use_: Use) -> bool {
        self.0 & use_.bit() != 0
    }

    /// Whether the set is empty or sets bits that name no use.
    pub const fn is_valid(self) -> bool {
        self.0 != 0 && self.0 & !Self::VALID_BITS == 0
    }

    /// Whether every use of this set is also in `other`.
    pub const fn is_within(self, other: UseSet) -> bool {
        self.0 & !other.0 == 0
    }
}

/// What each kind of asset may be licensed for.
impl AssetKind {
    /// The uses a license of this kind of asset may grant: for a model
    /// research, commercial inference, fine-tuning and redistribution; for a
    /// dataset research, training and redistribution.
    pub const fn uses(self) -> UseSet {
        match self {
            AssetKind::Model => UseSet(
                Use::Research.bit()
                    | Use::CommercialInference.bit()
                    | Use::FineTuning.bit()
                    | Use::Redistribution.bit(),
            ),
            AssetKind::Dataset => {
                UseSet(Use::Research.bit() | Use::Training.bit() | Use::Redistribution.bit())
            }
        }
    }

    /// The use a license must permit for its derivative royalty to be a right
    /// to register an asset that names this one: fine-tuning a model,
    /// training on a dataset.
    pub const fn derivative_use(self) -> Use {
        match self {
            AssetKind::Model => Use::FineTuning,
            AssetKind::Dataset => Use::Training,
        }
    }
}

/// How long a license lasts, on the block-timestamp clock (milliseconds).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum LicenseDuration {
    /// Never expires; cannot be renewed (there is nothing to extend).
    Perpetual,
    /// Valid for this many milliseconds from purchase (or from renewal, see the
    /// market). A license that started at `start` is valid while
    /// `block_timestamp < start + period` and expired from `start + period` on.
    Period(Timestamp),
}

/// What a license allows: the terms a purchase copies into the license and
/// the market checks on every use. Fixed when the offer is created. No string
/// here: the legal text ([`LegalText`]) stays with the offer, which never
/// changes, so a purchase decodes no UTF-8.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LicenseTerms {
    /// Permitted uses; never empty.
    pub uses: UseSet,
    /// `Some(bps)`: the holder may register derivatives, each owing this model
    /// `bps` basis points of its revenue; `None`: no derivatives.
    pub derivative_royalty: Option<Bps>,
    /// Whether the holder may transfer the license to another account.
    pub transferable: bool,
}

/// The legal text of an offer's licenses: published at `uri`, pinned by its
/// sha256, so the text cannot change under a holder. Fixed with the offer.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LegalText {
    /// sha256 of the legal text.
    pub hash: [u8; 32],
    /// Where the legal text is published (bounded by the market).
    pub uri: String,
}

/// A sold license: the terms of its offer at purchase, whatever the model's
/// owner does to the offer later (the legal text is the offer's, which never
/// changes).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct License {
    /// The licensed model.
    pub model: ModelId,
    /// The offer it was bought from (its legal text: the market's `offer`).
    pub offer: OfferId,
    /// The account the license belongs to.
    pub holder: AccountId,
    /// The offer's terms at purchase.
    pub terms: LicenseTerms,
    /// What was paid in total: the purchase price plus every renewal.
    pub total_paid: Balance,
    /// Block timestamp of the purchase.
    pub start: Timestamp,
    /// First block timestamp at which the license is no longer valid; `None`
    /// for a perpetual license.
    pub expires_at: Option<Timestamp>,
    /// The model's owner epoch when it was sold: an arbiter who reassigns a
    /// squatted model may void every license sold in the squatter's epochs
    /// (the registry's ruling; the market's model record lists the voided
    /// epochs). A voided license grants nothing.
    pub epoch: OwnerEpoch,
}

impl License {
    /// Whether the license is valid at `now`: perpetual, or `now < expires_at`
    /// (voiding aside, which the model's record tells).
    pub fn is_valid_at(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|expires_at| now < expires_at)
    }

    /// Whether the license is valid at `now` and permits `use_` (voiding
    /// aside).
    pub fn permits(&self, use_: Use, now: Timestamp) -> bool {
        self.is_valid_at(now) && self.terms.uses.contains(use_)
    }
}

/// The market's answers about derivative rights. The registry holds a
/// `contract_ref!(DerivativeRights)` to decide whether an account may register
/// a derivative of a model it does not own.
#[ink::trait_definition]
pub trait DerivativeRights {
    /// The royalty share `account` owes `parent` for a derivative, if `account`
    /// holds a license on `parent` that is valid now, not voided, and allows
    /// derivatives (the lowest share if several do); `None` otherwise.
    #[ink(message)]
    fn derivative_royalty(&self, parent: ModelId, account: AccountId) -> Option<Bps>;
}

/// License checks for any contract that gates a service on a license: an
/// inference gateway, a marketplace, a download server.
#[ink::trait_definition]
pub trait LicenseCheck {
    /// Whether `account` holds a license on `model` that is valid now (block
    /// timestamp), not voided, and permits `use_`.
    #[ink(message)]
    fn is_licensed(&self, model: ModelId, account: AccountId, use_: Use) -> bool;

    /// The license with id `license`, or `None` if there is none.
    #[ink(message)]
    fn license(&self, license: LicenseId) -> Option<License>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn license(expires_at: Option<Timestamp>, uses: &[Use]) -> License {
        License {
            model: 1,
            offer: 1,
            holder: AccountId::from([1; 32]),
            terms: LicenseTerms {
                uses: UseSet::of(uses),
                derivative_royalty: None,
                transferable: false,
            },
            total_paid: 10,
            start: 100,
            expires_at,
            epoch: 0,
        }
    }

    #[test]
    fn a_license_is_valid_up_to_but_not_at_its_expiry() {
        let timed = license(Some(200), &[Use::Research]);
        assert!(timed.is_valid_at(100));
        assert!(timed.is_valid_at(199));
        assert!(!timed.is_valid_at(200));
        assert!(license(None, &[Use::Research]).is_valid_at(u64::MAX));
    }

    #[test]
    fn a_license_permits_only_its_uses_while_valid() {
        let timed = license(Some(200), &[Use::Research, Use::FineTuning]);
        assert!(timed.permits(Use::FineTuning, 150));
        assert!(!timed.permits(Use::CommercialInference, 150));
        assert!(!timed.permits(Use::Research, 200));
    }

    #[test]
    fn use_sets_hold_exactly_their_members_and_reject_unknown_bits() {
        let set = UseSet::of(&[Use::CommercialInference, Use::Redistribution]);
        assert_eq!(set, UseSet(0b1010));
        for use_ in Use::ALL {
            let expected = matches!(use_, Use::CommercialInference | Use::Redistribution);
            assert_eq!(set.contains(use_), expected);
        }
        assert!(set.is_valid());
        assert!(!UseSet(0).is_valid());
        assert!(!UseSet(0b10_0001).is_valid());
        assert!(UseSet::of(&Use::ALL).is_valid());
        assert_eq!(UseSet::of(&Use::ALL), UseSet(UseSet::VALID_BITS));
    }

    #[test]
    fn each_kind_licenses_its_own_uses_and_its_derivative_use() {
        let model = AssetKind::Model.uses();
        let dataset = AssetKind::Dataset.uses();
        for use_ in Use::ALL {
            // Every use belongs to one kind at least; only research and
            // redistribution to both.
            assert!(model.contains(use_) || dataset.contains(use_), "{use_:?}");
            let shared = matches!(use_, Use::Research | Use::Redistribution);
            assert_eq!(model.contains(use_) && dataset.contains(use_), shared, "{use_:?}");
        }
        assert!(!model.contains(Use::Training));
        assert!(!dataset.contains(Use::FineTuning) && !dataset.contains(Use::CommercialInference));
        for kind in [AssetKind::Model, AssetKind::Dataset] {
            assert!(kind.uses().contains(kind.derivative_use()));
            assert!(kind.uses().is_valid());
        }
        assert!(UseSet::of(&[Use::Research, Use::Training]).is_within(dataset));
        assert!(!UseSet::of(&[Use::Research, Use::Training]).is_within(model));
    }
}
