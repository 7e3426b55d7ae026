//! Errors of the registry's own messages, and their PSP34 form.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use crate::types::DisputeId;
use ink::prelude::string::String;
use ink::primitives::AccountId;
use modelmint_common::admin::AdminError;
use modelmint_common::psp34::PSP34Error;
use modelmint_common::registry::BlockNumber;
use modelmint_common::{AssetKind, Balance, Bps, ModelId, ModelStatus, Relation, Timestamp};

/// Why a registry message refused to act. Every refusal leaves storage untouched.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryError {
    /// A model with this content hash is already registered, as `existing`.
    AlreadyRegistered { existing: ModelId },
    /// A required text field (`name`, `version` or `uri`) is empty.
    EmptyField { field: TextField },
    /// A text field is `length` bytes long; at most `max` are stored.
    FieldTooLong { field: TextField, length: u32, max: u32 },
    /// No model has id `model`.
    UnknownModel { model: ModelId },
    /// The caller is not the owner of `model`; only its `owner` may do this.
    NotModelOwner { model: ModelId, owner: AccountId },
    /// The caller neither owns the model nor is approved to act for its owner.
    NotApproved,
    /// An owner cannot approve themselves as operator.
    SelfApprove,
    /// The recipient already owns the model.
    TransferToSelf,
    /// The previous version `previous` belongs to `owner`, not to the registrant.
    PreviousVersionNotOwned { previous: ModelId, owner: AccountId },
    /// More than `max` parents were named.
    TooManyParents { count: u32, max: u32 },
    /// `parent` was named twice.
    DuplicateParent { parent: ModelId },
    /// The registrant neither owns `parent`, nor holds a valid license on it that
    /// allows derivatives, nor has the owner's approval to derive from it.
    NoDerivativeRight { parent: ModelId },
    /// The model's obligations (its edges' shares and those it inherits from
    /// its parents and previous version) add up to `total_bps`, over 100 %.
    RoyaltyStackTooHigh { total_bps: u32 },
    /// The model would owe `count` ancestors a share; at most `max` are
    /// allowed ([`MAX_OBLIGATIONS`](modelmint_common::market::MAX_OBLIGATIONS)).
    TooManyObligations { count: u32, max: u32 },
    /// The model would have `count` ancestors; at most `max` are allowed.
    TooManyAncestors { count: u32, max: u32 },
    /// The royalty owed to `parent` would be `royalty_bps`, above the
    /// `max_royalty_bps` the registrant accepted.
    RoyaltyAboveMaximum { parent: ModelId, royalty_bps: Bps, max_royalty_bps: Bps },
    /// No derivative approval on `parent` exists for the account: the caller,
    /// when declining; the account named, when revoking.
    NoDerivativeApproval { parent: ModelId },
    /// A derivative approval's royalty share exceeds 100 % (`BPS_SCALE`).
    RoyaltyOutOfRange { royalty_bps: Bps },
    /// Model `model`'s metadata is frozen.
    MetadataFrozen { model: ModelId },
    /// Model `model` already has status `status`.
    StatusUnchanged { model: ModelId, status: ModelStatus },
    /// A page size of 0 or above `max` was asked for.
    InvalidPageSize { limit: u32, max: u32 },
    /// The wired market could not be asked or told (it trapped, refused the
    /// model's record, or is not a market), or no market is wired to resync.
    /// Nothing changed.
    MarketUnavailable,
    /// An administrative check failed, or the registry is paused.
    Admin(AdminError),
    /// A commit window must satisfy `1 <= min_blocks < max_blocks <=`
    /// [`CommitWindow::LONGEST`](modelmint_common::registry::CommitWindow::LONGEST).
    InvalidCommitWindow { min_blocks: BlockNumber, max_blocks: BlockNumber },
    /// The caller already has this commitment, made in `block`.
    CommitmentExists { block: BlockNumber },
    /// The caller has no commitment to this content root with this salt: commit
    /// first, then register.
    NoCommitment,
    /// The commitment is too recent: it can be revealed from block `ready_at`.
    CommitmentTooRecent { ready_at: BlockNumber },
    /// The commitment could be revealed until block `expired_after` only; cancel
    /// it and commit again.
    CommitmentExpired { expired_after: BlockNumber },
    /// A dispute deposit of 0 was asked for at instantiation.
    ZeroDisputeDeposit,
    /// Raising a dispute takes exactly `required`; `paid` was attached.
    WrongDisputeDeposit { required: Balance, paid: Balance },
    /// An owner does not dispute their own model.
    OwnModelDisputed { model: ModelId },
    /// No arbiter is wired to rule on disputes, so none is raised (its deposit
    /// would wait for a rewiring).
    NoArbiter,
    /// No dispute has id `dispute`.
    UnknownDispute { dispute: DisputeId },
    /// The arbiter already ruled on `dispute`.
    DisputeClosed { dispute: DisputeId },
    /// The arbiter has not ruled on `dispute` yet.
    DisputeOpen { dispute: DisputeId },
    /// Only `claimant`, who raised `dispute`, clears it.
    NotClaimant { dispute: DisputeId, claimant: AccountId },
    /// Only the arbiter wired to the registry rules on disputes.
    NotArbiter,
    /// An arbiter upheld a dispute against `model`: no new versions or
    /// derivatives of it, and only the arbiter changes its status.
    ModelDisputed { model: ModelId },
    /// A ruling's `void_from` comes without `reassign`, or names no epoch
    /// before the one after the ruling.
    InvalidRuling,
    /// The model already carries `max` voided epoch ranges.
    TooManyVoidedRanges { max: u32 },
    /// The contract could not send a dispute deposit; nothing changed.
    DepositTransferFailed,
    /// A counter would overflow.
    Overflow,
    /// The model's token has changed hands `u32::MAX` times.
    OwnerEpochOverflow,
    /// All `u64` model ids have been issued.
    ModelIdsExhausted,
    /// The recipient already holds `u32::MAX` models.
    BalanceOverflow,
    /// `recipient` is this registry or its market: a ModelMint contract can
    /// neither sell, split nor withdraw for a model, so the model's revenue
    /// would be stranded there for good.
    StrandingRecipient { recipient: AccountId },
    /// The derivative approval on `parent` for `account` was revoked, and a
    /// commitment made before that may still reveal under it until block
    /// `until`; its cell can be removed after that block.
    ApprovalStillHeld { parent: ModelId, account: AccountId, until: BlockNumber },
    /// Dispute `dispute` did not reassign its model (it is open, dismissed,
    /// or upheld without a reassignment): there is nothing to restore.
    NotReassigned { dispute: DisputeId },
    /// Model `model` is not a version or derivative of the disputed model
    /// that its losing owner registered and still holds.
    NotRestorable { model: ModelId },
    /// Model `parent` is the model itself or derives from it: it cannot be
    /// its parent.
    LineageCycle { parent: ModelId },
    /// Model `model`'s revenue is held in escrow until `until` (block
    /// timestamp, ms) while a dispute against it is open: its token does not
    /// move until the ruling, or until the escrow is released once due.
    ModelInEscrow { model: ModelId, until: Timestamp },
    /// Model `model`'s revenue is not held in escrow.
    NoEscrow { model: ModelId },
    /// Model `model`'s escrow may be released from `until` (block timestamp,
    /// ms) on, unless the arbiter rules first.
    EscrowNotDue { model: ModelId, until: Timestamp },
    /// More than `max` datasets were named as training data
    /// ([`Relation::TrainedOn`]).
    TooManyDatasets { count: u32, max: u32 },
    /// `parent` is a `kind`, which an edge of `relation` cannot name: a model
    /// is trained on datasets (`TrainedOn`) and derives from models (every
    /// other relation).
    RelationMismatch { parent: ModelId, relation: Relation, kind: AssetKind },
    /// The previous version `previous` is a `kind`: a new version is of the
    /// same kind as the one it follows.
    VersionKindMismatch { previous: ModelId, kind: AssetKind },
    /// A dataset names no parents: its lineage is its previous versions.
    DatasetWithParents,
}

/// The registry's bounded text fields, named in errors.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Name,
    Version,
    Uri,
}

/// Registry error results.
pub type Result<T> = core::result::Result<T, RegistryError>;

impl RegistryError {
    /// A stable name for the conditions PSP34 has no variant for, carried in
    /// [`PSP34Error::Custom`].
    fn custom_name(&self) -> &'static str {
        match self {
            Self::AlreadyRegistered { .. } => "AlreadyRegistered",
            Self::EmptyField { .. } => "EmptyField",
            Self::FieldTooLong { .. } => "FieldTooLong",
            Self::UnknownModel { .. } => "UnknownModel",
            Self::NotModelOwner { .. } => "NotModelOwner",
            Self::NotApproved => "NotApproved",
            Self::SelfApprove => "SelfApprove",
            Self::TransferToSelf => "TransferToSelf",
            Self::PreviousVersionNotOwned { .. } => "PreviousVersionNotOwned",
            Self::TooManyParents { .. } => "TooManyParents",
            Self::DuplicateParent { .. } => "DuplicateParent",
            Self::NoDerivativeRight { .. } => "NoDerivativeRight",
            Self::RoyaltyStackTooHigh { .. } => "RoyaltyStackTooHigh",
            Self::TooManyObligations { .. } => "TooManyObligations",
            Self::TooManyAncestors { .. } => "TooManyAncestors",
            Self::RoyaltyOutOfRange { .. } => "RoyaltyOutOfRange",
            Self::RoyaltyAboveMaximum { .. } => "RoyaltyAboveMaximum",
            Self::NoDerivativeApproval { .. } => "NoDerivativeApproval",
            Self::MetadataFrozen { .. } => "MetadataFrozen",
            Self::StatusUnchanged { .. } => "StatusUnchanged",
            Self::InvalidPageSize { .. } => "InvalidPageSize",
            Self::MarketUnavailable => "MarketUnavailable",
            Self::Admin(error) => error.name(),
            Self::InvalidCommitWindow { .. } => "InvalidCommitWindow",
            Self::CommitmentExists { .. } => "CommitmentExists",
            Self::NoCommitment => "NoCommitment",
            Self::CommitmentTooRecent { .. } => "CommitmentTooRecent",
            Self::CommitmentExpired { .. } => "CommitmentExpired",
            Self::ZeroDisputeDeposit => "ZeroDisputeDeposit",
            Self::WrongDisputeDeposit { .. } => "WrongDisputeDeposit",
            Self::OwnModelDisputed { .. } => "OwnModelDisputed",
            Self::NoArbiter => "NoArbiter",
            Self::UnknownDispute { .. } => "UnknownDispute",
            Self::DisputeClosed { .. } => "DisputeClosed",
            Self::DisputeOpen { .. } => "DisputeOpen",
            Self::NotClaimant { .. } => "NotClaimant",
            Self::NotArbiter => "NotArbiter",
            Self::ModelDisputed { .. } => "ModelDisputed",
            Self::InvalidRuling => "InvalidRuling",
            Self::TooManyVoidedRanges { .. } => "TooManyVoidedRanges",
            Self::DepositTransferFailed => "DepositTransferFailed",
            Self::Overflow => "Overflow",
            Self::OwnerEpochOverflow => "OwnerEpochOverflow",
            Self::ModelIdsExhausted => "ModelIdsExhausted",
            Self::BalanceOverflow => "BalanceOverflow",
            Self::StrandingRecipient { .. } => "StrandingRecipient",
            Self::ApprovalStillHeld { .. } => "ApprovalStillHeld",
            Self::NotReassigned { .. } => "NotReassigned",
            Self::NotRestorable { .. } => "NotRestorable",
            Self::LineageCycle { .. } => "LineageCycle",
            Self::ModelInEscrow { .. } => "ModelInEscrow",
            Self::NoEscrow { .. } => "NoEscrow",
            Self::EscrowNotDue { .. } => "EscrowNotDue",
            Self::TooManyDatasets { .. } => "TooManyDatasets",
            Self::RelationMismatch { .. } => "RelationMismatch",
            Self::VersionKindMismatch { .. } => "VersionKindMismatch",
            Self::DatasetWithParents => "DatasetWithParents",
        }
    }
}

impl From<AdminError> for RegistryError {
    fn from(error: AdminError) -> Self {
        Self::Admin(error)
    }
}

impl From<RegistryError> for PSP34Error {
    fn from(error: RegistryError) -> Self {
        match error {
            RegistryError::UnknownModel { .. } => PSP34Error::TokenNotExists,
            RegistryError::NotApproved => PSP34Error::NotApproved,
            RegistryError::SelfApprove => PSP34Error::SelfApprove,
            other => PSP34Error::Custom(String::from(other.custom_name())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_errors_map_to_the_standard_psp34_errors_or_name_themselves() {
        let standard = [
            (RegistryError::UnknownModel { model: 1 }, PSP34Error::TokenNotExists),
            (RegistryError::NotApproved, PSP34Error::NotApproved),
            (RegistryError::SelfApprove, PSP34Error::SelfApprove),
        ];
        for (error, expected) in standard {
            assert_eq!(PSP34Error::from(error), expected);
        }
        let custom = [
            (RegistryError::TransferToSelf, "TransferToSelf"),
            (RegistryError::BalanceOverflow, "BalanceOverflow"),
            (RegistryError::StrandingRecipient { recipient: [1; 32].into() }, "StrandingRecipient"),
            (RegistryError::MarketUnavailable, "MarketUnavailable"),
            (RegistryError::OwnerEpochOverflow, "OwnerEpochOverflow"),
            (RegistryError::Admin(AdminError::Paused), "Paused"),
            (
                RegistryError::Admin(AdminError::LayoutMismatch { stored: 1, code: 2 }),
                "LayoutMismatch",
            ),
        ];
        for (error, name) in custom {
            assert_eq!(PSP34Error::from(error), PSP34Error::Custom(String::from(name)));
        }
    }
}
