//! What a reassigning ruling restores besides the model itself.
//!
//! A ruling that gives a squatted model to its rightful owner
//! ([`Ruling::Uphold`](crate::Ruling::Uphold) with `reassign`) moves one
//! token. Two things the squatter did stay wrong after it, and the arbiter
//! of that dispute (its record kept until its claimant clears it) repairs
//! them one message at a time, each bounded:
//!
//! - **Versions and self-derivatives.** The squatter may have registered
//!   models from the stolen one: later versions of it, fine-tunes of it that
//!   owe it nothing (a model derived from one's own owes 0 %).
//!   [`RegistryData::restore_descendant`] moves each such model that the
//!   squatter registered and still holds to the claimant. A model the
//!   squatter sold stays with its buyer.
//! - **Lineage.** A squatter who registered someone's derivative as an
//!   original erased its parents, and so the royalty its upstream is owed.
//!   [`RegistryData::set_lineage`] gives the reassigned model the parents the
//!   arbiter names, with the bounds a registrant meets (parents, obligations,
//!   their sum, ancestors) and no cycle; its obligations are flattened again
//!   as at a registration. Models derived from it earlier keep the
//!   obligations fixed at their registration: no ruling walks down the
//!   lineage.

use super::lineage::{check_edge_counts, check_edge_kind, check_obligations, owe};
use super::{Push, RegistryData};
use crate::errors::{RegistryError, Result};
use crate::events::{LineageSet, ModelRestored, RegistryEvent};
use crate::types::{Dispute, DisputeId, DisputeState};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::{ModelId, Obligation, ParentLink, BPS_SCALE};

/// How many previous versions [`RegistryData::restore_descendant`] follows
/// back from a model to find the disputed one: the bound of its reads.
pub const MAX_VERSION_STEPS: u32 = 16;

impl RegistryData {
    /// The dispute `dispute_id`, if `caller` is the wired `arbiter` and the
    /// dispute reassigned its model.
    fn reassigning_dispute(
        &self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        dispute_id: DisputeId,
    ) -> Result<Dispute> {
        if arbiter != Some(caller) {
            return Err(RegistryError::NotArbiter);
        }
        let dispute = self
            .disputes
            .get(dispute_id)
            .ok_or(RegistryError::UnknownDispute { dispute: dispute_id })?;
        if dispute.state != DisputeState::Reassigned {
            return Err(RegistryError::NotReassigned { dispute: dispute_id });
        }
        Ok(dispute)
    }

    /// Moves `descendant` to the claimant of `dispute_id`: a version or a
    /// derivative of the dispute's model that the model's registrant (the
    /// losing owner) registered and still holds. The arbiter only, once the
    /// dispute reassigned its model. The move is a new owner epoch from which
    /// none of the losing owner's derivative approvals holds, and it lifts
    /// the losing owner's metadata freeze. Returns the events and the push.
    pub fn restore_descendant(
        &mut self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        dispute_id: DisputeId,
        descendant: ModelId,
    ) -> Result<(Vec<RegistryEvent>, Push)> {
        let dispute = self.reassigning_dispute(caller, arbiter, dispute_id)?;
        let loser = self.require_model(dispute.model)?.registrant;
        let holding = self.require_holding(descendant)?;
        let mut record = self.require_model(descendant)?;
        let restorable = descendant != dispute.model
            && record.registrant == loser
            && holding.owner == loser
            && self.derives_from(descendant, dispute.model);
        if !restorable {
            return Err(RegistryError::NotRestorable { model: descendant });
        }
        let (held, transfer) = self.move_token(holding, dispute.claimant, descendant, 0)?;
        record.metadata_frozen = false;
        self.models.insert(descendant, &record);
        let restored =
            ModelRestored { dispute: dispute_id, model: descendant, to: dispute.claimant };
        Ok((vec![transfer, RegistryEvent::ModelRestored(restored)], record.push(descendant, held)))
    }

    /// Whether `model` is a version (following at most
    /// [`MAX_VERSION_STEPS`] previous versions) or a derivative of `origin`,
    /// or a derivative of one of its versions.
    fn derives_from(&self, model: ModelId, origin: ModelId) -> bool {
        let mut current = Some(model);
        for _ in 0..MAX_VERSION_STEPS {
            let Some(step) = current else { return false };
            if step == origin || self.ancestors(step).binary_search(&origin).is_ok() {
                return true;
            }
            current = self.models.get(step).and_then(|record| record.previous_version);
        }
        false
    }

    /// Gives the model of `dispute_id` the `parents` the arbiter names, as if
    /// registered with them: at most [`MAX_PARENTS`](super::MAX_PARENTS) models and
    /// [`MAX_DATASETS`](super::MAX_DATASETS) datasets, each named by a relation of
    /// its kind (none for a dataset), known, distinct, not
    /// the model nor one of its descendants, each share at most 100 %; its
    /// obligations are flattened again from them and its previous version,
    /// within the bounds of a registration. The arbiter only, once the
    /// dispute reassigned its model. Returns the events and the push.
    pub fn set_lineage(
        &mut self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        dispute_id: DisputeId,
        parents: Vec<ParentLink>,
    ) -> Result<(Vec<RegistryEvent>, Push)> {
        let dispute = self.reassigning_dispute(caller, arbiter, dispute_id)?;
        let model = dispute.model;
        let holding = self.require_holding(model)?;
        let mut record = self.require_model(model)?;
        check_edge_counts(record.kind, parents.iter().map(|link| link.relation))?;
        let mut obligations: Vec<Obligation> = Vec::new();
        if let Some(previous) = record.previous_version {
            self.require_model(previous)?
                .obligations
                .into_iter()
                .for_each(|owed| owe(&mut obligations, owed));
        }
        for (index, link) in parents.iter().enumerate() {
            let parent = link.model;
            if parents.iter().take(index).any(|earlier| earlier.model == parent) {
                return Err(RegistryError::DuplicateParent { parent });
            }
            if link.royalty_bps > BPS_SCALE {
                return Err(RegistryError::RoyaltyOutOfRange { royalty_bps: link.royalty_bps });
            }
            let upstream = self.require_model(parent)?;
            check_edge_kind(parent, link.relation, upstream.kind)?;
            // No cycle: the parent is neither the model nor derived from it.
            if parent == model || self.derives_from(parent, model) {
                return Err(RegistryError::LineageCycle { parent });
            }
            if link.royalty_bps > 0 {
                owe(&mut obligations, Obligation { ancestor: parent, bps: link.royalty_bps });
            }
            upstream.obligations.into_iter().for_each(|owed| owe(&mut obligations, owed));
        }
        check_obligations(&obligations)?;
        let related = parents.iter().map(|link| link.model);
        let ancestors =
            self.ancestor_set(related.chain(obligations.iter().map(|owed| owed.ancestor)))?;

        record.parents = parents.clone();
        record.obligations = obligations;
        self.models.insert(model, &record);
        if ancestors.is_empty() {
            self.ancestors.remove(model);
        } else {
            self.ancestors.insert(model, &ancestors);
        }
        let set = LineageSet { dispute: dispute_id, model, parents };
        Ok((vec![RegistryEvent::LineageSet(set)], record.push(model, holding)))
    }
}
