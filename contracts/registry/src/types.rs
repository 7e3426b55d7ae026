//! The registry's dispute records and rulings.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use ink::prelude::string::String;
use ink::primitives::AccountId;
use modelmint_common::{Balance, ModelId, OwnerEpoch, Timestamp};

/// Sequential identifier of a dispute (from 1).
pub type DisputeId = u64;

/// A claim that a model was registered by someone it does not belong to.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Dispute {
    /// The disputed model.
    pub model: ModelId,
    /// Who raised it and paid its deposit: the claimed rightful owner.
    pub claimant: AccountId,
    /// sha256 of the evidence document.
    pub evidence_hash: [u8; 32],
    /// Where the evidence is published, 1..=[`MAX_URI_LEN`](crate::data::MAX_URI_LEN) bytes.
    pub evidence_uri: String,
    /// The deposit held until the ruling.
    pub deposit: Balance,
    /// Block timestamp when it was raised.
    pub raised_at: Timestamp,
    /// Open, or what the arbiter ruled.
    pub state: DisputeState,
}

/// Where a dispute stands. One byte in every state, so that a ruling rewrites
/// the record its claimant paid for without changing its size: the arbiter
/// is charged no storage deposit for it, and the claimant gets all of theirs
/// back when they clear it.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum DisputeState {
    /// Waiting for the arbiter.
    Open,
    /// Ruled [`Ruling::Dismiss`].
    Dismissed,
    /// Ruled [`Ruling::Uphold`] without a reassignment: the model is flagged.
    Upheld,
    /// Ruled [`Ruling::Uphold`] with a reassignment: the claimant holds the
    /// model.
    Reassigned,
}

impl From<Ruling> for DisputeState {
    fn from(ruling: Ruling) -> Self {
        match ruling {
            Ruling::Dismiss => Self::Dismissed,
            Ruling::Uphold { reassign: false, .. } => Self::Upheld,
            Ruling::Uphold { reassign: true, .. } => Self::Reassigned,
        }
    }
}

/// The arbiter's ruling on a dispute.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Ruling {
    /// The claim fails: the deposit goes to the model's owner, who had to
    /// answer it.
    Dismiss,
    /// The claim holds: the deposit goes back to the claimant, and the model
    /// is marked [`ModelStatus::Disputed`](modelmint_common::types::ModelStatus::Disputed)
    /// or, with `reassign`, its token moves to the claimant (a new owner
    /// epoch, so every right the previous owner granted lapses; nothing moves
    /// if the claimant already holds it) and the model is active again.
    ///
    /// With `reassign`, `void_from: Some(from)` also voids every license sold
    /// in the owner epochs from `from` up to the move (the range
    /// `from..epoch after the ruling` joins the model's voided epochs; the
    /// market lets no such license grant anything): the arbiter voids what a
    /// squatter sold. `from` must be at most the model's current epoch (below
    /// it if the claimant already holds the model, so that the range is not
    /// empty). `None` keeps every license sold: licenses of an owner who
    /// keeps the model are never voided.
    Uphold { reassign: bool, void_from: Option<OwnerEpoch> },
}
