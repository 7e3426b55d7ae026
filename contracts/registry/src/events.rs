//! Events of the registry. PSP34's `Transfer` and `Approval` come from
//! `modelmint_common::psp34` so that every PSP34 client decodes them.
//!
//! Ids and accounts are topics (indexers filter on them); amounts and texts never are.

use crate::types::{DisputeId, Ruling};
use ink::prelude::{string::String, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::psp34::{Approval, Transfer};
use modelmint_common::registry::{BlockNumber, Commitment};
use modelmint_common::{AssetKind, Bps, ModelHash, ModelId, ModelStatus, ParentLink};

/// A model was registered and its token minted to `owner`. A PSP34 [`Transfer`]
/// with `from: None` follows it.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRegistered {
    /// The new model's id (its PSP34 token id is `Id::U64(model)`).
    #[ink(topic)]
    pub model: ModelId,
    /// The model's content hash.
    #[ink(topic)]
    pub hash: ModelHash,
    /// A model or a dataset.
    pub kind: AssetKind,
    /// The registrant, who owns the new token.
    #[ink(topic)]
    pub owner: AccountId,
    /// Human-readable name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Metadata URI (model card).
    pub uri: String,
    /// The previous version of the same model line, if any.
    pub previous_version: Option<ModelId>,
    /// The models this one derives from and the datasets it was trained on,
    /// with the royalty share each is owed.
    pub parents: Vec<ParentLink>,
}

/// A model's escrow was released after [`DISPUTE_ESCROW`] without a
/// ruling: its owner is paid again, disputes still open or not.
///
/// [`DISPUTE_ESCROW`]: modelmint_common::market::DISPUTE_ESCROW
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscrowReleased {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
}

/// After a reassigning ruling, a version or derivative of the disputed model
/// that the losing owner registered moved to the claimant. A PSP34
/// [`Transfer`] precedes it.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRestored {
    /// The dispute that reassigned the model it derives from.
    #[ink(topic)]
    pub dispute: DisputeId,
    /// The model moved.
    #[ink(topic)]
    pub model: ModelId,
    /// Its new owner: the dispute's claimant.
    #[ink(topic)]
    pub to: AccountId,
}

/// After a reassigning ruling, the arbiter gave the disputed model these
/// parents; its obligations were flattened again from them.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineageSet {
    /// The dispute that reassigned the model.
    #[ink(topic)]
    pub dispute: DisputeId,
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// Its parents from now on, with the share each is owed.
    pub parents: Vec<ParentLink>,
}

/// A model's metadata URI was replaced.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataUpdated {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The new URI.
    pub uri: String,
}

/// A model's metadata was frozen for good.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataFrozen {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
}

/// A model's status changed (deprecated, or active again).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChanged {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The new status.
    pub status: ModelStatus,
}

/// A model's owner allowed (or, with `royalty_bps: None`, disallowed) one account
/// to register one derivative of it.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivativeApproved {
    /// The parent model.
    #[ink(topic)]
    pub parent: ModelId,
    /// The account that may register the derivative.
    #[ink(topic)]
    pub account: AccountId,
    /// The royalty share the derivative will owe the parent; `None` revokes.
    pub royalty_bps: Option<Bps>,
}

/// An account committed to registering a content root it does not reveal yet
/// (see [`modelmint_common::registry::registration_commitment`]).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationCommitted {
    /// Who committed; only they can use or cancel the commitment.
    #[ink(topic)]
    pub committer: AccountId,
    /// The commitment.
    pub commitment: Commitment,
    /// The block it was made in.
    pub block: BlockNumber,
}

/// A commitment was cancelled by its committer (its deposit returned).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentCancelled {
    /// The committer.
    #[ink(topic)]
    pub committer: AccountId,
    /// The commitment.
    pub commitment: Commitment,
}

/// Someone raised a dispute against a model, with a deposit.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeRaised {
    /// The dispute.
    #[ink(topic)]
    pub dispute: DisputeId,
    /// The disputed model.
    #[ink(topic)]
    pub model: ModelId,
    /// Who raised it.
    #[ink(topic)]
    pub claimant: AccountId,
    /// sha256 of the evidence.
    pub evidence_hash: [u8; 32],
    /// Where the evidence is.
    pub evidence_uri: String,
}

/// The arbiter ruled on a dispute (a `StatusChanged` and, for a
/// reassignment, a PSP34 `Transfer` follow).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeResolved {
    /// The dispute.
    #[ink(topic)]
    pub dispute: DisputeId,
    /// The disputed model.
    #[ink(topic)]
    pub model: ModelId,
    /// The ruling.
    pub ruling: Ruling,
}

/// A claimant removed a dispute the arbiter had ruled on (its storage
/// deposit went back to the claimant).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeCleared {
    /// The dispute.
    #[ink(topic)]
    pub dispute: DisputeId,
}

/// Everything the registry's data layer can ask the contract to emit, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryEvent {
    EscrowReleased(EscrowReleased),
    ModelRestored(ModelRestored),
    LineageSet(LineageSet),
    ModelRegistered(ModelRegistered),
    Transfer(Transfer),
    Approval(Approval),
    MetadataUpdated(MetadataUpdated),
    MetadataFrozen(MetadataFrozen),
    StatusChanged(StatusChanged),
    DerivativeApproved(DerivativeApproved),
    RegistrationCommitted(RegistrationCommitted),
    CommitmentCancelled(CommitmentCancelled),
    DisputeRaised(DisputeRaised),
    DisputeResolved(DisputeResolved),
    DisputeCleared(DisputeCleared),
}

impl RegistryEvent {
    /// Emits the event from the executing contract.
    fn emit(self) {
        use ink::env::{emit_event, DefaultEnvironment as E};
        match self {
            Self::EscrowReleased(e) => emit_event::<E, _>(e),
            Self::ModelRestored(e) => emit_event::<E, _>(e),
            Self::LineageSet(e) => emit_event::<E, _>(e),
            Self::ModelRegistered(e) => emit_event::<E, _>(e),
            Self::Transfer(e) => emit_event::<E, _>(e),
            Self::Approval(e) => emit_event::<E, _>(e),
            Self::MetadataUpdated(e) => emit_event::<E, _>(e),
            Self::MetadataFrozen(e) => emit_event::<E, _>(e),
            Self::StatusChanged(e) => emit_event::<E, _>(e),
            Self::DerivativeApproved(e) => emit_event::<E, _>(e),
            Self::RegistrationCommitted(e) => emit_event::<E, _>(e),
            Self::CommitmentCancelled(e) => emit_event::<E, _>(e),
            Self::DisputeRaised(e) => emit_event::<E, _>(e),
            Self::DisputeResolved(e) => emit_event::<E, _>(e),
            Self::DisputeCleared(e) => emit_event::<E, _>(e),
        }
    }
}

/// Emits `events` from the executing contract, in order: what the data
/// layer's rules return after their writes.
pub fn emit_all(events: Vec<RegistryEvent>) {
    events.into_iter().for_each(RegistryEvent::emit);
}
