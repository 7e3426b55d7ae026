//! Lineage rules: the parents a derivative names and the share each edge
//! carries, the obligations a model owes its ancestors, its ancestor set, and
//! the derivative approvals of a parent's owner.
//!
//! **Edges.** A model's parents ([`Model::parents`]) are exactly the parents
//! its registrant named, each with the share the right to derive granted: the
//! lower of the parent owner's approval and the registrant's license where
//! both exist, 0 for a parent the registrant owns. At most [`MAX_PARENTS`]
//! parent models and, beside them, at most [`MAX_DATASETS`] datasets the model
//! was trained on ([`Relation::TrainedOn`], the only relation that names a
//! dataset, and one that names nothing else: [`RegistryError::RelationMismatch`]).
//! A training edge is granted like any other: by owning the dataset, by its
//! owner's approval, or by a dataset license that permits training (the
//! market grants a derivative royalty only with the kind's derivative use:
//! fine-tuning a model, training on a dataset). A dataset names no parents
//! ([`RegistryError::DatasetWithParents`]) and follows only datasets as their
//! new version ([`RegistryError::VersionKindMismatch`]).
//!
//! Training edges are edges: their shares join the flattened obligations
//! below, so a fine-tune of a model trained on a dataset still pays the
//! dataset's owner, and the same bounds hold for models and datasets alike.
//!
//! **Obligations per ancestor, not per edge.** What a payment for a model
//! owes upstream is its obligations ([`Model::obligations`]), fixed at
//! registration by flattening: each edge with a non-zero share
//! (`Obligation { ancestor: parent, bps: royalty_bps }`), then every
//! obligation of each parent and of the previous version; where one ancestor
//! is reached twice, the highest share holds. Each ancestor is then paid its
//! `bps` of every payment for the model directly (the market credits it; no
//! walk up the lineage). So no edge below an ancestor can cut the ancestor's
//! share off: a 0 % edge (an owner deriving from its own model, a 0 %
//! approval or license to a second account of the owner's) still carries
//! every share its parent owes.
//!
//! **Bounds**, each refused at registration and tested at the bound and one
//! past it:
//! - at most [`MAX_OBLIGATIONS`] (16) obligations, else
//!   [`RegistryError::TooManyObligations`];
//! - their shares sum to at most [`BPS_SCALE`] (100 %), else
//!   [`RegistryError::RoyaltyStackTooHigh`];
//! - at most [`MAX_ANCESTORS`] (64) distinct ancestors, else
//!   [`RegistryError::TooManyAncestors`]. The ancestor set is every parent,
//!   every ancestor owed an obligation, and all of their ancestors.
//!
//! **Approvals hold for the commitments made under them.** A derivative
//! right from an approval is judged by the terms in force in the block of
//! the registration's *commitment*, not of its reveal: a commitment binds
//! only the root, so a reveal that failed would put the root and the salt on
//! chain for the parent's owner to commit to first. So:
//! - a revocation, or a new share, applies to commitments made from its
//!   block on; one made before reveals under the lowest share among the
//!   terms it may have relied on and the new ones (so neither a revocation
//!   nor a raise can fail it, and a cut applies to it too); a grant serves
//!   earlier commitments as well;
//! - a sale voids the seller's approvals for commitments made from the
//!   sale's block on ([`Holding::since`]); after a ruling that moved the
//!   token, the squatter's approvals hold for nobody;
//! - a revoked approval keeps its cell, paid by the owner who granted it,
//!   until no pending commitment can use it (its block plus the commit
//!   window's longest age); revoking it again after that removes it.
//!
//! [`Model::parents`]: super::Model::parents
//! [`Holding::since`]: super::Holding::since
//! [`Model::obligations`]: super::Model::obligations

use super::{
    ApprovalTerms, DerivativeApproval, ParentRequest, RegistryData, MAX_ANCESTORS, MAX_DATASETS,
    MAX_OBLIGATIONS, MAX_PARENTS,
};
use crate::errors::{RegistryError, Result};
use crate::events::{DerivativeApproved, RegistryEvent};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::registry::BlockNumber;
use modelmint_common::{
    AssetKind, Bps, ModelId, ModelStatus, Obligation, ParentLink, Relation, BPS_SCALE,
};

/// A registration's lineage, resolved before its first write.
#[derive(Debug)]
pub(super) struct Lineage {
    /// The edges: the requested parents with their shares, in request order.
    pub links: Vec<ParentLink>,
    /// The obligations, ascending by ancestor.
    pub obligations: Vec<Obligation>,
    /// The ancestor set, ascending (empty for an original).
    pub ancestors: Vec<ModelId>,
    /// The parents whose derivative approval the registration consumes.
    pub used_approvals: Vec<ModelId>,
}

impl RegistryData {
    /// Checks the previous version and the requested parents of `caller`'s
    /// registration, whose commitment was made in block `committed`, fixes
    /// each edge's share and flattens the obligations (see the
    /// [module](self) documentation). For a parent the caller does not own,
    /// the right comes from the owner's approval (as it stood for that
    /// commitment) and `licensed_royalty`.
    pub(super) fn resolve_lineage(
        &self,
        caller: AccountId,
        (requests, committed): (&[ParentRequest], BlockNumber),
        (kind, previous_version): (AssetKind, Option<ModelId>),
        licensed_royalty: &mut impl FnMut(ModelId) -> Result<Option<Bps>>,
    ) -> Result<Lineage> {
        let mut obligations: Vec<Obligation> = Vec::new();
        if let Some(previous) = previous_version {
            let owner = self.require_owner(previous)?;
            if owner != caller {
                return Err(RegistryError::PreviousVersionNotOwned { previous, owner });
            }
            let record = self.require_model(previous)?;
            if record.kind != kind {
                return Err(RegistryError::VersionKindMismatch { previous, kind: record.kind });
            }
            if record.status == ModelStatus::Disputed {
                return Err(RegistryError::ModelDisputed { model: previous });
            }
            record.obligations.into_iter().for_each(|owed| owe(&mut obligations, owed));
        }
        check_edge_counts(kind, requests.iter().map(|request| request.relation))?;
        let mut links: Vec<ParentLink> = Vec::with_capacity(requests.len());
        let mut used_approvals = Vec::new();
        for request in requests {
            let parent = request.model;
            if links.iter().any(|link| link.model == parent) {
                return Err(RegistryError::DuplicateParent { parent });
            }
            let record = self.require_model(parent)?;
            check_edge_kind(parent, request.relation, record.kind)?;
            if record.status == ModelStatus::Disputed {
                return Err(RegistryError::ModelDisputed { model: parent });
            }
            let royalty_bps = if self.require_owner(parent)? == caller {
                0
            } else {
                let approved = self.approval_for_commitment(parent, caller, committed);
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
            if royalty_bps > 0 {
                owe(&mut obligations, Obligation { ancestor: parent, bps: royalty_bps });
            }
            record.obligations.into_iter().for_each(|owed| owe(&mut obligations, owed));
        }
        check_obligations(&obligations)?;
        let related = links.iter().map(|link| link.model);
        let ancestors =
            self.ancestor_set(related.chain(obligations.iter().map(|owed| owed.ancestor)))?;
        Ok(Lineage { links, obligations, ancestors, used_approvals })
    }

    /// The union of `models` and their ancestors, ascending, within the cap.
    pub(super) fn ancestor_set(
        &self,
        models: impl Iterator<Item = ModelId>,
    ) -> Result<Vec<ModelId>> {
        let mut set: Vec<ModelId> = Vec::new();
        // Kept sorted by inserting each id at its place (a handful of models,
        // each with at most MAX_ANCESTORS ancestors): no general sort, whose
        // code costs the registry kilobytes of Wasm.
        for model in models {
            let Err(place) = set.binary_search(&model) else {
                // Already in: its ancestors are too (an ancestor set holds
                // the ancestors of each of its members).
                continue;
            };
            set.insert(place, model);
            for ancestor in self.ancestors.get(model).unwrap_or_default() {
                if let Err(place) = set.binary_search(&ancestor) {
                    set.insert(place, ancestor);
                }
            }
        }
        let count = u32::try_from(set.len()).unwrap_or(u32::MAX);
        if count > MAX_ANCESTORS {
            return Err(RegistryError::TooManyAncestors { count, max: MAX_ANCESTORS });
        }
        Ok(set)
    }

    /// The direct parents of `model` (empty for originals and unknown ids).
    pub fn parents(&self, model: ModelId) -> Vec<ParentLink> {
        self.models.get(model).map(|record| record.parents).unwrap_or_default()
    }

    /// The obligations of `model`, ascending by ancestor (empty for an
    /// original, a model that owes nothing upstream, or an unknown id).
    pub fn obligations(&self, model: ModelId) -> Vec<Obligation> {
        self.models.get(model).map(|record| record.obligations).unwrap_or_default()
    }

    /// All ancestors of `model`, ascending (empty for originals and unknown ids).
    pub fn ancestors(&self, model: ModelId) -> Vec<ModelId> {
        self.ancestors.get(model).unwrap_or_default()
    }

    // --- derivative approvals -----------------------------------------------------

    /// Lets `account` register one derivative of `parent` owing `royalty_bps`, or
    /// withdraws that permission (`None`), in block `block`. Only the parent's
    /// owner may do this. A change applies to commitments made from `block`
    /// on (see the [module](self) documentation); revoking an approval
    /// already revoked removes its cell once no commitment can use it.
    pub fn approve_derivative(
        &mut self,
        caller: AccountId,
        block: BlockNumber,
        (parent, account): (ModelId, AccountId),
        royalty_bps: Option<Bps>,
    ) -> Result<Vec<RegistryEvent>> {
        self.require_owned_by(parent, caller)?;
        if account == caller {
            // The owner may always derive from their own model.
            return Err(RegistryError::SelfApprove);
        }
        if let Some(royalty) = royalty_bps {
            if royalty > BPS_SCALE {
                return Err(RegistryError::RoyaltyOutOfRange { royalty_bps: royalty });
            }
        }
        let current = royalty_bps
            .map(|royalty_bps| ApprovalTerms { royalty_bps, epoch: self.owner_epoch(parent) });
        let key = (parent, account);
        let window = self.commit_window();
        match self.derivative_approvals.get(key) {
            None if current.is_none() => {
                return Err(RegistryError::NoDerivativeApproval { parent })
            }
            None => {
                // A grant serves earlier commitments too: it only ever adds
                // a right.
                let approval = DerivativeApproval { current, previous: current, changed_at: block };
                self.derivative_approvals.insert(key, &approval);
            }
            Some(approval) => {
                // Commitments made before `changed_at` reveal until then.
                let until = approval.changed_at.saturating_add(window.max_blocks);
                let held = block <= until;
                match (approval.current, current) {
                    (None, None) if held => {
                        return Err(RegistryError::ApprovalStillHeld { parent, account, until })
                    }
                    (None, None) => self.derivative_approvals.remove(key),
                    (before, _) => {
                        // Commitments made before this change reveal under
                        // the lowest share among the terms they may have
                        // relied on (those of the last change too, while its
                        // window is open) and the new ones: no change can
                        // fail them, and none raises what they owe.
                        let kept = if held { approval.previous } else { None };
                        let previous = lower(lower(kept, before), current);
                        let changed = DerivativeApproval { current, previous, changed_at: block };
                        self.derivative_approvals.insert(key, &changed);
                    }
                }
            }
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
    /// `parent` for a commitment made now, if the parent's current owner
    /// granted it (one granted before the token was sold is void).
    pub fn derivative_approval(&self, parent: ModelId, account: AccountId) -> Option<Bps> {
        let terms = self.derivative_approvals.get((parent, account))?.current?;
        (terms.epoch == self.owner_epoch(parent)).then_some(terms.royalty_bps)
    }

    /// The royalty share `account`'s derivative approval on `parent` grants
    /// a registration whose commitment was made in block `committed`: the
    /// terms in force then, unless a sale since that commitment or a ruling
    /// voided them (see the [module](self) documentation).
    fn approval_for_commitment(
        &self,
        parent: ModelId,
        account: AccountId,
        committed: BlockNumber,
    ) -> Option<Bps> {
        let approval = self.derivative_approvals.get((parent, account))?;
        let terms =
            if committed < approval.changed_at { approval.previous } else { approval.current }?;
        let holding = self.owners.get(parent)?;
        let in_force = terms.epoch == holding.epoch
            || (terms.epoch < holding.epoch && committed < holding.since);
        in_force.then_some(terms.royalty_bps)
    }
}

/// Of two approval terms, the one with the lower share (the one present,
/// where only one is).
fn lower(a: Option<ApprovalTerms>, b: Option<ApprovalTerms>) -> Option<ApprovalTerms> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.royalty_bps < a.royalty_bps { b } else { a }),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Fails unless an asset of `kind` may name edges of `relations`: a dataset
/// none; a model at most [`MAX_PARENTS`] parent models and at most
/// [`MAX_DATASETS`] datasets.
pub(super) fn check_edge_counts(
    kind: AssetKind,
    relations: impl Iterator<Item = Relation>,
) -> Result<()> {
    let (mut models, mut datasets) = (0u32, 0u32);
    for relation in relations {
        match relation.parent_kind() {
            AssetKind::Model => models = models.saturating_add(1),
            AssetKind::Dataset => datasets = datasets.saturating_add(1),
        }
    }
    if kind == AssetKind::Dataset && models.saturating_add(datasets) > 0 {
        return Err(RegistryError::DatasetWithParents);
    }
    if models > MAX_PARENTS {
        return Err(RegistryError::TooManyParents { count: models, max: MAX_PARENTS });
    }
    if datasets > MAX_DATASETS {
        return Err(RegistryError::TooManyDatasets { count: datasets, max: MAX_DATASETS });
    }
    Ok(())
}

/// Fails unless an edge of `relation` may name `parent`, a `kind`: datasets
/// only by [`Relation::TrainedOn`], models only by the other relations.
pub(super) fn check_edge_kind(parent: ModelId, relation: Relation, kind: AssetKind) -> Result<()> {
    if relation.parent_kind() != kind {
        return Err(RegistryError::RelationMismatch { parent, relation, kind });
    }
    Ok(())
}

/// Adds `owed` to `obligations` (ascending by ancestor), keeping the higher
/// share where its ancestor is already owed.
pub(super) fn owe(obligations: &mut Vec<Obligation>, owed: Obligation) {
    match obligations.binary_search_by_key(&owed.ancestor, |obligation| obligation.ancestor) {
        Ok(place) => {
            if let Some(obligation) = obligations.get_mut(place) {
                obligation.bps = obligation.bps.max(owed.bps);
            }
        }
        Err(place) => obligations.insert(place, owed),
    }
}

/// Fails unless `obligations` are at most [`MAX_OBLIGATIONS`] and their
/// shares sum to at most [`BPS_SCALE`].
pub(super) fn check_obligations(obligations: &[Obligation]) -> Result<()> {
    let count = u32::try_from(obligations.len()).unwrap_or(u32::MAX);
    if count > MAX_OBLIGATIONS {
        return Err(RegistryError::TooManyObligations { count, max: MAX_OBLIGATIONS });
    }
    // At most MAX_OBLIGATIONS shares of at most u16::MAX each: no u32 overflow.
    let total_bps = obligations
        .iter()
        .fold(0u32, |total, obligation| total.saturating_add(u32::from(obligation.bps)));
    if total_bps > u32::from(BPS_SCALE) {
        return Err(RegistryError::RoyaltyStackTooHigh { total_bps });
    }
    Ok(())
}
