//! The registry's state and rules, free of any contract plumbing.
//!
//! Every method takes the acting account (and the time, where it matters) as a
//! parameter, validates everything before its first write, and returns the
//! effects the contract must carry out after it: the events to emit, the
//! money to send ([`Payout`]) and the model record to push to the market
//! ([`Push`]). Unit tests drive it directly.
//!
//! The rules live in three places: this module (commit and reveal,
//! registration, metadata, status, PSP34 ownership), [`lineage`] (parents,
//! obligations, ancestors, derivative approvals) and [`disputes`].
//!
//! **What the market is told.** The registry is the source of truth about
//! models; the market keeps a copy of what it needs to sell each one
//! ([`ModelRecord`]: owner, owner epoch, status, obligations, voided epochs).
//! Every method that changes any of it (registration, transfer, status
//! change, a ruling that changes the status or moves the token) returns one
//! [`Push`] of the model's record after the change, built from the values it
//! has just written by the same function as [`RegistryData::record`], so the
//! market's copy always equals what the registry says.

pub mod disputes;
pub mod lineage;
pub mod restore;

use crate::errors::{RegistryError, Result, TextField};
use crate::events::{
    CommitmentCancelled, MetadataFrozen, MetadataUpdated, ModelRegistered, RegistrationCommitted,
    RegistryEvent, StatusChanged,
};
pub use crate::types::{Dispute, DisputeId, DisputeState, Ruling};
use ink::prelude::{string::String, vec, vec::Vec};
use ink::primitives::AccountId;
use ink::storage::{Lazy, Mapping};
use modelmint_common::market::ModelRecord;
use modelmint_common::psp34::{Approval, Id, Transfer};
use modelmint_common::registry::{registration_commitment, BlockNumber, CommitWindow, Commitment};
use modelmint_common::{
    AssetKind, Balance, Bps, EpochRange, ModelHash, ModelId, ModelStatus, Obligation, OwnerEpoch,
    ParentLink, Relation, Timestamp,
};

/// Longest model name, in bytes.
pub const MAX_NAME_LEN: u32 = 64;
/// Longest version label, in bytes.
pub const MAX_VERSION_LEN: u32 = 32;
/// Longest metadata URI, in bytes: room for an `ipfs://` CID with a path, or an
/// https URL, while keeping each model's storage deposit small and fixed.
pub const MAX_URI_LEN: u32 = 256;
/// Most parent models a derivative may name (edges of a model relation).
pub const MAX_PARENTS: u32 = 8;
/// Most datasets a model may name as its training data
/// ([`Relation::TrainedOn`] edges), beside its [`MAX_PARENTS`] parent models.
pub const MAX_DATASETS: u32 = 4;
pub use modelmint_common::market::{MAX_OBLIGATIONS, MAX_VOIDED_RANGES};
pub use modelmint_common::registry::MAX_ANCESTORS;
/// Largest page [`RegistryData::models_of`] returns.
pub const MAX_PAGE: u32 = 100;

/// Money the contract must send after a state change: the change is undone
/// if the transfer fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payout {
    /// Who receives it.
    pub to: AccountId,
    /// How much.
    pub amount: Balance,
}

/// A model's record the contract must push to the wired market
/// ([`ModelSync::sync_model`](modelmint_common::market::ModelSync::sync_model))
/// after a change: the change is undone if the push fails. Always
/// [`RegistryData::record`] of `model` after the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    /// The model.
    pub model: ModelId,
    /// What the registry says about it now, in the market's form.
    pub record: ModelRecord,
}

/// What a registrant submits.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelDraft {
    /// sha256 content root of the asset's files (see `modelmint-hash`).
    pub hash: ModelHash,
    /// A model or a dataset; fixed for good.
    pub kind: AssetKind,
    /// Human-readable name, 1..=[`MAX_NAME_LEN`] bytes.
    pub name: String,
    /// Version label, 1..=[`MAX_VERSION_LEN`] bytes.
    pub version: String,
    /// Metadata URI (model card), 1..=[`MAX_URI_LEN`] bytes.
    pub uri: String,
    /// The previous version of the same line, of the same kind; the
    /// registrant must own it.
    pub previous_version: Option<ModelId>,
    /// For a model: the models it derives from (at most [`MAX_PARENTS`]) and
    /// the datasets it was trained on ([`Relation::TrainedOn`], at most
    /// [`MAX_DATASETS`]). A dataset names none.
    pub parents: Vec<ParentRequest>,
}

/// A parent named at registration. Its royalty share comes from the right that
/// allows the derivative (the lower of the parent owner's approval and the
/// registrant's license, where both exist), never from the registrant, and is
/// never above `max_royalty_bps`: what the registrant accepts, so that nobody
/// can raise it between signing and execution.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParentRequest {
    /// The parent model.
    pub model: ModelId,
    /// How the derivative was made from it.
    pub relation: Relation,
    /// The highest royalty (basis points) the registrant accepts to owe it.
    pub max_royalty_bps: Bps,
}

/// What the registry records about a model: fixed at registration but for
/// the URI, the status, the freeze and the disputes. Ownership is kept apart
/// ([`Holding`]), so that a transfer rewrites 36 bytes, not the record.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Model {
    /// sha256 content root of the asset's files.
    pub hash: ModelHash,
    /// A model or a dataset.
    pub kind: AssetKind,
    /// Human-readable name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Metadata URI (model card); changeable by the owner until frozen.
    pub uri: String,
    /// The account that registered the model (its first owner).
    pub registrant: AccountId,
    /// Block timestamp of the registration.
    pub registered_at: Timestamp,
    /// The previous version of the same model line.
    pub previous_version: Option<ModelId>,
    /// The direct parents, each with the share its right granted (0 for a
    /// parent the registrant owned); empty for an original. See
    /// [`RegistryData::register`].
    pub parents: Vec<ParentLink>,
    /// The ancestors owed a share of every payment for the model, ascending
    /// by ancestor: the non-zero edges and, flattened in, every obligation of
    /// each parent and of the previous version (the highest share where an
    /// ancestor is reached twice). At most [`MAX_OBLIGATIONS`], summing to at
    /// most 100 %. What the market credits; fixed at registration.
    pub obligations: Vec<Obligation>,
    /// Whether new licenses may be sold.
    pub status: ModelStatus,
    /// Once `true`, the URI never changes again.
    pub metadata_frozen: bool,
    /// How many disputes against it are open. A count, not a list, so that it
    /// takes the same room whatever the number: raising a dispute or ruling on
    /// one rewrites the record without resizing it, so neither the claimant
    /// nor the arbiter pays for, or collects, a storage deposit that is not
    /// theirs. And no cap: a capped list is one the owner's own accounts could
    /// keep full, shutting the real author out (each dispute is its own cell,
    /// paid for by its claimant, with its deposit).
    pub open_disputes: u32,
    /// The owner epochs whose licenses an arbiter voided, one range per
    /// voiding ruling (at most [`MAX_VOIDED_RANGES`]): the licenses a
    /// squatter sold before the model was reassigned grant nothing.
    pub voided: Vec<EpochRange>,
    /// Until when the model's revenue is held in escrow (block timestamp,
    /// ms; 0: not held): set when a dispute opens against a model with none
    /// open, for [`DISPUTE_ESCROW`](modelmint_common::market::DISPUTE_ESCROW);
    /// cleared when its last open dispute closes, or by anyone once due.
    pub escrow_until: Timestamp,
}

impl Model {
    /// Counts a dispute raised against the model.
    fn dispute_opened(&mut self) -> Result<()> {
        self.open_disputes = self.open_disputes.checked_add(1).ok_or(RegistryError::Overflow)?;
        Ok(())
    }

    /// Counts one of its open disputes ruled on or taken back.
    fn dispute_closed(&mut self) -> Result<()> {
        self.open_disputes = self.open_disputes.checked_sub(1).ok_or(RegistryError::Overflow)?;
        Ok(())
    }

    /// The market's record of this model held as `holding`.
    fn market_record(&self, holding: Holding) -> ModelRecord {
        ModelRecord {
            kind: self.kind,
            owner: holding.owner,
            epoch: holding.epoch,
            status: self.status,
            obligations: self.obligations.clone(),
            voided: self.voided.clone(),
            escrowed: self.escrow_until != 0,
        }
    }

    /// The push of this model, `model`, held as `holding`.
    fn push(&self, model: ModelId, holding: Holding) -> Push {
        Push { model, record: self.market_record(holding) }
    }
}

/// Who holds a model's token, and how many times it has changed hands: one
/// cell, because a sale needs both (and a transfer changes both).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Holding {
    /// The current owner.
    pub owner: AccountId,
    /// How many times the token changed hands (0 until the first transfer).
    pub epoch: OwnerEpoch,
    /// The block of the last sale: a derivative approval granted in an
    /// earlier epoch still holds for a commitment made before this block
    /// (see [`lineage`]). 0 at registration and after a ruling moved the
    /// token, so that a squatter's approvals hold for nobody.
    pub since: BlockNumber,
}

/// The registry's storage: models, the hash index, lineage and PSP34 ownership.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct RegistryData {
    /// The highest id issued so far; ids are sequential from 1.
    last_id: ModelId,
    models: Mapping<ModelId, Model>,
    id_by_hash: Mapping<ModelHash, ModelId>,
    owners: Mapping<ModelId, Holding>,
    /// Number of models an account holds; also the length of its `owned` list.
    balances: Mapping<AccountId, u32>,
    /// `(owner, position)` -> model: each owner's models as a dense list for paging.
    owned: Mapping<(AccountId, u32), ModelId>,
    /// model -> its position in its owner's `owned` list.
    owned_position: Mapping<ModelId, u32>,
    /// The one account approved for a single model, cleared on transfer.
    model_approvals: Mapping<ModelId, AccountId>,
    /// `(owner, operator)` pairs approved for all of the owner's models.
    operator_approvals: Mapping<(AccountId, AccountId), ()>,
    /// All ancestors of derivative models, sorted ascending (absent for originals).
    ancestors: Mapping<ModelId, Vec<ModelId>>,
    /// `(parent, account)` -> one derivative of `parent` that the parent's
    /// owner allowed `account` to register, with the terms before its last
    /// change; consumed by that registration (see [`lineage`]).
    derivative_approvals: Mapping<(ModelId, AccountId), DerivativeApproval>,
    /// How old a registration commitment must be, fixed at instantiation.
    commit_window: Lazy<CommitWindow>,
    /// `(committer, commitment)` -> the block it was made in. Keyed by the
    /// committer so that nobody can occupy, refresh or cancel another
    /// account's commitment.
    commitments: Mapping<(AccountId, Commitment), BlockNumber>,
    /// The deposit that raising a dispute costs, fixed at instantiation.
    dispute_deposit: Lazy<Balance>,
    /// The highest dispute id issued so far.
    last_dispute: Lazy<DisputeId>,
    /// Disputes, open and ruled on; a ruled-on one stays until its
    /// claimant, who paid its storage deposit, clears it. A model's record
    /// counts its open ones ([`Model::open_disputes`]).
    disputes: Mapping<DisputeId, Dispute>,
}

/// The terms of a derivative approval: the royalty share the derivative
/// will owe, and the parent's owner epoch they were granted in.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ApprovalTerms {
    /// The share the derivative will owe the parent.
    pub royalty_bps: Bps,
    /// The parent's owner epoch when granted.
    pub epoch: OwnerEpoch,
}

/// A derivative approval with the terms it had before its last change, so
/// that no change (a revocation, another share) fails the reveal of a
/// commitment made before it (see [`lineage`]).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct DerivativeApproval {
    /// The terms for commitments made from `changed_at` on; `None` once
    /// revoked.
    pub current: Option<ApprovalTerms>,
    /// The terms for commitments made before `changed_at`.
    pub previous: Option<ApprovalTerms>,
    /// The block of the last change.
    pub changed_at: BlockNumber,
}

/// The model a PSP34 id refers to, if it is of the registry's form ([`Id::U64`]).
pub fn model_of_token(id: &Id) -> Option<ModelId> {
    match id {
        Id::U64(model) => Some(*model),
        _ => None,
    }
}

impl RegistryData {
    /// An empty registry whose registrations reveal commitments made within
    /// `commit_window` and whose disputes cost `dispute_deposit` to raise.
    pub fn new(commit_window: CommitWindow, dispute_deposit: Balance) -> Result<Self> {
        if !commit_window.is_valid() {
            let CommitWindow { min_blocks, max_blocks } = commit_window;
            return Err(RegistryError::InvalidCommitWindow { min_blocks, max_blocks });
        }
        if dispute_deposit == 0 {
            return Err(RegistryError::ZeroDisputeDeposit);
        }
        let mut data = Self::default();
        data.commit_window.set(&commit_window);
        data.dispute_deposit.set(&dispute_deposit);
        Ok(data)
    }

    // --- commit and reveal ------------------------------------------------------

    /// The commit window registrations use.
    pub fn commit_window(&self) -> CommitWindow {
        // Always set by `new`; the fallback is never reached.
        self.commit_window.get().unwrap_or(CommitWindow { min_blocks: 1, max_blocks: 2 })
    }

    /// Records `caller`'s commitment to a registration it will reveal later.
    pub fn commit(
        &mut self,
        caller: AccountId,
        block: BlockNumber,
        commitment: Commitment,
    ) -> Result<Vec<RegistryEvent>> {
        if let Some(made) = self.commitments.get((caller, commitment)) {
            return Err(RegistryError::CommitmentExists { block: made });
        }
        self.commitments.insert((caller, commitment), &block);
        Ok(vec![RegistryEvent::RegistrationCommitted(RegistrationCommitted {
            committer: caller,
            commitment,
            block,
        })])
    }

    /// Cancels `caller`'s own `commitment`, used or not, expired or not.
    pub fn cancel_commitment(
        &mut self,
        caller: AccountId,
        commitment: Commitment,
    ) -> Result<Vec<RegistryEvent>> {
        if !self.commitments.contains((caller, commitment)) {
            return Err(RegistryError::NoCommitment);
        }
        self.commitments.remove((caller, commitment));
        Ok(vec![RegistryEvent::CommitmentCancelled(CommitmentCancelled {
            committer: caller,
            commitment,
        })])
    }

    /// The block in which `committer` made `commitment`, if it is pending.
    pub fn commitment(&self, committer: AccountId, commitment: Commitment) -> Option<BlockNumber> {
        self.commitments.get((committer, commitment))
    }

    /// The commitment a registration of `root` by `caller` with `salt` reveals,
    /// if it is pending and inside the commit window at `block`, and the
    /// block it was made in.
    fn revealed_commitment(
        &self,
        caller: AccountId,
        block: BlockNumber,
        root: &ModelHash,
        salt: &[u8; 32],
    ) -> Result<(Commitment, BlockNumber)> {
        let commitment = registration_commitment(root, &caller, salt);
        let made = self.commitments.get((caller, commitment)).ok_or(RegistryError::NoCommitment)?;
        let window = self.commit_window();
        let ready_at = made.saturating_add(window.min_blocks);
        if block < ready_at {
            return Err(RegistryError::CommitmentTooRecent { ready_at });
        }
        let expired_after = made.saturating_add(window.max_blocks);
        if block > expired_after {
            return Err(RegistryError::CommitmentExpired { expired_after });
        }
        Ok((commitment, made))
    }

    // --- registration -------------------------------------------------------------

    /// Registers `draft` for `caller`, who becomes the owner of the new model,
    /// revealing (and consuming) the commitment `caller` made to the draft's
    /// content root with `salt` inside the commit window, counted at `block`.
    ///
    /// For each parent the caller does not own, the derivative right comes from an
    /// approval by the parent's owner (consumed here) or, failing that, from
    /// `licensed_royalty(parent)`: the royalty share of a valid license of the
    /// caller's that allows derivatives. The new model's edges are the
    /// requested parents with those shares (0 for a parent the caller owns);
    /// its obligations flatten in every obligation of its parents and previous
    /// version (see [`lineage`]).
    ///
    /// Returns the new id, the events and the new model's [`Push`].
    pub fn register(
        &mut self,
        caller: AccountId,
        (now, block): (Timestamp, BlockNumber),
        draft: ModelDraft,
        salt: [u8; 32],
        mut licensed_royalty: impl FnMut(ModelId) -> Result<Option<Bps>>,
    ) -> Result<(ModelId, Vec<RegistryEvent>, Push)> {
        let (commitment, committed) =
            self.revealed_commitment(caller, block, &draft.hash, &salt)?;
        check_text(TextField::Name, &draft.name, MAX_NAME_LEN)?;
        check_text(TextField::Version, &draft.version, MAX_VERSION_LEN)?;
        check_text(TextField::Uri, &draft.uri, MAX_URI_LEN)?;
        if let Some(existing) = self.id_by_hash.get(draft.hash) {
            return Err(RegistryError::AlreadyRegistered { existing });
        }
        let lineage = self.resolve_lineage(
            caller,
            (&draft.parents, committed),
            (draft.kind, draft.previous_version),
            &mut licensed_royalty,
        )?;
        let model = self.last_id.checked_add(1).ok_or(RegistryError::ModelIdsExhausted)?;
        let position = self.balance_of(caller);
        let balance = position.checked_add(1).ok_or(RegistryError::BalanceOverflow)?;

        self.last_id = model;
        let ModelDraft { hash, kind, name, version, uri, previous_version, .. } = draft;
        let record = Model {
            hash,
            kind,
            name: name.clone(),
            version: version.clone(),
            uri: uri.clone(),
            registrant: caller,
            registered_at: now,
            previous_version,
            parents: lineage.links.clone(),
            obligations: lineage.obligations,
            status: ModelStatus::Active,
            metadata_frozen: false,
            open_disputes: 0,
            voided: Vec::new(),
            escrow_until: 0,
        };
        self.models.insert(model, &record);
        self.id_by_hash.insert(hash, &model);
        let holding = Holding { owner: caller, epoch: 0, since: 0 };
        self.owners.insert(model, &holding);
        self.balances.insert(caller, &balance);
        self.owned.insert((caller, position), &model);
        self.owned_position.insert(model, &position);
        if !lineage.ancestors.is_empty() {
            self.ancestors.insert(model, &lineage.ancestors);
        }
        for parent in lineage.used_approvals {
            self.derivative_approvals.remove((parent, caller));
        }
        self.commitments.remove((caller, commitment));

        let events = vec![
            RegistryEvent::ModelRegistered(ModelRegistered {
                model,
                hash,
                kind,
                owner: caller,
                name,
                version,
                uri,
                previous_version,
                parents: lineage.links,
            }),
            RegistryEvent::Transfer(Transfer { from: None, to: Some(caller), id: Id::U64(model) }),
        ];
        Ok((model, events, record.push(model, holding)))
    }

    // --- metadata and status ----------------------------------------------------

    /// Replaces `model`'s metadata URI; its owner only, until frozen.
    pub fn set_uri(
        &mut self,
        caller: AccountId,
        model: ModelId,
        uri: String,
    ) -> Result<Vec<RegistryEvent>> {
        check_text(TextField::Uri, &uri, MAX_URI_LEN)?;
        let mut record = self.require_owned_by(model, caller)?;
        if record.metadata_frozen {
            return Err(RegistryError::MetadataFrozen { model });
        }
        record.uri = uri.clone();
        self.models.insert(model, &record);
        Ok(vec![RegistryEvent::MetadataUpdated(MetadataUpdated { model, uri })])
    }

    /// Freezes `model`'s metadata for good; its owner only.
    pub fn freeze_metadata(
        &mut self,
        caller: AccountId,
        model: ModelId,
    ) -> Result<Vec<RegistryEvent>> {
        let mut record = self.require_owned_by(model, caller)?;
        if record.metadata_frozen {
            return Err(RegistryError::MetadataFrozen { model });
        }
        record.metadata_frozen = true;
        self.models.insert(model, &record);
        Ok(vec![RegistryEvent::MetadataFrozen(MetadataFrozen { model })])
    }

    /// Sets `model`'s status (deprecated: no new licenses); its owner only.
    /// Returns the events and the model's [`Push`].
    pub fn set_status(
        &mut self,
        caller: AccountId,
        model: ModelId,
        status: ModelStatus,
    ) -> Result<(Vec<RegistryEvent>, Push)> {
        let holding = self.require_holding(model)?;
        if holding.owner != caller {
            return Err(RegistryError::NotModelOwner { model, owner: holding.owner });
        }
        let mut record = self.require_model(model)?;
        if record.status == ModelStatus::Disputed || status == ModelStatus::Disputed {
            return Err(RegistryError::ModelDisputed { model });
        }
        if record.status == status {
            return Err(RegistryError::StatusUnchanged { model, status });
        }
        record.status = status;
        self.models.insert(model, &record);
        let events = vec![RegistryEvent::StatusChanged(StatusChanged { model, status })];
        Ok((events, record.push(model, holding)))
    }

    // --- reads --------------------------------------------------------------------

    /// The model with id `model`.
    pub fn model(&self, model: ModelId) -> Option<Model> {
        self.models.get(model)
    }

    /// What the registry says about `model` in the market's form (owner,
    /// owner epoch, status, obligations, voided epochs): what every change
    /// pushes and what a resync sends. `None` for an unknown id. Two storage
    /// reads: the holding and the record.
    pub fn record(&self, model: ModelId) -> Option<ModelRecord> {
        let holding = self.owners.get(model)?;
        Some(self.models.get(model)?.market_record(holding))
    }

    /// The id under which `hash` is registered.
    pub fn model_id_by_hash(&self, hash: ModelHash) -> Option<ModelId> {
        self.id_by_hash.get(hash)
    }

    /// How many times `model`'s token has changed hands (0 for unknown ids).
    pub fn owner_epoch(&self, model: ModelId) -> OwnerEpoch {
        self.owners.get(model).map_or(0, |holding| holding.epoch)
    }

    /// Up to `limit` models of `owner`, from position `start` of its list. The
    /// order is stable except that a transfer moves the owner's last model into
    /// the position of the one that left.
    pub fn models_of(&self, owner: AccountId, start: u32, limit: u32) -> Result<Vec<ModelId>> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(RegistryError::InvalidPageSize { limit, max: MAX_PAGE });
        }
        let end = start.saturating_add(limit).min(self.balance_of(owner));
        Ok((start..end).filter_map(|position| self.owned.get((owner, position))).collect())
    }

    /// The current owner of `model`.
    pub fn owner_of(&self, model: ModelId) -> Option<AccountId> {
        self.owners.get(model).map(|holding| holding.owner)
    }

    /// How many models `owner` holds.
    pub fn balance_of(&self, owner: AccountId) -> u32 {
        self.balances.get(owner).unwrap_or(0)
    }

    /// The number of registered models.
    pub fn total_supply(&self) -> u64 {
        // Ids are issued sequentially from 1 and models are never removed, so the
        // highest id is the count.
        self.last_id
    }

    // --- PSP34 ownership ----------------------------------------------------------

    /// Whether `operator` may transfer `model` (or, for `None`, every model) of `owner`.
    pub fn allowance(&self, owner: AccountId, operator: AccountId, model: Option<ModelId>) -> bool {
        if self.operator_approvals.contains((owner, operator)) {
            return true;
        }
        match model {
            Some(model) => {
                self.owner_of(model) == Some(owner)
                    && self.model_approvals.get(model) == Some(operator)
            }
            None => false,
        }
    }

    /// Approves (or revokes) `operator` for `model` of `caller`, or for all of
    /// `caller`'s models when `model` is `None`.
    pub fn approve(
        &mut self,
        caller: AccountId,
        operator: AccountId,
        model: Option<ModelId>,
        approved: bool,
    ) -> Result<Vec<RegistryEvent>> {
        if operator == caller {
            return Err(RegistryError::SelfApprove);
        }
        match model {
            Some(model) => {
                if self.require_owner(model)? != caller {
                    return Err(RegistryError::NotApproved);
                }
                if approved {
                    self.model_approvals.insert(model, &operator);
                } else if self.model_approvals.get(model) == Some(operator) {
                    self.model_approvals.remove(model);
                }
            }
            None => {
                if approved {
                    self.operator_approvals.insert((caller, operator), &());
                } else {
                    self.operator_approvals.remove((caller, operator));
                }
            }
        }
        Ok(vec![RegistryEvent::Approval(Approval {
            owner: caller,
            operator,
            id: model.map(Id::U64),
            approved,
        })])
    }

    /// Moves `model` to `to`, acting for `caller` (its owner or an approved
    /// operator). The right to set prices and splits moves with it: the
    /// returned [`Push`] tells the market the new owner and owner epoch.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        block: BlockNumber,
        to: AccountId,
        model: ModelId,
    ) -> Result<(Vec<RegistryEvent>, Push)> {
        let holding = self.require_holding(model)?;
        let owner = holding.owner;
        if caller != owner && !self.allowance(owner, caller, Some(model)) {
            return Err(RegistryError::NotApproved);
        }
        if to == owner {
            return Err(RegistryError::TransferToSelf);
        }
        // The market's record needs the status and obligations too.
        let record = self.require_model(model)?;
        // A squatter must not move the token (and the revenue held for the
        // rightful owner) out of a dispute's reach.
        if record.escrow_until != 0 {
            return Err(RegistryError::ModelInEscrow { model, until: record.escrow_until });
        }
        let (holding, event) = self.move_token(holding, to, model, block)?;
        Ok((vec![event], record.push(model, holding)))
    }

    /// Moves `model`, held as `from`, to `to` (not its owner): a new owner
    /// epoch from block `since` (0: the earlier owners' derivative approvals
    /// hold for no pending commitment), the single-token approval cleared,
    /// both owners' lists updated. Returns the new holding and the PSP34
    /// `Transfer` event.
    fn move_token(
        &mut self,
        from: Holding,
        to: AccountId,
        model: ModelId,
        since: BlockNumber,
    ) -> Result<(Holding, RegistryEvent)> {
        let owner = from.owner;
        let to_position = self.balance_of(to);
        let to_balance = to_position.checked_add(1).ok_or(RegistryError::BalanceOverflow)?;
        let epoch = from.epoch.checked_add(1).ok_or(RegistryError::OwnerEpochOverflow)?;

        self.model_approvals.remove(model);
        self.remove_from_owned(owner, model);
        self.owned.insert((to, to_position), &model);
        self.owned_position.insert(model, &to_position);
        self.balances.insert(to, &to_balance);
        let holding = Holding { owner: to, epoch, since };
        self.owners.insert(model, &holding);

        let event = RegistryEvent::Transfer(Transfer {
            from: Some(owner),
            to: Some(to),
            id: Id::U64(model),
        });
        Ok((holding, event))
    }

    /// Swap-removes `model` from `owner`'s list and decrements the balance.
    fn remove_from_owned(&mut self, owner: AccountId, model: ModelId) {
        // `owner` holds `model`, so its balance is at least 1 and `model` has a position.
        let last = self.balance_of(owner).saturating_sub(1);
        let position = self.owned_position.get(model).unwrap_or(last);
        if position != last {
            if let Some(moved) = self.owned.get((owner, last)) {
                self.owned.insert((owner, position), &moved);
                self.owned_position.insert(moved, &position);
            }
        }
        self.owned.remove((owner, last));
        self.owned_position.remove(model);
        if last == 0 {
            self.balances.remove(owner);
        } else {
            self.balances.insert(owner, &last);
        }
    }

    // --- lookups that fail --------------------------------------------------------

    fn require_holding(&self, model: ModelId) -> Result<Holding> {
        self.owners.get(model).ok_or(RegistryError::UnknownModel { model })
    }

    fn require_owner(&self, model: ModelId) -> Result<AccountId> {
        self.owner_of(model).ok_or(RegistryError::UnknownModel { model })
    }

    /// The record of `model` if `caller` owns it.
    fn require_owned_by(&self, model: ModelId, caller: AccountId) -> Result<Model> {
        let owner = self.require_owner(model)?;
        if owner != caller {
            return Err(RegistryError::NotModelOwner { model, owner });
        }
        self.require_model(model)
    }

    fn require_model(&self, model: ModelId) -> Result<Model> {
        self.models.get(model).ok_or(RegistryError::UnknownModel { model })
    }
}

fn check_text(field: TextField, text: &str, max: u32) -> Result<()> {
    if text.is_empty() {
        return Err(RegistryError::EmptyField { field });
    }
    let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
    if length > max {
        return Err(RegistryError::FieldTooLong { field, length, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
