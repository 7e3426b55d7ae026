//! The registry's state and rules, free of any contract plumbing.
//!
//! Every method takes the acting account (and the time, where it matters) as a
//! parameter, validates everything before its first write, and returns the
//! events the contract must emit. Unit tests drive it directly.

use crate::errors::{RegistryError, Result, TextField};
use crate::events::{
    CommitmentCancelled, DerivativeApproved, DisputeCleared, DisputeRaised, DisputeResolved,
    MetadataFrozen, MetadataUpdated, ModelRegistered, RegistrationCommitted, RegistryEvent,
    StatusChanged,
};
pub use crate::types::{Dispute, DisputeId, DisputeState, Ruling};
use ink::prelude::{string::String, vec, vec::Vec};
use ink::primitives::AccountId;
use ink::storage::{Lazy, Mapping};
use modelmint_common::psp34::{Approval, Id, Transfer};
use modelmint_common::registry::{
    registration_commitment, BlockNumber, CommitWindow, Commitment, LineageNode, ModelSummary,
    SaleContext,
};
use modelmint_common::{
    Balance, Bps, ModelHash, ModelId, ModelStatus, OwnerEpoch, ParentLink, Relation, Timestamp,
    BPS_SCALE,
};

/// Longest model name, in bytes.
pub const MAX_NAME_LEN: u32 = 64;
/// Longest version label, in bytes.
pub const MAX_VERSION_LEN: u32 = 32;
/// Longest metadata URI, in bytes: room for an `ipfs://` CID with a path, or an
/// https URL, while keeping each model's storage deposit small and fixed.
pub const MAX_URI_LEN: u32 = 256;
/// Most direct parents a derivative may name.
pub const MAX_PARENTS: u32 = 8;
/// Most royalty edges a model may have: its direct parents plus the edges it
/// inherits from the version or self-owned parents it comes from.
pub const MAX_EDGES: u32 = 16;
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

/// What a registrant submits.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelDraft {
    /// sha256 content root of the model's files (see `modelmint-hash`).
    pub hash: ModelHash,
    /// Human-readable name, 1..=[`MAX_NAME_LEN`] bytes.
    pub name: String,
    /// Version label, 1..=[`MAX_VERSION_LEN`] bytes.
    pub version: String,
    /// Metadata URI (model card), 1..=[`MAX_URI_LEN`] bytes.
    pub uri: String,
    /// The previous version of the same model line; the registrant must own it.
    pub previous_version: Option<ModelId>,
    /// The models this one derives from (at most [`MAX_PARENTS`]).
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

/// What the registry records about a model, with its direct parents: they are
/// fixed at registration, and a sale reads the status and the parents in the
/// one storage access (pallet-contracts charges about 10 KB of proof per
/// access). Ownership is kept apart ([`Holding`]), so that a transfer rewrites
/// 36 bytes, not the record.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Model {
    /// sha256 content root of the model's files.
    pub hash: ModelHash,
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
    /// The direct parents and the royalty share owed to each (empty for an
    /// original); see [`RegistryData::register`].
    pub parents: Vec<ParentLink>,
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
    /// `(parent, account)` -> (royalty, owner epoch): one derivative of
    /// `parent` that the parent's owner in that epoch allowed `account` to
    /// register; consumed by that registration, void after a sale.
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

/// A derivative approval: the royalty share the derivative will owe, and the
/// owner epoch of the parent it was granted in.
type DerivativeApproval = (Bps, OwnerEpoch);

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

    /// What raising a dispute costs.
    pub fn dispute_deposit(&self) -> Balance {
        self.dispute_deposit.get().unwrap_or(0)
    }

    /// Opens a dispute by `caller` against `model`, who attached `paid` (which
    /// must be exactly the dispute deposit), if an `arbiter` is wired to rule
    /// on it: without one the deposit would wait for a rewiring.
    pub fn raise_dispute(
        &mut self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        now: Timestamp,
        model: ModelId,
        (evidence_hash, evidence_uri): ([u8; 32], String),
        paid: Balance,
    ) -> Result<(DisputeId, Vec<RegistryEvent>)> {
        if arbiter.is_none() {
            return Err(RegistryError::NoArbiter);
        }
        let required = self.dispute_deposit();
        if paid != required {
            return Err(RegistryError::WrongDisputeDeposit { required, paid });
        }
        check_text(TextField::Uri, &evidence_uri, MAX_URI_LEN)?;
        let owner = self.require_owner(model)?;
        if owner == caller {
            return Err(RegistryError::OwnModelDisputed { model });
        }
        let mut record = self.require_model(model)?;
        record.dispute_opened()?;
        let dispute =
            self.last_dispute.get().unwrap_or(0).checked_add(1).ok_or(RegistryError::Overflow)?;

        self.last_dispute.set(&dispute);
        self.models.insert(model, &record);
        self.disputes.insert(
            dispute,
            &Dispute {
                model,
                claimant: caller,
                evidence_hash,
                evidence_uri: evidence_uri.clone(),
                deposit: paid,
                raised_at: now,
                state: DisputeState::Open,
            },
        );
        let event = DisputeRaised { dispute, model, claimant: caller, evidence_hash, evidence_uri };
        Ok((dispute, vec![RegistryEvent::DisputeRaised(event)]))
    }

    /// Rules on `dispute` for `caller`, who must be the wired `arbiter`.
    /// Returns the deposit's payout, which the contract must send.
    pub fn resolve_dispute(
        &mut self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        dispute_id: DisputeId,
        ruling: Ruling,
    ) -> Result<(Payout, Vec<RegistryEvent>)> {
        if arbiter != Some(caller) {
            return Err(RegistryError::NotArbiter);
        }
        let mut dispute = self
            .disputes
            .get(dispute_id)
            .ok_or(RegistryError::UnknownDispute { dispute: dispute_id })?;
        if dispute.state != DisputeState::Open {
            return Err(RegistryError::DisputeClosed { dispute: dispute_id });
        }
        let model = dispute.model;
        let owner = self.require_owner(model)?;
        let mut record = self.require_model(model)?;
        let mut events = Vec::with_capacity(3);
        events.push(RegistryEvent::DisputeResolved(DisputeResolved {
            dispute: dispute_id,
            model,
            ruling,
        }));
        let payout = match ruling {
            Ruling::Dismiss => Payout { to: owner, amount: dispute.deposit },
            Ruling::Uphold { reassign } => {
                let status = if reassign {
                    // A claimant who already holds the model (an earlier
                    // ruling gave it to them) keeps it, active.
                    if owner != dispute.claimant {
                        events.extend(self.move_token(owner, dispute.claimant, model)?);
                        // The model card the previous owner froze is theirs
                        // (a squatter's, say): the rightful owner may correct
                        // it, as every other right that owner granted lapses.
                        record.metadata_frozen = false;
                    }
                    ModelStatus::Active
                } else {
                    ModelStatus::Disputed
                };
                if record.status != status {
                    record.status = status;
                    events.push(RegistryEvent::StatusChanged(StatusChanged { model, status }));
                }
                Payout { to: dispute.claimant, amount: dispute.deposit }
            }
        };
        // Every cell rewritten here keeps its size (a count, a flag, a
        // one-byte state), so the arbiter pays for no one's storage and
        // collects no one's deposit; only a reassignment moves the token's
        // bookkeeping, as any PSP34 transfer does.
        record.dispute_closed()?;
        self.models.insert(model, &record);
        dispute.state = ruling.into();
        self.disputes.insert(dispute_id, &dispute);
        Ok((payout, events))
    }

    /// Removes `dispute` for its claimant `caller` (whose storage deposit
    /// comes back): nobody else collects it. A dispute is cleared once ruled
    /// on, or while open if no `arbiter` is wired (the administrator rewired
    /// it away): then its deposit goes back too, in the returned payout, as
    /// nobody can rule on it.
    pub fn clear_dispute(
        &mut self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        dispute_id: DisputeId,
    ) -> Result<(Option<Payout>, Vec<RegistryEvent>)> {
        let dispute = self
            .disputes
            .get(dispute_id)
            .ok_or(RegistryError::UnknownDispute { dispute: dispute_id })?;
        if dispute.claimant != caller {
            return Err(RegistryError::NotClaimant {
                dispute: dispute_id,
                claimant: dispute.claimant,
            });
        }
        let refund = if dispute.state == DisputeState::Open {
            if arbiter.is_some() {
                return Err(RegistryError::DisputeOpen { dispute: dispute_id });
            }
            let mut record = self.require_model(dispute.model)?;
            record.dispute_closed()?;
            self.models.insert(dispute.model, &record);
            Some(Payout { to: caller, amount: dispute.deposit })
        } else {
            None
        };
        self.disputes.remove(dispute_id);
        Ok((refund, vec![RegistryEvent::DisputeCleared(DisputeCleared { dispute: dispute_id })]))
    }

    /// The dispute `dispute`, open or ruled on (until its claimant clears it).
    pub fn dispute(&self, dispute: DisputeId) -> Option<Dispute> {
        self.disputes.get(dispute)
    }

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
    /// if it is pending and inside the commit window at `block`.
    fn revealed_commitment(
        &self,
        caller: AccountId,
        block: BlockNumber,
        root: &ModelHash,
        salt: &[u8; 32],
    ) -> Result<Commitment> {
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
        Ok(commitment)
    }

    /// Registers `draft` for `caller`, who becomes the owner of the new model,
    /// revealing (and consuming) the commitment `caller` made to the draft's
    /// content root with `salt` inside the commit window, counted at `block`.
    ///
    /// For each parent the caller does not own, the derivative right comes from an
    /// approval by the parent's owner (consumed here) or, failing that, from
    /// `licensed_royalty(parent)`: the royalty share of a valid license of the
    /// caller's that allows derivatives.
    pub fn register(
        &mut self,
        caller: AccountId,
        (now, block): (Timestamp, BlockNumber),
        draft: ModelDraft,
        salt: [u8; 32],
        mut licensed_royalty: impl FnMut(ModelId) -> Result<Option<Bps>>,
    ) -> Result<(ModelId, Vec<RegistryEvent>)> {
        let commitment = self.revealed_commitment(caller, block, &draft.hash, &salt)?;
        check_text(TextField::Name, &draft.name, MAX_NAME_LEN)?;
        check_text(TextField::Version, &draft.version, MAX_VERSION_LEN)?;
        check_text(TextField::Uri, &draft.uri, MAX_URI_LEN)?;
        if let Some(existing) = self.id_by_hash.get(draft.hash) {
            return Err(RegistryError::AlreadyRegistered { existing });
        }
        if let Some(previous) = draft.previous_version {
            let owner = self.require_owner(previous)?;
            if owner != caller {
                return Err(RegistryError::PreviousVersionNotOwned { previous, owner });
            }
            self.ensure_undisputed(previous)?;
        }
        let (links, used_approvals) = self.resolve_parents(
            caller,
            &draft.parents,
            draft.previous_version,
            &mut licensed_royalty,
        )?;
        let ancestors = self.ancestor_set(&links)?;
        let model = self.last_id.checked_add(1).ok_or(RegistryError::ModelIdsExhausted)?;
        let position = self.balance_of(caller);
        let balance = position.checked_add(1).ok_or(RegistryError::BalanceOverflow)?;

        self.last_id = model;
        let ModelDraft { hash, name, version, uri, previous_version, .. } = draft;
        self.models.insert(
            model,
            &Model {
                hash,
                name: name.clone(),
                version: version.clone(),
                uri: uri.clone(),
                registrant: caller,
                registered_at: now,
                previous_version,
                parents: links.clone(),
                status: ModelStatus::Active,
                metadata_frozen: false,
                open_disputes: 0,
            },
        );
        self.id_by_hash.insert(hash, &model);
        self.owners.insert(model, &Holding { owner: caller, epoch: 0 });
        self.balances.insert(caller, &balance);
        self.owned.insert((caller, position), &model);
        self.owned_position.insert(model, &position);
        if !links.is_empty() {
            self.ancestors.insert(model, &ancestors);
        }
        for parent in used_approvals {
            self.derivative_approvals.remove((parent, caller));
        }
        self.commitments.remove((caller, commitment));

        let events = vec![
            RegistryEvent::ModelRegistered(ModelRegistered {
                model,
                hash,
                owner: caller,
                name,
                version,
                uri,
                previous_version,
                parents: links,
            }),
            RegistryEvent::Transfer(Transfer { from: None, to: Some(caller), id: Id::U64(model) }),
        ];
        Ok((model, events))
    }

    /// Checks the requested parents and fixes each edge's royalty share. Returns the
    /// links and the parents whose derivative approval the registration consumes.
    ///
    /// Upstream obligations cannot be shed: a parent the caller owns (a 0 bps
    /// edge) and the previous version both pass on their royalty-bearing edges,
    /// which the new model owes directly (where an edge to the same model is
    /// also requested, the higher share holds).
    fn resolve_parents(
        &self,
        caller: AccountId,
        requests: &[ParentRequest],
        previous_version: Option<ModelId>,
        licensed_royalty: &mut impl FnMut(ModelId) -> Result<Option<Bps>>,
    ) -> Result<(Vec<ParentLink>, Vec<ModelId>)> {
        let count = u32::try_from(requests.len()).unwrap_or(u32::MAX);
        if count > MAX_PARENTS {
            return Err(RegistryError::TooManyParents { count, max: MAX_PARENTS });
        }
        let mut links: Vec<ParentLink> = Vec::with_capacity(requests.len());
        let mut used_approvals = Vec::new();
        // Only edges that carry a royalty are obligations; 0 bps edges of the
        // source stay with it (so a chain of self-derivatives does not grow).
        let owed = |links: Vec<ParentLink>| -> Vec<ParentLink> {
            links.into_iter().filter(|link| link.royalty_bps > 0).collect()
        };
        let mut inherited: Vec<ParentLink> =
            previous_version.map(|version| owed(self.parents(version))).unwrap_or_default();
        for request in requests {
            let parent = request.model;
            if links.iter().any(|link| link.model == parent) {
                return Err(RegistryError::DuplicateParent { parent });
            }
            self.ensure_undisputed(parent)?;
            let royalty_bps = if self.require_owner(parent)? == caller {
                inherited.extend(owed(self.parents(parent)));
                0
            } else {
                let approved = self.derivative_approval(parent, caller);
                let licensed = licensed_royalty(parent)?;
                if approved.is_some() {
                    used_approvals.push(parent);
                }
                // Never above what the registrant's license grants.
                match (approved, licensed) {
                    (Some(approved), Some(licensed)) => approved.min(licensed),
                    (Some(royalty), None) | (None, Some(royalty)) => royalty,
                    (None, None) => return Err(RegistryError::NoDerivativeRight { parent }),
                }
            };
            if royalty_bps > request.max_royalty_bps {
                return Err(RegistryError::RoyaltyAboveMaximum {
                    parent,
                    royalty_bps,
                    max_royalty_bps: request.max_royalty_bps,
                });
            }
            links.push(ParentLink { model: parent, relation: request.relation, royalty_bps });
        }
        for edge in inherited {
            match links.iter_mut().find(|link| link.model == edge.model) {
                Some(link) => link.royalty_bps = link.royalty_bps.max(edge.royalty_bps),
                None => links.push(edge),
            }
        }
        let count = u32::try_from(links.len()).unwrap_or(u32::MAX);
        if count > MAX_EDGES {
            return Err(RegistryError::TooManyParents { count, max: MAX_EDGES });
        }
        // At most MAX_EDGES shares of at most u16::MAX each: no u32 overflow.
        let total_bps = links
            .iter()
            .fold(0u32, |total, link| total.saturating_add(u32::from(link.royalty_bps)));
        if total_bps > u32::from(BPS_SCALE) {
            return Err(RegistryError::RoyaltyStackTooHigh { total_bps });
        }
        Ok((links, used_approvals))
    }

    /// The union of `links`' models and their ancestors, sorted, within the cap.
    fn ancestor_set(&self, links: &[ParentLink]) -> Result<Vec<ModelId>> {
        let mut set: Vec<ModelId> = Vec::new();
        // Kept sorted by inserting each id at its place (a handful of
        // parents, each with at most MAX_ANCESTORS ancestors): no general sort,
        // whose code costs the registry kilobytes of Wasm.
        let mut insert = |model: ModelId| {
            if let Err(place) = set.binary_search(&model) {
                set.insert(place, model);
            }
        };
        for link in links {
            insert(link.model);
            self.ancestors.get(link.model).unwrap_or_default().into_iter().for_each(&mut insert);
        }
        let count = u32::try_from(set.len()).unwrap_or(u32::MAX);
        if count > MAX_ANCESTORS {
            return Err(RegistryError::TooManyAncestors { count, max: MAX_ANCESTORS });
        }
        Ok(set)
    }

    /// Lets `account` register one derivative of `parent` owing `royalty_bps`, or
    /// withdraws that permission (`None`). Only the parent's owner may do this.
    pub fn approve_derivative(
        &mut self,
        caller: AccountId,
        parent: ModelId,
        account: AccountId,
        royalty_bps: Option<Bps>,
    ) -> Result<Vec<RegistryEvent>> {
        self.require_owned_by(parent, caller)?;
        if account == caller {
            // The owner may always derive from their own model.
            return Err(RegistryError::SelfApprove);
        }
        match royalty_bps {
            Some(royalty) => {
                if royalty > BPS_SCALE {
                    return Err(RegistryError::RoyaltyOutOfRange { royalty_bps: royalty });
                }
                let epoch = self.owner_epoch(parent);
                self.derivative_approvals.insert((parent, account), &(royalty, epoch));
            }
            None => self.derivative_approvals.remove((parent, account)),
        }
        Ok(vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
            parent,
            account,
            royalty_bps,
        })])
    }

    /// `caller` declines the derivative approval addressed to it on `parent`:
    /// nobody can keep an approval on an account that does not want it.
    pub fn decline_derivative_approval(
        &mut self,
        caller: AccountId,
        parent: ModelId,
    ) -> Result<Vec<RegistryEvent>> {
        if !self.derivative_approvals.contains((parent, caller)) {
            return Err(RegistryError::NoDerivativeApproval { parent });
        }
        self.derivative_approvals.remove((parent, caller));
        Ok(vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
            parent,
            account: caller,
            royalty_bps: None,
        })])
    }

    /// The royalty share of the pending derivative approval for `account` on
    /// `parent`, if the parent's current owner granted it (one granted before
    /// the token was sold is void).
    pub fn derivative_approval(&self, parent: ModelId, account: AccountId) -> Option<Bps> {
        let (royalty, epoch) = self.derivative_approvals.get((parent, account))?;
        (epoch == self.owner_epoch(parent)).then_some(royalty)
    }

    /// How many times `model`'s token has changed hands (0 for unknown ids).
    pub fn owner_epoch(&self, model: ModelId) -> OwnerEpoch {
        self.owners.get(model).map_or(0, |holding| holding.epoch)
    }

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
    pub fn set_status(
        &mut self,
        caller: AccountId,
        model: ModelId,
        status: ModelStatus,
    ) -> Result<Vec<RegistryEvent>> {
        let mut record = self.require_owned_by(model, caller)?;
        if record.status == ModelStatus::Disputed || status == ModelStatus::Disputed {
            return Err(RegistryError::ModelDisputed { model });
        }
        if record.status == status {
            return Err(RegistryError::StatusUnchanged { model, status });
        }
        record.status = status;
        self.models.insert(model, &record);
        Ok(vec![RegistryEvent::StatusChanged(StatusChanged { model, status })])
    }

    /// The model with id `model`.
    pub fn model(&self, model: ModelId) -> Option<Model> {
        self.models.get(model)
    }

    /// The id under which `hash` is registered.
    pub fn model_id_by_hash(&self, hash: ModelHash) -> Option<ModelId> {
        self.id_by_hash.get(hash)
    }

    /// The direct parents of `model` (empty for originals and unknown ids).
    pub fn parents(&self, model: ModelId) -> Vec<ParentLink> {
        self.models.get(model).map(|record| record.parents).unwrap_or_default()
    }

    /// All ancestors of `model`, ascending (empty for originals and unknown ids).
    pub fn ancestors(&self, model: ModelId) -> Vec<ModelId> {
        self.ancestors.get(model).unwrap_or_default()
    }

    /// `model` and its ancestors with owners and parent links, every model before
    /// its parents (descending ids); `None` for an unknown id.
    pub fn revenue_lineage(&self, model: ModelId) -> Option<Vec<LineageNode>> {
        self.lineage_of(model, self.models.get(model)?.parents)
    }

    /// The revenue lineage of `model`, whose direct parents (from its record)
    /// are `parents`. Each model costs two storage reads, its holding and its
    /// record; ancestors are registered models, and models are never removed.
    fn lineage_of(&self, model: ModelId, parents: Vec<ParentLink>) -> Option<Vec<LineageNode>> {
        let Holding { owner, epoch } = self.owners.get(model)?;
        // A model without parents has no ancestors: an original's lineage is
        // itself, and skipping the read saves a sale about 10 KB of proof.
        let ancestors = if parents.is_empty() { Vec::new() } else { self.ancestors(model) };
        let mut lineage = Vec::with_capacity(ancestors.len().saturating_add(1));
        lineage.push(LineageNode { model, owner, owner_epoch: epoch, parents });
        for &ancestor in ancestors.iter().rev() {
            let Holding { owner, epoch } = self.owners.get(ancestor)?;
            lineage.push(LineageNode {
                model: ancestor,
                owner,
                owner_epoch: epoch,
                parents: self.parents(ancestor),
            });
        }
        Some(lineage)
    }

    /// The summary and the revenue lineage of `model` (what a sale reads), or
    /// `None` for an unknown id. The summary's owner and epoch are the
    /// lineage's first node, which is the model itself.
    pub fn sale_context(&self, model: ModelId) -> Option<SaleContext> {
        let Model { status, parents, .. } = self.models.get(model)?;
        let lineage = self.lineage_of(model, parents)?;
        let first = lineage.first()?;
        let summary = ModelSummary { owner: first.owner, owner_epoch: first.owner_epoch, status };
        Some(SaleContext { summary, lineage })
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

    /// Moves `model` to `to`, acting for `caller` (its owner or an approved operator).
    /// The right to set prices and splits moves with it: other contracts ask the
    /// registry for the current owner.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        to: AccountId,
        model: ModelId,
    ) -> Result<Vec<RegistryEvent>> {
        let owner = self.require_owner(model)?;
        if caller != owner && !self.allowance(owner, caller, Some(model)) {
            return Err(RegistryError::NotApproved);
        }
        if to == owner {
            return Err(RegistryError::TransferToSelf);
        }
        self.move_token(owner, to, model)
    }

    /// Moves `model` from `owner` to `to` (not `owner`): a new owner epoch, the
    /// single-token approval cleared, both owners' lists updated.
    fn move_token(
        &mut self,
        owner: AccountId,
        to: AccountId,
        model: ModelId,
    ) -> Result<Vec<RegistryEvent>> {
        let to_position = self.balance_of(to);
        let to_balance = to_position.checked_add(1).ok_or(RegistryError::BalanceOverflow)?;
        let epoch =
            self.owner_epoch(model).checked_add(1).ok_or(RegistryError::OwnerEpochOverflow)?;

        self.model_approvals.remove(model);
        self.remove_from_owned(owner, model);
        self.owned.insert((to, to_position), &model);
        self.owned_position.insert(model, &to_position);
        self.balances.insert(to, &to_balance);
        self.owners.insert(model, &Holding { owner: to, epoch });

        Ok(vec![RegistryEvent::Transfer(Transfer {
            from: Some(owner),
            to: Some(to),
            id: Id::U64(model),
        })])
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

    /// Fails if an arbiter upheld a dispute against `model`.
    fn ensure_undisputed(&self, model: ModelId) -> Result<()> {
        match self.models.get(model) {
            Some(record) if record.status == ModelStatus::Disputed => {
                Err(RegistryError::ModelDisputed { model })
            }
            _ => Ok(()),
        }
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
mod tests {
    use super::*;

    fn alice() -> AccountId {
        AccountId::from([1; 32])
    }
    fn bob() -> AccountId {
        AccountId::from([2; 32])
    }
    fn charlie() -> AccountId {
        AccountId::from([3; 32])
    }
    const NOW: Timestamp = 1_700_000_000_000;

    fn hash(n: u32) -> ModelHash {
        let mut hash = [0xAB; 32];
        hash[..4].copy_from_slice(&n.to_be_bytes());
        hash
    }

    fn draft(n: u32) -> ModelDraft {
        ModelDraft {
            hash: hash(n),
            name: String::from("tiny-llama"),
            version: String::from("v1"),
            uri: String::from("ipfs://model-card"),
            previous_version: None,
            parents: Vec::new(),
        }
    }

    fn derived(n: u32, parents: &[ModelId]) -> ModelDraft {
        ModelDraft {
            parents: parents
                .iter()
                .map(|&model| ParentRequest {
                    model,
                    relation: Relation::FineTune,
                    max_royalty_bps: BPS_SCALE,
                })
                .collect(),
            ..draft(n)
        }
    }

    /// No licensing contract: nobody holds a license.
    fn unlicensed(_: ModelId) -> Result<Option<Bps>> {
        Ok(None)
    }

    /// The salt of every test registration.
    const SALT: [u8; 32] = [7; 32];
    /// The commit window of the test registries.
    const WINDOW: CommitWindow = CommitWindow { min_blocks: 2, max_blocks: 50 };
    /// The block in which test commitments are made ...
    const COMMITTED: BlockNumber = 100;
    /// ... and the first block in which they can be revealed.
    const REVEAL: BlockNumber = COMMITTED + WINDOW.min_blocks;

    /// The dispute deposit of the test registries.
    const DEPOSIT: Balance = 1_000;

    fn empty() -> RegistryData {
        RegistryData::new(WINDOW, DEPOSIT).expect("a valid configuration")
    }

    /// Registers `draft` for `who` as a client does: commits to it in block
    /// `COMMITTED` (unless already committed), then reveals it in block `REVEAL`.
    fn reveal(
        registry: &mut RegistryData,
        who: AccountId,
        now: Timestamp,
        draft: ModelDraft,
        licensed_royalty: impl FnMut(ModelId) -> Result<Option<Bps>>,
    ) -> Result<(ModelId, Vec<RegistryEvent>)> {
        let commitment = registration_commitment(&draft.hash, &who, &SALT);
        if registry.commitment(who, commitment).is_none() {
            registry.commit(who, COMMITTED, commitment).expect("a new commitment");
        }
        registry.register(who, (now, REVEAL), draft, SALT, licensed_royalty)
    }

    fn register(registry: &mut RegistryData, who: AccountId, draft: ModelDraft) -> Result<ModelId> {
        reveal(registry, who, NOW, draft, unlicensed).map(|(model, _)| model)
    }

    /// A registry where Alice registered model 1 (`draft(1)`).
    fn registry_with_one_model() -> RegistryData {
        let mut registry = empty();
        assert_eq!(register(&mut registry, alice(), draft(1)), Ok(1));
        registry
    }

    /// Everything observable about models 1..=3 and the three accounts, to show a
    /// refused call changed nothing.
    fn snapshot(registry: &RegistryData) -> impl PartialEq + core::fmt::Debug {
        let accounts = [alice(), bob(), charlie()];
        let models: Vec<_> = (1..=3)
            .map(|m| {
                (
                    registry.model(m),
                    registry.owner_of(m),
                    registry.parents(m),
                    registry.ancestors(m),
                    accounts.map(|a| registry.derivative_approval(m, a)),
                    accounts.map(|a| registry.allowance(alice(), a, Some(m))),
                )
            })
            .collect();
        let owned: Vec<_> = accounts.iter().map(|&a| registry.models_of(a, 0, MAX_PAGE)).collect();
        (
            registry.total_supply(),
            models,
            accounts.map(|a| registry.balance_of(a)),
            owned,
            (1..=4).map(|n| registry.model_id_by_hash(hash(n))).collect::<Vec<_>>(),
            (
                (1..=5).map(|d| registry.dispute(d)).collect::<Vec<_>>(),
                (1..=3).map(|m| registry.model(m).map(|r| r.open_disputes)).collect::<Vec<_>>(),
            ),
        )
    }

    fn assert_refused_without_change(
        registry: &mut RegistryData,
        expected: RegistryError,
        call: impl FnOnce(&mut RegistryData) -> Result<Vec<RegistryEvent>>,
    ) {
        let before = snapshot(registry);
        assert_eq!(call(registry), Err(expected));
        assert!(before == snapshot(registry), "a refused call changed the registry");
    }

    // --- commit and reveal -----------------------------------------------------

    #[ink::test]
    fn a_front_runner_who_sees_the_reveal_is_too_late_to_take_the_root() {
        let mut registry = empty();
        let alices = registration_commitment(&hash(1), &alice(), &SALT);
        registry.commit(alice(), COMMITTED, alices).unwrap();
        // Bob reads Alice's reveal (root and salt) in the pool and commits
        // to the same root for himself, salt and all
        let bobs = registration_commitment(&hash(1), &bob(), &SALT);
        assert_ne!(alices, bobs, "a commitment binds its registrant");
        registry.commit(bob(), REVEAL, bobs).unwrap();
        let before = snapshot(&registry);
        assert_eq!(
            registry.register(bob(), (NOW, REVEAL), draft(1), SALT, unlicensed),
            Err(RegistryError::CommitmentTooRecent { ready_at: REVEAL + WINDOW.min_blocks })
        );
        assert!(before == snapshot(&registry));
        // nor is Alice's commitment of any use to him
        registry.cancel_commitment(bob(), bobs).unwrap();
        assert_eq!(
            registry.register(bob(), (NOW, REVEAL), draft(1), SALT, unlicensed),
            Err(RegistryError::NoCommitment)
        );

        let (model, _) =
            registry.register(alice(), (NOW, REVEAL), draft(1), SALT, unlicensed).unwrap();

        assert_eq!(registry.owner_of(model), Some(alice()));
        assert_eq!(registry.commitment(alice(), alices), None, "the reveal consumed it");
        registry.commit(bob(), REVEAL, bobs).unwrap();
        assert_eq!(
            registry.register(bob(), (NOW, REVEAL + 5), draft(1), SALT, unlicensed),
            Err(RegistryError::AlreadyRegistered { existing: model })
        );
    }

    #[ink::test]
    fn a_registration_reveals_only_inside_the_commit_window() {
        let mut registry = empty();
        let commitment = registration_commitment(&hash(1), &alice(), &SALT);
        assert_eq!(
            registry.register(alice(), (NOW, REVEAL), draft(1), SALT, unlicensed),
            Err(RegistryError::NoCommitment)
        );
        registry.commit(alice(), COMMITTED, commitment).unwrap();
        let last = COMMITTED + WINDOW.max_blocks;
        let cases = [
            (COMMITTED, RegistryError::CommitmentTooRecent { ready_at: REVEAL }),
            (REVEAL - 1, RegistryError::CommitmentTooRecent { ready_at: REVEAL }),
            (last + 1, RegistryError::CommitmentExpired { expired_after: last }),
        ];
        for (block, expected) in cases {
            let before = snapshot(&registry);
            assert_eq!(
                registry.register(alice(), (NOW, block), draft(1), SALT, unlicensed),
                Err(expected)
            );
            assert!(before == snapshot(&registry));
            assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
        }
        // another salt is another commitment
        assert_eq!(
            registry.register(alice(), (NOW, REVEAL), draft(1), [8; 32], unlicensed),
            Err(RegistryError::NoCommitment)
        );
        // a refusal after the reveal keeps the commitment for a corrected draft
        let unnamed = ModelDraft { name: String::new(), ..draft(1) };
        assert_eq!(
            registry.register(alice(), (NOW, last), unnamed, SALT, unlicensed),
            Err(RegistryError::EmptyField { field: TextField::Name })
        );
        assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
        assert!(registry.register(alice(), (NOW, last), draft(1), SALT, unlicensed).is_ok());
    }

    #[ink::test]
    fn commitments_belong_to_their_committer() {
        let mut registry = empty();
        let commitment = registration_commitment(&hash(1), &alice(), &SALT);
        let events = registry.commit(alice(), COMMITTED, commitment).unwrap();
        assert_eq!(
            events,
            vec![RegistryEvent::RegistrationCommitted(RegistrationCommitted {
                committer: alice(),
                commitment,
                block: COMMITTED,
            })]
        );
        // nobody refreshes it (which would keep it too recent for ever) ...
        assert_eq!(
            registry.commit(alice(), REVEAL, commitment),
            Err(RegistryError::CommitmentExists { block: COMMITTED })
        );
        // ... copying it into another account's name changes nothing of Alice's ...
        registry.commit(bob(), REVEAL, commitment).unwrap();
        assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
        // ... and only Alice cancels hers
        registry.cancel_commitment(bob(), commitment).unwrap();
        assert_eq!(registry.cancel_commitment(bob(), commitment), Err(RegistryError::NoCommitment));
        assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
        assert_eq!(
            registry.cancel_commitment(alice(), commitment),
            Ok(vec![RegistryEvent::CommitmentCancelled(CommitmentCancelled {
                committer: alice(),
                commitment,
            })])
        );
        assert_eq!(registry.commitment(alice(), commitment), None);
    }

    #[ink::test]
    fn a_commit_window_must_be_usable() {
        for (min_blocks, max_blocks) in [(0, 5), (5, 5), (6, 5), (1, CommitWindow::LONGEST + 1)] {
            let window = CommitWindow { min_blocks, max_blocks };
            assert_eq!(
                RegistryData::new(window, DEPOSIT).err(),
                Some(RegistryError::InvalidCommitWindow { min_blocks, max_blocks })
            );
        }
        let longest = CommitWindow { min_blocks: 1, max_blocks: CommitWindow::LONGEST };
        let registry = RegistryData::new(longest, DEPOSIT);
        assert_eq!(registry.map(|r| r.commit_window()).ok(), Some(longest));
        assert_eq!(RegistryData::new(WINDOW, 0).err(), Some(RegistryError::ZeroDisputeDeposit));
    }

    #[test]
    fn the_commitment_is_sha256_of_root_registrant_and_salt() {
        // The expected value comes from another implementation (coreutils):
        // { printf '\x01%.0s' {1..32}; printf '\x02%.0s' {1..32};
        //   printf '\x07%.0s' {1..32}; } | sha256sum
        const EXPECTED: &str = "ce93528ee94d95a2922e24d5996a7093f93c4200f81971989113b8b6b3e217a2";
        let commitment = registration_commitment(&[1; 32], &AccountId::from([2; 32]), &[7; 32]);
        let hex = commitment.iter().fold(String::new(), |mut hex, byte| {
            use core::fmt::Write;
            write!(hex, "{byte:02x}").expect("writing to a String");
            hex
        });
        assert_eq!(hex, EXPECTED);
    }

    // --- disputes ---------------------------------------------------------------

    fn evidence() -> ([u8; 32], String) {
        ([5; 32], String::from("ipfs://evidence/original-training-logs"))
    }

    fn arbiter() -> AccountId {
        AccountId::from([0xA1; 32])
    }

    /// A squatter's own accounts raising disputes against its model must not
    /// keep the real author from raising one: with a cap per model they could
    /// hold every slot, and a dismissal pays the deposit back to the owner, so
    /// holding them cost nothing.
    #[ink::test]
    fn an_owners_accounts_cannot_crowd_a_claimant_out_of_disputing_its_model() {
        let mut registry = registry_with_one_model();
        // Charlie is Alice's second account.
        for _ in 0..8 {
            registry
                .raise_dispute(charlie(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT)
                .unwrap();
        }
        let (dispute, _) =
            registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        assert_eq!(dispute, 9);
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(9));
        let (payout, _) =
            registry.resolve_dispute(arbiter(), Some(arbiter()), 1, Ruling::Dismiss).unwrap();
        assert_eq!(payout, Payout { to: alice(), amount: DEPOSIT });
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(8));
        registry
            .resolve_dispute(arbiter(), Some(arbiter()), 9, Ruling::Uphold { reassign: true })
            .unwrap();
        assert_eq!(registry.owner_of(1), Some(bob()));
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(7));
    }

    /// Without an arbiter nobody can rule, so a deposit taken then would wait
    /// for the administrator to rewire one (or for ever, once renounced).
    #[ink::test]
    fn no_dispute_is_raised_without_an_arbiter_and_one_left_without_one_is_taken_back() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(&mut registry, RegistryError::NoArbiter, |r| {
            r.raise_dispute(bob(), None, NOW, 1, evidence(), DEPOSIT).map(|(_, e)| e)
        });
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        // While an arbiter is wired, an open dispute waits for its ruling.
        assert_refused_without_change(
            &mut registry,
            RegistryError::DisputeOpen { dispute: 1 },
            |r| r.clear_dispute(bob(), Some(arbiter()), 1).map(|(_, e)| e),
        );
        // The administrator rewired the arbiter away: the claimant leaves
        // with its deposit, and nobody else can take it.
        assert_refused_without_change(
            &mut registry,
            RegistryError::NotClaimant { dispute: 1, claimant: bob() },
            |r| r.clear_dispute(alice(), None, 1).map(|(_, e)| e),
        );
        assert_eq!(
            registry.clear_dispute(bob(), None, 1),
            Ok((
                Some(Payout { to: bob(), amount: DEPOSIT }),
                vec![RegistryEvent::DisputeCleared(DisputeCleared { dispute: 1 })]
            ))
        );
        assert_eq!(registry.dispute(1), None);
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(0));
    }

    /// A squatter who froze its fake model card before losing the token must
    /// not leave the rightful owner unable to correct it.
    #[ink::test]
    fn a_reassignment_lifts_the_previous_owners_metadata_freeze() {
        let mut registry = registry_with_one_model();
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        registry.set_uri(alice(), 1, String::from("ipfs://fake-card")).unwrap();
        registry.freeze_metadata(alice(), 1).unwrap();
        registry
            .resolve_dispute(arbiter(), Some(arbiter()), 1, Ruling::Uphold { reassign: true })
            .unwrap();
        assert_eq!(registry.model(1).map(|m| m.metadata_frozen), Some(false));
        // The squatter can neither rewrite nor refreeze the card it lost.
        let not_owner = RegistryError::NotModelOwner { model: 1, owner: bob() };
        assert_refused_without_change(&mut registry, not_owner.clone(), |r| {
            r.set_uri(alice(), 1, String::from("ipfs://fake-again"))
        });
        assert_refused_without_change(&mut registry, not_owner, |r| r.freeze_metadata(alice(), 1));
        registry.set_uri(bob(), 1, String::from("ipfs://real-card")).unwrap();
        assert_eq!(registry.model(1).map(|m| m.uri), Some(String::from("ipfs://real-card")));
        // Upheld without reassignment, the token stays and so does the freeze.
        registry.freeze_metadata(bob(), 1).unwrap();
        registry.raise_dispute(charlie(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        registry
            .resolve_dispute(arbiter(), Some(arbiter()), 2, Ruling::Uphold { reassign: false })
            .unwrap();
        assert_eq!(registry.model(1).map(|m| m.metadata_frozen), Some(true));
    }

    #[ink::test]
    fn a_dispute_costs_its_deposit() {
        let mut registry = registry_with_one_model();
        let raise = |r: &mut RegistryData, who: AccountId, model: ModelId, paid: Balance| {
            r.raise_dispute(who, Some(arbiter()), NOW, model, evidence(), paid).map(|(_, e)| e)
        };
        for paid in [0, DEPOSIT - 1, DEPOSIT + 1] {
            assert_refused_without_change(
                &mut registry,
                RegistryError::WrongDisputeDeposit { required: DEPOSIT, paid },
                |r| raise(r, bob(), 1, paid),
            );
        }
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownModel { model: 9 },
            |r| raise(r, bob(), 9, DEPOSIT),
        );
        assert_refused_without_change(
            &mut registry,
            RegistryError::OwnModelDisputed { model: 1 },
            |r| raise(r, alice(), 1, DEPOSIT),
        );
        let (dispute, events) =
            registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        assert_eq!(dispute, 1);
        assert_eq!(
            events,
            vec![RegistryEvent::DisputeRaised(DisputeRaised {
                dispute: 1,
                model: 1,
                claimant: bob(),
                evidence_hash: evidence().0,
                evidence_uri: evidence().1,
            })]
        );
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(1));
        assert_eq!(registry.dispute(1).map(|d| (d.claimant, d.deposit)), Some((bob(), DEPOSIT)));
    }

    #[ink::test]
    fn only_the_arbiter_rules_and_a_dismissal_pays_the_owner() {
        let mut registry = registry_with_one_model();
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        let dismiss = Ruling::Dismiss;
        for (caller, wired) in
            [(bob(), Some(arbiter())), (arbiter(), None), (alice(), Some(arbiter()))]
        {
            assert_refused_without_change(&mut registry, RegistryError::NotArbiter, |r| {
                r.resolve_dispute(caller, wired, 1, dismiss).map(|(_, e)| e)
            });
        }
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownDispute { dispute: 7 },
            |r| r.resolve_dispute(arbiter(), Some(arbiter()), 7, dismiss).map(|(_, e)| e),
        );

        let (payout, events) =
            registry.resolve_dispute(arbiter(), Some(arbiter()), 1, dismiss).unwrap();

        assert_eq!(payout, Payout { to: alice(), amount: DEPOSIT });
        assert_eq!(
            events,
            vec![RegistryEvent::DisputeResolved(DisputeResolved {
                dispute: 1,
                model: 1,
                ruling: dismiss
            })]
        );
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(0));
        assert_eq!(registry.dispute(1).map(|d| d.state), Some(DisputeState::Dismissed));
        assert_eq!(registry.model(1).map(|m| m.status), Some(ModelStatus::Active));
        assert_refused_without_change(
            &mut registry,
            RegistryError::DisputeClosed { dispute: 1 },
            |r| r.resolve_dispute(arbiter(), Some(arbiter()), 1, dismiss).map(|(_, e)| e),
        );
        // the record stays until its claimant, who paid its storage, clears it
        assert_eq!(
            registry.clear_dispute(alice(), Some(arbiter()), 1),
            Err(RegistryError::NotClaimant { dispute: 1, claimant: bob() })
        );
        assert_eq!(
            registry.clear_dispute(bob(), Some(arbiter()), 1),
            Ok((None, vec![RegistryEvent::DisputeCleared(DisputeCleared { dispute: 1 })]))
        );
        assert_eq!(registry.dispute(1), None);
        assert_eq!(
            registry.clear_dispute(bob(), Some(arbiter()), 1),
            Err(RegistryError::UnknownDispute { dispute: 1 })
        );
    }

    #[ink::test]
    fn an_upheld_dispute_stops_derivatives_and_only_the_arbiter_lifts_it() {
        let mut registry = registry_with_one_model();
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        registry.raise_dispute(charlie(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        registry.approve_derivative(alice(), 1, charlie(), Some(100)).unwrap();
        assert_eq!(
            registry.clear_dispute(bob(), Some(arbiter()), 1),
            Err(RegistryError::DisputeOpen { dispute: 1 })
        );

        let uphold = Ruling::Uphold { reassign: false };
        let (payout, events) =
            registry.resolve_dispute(arbiter(), Some(arbiter()), 1, uphold).unwrap();

        assert_eq!(payout, Payout { to: bob(), amount: DEPOSIT });
        assert_eq!(
            events,
            vec![
                RegistryEvent::DisputeResolved(DisputeResolved {
                    dispute: 1,
                    model: 1,
                    ruling: uphold
                }),
                RegistryEvent::StatusChanged(StatusChanged {
                    model: 1,
                    status: ModelStatus::Disputed
                }),
            ]
        );
        assert_refused_without_change(
            &mut registry,
            RegistryError::ModelDisputed { model: 1 },
            |r| reveal(r, charlie(), NOW, derived(2, &[1]), unlicensed).map(|(_, e)| e),
        );
        let version = ModelDraft { previous_version: Some(1), ..draft(3) };
        assert_refused_without_change(
            &mut registry,
            RegistryError::ModelDisputed { model: 1 },
            |r| reveal(r, alice(), NOW, version, unlicensed).map(|(_, e)| e),
        );
        for status in [ModelStatus::Active, ModelStatus::Deprecated] {
            assert_refused_without_change(
                &mut registry,
                RegistryError::ModelDisputed { model: 1 },
                |r| r.set_status(alice(), 1, status),
            );
        }
        // the second claim, upheld with a reassignment, moves the token and
        // lifts the status: Charlie owns model 1 in a new owner epoch
        let reassign = Ruling::Uphold { reassign: true };
        let (payout, events) =
            registry.resolve_dispute(arbiter(), Some(arbiter()), 2, reassign).unwrap();
        assert_eq!(payout, Payout { to: charlie(), amount: DEPOSIT });
        assert_eq!(
            events,
            vec![
                RegistryEvent::DisputeResolved(DisputeResolved {
                    dispute: 2,
                    model: 1,
                    ruling: reassign
                }),
                RegistryEvent::Transfer(Transfer {
                    from: Some(alice()),
                    to: Some(charlie()),
                    id: Id::U64(1)
                }),
                RegistryEvent::StatusChanged(StatusChanged {
                    model: 1,
                    status: ModelStatus::Active
                }),
            ]
        );
        assert_eq!(registry.owner_of(1), Some(charlie()));
        assert_eq!((registry.balance_of(alice()), registry.balance_of(charlie())), (0, 1));
        assert_eq!(registry.owner_epoch(1), 1);
        assert_eq!(registry.derivative_approval(1, charlie()), None);
        assert_eq!(registry.dispute(2).map(|d| d.state), Some(DisputeState::Reassigned));
    }

    #[ink::test]
    fn a_reassignment_to_the_holder_keeps_the_model_active_and_moves_nothing() {
        // given: two of Bob's claims on Alice's model; the first moves it to him
        let mut registry = registry_with_one_model();
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        let reassign = Ruling::Uphold { reassign: true };
        registry.resolve_dispute(arbiter(), Some(arbiter()), 1, reassign).unwrap();

        // when: the arbiter upholds the second one with a reassignment too
        let (payout, events) =
            registry.resolve_dispute(arbiter(), Some(arbiter()), 2, reassign).unwrap();

        // then: Bob keeps the model, active, in the same owner epoch
        assert_eq!(payout, Payout { to: bob(), amount: DEPOSIT });
        assert_eq!(
            events,
            vec![RegistryEvent::DisputeResolved(DisputeResolved {
                dispute: 2,
                model: 1,
                ruling: reassign
            })]
        );
        assert_eq!((registry.owner_of(1), registry.owner_epoch(1)), (Some(bob()), 1));
        assert_eq!(registry.model(1).map(|m| m.status), Some(ModelStatus::Active));
        assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(0));
    }

    #[ink::test]
    fn raising_and_ruling_keep_the_size_of_every_record_they_rewrite() {
        // pallet-contracts charges the signer for the bytes a call adds and
        // releases to it those a call frees: a claimant must not pay for the
        // model's record, nor an arbiter for the claimant's, nor collect it
        use ink::scale::Encode;
        let mut registry = registry_with_one_model();
        let model_size = |r: &RegistryData| r.model(1).map(|m| m.encoded_size());
        let registered = model_size(&registry);
        for claimant in [bob(), charlie(), bob(), charlie()] {
            registry.raise_dispute(claimant, Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
            assert_eq!(model_size(&registry), registered);
        }
        let open_size = registry.dispute(1).map(|d| d.encoded_size());
        let rulings = [
            Ruling::Dismiss,
            Ruling::Uphold { reassign: false },
            Ruling::Uphold { reassign: true },
            Ruling::Dismiss,
        ];
        for (dispute, ruling) in (1..).zip(rulings) {
            registry.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).unwrap();
            assert_eq!(model_size(&registry), registered, "{ruling:?}");
            let record = registry.dispute(dispute).unwrap();
            assert_eq!(Some(record.encoded_size()), open_size, "{ruling:?}");
            assert_eq!(record.state, DisputeState::from(ruling));
        }
        // and the model takes new disputes, its record still the same size
        registry.raise_dispute(alice(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        assert_eq!(
            registry.model(1).map(|m| (m.open_disputes, m.encoded_size())),
            Some((1, registered.unwrap()))
        );
    }

    // --- registration ---------------------------------------------------------

    #[ink::test]
    fn register_mints_sequential_ids_and_records_the_model() {
        let mut registry = empty();

        let (first, events) = reveal(&mut registry, alice(), NOW, draft(1), unlicensed).unwrap();
        let (second, _) = reveal(&mut registry, bob(), NOW + 6_000, draft(2), unlicensed).unwrap();

        assert_eq!((first, second), (1, 2));
        assert_eq!(
            registry.model(1),
            Some(Model {
                hash: hash(1),
                name: String::from("tiny-llama"),
                version: String::from("v1"),
                uri: String::from("ipfs://model-card"),
                registrant: alice(),
                registered_at: NOW,
                previous_version: None,
                parents: Vec::new(),
                status: ModelStatus::Active,
                metadata_frozen: false,
                open_disputes: 0,
            })
        );
        assert_eq!(registry.model_id_by_hash(hash(2)), Some(2));
        assert_eq!(registry.owner_of(2), Some(bob()));
        assert_eq!((registry.balance_of(alice()), registry.balance_of(bob())), (1, 1));
        assert_eq!(registry.total_supply(), 2);
        assert_eq!(registry.parents(1), Vec::new());
        assert_eq!(
            events,
            vec![
                RegistryEvent::ModelRegistered(ModelRegistered {
                    model: 1,
                    hash: hash(1),
                    owner: alice(),
                    name: String::from("tiny-llama"),
                    version: String::from("v1"),
                    uri: String::from("ipfs://model-card"),
                    previous_version: None,
                    parents: Vec::new(),
                }),
                RegistryEvent::Transfer(Transfer { from: None, to: Some(alice()), id: Id::U64(1) }),
            ]
        );
    }

    #[ink::test]
    fn error_when_registering_a_hash_twice_even_by_another_account() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(
            &mut registry,
            RegistryError::AlreadyRegistered { existing: 1 },
            |r| reveal(r, bob(), NOW, draft(1), unlicensed).map(|(_, e)| e),
        );
    }

    #[ink::test]
    fn error_when_a_text_field_is_empty_or_too_long() {
        let mut registry = registry_with_one_model();
        let cases = [
            (TextField::Name, MAX_NAME_LEN),
            (TextField::Version, MAX_VERSION_LEN),
            (TextField::Uri, MAX_URI_LEN),
        ];
        for (field, max) in cases {
            let with = |text: String| {
                let mut d = draft(2);
                match field {
                    TextField::Name => d.name = text,
                    TextField::Version => d.version = text,
                    TextField::Uri => d.uri = text,
                }
                d
            };
            let too_long = with("x".repeat(max as usize + 1));
            assert_refused_without_change(
                &mut registry,
                RegistryError::FieldTooLong { field, length: max + 1, max },
                |r| reveal(r, bob(), NOW, too_long, unlicensed).map(|(_, e)| e),
            );
            assert_refused_without_change(
                &mut registry,
                RegistryError::EmptyField { field },
                |r| reveal(r, bob(), NOW, with(String::new()), unlicensed).map(|(_, e)| e),
            );
        }
        let longest = ModelDraft {
            name: "n".repeat(MAX_NAME_LEN as usize),
            version: "v".repeat(MAX_VERSION_LEN as usize),
            uri: "u".repeat(MAX_URI_LEN as usize),
            ..draft(2)
        };
        assert_eq!(register(&mut registry, bob(), longest), Ok(2));
    }

    #[ink::test]
    fn lookups_of_unknown_models_are_empty() {
        let registry = registry_with_one_model();

        assert_eq!(registry.model(2), None);
        assert_eq!(registry.owner_of(0), None);
        assert_eq!(registry.model_id_by_hash(hash(9)), None);
        assert_eq!(registry.balance_of(bob()), 0);
        assert_eq!(registry.ancestors(9), Vec::<ModelId>::new());
    }

    // --- versions and derivatives ---------------------------------------------

    #[ink::test]
    fn a_new_version_links_to_the_previous_one_of_the_same_owner() {
        let mut registry = registry_with_one_model();

        let v2 = ModelDraft { previous_version: Some(1), version: String::from("v2"), ..draft(2) };
        assert_eq!(register(&mut registry, alice(), v2), Ok(2));

        assert_eq!(registry.model(2).unwrap().previous_version, Some(1));
        assert_eq!(registry.ancestors(2), Vec::<ModelId>::new(), "a version is not a derivative");
    }

    #[ink::test]
    fn error_when_the_previous_version_is_someone_elses_or_unknown() {
        let mut registry = registry_with_one_model();
        let stolen = ModelDraft { previous_version: Some(1), ..draft(2) };
        assert_refused_without_change(
            &mut registry,
            RegistryError::PreviousVersionNotOwned { previous: 1, owner: alice() },
            |r| reveal(r, bob(), NOW, stolen, unlicensed).map(|(_, e)| e),
        );
        let unknown = ModelDraft { previous_version: Some(5), ..draft(2) };
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownModel { model: 5 },
            |r| reveal(r, alice(), NOW, unknown, unlicensed).map(|(_, e)| e),
        );
    }

    #[ink::test]
    fn an_owner_derives_from_their_own_model_with_no_royalty() {
        let mut registry = registry_with_one_model();

        assert_eq!(register(&mut registry, alice(), derived(2, &[1])), Ok(2));

        assert_eq!(
            registry.parents(2),
            vec![ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 0 }]
        );
        assert_eq!(registry.ancestors(2), vec![1]);
    }

    #[ink::test]
    fn error_when_deriving_without_a_license_or_approval() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(
            &mut registry,
            RegistryError::NoDerivativeRight { parent: 1 },
            |r| reveal(r, bob(), NOW, derived(2, &[1]), unlicensed).map(|(_, e)| e),
        );
    }

    #[ink::test]
    fn a_license_with_derivative_rights_fixes_the_upstream_royalty() {
        let mut registry = registry_with_one_model();
        let mut asked = Vec::new();

        let result = reveal(&mut registry, bob(), NOW, derived(2, &[1]), |parent| {
            asked.push(parent);
            Ok(Some(1_500))
        });

        assert_eq!(result.map(|(model, _)| model), Ok(2));
        assert_eq!(asked, vec![1]);
        assert_eq!(
            registry.parents(2),
            vec![ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 1_500 }]
        );
        assert_eq!(registry.owner_of(2), Some(bob()));
    }

    #[ink::test]
    fn an_owner_approval_grants_one_derivative_and_is_consumed() {
        let mut registry = registry_with_one_model();
        let events = registry.approve_derivative(alice(), 1, bob(), Some(2_000)).unwrap();
        assert_eq!(
            events,
            vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
                parent: 1,
                account: bob(),
                royalty_bps: Some(2_000),
            })]
        );

        let registered = reveal(&mut registry, bob(), NOW, derived(2, &[1]), unlicensed);

        assert_eq!(registered.map(|(model, _)| model), Ok(2));
        assert_eq!(registry.parents(2)[0].royalty_bps, 2_000);
        assert_eq!(registry.derivative_approval(1, bob()), None);
        assert_eq!(
            register(&mut registry, bob(), derived(3, &[1])),
            Err(RegistryError::NoDerivativeRight { parent: 1 })
        );
    }

    #[ink::test]
    fn a_royalty_is_never_above_what_the_registrant_accepted() {
        // Alice front-runs Bob's registration with a 100 % approval
        let mut registry = registry_with_one_model();
        registry.approve_derivative(alice(), 1, bob(), Some(BPS_SCALE)).unwrap();
        let mut capped = derived(2, &[1]);
        capped.parents[0].max_royalty_bps = 1_000;
        let before = snapshot(&registry);
        assert_eq!(
            reveal(&mut registry, bob(), NOW, capped.clone(), unlicensed).map(|(model, _)| model),
            Err(RegistryError::RoyaltyAboveMaximum {
                parent: 1,
                royalty_bps: BPS_SCALE,
                max_royalty_bps: 1_000
            })
        );
        assert!(before == snapshot(&registry), "a refused registration changed the registry");
        // within the maximum it is accepted
        registry.approve_derivative(alice(), 1, bob(), Some(1_000)).unwrap();
        assert_eq!(register(&mut registry, bob(), capped), Ok(2));
        assert_eq!(registry.parents(2)[0].royalty_bps, 1_000);
    }

    #[ink::test]
    fn an_approval_never_raises_the_royalty_a_license_grants() {
        let mut registry = registry_with_one_model();
        registry.approve_derivative(alice(), 1, bob(), Some(BPS_SCALE)).unwrap();
        let registered = reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_500)));
        assert_eq!(registered.map(|(model, _)| model), Ok(2));
        assert_eq!(registry.parents(2)[0].royalty_bps, 1_500);
        assert_eq!(registry.derivative_approval(1, bob()), None, "the approval is consumed");
    }

    #[ink::test]
    fn an_account_declines_an_approval_addressed_to_it() {
        let mut registry = registry_with_one_model();
        registry.approve_derivative(alice(), 1, bob(), Some(100)).unwrap();
        let before = snapshot(&registry);
        assert_eq!(
            registry.decline_derivative_approval(charlie(), 1),
            Err(RegistryError::NoDerivativeApproval { parent: 1 })
        );
        assert!(before == snapshot(&registry));
        assert_eq!(
            registry.decline_derivative_approval(bob(), 1),
            Ok(vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
                parent: 1,
                account: bob(),
                royalty_bps: None,
            })])
        );
        assert_eq!(registry.derivative_approval(1, bob()), None);
    }

    #[ink::test]
    fn versions_and_self_derivatives_inherit_upstream_royalties_over_three_generations() {
        // Alice's base (1); Bob's licensed fine-tune owing it 10 % (2)
        let mut registry = registry_with_one_model();
        reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
        // Bob derives from his own fine-tune (3), then versions that (4)
        assert_eq!(register(&mut registry, bob(), derived(3, &[2])), Ok(3));
        let version = ModelDraft { previous_version: Some(3), ..draft(4) };
        assert_eq!(register(&mut registry, bob(), version), Ok(4));

        let owes_base = ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 1_000 };
        let own = ParentLink { model: 2, relation: Relation::FineTune, royalty_bps: 0 };
        assert_eq!(registry.parents(3), vec![own, owes_base]);
        // a version records no edge to its previous version, only the owed ones
        assert_eq!(registry.parents(4), vec![owes_base]);
        assert_eq!(registry.ancestors(4), vec![1]);
        let lineage = registry.revenue_lineage(4).unwrap();
        let models: Vec<ModelId> = lineage.iter().map(|node| node.model).collect();
        assert_eq!(models, vec![4, 1]);
        // a payment to the third generation still pays the base its 10 %
        let walked = modelmint_common::royalties::walk(1_000, &lineage).unwrap();
        assert_eq!(walked.retained, vec![900, 100]);
    }

    #[ink::test]
    fn an_inherited_edge_and_a_requested_one_to_the_same_model_keep_the_higher_share() {
        let mut registry = registry_with_one_model();
        reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
        let both = derived(3, &[2, 1]);
        reveal(&mut registry, bob(), NOW, both, |_| Ok(Some(300))).unwrap();
        let royalties: Vec<(ModelId, Bps)> =
            registry.parents(3).iter().map(|link| (link.model, link.royalty_bps)).collect();
        assert_eq!(royalties, vec![(2, 0), (1, 1_000)]);
    }

    #[ink::test]
    fn a_revoked_approval_grants_nothing() {
        let mut registry = registry_with_one_model();
        registry.approve_derivative(alice(), 1, bob(), Some(100)).unwrap();

        registry.approve_derivative(alice(), 1, bob(), None).unwrap();

        assert_eq!(registry.derivative_approval(1, bob()), None);
        assert_eq!(
            register(&mut registry, bob(), derived(2, &[1])),
            Err(RegistryError::NoDerivativeRight { parent: 1 })
        );
    }

    #[ink::test]
    fn error_when_approving_a_derivative_wrongly() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(
            &mut registry,
            RegistryError::NotModelOwner { model: 1, owner: alice() },
            |r| r.approve_derivative(bob(), 1, charlie(), Some(100)),
        );
        assert_refused_without_change(&mut registry, RegistryError::SelfApprove, |r| {
            r.approve_derivative(alice(), 1, alice(), Some(100))
        });
        assert_refused_without_change(
            &mut registry,
            RegistryError::RoyaltyOutOfRange { royalty_bps: BPS_SCALE + 1 },
            |r| r.approve_derivative(alice(), 1, bob(), Some(BPS_SCALE + 1)),
        );
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownModel { model: 4 },
            |r| r.approve_derivative(alice(), 4, bob(), Some(100)),
        );
    }

    #[ink::test]
    fn error_when_parents_are_duplicated_unknown_or_too_many() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(
            &mut registry,
            RegistryError::DuplicateParent { parent: 1 },
            |r| reveal(r, alice(), NOW, derived(2, &[1, 1]), unlicensed).map(|(_, e)| e),
        );
        // The id the new model would get is not a model yet: no self-lineage.
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownModel { model: 2 },
            |r| reveal(r, alice(), NOW, derived(2, &[2]), unlicensed).map(|(_, e)| e),
        );
        let nine: Vec<ModelId> = vec![1; MAX_PARENTS as usize + 1];
        assert_refused_without_change(
            &mut registry,
            RegistryError::TooManyParents { count: MAX_PARENTS + 1, max: MAX_PARENTS },
            |r| reveal(r, alice(), NOW, derived(2, &nine), unlicensed).map(|(_, e)| e),
        );
    }

    #[ink::test]
    fn error_when_the_royalty_stack_exceeds_one_hundred_percent() {
        let mut registry = registry_with_one_model();
        register(&mut registry, alice(), draft(2)).unwrap();
        assert_refused_without_change(
            &mut registry,
            RegistryError::RoyaltyStackTooHigh { total_bps: 10_001 },
            |r| {
                reveal(r, bob(), NOW, derived(3, &[1, 2]), |parent| {
                    Ok(Some(if parent == 1 { 6_000 } else { 4_001 }))
                })
                .map(|(_, e)| e)
            },
        );
        let exactly_all = reveal(&mut registry, bob(), NOW, derived(3, &[1, 2]), |parent| {
            Ok(Some(if parent == 1 { 6_000 } else { 4_000 }))
        })
        .map(|(model, _)| model);
        assert_eq!(exactly_all, Ok(3));
    }

    #[ink::test]
    fn ancestors_are_the_union_of_all_lineages() {
        let mut registry = empty();
        for n in 1..=2 {
            register(&mut registry, alice(), draft(n)).unwrap();
        }
        register(&mut registry, alice(), derived(3, &[1])).unwrap();
        register(&mut registry, alice(), derived(4, &[3, 2])).unwrap();
        register(&mut registry, alice(), derived(5, &[4, 1])).unwrap();

        assert_eq!(registry.ancestors(3), vec![1]);
        assert_eq!(registry.ancestors(4), vec![1, 2, 3]);
        assert_eq!(registry.ancestors(5), vec![1, 2, 3, 4]);
        assert_eq!(registry.parents(5).iter().map(|l| l.model).collect::<Vec<_>>(), vec![4, 1]);
    }

    #[ink::test]
    fn the_revenue_lineage_lists_every_model_before_its_parents() {
        let mut registry = empty();
        register(&mut registry, alice(), draft(1)).unwrap();
        register(&mut registry, bob(), draft(2)).unwrap();
        register(&mut registry, alice(), derived(3, &[1])).unwrap();
        registry.approve_derivative(bob(), 2, alice(), Some(500)).unwrap();
        register(&mut registry, alice(), derived(4, &[3, 2])).unwrap();

        let lineage = registry.revenue_lineage(4).expect("model 4 exists");
        let order: Vec<ModelId> = lineage.iter().map(|node| node.model).collect();
        assert_eq!(order, vec![4, 3, 2, 1]);
        assert_eq!(lineage[2].owner, bob());
        assert_eq!(lineage[0].parents, registry.parents(4));
        assert_eq!(lineage[0].parents[1].royalty_bps, 500);
        assert_eq!(lineage[3].parents, Vec::new());
        assert_eq!(registry.revenue_lineage(1).map(|l| l.len()), Some(1));
        assert_eq!(registry.revenue_lineage(99), None);

        // a sale reads the same lineage with the model's summary, in one call
        registry.set_status(alice(), 4, ModelStatus::Deprecated).unwrap();
        let context = registry.sale_context(4).expect("model 4 exists");
        assert_eq!(context.lineage, lineage);
        assert_eq!(
            context.summary,
            ModelSummary {
                owner: alice(),
                owner_epoch: registry.owner_epoch(4),
                status: ModelStatus::Deprecated
            }
        );
        assert_eq!(registry.sale_context(99), None);
    }

    /// Storage reads of this contract so far (the off-chain engine counts
    /// them per contract account).
    fn storage_reads() -> usize {
        let me = ink::env::test::callee::<ink::env::DefaultEnvironment>();
        ink::env::test::get_contract_storage_rw::<ink::env::DefaultEnvironment>(&me).0
    }

    /// pallet-contracts charges a contract about 10 KB of proof per storage
    /// access: what a sale reads of an original is its record (status and
    /// parents: none, so no ancestor list) and its holding (owner and epoch); a
    /// derivative adds its ancestor list and each ancestor's holding and record.
    #[ink::test]
    fn a_sale_reads_the_least_storage_its_lineage_needs() {
        let mut registry = empty();
        register(&mut registry, alice(), draft(1)).unwrap();
        register(&mut registry, alice(), derived(2, &[1])).unwrap();

        let before = storage_reads();
        assert!(registry.sale_context(1).is_some());
        let original = storage_reads() - before;
        assert!(registry.sale_context(2).is_some());
        let derivative = storage_reads() - before - original;
        assert_eq!((original, derivative), (2, 5));
    }

    #[ink::test]
    fn error_when_the_ancestor_set_would_exceed_its_cap() {
        let mut registry = empty();
        // A chain 1 <- 2 <- ... <- 65: model 65 has the 64 others as ancestors.
        register(&mut registry, alice(), draft(1)).unwrap();
        for n in 2..=MAX_ANCESTORS + 1 {
            register(&mut registry, alice(), derived(n, &[ModelId::from(n - 1)])).unwrap();
        }
        let tip = ModelId::from(MAX_ANCESTORS + 1);
        assert_eq!(registry.ancestors(tip).len(), MAX_ANCESTORS as usize);

        let result = register(&mut registry, alice(), derived(MAX_ANCESTORS + 2, &[tip]));

        assert_eq!(
            result,
            Err(RegistryError::TooManyAncestors { count: MAX_ANCESTORS + 1, max: MAX_ANCESTORS })
        );
        assert_eq!(registry.total_supply(), tip);
    }

    #[ink::test]
    fn a_licensing_failure_refuses_the_registration() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(&mut registry, RegistryError::LicensingUnavailable, |r| {
            reveal(r, bob(), NOW, derived(2, &[1]), |_| Err(RegistryError::LicensingUnavailable))
                .map(|(_, e)| e)
        });
    }

    // --- metadata and status --------------------------------------------------

    #[ink::test]
    fn the_owner_updates_the_uri_until_frozen() {
        let mut registry = registry_with_one_model();

        let updated = registry.set_uri(alice(), 1, String::from("ipfs://card-v2")).unwrap();
        let frozen = registry.freeze_metadata(alice(), 1).unwrap();

        assert_eq!(
            updated,
            vec![RegistryEvent::MetadataUpdated(MetadataUpdated {
                model: 1,
                uri: String::from("ipfs://card-v2")
            })]
        );
        assert_eq!(frozen, vec![RegistryEvent::MetadataFrozen(MetadataFrozen { model: 1 })]);
        let model = registry.model(1).unwrap();
        assert_eq!((model.uri.as_str(), model.metadata_frozen), ("ipfs://card-v2", true));
        assert_refused_without_change(
            &mut registry,
            RegistryError::MetadataFrozen { model: 1 },
            |r| r.set_uri(alice(), 1, String::from("ipfs://card-v3")),
        );
        assert_refused_without_change(
            &mut registry,
            RegistryError::MetadataFrozen { model: 1 },
            |r| r.freeze_metadata(alice(), 1),
        );
    }

    #[ink::test]
    fn error_when_a_stranger_edits_metadata_or_status() {
        let mut registry = registry_with_one_model();
        let not_owner = RegistryError::NotModelOwner { model: 1, owner: alice() };
        assert_refused_without_change(&mut registry, not_owner.clone(), |r| {
            r.set_uri(bob(), 1, String::from("ipfs://defaced"))
        });
        assert_refused_without_change(&mut registry, not_owner.clone(), |r| {
            r.freeze_metadata(bob(), 1)
        });
        assert_refused_without_change(&mut registry, not_owner, |r| {
            r.set_status(bob(), 1, ModelStatus::Deprecated)
        });
        assert_refused_without_change(
            &mut registry,
            RegistryError::FieldTooLong { field: TextField::Uri, length: 300, max: MAX_URI_LEN },
            |r| r.set_uri(alice(), 1, "u".repeat(300)),
        );
    }

    #[ink::test]
    fn the_owner_deprecates_and_reactivates_a_model() {
        let mut registry = registry_with_one_model();

        let events = registry.set_status(alice(), 1, ModelStatus::Deprecated).unwrap();

        assert_eq!(
            events,
            vec![RegistryEvent::StatusChanged(StatusChanged {
                model: 1,
                status: ModelStatus::Deprecated
            })]
        );
        assert_eq!(registry.model(1).unwrap().status, ModelStatus::Deprecated);
        assert_refused_without_change(
            &mut registry,
            RegistryError::StatusUnchanged { model: 1, status: ModelStatus::Deprecated },
            |r| r.set_status(alice(), 1, ModelStatus::Deprecated),
        );
        registry.set_status(alice(), 1, ModelStatus::Active).unwrap();
        assert_eq!(registry.model(1).unwrap().status, ModelStatus::Active);
    }

    // --- PSP34 ownership --------------------------------------------------------

    #[ink::test]
    fn owner_transfers_a_model_and_balances_and_pages_follow() {
        let mut registry = registry_with_one_model();
        register(&mut registry, alice(), draft(2)).unwrap();
        register(&mut registry, alice(), draft(3)).unwrap();

        let events = registry.transfer(alice(), bob(), 1).unwrap();

        assert_eq!(registry.owner_of(1), Some(bob()));
        assert_eq!((registry.balance_of(alice()), registry.balance_of(bob())), (2, 1));
        assert_eq!(registry.models_of(alice(), 0, 10), Ok(vec![3, 2]), "last model fills the gap");
        assert_eq!(registry.models_of(bob(), 0, 10), Ok(vec![1]));
        assert_eq!(registry.model(1).unwrap().registrant, alice());
        assert_eq!(
            events,
            vec![RegistryEvent::Transfer(Transfer {
                from: Some(alice()),
                to: Some(bob()),
                id: Id::U64(1)
            })]
        );
        registry.transfer(alice(), bob(), 3).unwrap();
        registry.transfer(alice(), bob(), 2).unwrap();
        assert_eq!(registry.models_of(alice(), 0, 10), Ok(vec![]));
        assert_eq!(registry.models_of(bob(), 0, 10), Ok(vec![1, 3, 2]));
    }

    #[ink::test]
    fn models_of_pages_through_an_owners_models() {
        let mut registry = empty();
        for n in 1..=5 {
            register(&mut registry, alice(), draft(n)).unwrap();
        }

        assert_eq!(registry.models_of(alice(), 0, 2), Ok(vec![1, 2]));
        assert_eq!(registry.models_of(alice(), 2, 2), Ok(vec![3, 4]));
        assert_eq!(registry.models_of(alice(), 4, 2), Ok(vec![5]));
        assert_eq!(registry.models_of(alice(), 9, 2), Ok(vec![]));
        assert_eq!(registry.models_of(alice(), u32::MAX, MAX_PAGE), Ok(vec![]));
        assert_eq!(
            registry.models_of(alice(), 0, 0),
            Err(RegistryError::InvalidPageSize { limit: 0, max: MAX_PAGE })
        );
        assert_eq!(
            registry.models_of(alice(), 0, MAX_PAGE + 1),
            Err(RegistryError::InvalidPageSize { limit: MAX_PAGE + 1, max: MAX_PAGE })
        );
    }

    #[ink::test]
    fn a_sale_starts_a_new_owner_epoch_and_voids_the_sellers_derivative_approvals() {
        let mut registry = registry_with_one_model();
        registry.approve_derivative(alice(), 1, bob(), Some(500)).unwrap();
        assert_eq!(registry.owner_epoch(1), 0);
        assert_eq!(registry.derivative_approval(1, bob()), Some(500));

        registry.transfer(alice(), charlie(), 1).unwrap();

        assert_eq!(registry.owner_epoch(1), 1);
        assert_eq!(registry.derivative_approval(1, bob()), None, "the seller's approval is void");
        let lineage = registry.revenue_lineage(1).unwrap();
        assert_eq!((lineage[0].owner, lineage[0].owner_epoch), (charlie(), 1));
        assert_refused_without_change(
            &mut registry,
            RegistryError::NoDerivativeRight { parent: 1 },
            |r| reveal(r, bob(), NOW, derived(2, &[1]), unlicensed).map(|(_, e)| e),
        );
        // Bob can still clear the void approval (and its storage) ...
        registry.decline_derivative_approval(bob(), 1).unwrap();
        // ... and the new owner's own approval works
        registry.approve_derivative(charlie(), 1, bob(), Some(700)).unwrap();
        assert_eq!(register(&mut registry, bob(), derived(2, &[1])), Ok(2));
        assert_eq!(registry.parents(2)[0].royalty_bps, 700);
        // selling back and forth keeps counting
        registry.transfer(charlie(), alice(), 1).unwrap();
        assert_eq!(registry.owner_epoch(1), 2);
        assert_eq!(registry.owner_epoch(2), 0);
    }

    #[ink::test]
    fn error_when_a_stranger_transfers_a_model() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(&mut registry, RegistryError::NotApproved, |r| {
            r.transfer(bob(), bob(), 1)
        });
        assert_refused_without_change(&mut registry, RegistryError::NotApproved, |r| {
            r.transfer(bob(), charlie(), 1)
        });
    }

    #[ink::test]
    fn error_when_transferring_to_the_owner_or_an_unknown_model() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(&mut registry, RegistryError::TransferToSelf, |r| {
            r.transfer(alice(), alice(), 1)
        });
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownModel { model: 7 },
            |r| r.transfer(alice(), bob(), 7),
        );
    }

    #[ink::test]
    fn a_model_approval_allows_one_transfer_and_is_then_cleared() {
        let mut registry = registry_with_one_model();

        let events = registry.approve(alice(), bob(), Some(1), true).unwrap();
        assert_eq!(
            events,
            vec![RegistryEvent::Approval(Approval {
                owner: alice(),
                operator: bob(),
                id: Some(Id::U64(1)),
                approved: true,
            })]
        );
        assert!(registry.allowance(alice(), bob(), Some(1)));
        assert!(!registry.allowance(alice(), bob(), None));

        registry.transfer(bob(), charlie(), 1).unwrap();

        assert_eq!(registry.owner_of(1), Some(charlie()));
        assert!(!registry.allowance(charlie(), bob(), Some(1)));
        assert_eq!(registry.transfer(bob(), bob(), 1), Err(RegistryError::NotApproved));
    }

    #[ink::test]
    fn an_operator_approval_covers_every_model_until_revoked() {
        let mut registry = registry_with_one_model();
        register(&mut registry, alice(), draft(2)).unwrap();

        registry.approve(alice(), bob(), None, true).unwrap();
        assert!(registry.allowance(alice(), bob(), None));
        assert!(registry.allowance(alice(), bob(), Some(2)));
        registry.transfer(bob(), charlie(), 2).unwrap();

        registry.approve(alice(), bob(), None, false).unwrap();
        assert!(!registry.allowance(alice(), bob(), Some(1)));
        assert_eq!(registry.transfer(bob(), charlie(), 1), Err(RegistryError::NotApproved));
        assert_eq!(registry.owner_of(2), Some(charlie()));
    }

    #[ink::test]
    fn revoking_a_model_approval_of_another_operator_keeps_the_current_one() {
        let mut registry = registry_with_one_model();
        registry.approve(alice(), bob(), Some(1), true).unwrap();

        registry.approve(alice(), charlie(), Some(1), false).unwrap();

        assert!(registry.allowance(alice(), bob(), Some(1)));
    }

    #[ink::test]
    fn error_when_approving_oneself_a_strangers_model_or_an_unknown_one() {
        let mut registry = registry_with_one_model();
        assert_refused_without_change(&mut registry, RegistryError::SelfApprove, |r| {
            r.approve(alice(), alice(), Some(1), true)
        });
        assert_refused_without_change(&mut registry, RegistryError::SelfApprove, |r| {
            r.approve(alice(), alice(), None, true)
        });
        assert_refused_without_change(&mut registry, RegistryError::NotApproved, |r| {
            r.approve(bob(), charlie(), Some(1), true)
        });
        assert_refused_without_change(
            &mut registry,
            RegistryError::UnknownModel { model: 9 },
            |r| r.approve(alice(), bob(), Some(9), true),
        );
    }

    #[ink::test]
    fn only_u64_token_ids_name_models() {
        assert_eq!(model_of_token(&Id::U64(5)), Some(5));
        assert_eq!(model_of_token(&Id::U32(5)), None);
        assert_eq!(model_of_token(&Id::Bytes(vec![5])), None);
    }
}
