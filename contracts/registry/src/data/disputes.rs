//! Dispute rules: anyone but the owner raises a dispute against a model with
//! a deposit; the wired arbiter rules on it ([`Ruling`]); its claimant clears
//! it afterwards.
//!
//! An upheld ruling marks the model disputed or, with `reassign`, moves its
//! token to the claimant (a new owner epoch). A reassigning ruling may also
//! void the licenses sold in the losing owner's epochs (`void_from`): it
//! appends one [`EpochRange`] to the model's [`Model::voided`], which the
//! market's copy of the model carries, and the market lets no license sold in
//! a voided epoch grant anything. Licenses sold by an owner who keeps the
//! model stay valid. Every other cell a ruling rewrites keeps its size; a
//! voiding ruling grows the model's record by that one range (8 bytes, and
//! the arbiter pays their storage deposit).

use super::{Holding, Model, Payout, Push, RegistryData, MAX_URI_LEN, MAX_VOIDED_RANGES};
use crate::errors::{RegistryError, Result, TextField};
use crate::events::{
    DisputeCleared, DisputeRaised, DisputeResolved, EscrowReleased, RegistryEvent, StatusChanged,
};
use crate::types::{Dispute, DisputeId, DisputeState, Ruling};
use ink::prelude::{string::String, vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::market::DISPUTE_ESCROW;
use modelmint_common::{Balance, EpochRange, ModelId, ModelStatus, OwnerEpoch, Timestamp};

impl RegistryData {
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
    ) -> Result<(DisputeId, Vec<RegistryEvent>, Option<Push>)> {
        if arbiter.is_none() {
            return Err(RegistryError::NoArbiter);
        }
        let required = self.dispute_deposit();
        if paid != required {
            return Err(RegistryError::WrongDisputeDeposit { required, paid });
        }
        super::check_text(TextField::Uri, &evidence_uri, MAX_URI_LEN)?;
        let holding = self.require_holding(model)?;
        if holding.owner == caller {
            return Err(RegistryError::OwnModelDisputed { model });
        }
        let mut record = self.require_model(model)?;
        // The first open dispute holds the model's revenue in escrow; later
        // ones while it is open do not extend it.
        let escrow = record.open_disputes == 0;
        record.dispute_opened()?;
        if escrow {
            record.escrow_until = now.saturating_add(DISPUTE_ESCROW);
        }
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
        let push = escrow.then(|| record.push(model, holding));
        Ok((dispute, vec![RegistryEvent::DisputeRaised(event)], push))
    }

    /// Rules on `dispute` for `caller`, who must be the wired `arbiter`.
    /// Returns the deposit's payout, which the contract must send, the events
    /// and, if the ruling changed what the market knows of the model (its
    /// status, owner or voided epochs), the model's [`Push`].
    pub fn resolve_dispute(
        &mut self,
        caller: AccountId,
        arbiter: Option<AccountId>,
        dispute_id: DisputeId,
        ruling: Ruling,
    ) -> Result<(Payout, Vec<RegistryEvent>, Option<Push>)> {
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
        let holding = self.require_holding(model)?;
        let mut record = self.require_model(model)?;
        record.dispute_closed()?;
        // The last open dispute ruled on: the escrow ends, and the market
        // pays the round to whoever the ruling leaves owning the model.
        let released = record.open_disputes == 0 && record.escrow_until != 0;
        if released {
            record.escrow_until = 0;
        }
        let resolved = DisputeResolved { dispute: dispute_id, model, ruling };
        let mut events = vec![RegistryEvent::DisputeResolved(resolved)];
        let (payout, push) = match ruling {
            Ruling::Dismiss => (Payout { to: holding.owner, amount: dispute.deposit }, None),
            Ruling::Uphold { reassign, void_from } => {
                let (upheld, push) =
                    self.uphold(&dispute, holding, &mut record, reassign, void_from)?;
                events.extend(upheld);
                (Payout { to: dispute.claimant, amount: dispute.deposit }, push)
            }
        };
        // Nothing else changed (a dismissal, say): the release alone is news
        // to the market.
        let push = push.or_else(|| released.then(|| record.push(model, holding)));
        // Every cell rewritten here keeps its size (a count, a flag, a
        // one-byte state) but for a voiding ruling's one range, so the arbiter
        // pays for no one's storage and collects no one's deposit; only a
        // reassignment moves the token's bookkeeping, as any PSP34 transfer
        // does.
        self.models.insert(model, &record);
        dispute.state = ruling.into();
        self.disputes.insert(dispute_id, &dispute);
        Ok((payout, events, push))
    }

    /// Applies an upheld `dispute` to its model, held as `holding`, whose
    /// `record` the caller writes: the status (`Disputed`, or `Active` with
    /// `reassign`), the move to the claimant and the voided range. Checks
    /// everything before its first write. Returns the events after
    /// `DisputeResolved` and the model's push if anything the market knows
    /// changed.
    fn uphold(
        &mut self,
        dispute: &Dispute,
        holding: Holding,
        record: &mut Model,
        reassign: bool,
        void_from: Option<OwnerEpoch>,
    ) -> Result<(Vec<RegistryEvent>, Option<Push>)> {
        let model = dispute.model;
        // A claimant who already holds the model (an earlier ruling gave it
        // to them) keeps it: nothing moves.
        let moves = reassign && holding.owner != dispute.claimant;
        let voided = match void_from {
            None => None,
            Some(_) if !reassign => return Err(RegistryError::InvalidRuling),
            Some(from) => {
                // The owner epoch after the ruling: the voided range ends
                // before it, so the claimant's own licenses stay valid.
                let to = if moves {
                    holding.epoch.checked_add(1).ok_or(RegistryError::OwnerEpochOverflow)?
                } else {
                    holding.epoch
                };
                if from >= to {
                    return Err(RegistryError::InvalidRuling);
                }
                let ranges = u32::try_from(record.voided.len()).unwrap_or(u32::MAX);
                if ranges >= MAX_VOIDED_RANGES {
                    return Err(RegistryError::TooManyVoidedRanges { max: MAX_VOIDED_RANGES });
                }
                Some(EpochRange { from, to })
            }
        };
        let mut events = Vec::with_capacity(2);
        let mut held = holding;
        if moves {
            let (moved, transfer) = self.move_token(holding, dispute.claimant, model, 0)?;
            held = moved;
            events.push(transfer);
            // The model card the previous owner froze is theirs (a
            // squatter's, say): the rightful owner may correct it, as every
            // other right that owner granted lapses.
            record.metadata_frozen = false;
        }
        let mut changed = moves;
        if let Some(range) = voided {
            record.voided.push(range);
            changed = true;
        }
        let status = if reassign { ModelStatus::Active } else { ModelStatus::Disputed };
        if record.status != status {
            record.status = status;
            events.push(RegistryEvent::StatusChanged(StatusChanged { model, status }));
            changed = true;
        }
        Ok((events, changed.then(|| record.push(model, held))))
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
    ) -> Result<(Option<Payout>, Vec<RegistryEvent>, Option<Push>)> {
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
        let (refund, push) = if dispute.state == DisputeState::Open {
            if arbiter.is_some() {
                return Err(RegistryError::DisputeOpen { dispute: dispute_id });
            }
            let model = dispute.model;
            let holding = self.require_holding(model)?;
            let mut record = self.require_model(model)?;
            record.dispute_closed()?;
            // Nobody can rule: the last one taken back ends the escrow.
            let released = record.open_disputes == 0 && record.escrow_until != 0;
            if released {
                record.escrow_until = 0;
            }
            self.models.insert(model, &record);
            let push = released.then(|| record.push(model, holding));
            (Some(Payout { to: caller, amount: dispute.deposit }), push)
        } else {
            (None, None)
        };
        self.disputes.remove(dispute_id);
        let cleared = RegistryEvent::DisputeCleared(DisputeCleared { dispute: dispute_id });
        Ok((refund, vec![cleared], push))
    }

    /// Releases `model`'s escrow once due at block time `now`: the arbiter
    /// did not rule within [`DISPUTE_ESCROW`], so the owner is paid again
    /// (and may move the token) whatever is still open. Anyone may call it.
    /// Returns the event and the model's push.
    pub fn release_escrow(
        &mut self,
        now: Timestamp,
        model: ModelId,
    ) -> Result<(Vec<RegistryEvent>, Push)> {
        let holding = self.require_holding(model)?;
        let mut record = self.require_model(model)?;
        let until = record.escrow_until;
        if until == 0 {
            return Err(RegistryError::NoEscrow { model });
        }
        if now < until {
            return Err(RegistryError::EscrowNotDue { model, until });
        }
        record.escrow_until = 0;
        self.models.insert(model, &record);
        let event = RegistryEvent::EscrowReleased(EscrowReleased { model });
        Ok((vec![event], record.push(model, holding)))
    }

    /// The dispute `dispute`, open or ruled on (until its claimant clears it).
    pub fn dispute(&self, dispute: DisputeId) -> Option<Dispute> {
        self.disputes.get(dispute)
    }
}
