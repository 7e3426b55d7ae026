//! Splits and withdrawals: who shares a model's revenue, and how each takes
//! its part out.

use super::{full, index_of, shares_of, MarketData, Result, MAX_COLLECTED, MAX_MEMBERSHIPS};
use crate::errors::MarketError;
use crate::events::{MarketEvent, SplitAccepted, SplitCleared, SplitLeft, SplitSet, Withdrawn};
use crate::types::ModelState;
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::royalties::Recipient;
use modelmint_common::split::{mul_div_floor, validate_shares};
use modelmint_common::{Balance, ModelId};

pub use modelmint_common::split::SHARE_SCALE;

/// What one account can take now out of the current rounds of its splits:
/// the total and the claim cells to write.
#[derive(Debug, Default)]
struct Claims {
    amount: Balance,
    marks: Vec<((ModelId, u32), Balance)>,
}

impl MarketData {
    /// Sets `model`'s split to `recipients`, for `caller`, who must be the
    /// model's current owner. The current round ends first: what the model
    /// received before the change is owed under whoever it was owed to then.
    pub fn set_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
        recipients: Vec<Recipient>,
    ) -> Result<Vec<MarketEvent>> {
        let mut state = self.require_model(model)?;
        if caller != state.owner {
            return Err(MarketError::NotModelOwner { model, owner: state.owner });
        }
        // A new split would end the escrowed round in the old one's favour.
        state.ensure_not_escrowed(model)?;
        validate_shares(&shares_of(&recipients)).map_err(MarketError::InvalidShares)?;
        for (index, recipient) in recipients.iter().enumerate() {
            if recipients.iter().take(index).any(|earlier| earlier.account == recipient.account) {
                return Err(MarketError::DuplicateRecipient { index: index_of(index) });
            }
        }
        let settlement = self.settlement(model, &state)?;

        let mut events = Vec::with_capacity(2);
        if let Some(settlement) = settlement {
            events.extend(self.apply(model, &mut state, settlement));
        }
        self.splits.insert(model, &recipients);
        state.split_epoch = Some(state.epoch);
        self.models.insert(model, &state);
        // Dropped recipients keep their acceptance: their memberships are
        // their own storage.
        events.push(MarketEvent::SplitSet(SplitSet { model, recipients }));
        Ok(events)
    }

    /// Removes `model`'s split, for `caller`, who must be the model's current
    /// owner. The current round ends first; later revenue is the owner's.
    pub fn clear_split(&mut self, caller: AccountId, model: ModelId) -> Result<Vec<MarketEvent>> {
        let mut state = self.require_model(model)?;
        if caller != state.owner {
            return Err(MarketError::NotModelOwner { model, owner: state.owner });
        }
        if !self.splits.contains(model) {
            return Err(MarketError::NoSplit { model });
        }
        state.ensure_not_escrowed(model)?;
        let settlement = self.settlement(model, &state)?;

        let mut events = Vec::with_capacity(2);
        if let Some(settlement) = settlement {
            events.extend(self.apply(model, &mut state, settlement));
        }
        self.splits.remove(model);
        state.split_epoch = None;
        self.models.insert(model, &state);
        events.push(MarketEvent::SplitCleared(SplitCleared { model }));
        Ok(events)
    }

    /// `caller`, listed in `model`'s split, accepts it: from now on its
    /// withdrawals take its part of that split too. Until then the listing
    /// holds no slot of the caller's, and its part reaches it when anyone
    /// distributes. The caller pays for its own owed balance here, and with
    /// every slot taken, acceptances of splits that no longer list it make
    /// room first.
    pub fn accept_split(&mut self, caller: AccountId, model: ModelId) -> Result<Vec<MarketEvent>> {
        self.listing(model, caller)?;
        let mut accepted = self.accepted_by(caller);
        if accepted.contains(&model) {
            return Err(MarketError::AlreadyAccepted { model });
        }
        if full(accepted.len(), MAX_MEMBERSHIPS) {
            accepted.retain(|&member| self.lists(member, caller));
            if full(accepted.len(), MAX_MEMBERSHIPS) {
                return Err(MarketError::RecipientMembershipsFull {
                    account: caller,
                    max: MAX_MEMBERSHIPS,
                });
            }
        }
        accepted.push(model);
        self.memberships.insert(caller, &accepted);
        if !self.owed.contains(caller) {
            self.owed.insert(caller, &0);
        }
        Ok(vec![MarketEvent::SplitAccepted(SplitAccepted { model, account: caller })])
    }

    /// `caller` leaves `model`'s split: it takes its part of the current round
    /// so far (to its owed balance), then hands its entries, with what they
    /// took, to the owner, who receives what they earn from then on. Only the
    /// caller's cells and the split's entry list are written. A caller the
    /// split no longer lists but that kept its acceptance only gives that up.
    pub fn leave_split(&mut self, caller: AccountId, model: ModelId) -> Result<Vec<MarketEvent>> {
        let mut split = match self.listing(model, caller) {
            Ok(split) => split,
            Err(refusal) => {
                if !self.accepted_by(caller).contains(&model) {
                    return Err(refusal);
                }
                self.leave(caller, model);
                return Ok(vec![MarketEvent::SplitLeft(SplitLeft { model, account: caller })]);
            }
        };
        let state = self.require_model(model)?;
        if caller == state.owner {
            return Err(MarketError::OwnerCannotLeave { model });
        }
        // Leaving takes the caller's part of the round: it waits for the
        // ruling or the escrow's release (at most DISPUTE_ESCROW).
        state.ensure_not_escrowed(model)?;
        let mut claims = Claims::default();
        if state.split_applies() {
            self.claims_in(caller, model, state.received, &split, &mut claims)?;
        }
        let owed = self.owed_of(caller).checked_add(claims.amount).ok_or(MarketError::Overflow)?;

        for recipient in split.iter_mut().filter(|recipient| recipient.account == caller) {
            recipient.account = state.owner;
        }
        self.write_claims(claims.marks);
        if owed > 0 {
            self.owed.insert(caller, &owed);
        }
        self.splits.insert(model, &split);
        self.leave(caller, model);
        Ok(vec![
            MarketEvent::SplitLeft(SplitLeft { model, account: caller }),
            MarketEvent::SplitSet(SplitSet { model, recipients: split }),
        ])
    }

    /// Takes everything `account` is owed out of the ledger and returns it:
    /// the whole current round of each model in `collect` (at most
    /// [`MAX_COLLECTED`]; `account` must own each and have no split on it),
    /// its part not yet taken of the current round of every split it
    /// accepted, and its owed balance. Writes only those models' records and
    /// `account`'s own cells. The contract must transfer the amount, or give
    /// it back with [`Self::recredit`].
    pub fn withdraw(
        &mut self,
        account: AccountId,
        collect: &[ModelId],
    ) -> Result<(Balance, Vec<MarketEvent>)> {
        if u32::try_from(collect.len()).map_or(true, |count| count > MAX_COLLECTED) {
            return Err(MarketError::TooManyModels { max: MAX_COLLECTED });
        }
        let mut amount: Balance = 0;
        let mut collected: Vec<(ModelId, ModelState)> = Vec::new();
        for &model in collect {
            if collected.iter().any(|(done, _)| *done == model) {
                continue;
            }
            let mut state = self.require_model(model)?;
            if state.owner != account || state.split_applies() {
                return Err(MarketError::NotPayee { model });
            }
            state.ensure_not_escrowed(model)?;
            if state.received > 0 {
                amount = amount.checked_add(state.received).ok_or(MarketError::Overflow)?;
                state.received = 0;
                collected.push((model, state));
            }
        }
        let claims = self.claims_of(account)?;
        // One read of the balance cell: its value, and whether it exists.
        let owed = self.owed.get(account);
        amount = amount
            .checked_add(owed.unwrap_or(0))
            .and_then(|sum| sum.checked_add(claims.amount))
            .ok_or(MarketError::Overflow)?;
        if amount == 0 {
            return Err(MarketError::NothingOwed);
        }
        let liabilities = self.liabilities.checked_sub(amount).ok_or(MarketError::Overflow)?;

        for (model, state) in &collected {
            self.models.insert(model, state);
        }
        self.write_claims(claims.marks);
        // Written as 0, never freed: anyone may withdraw for `account`, and
        // must not collect the deposit of its cell.
        if owed.is_some() {
            self.owed.insert(account, &0);
        }
        self.liabilities = liabilities;
        Ok((amount, vec![MarketEvent::Withdrawn(Withdrawn { account, amount })]))
    }

    /// Gives `amount` back to `account` after a withdrawal whose transfer
    /// failed (on chain the failed call is reverted anyway; this keeps the
    /// ledger right where it is not, in off-chain tests).
    pub fn recredit(&mut self, account: AccountId, amount: Balance) -> Result<()> {
        let owed = self.owed_of(account).checked_add(amount).ok_or(MarketError::Overflow)?;
        let liabilities = self.liabilities.checked_add(amount).ok_or(MarketError::Overflow)?;
        self.owed.insert(account, &owed);
        self.liabilities = liabilities;
        Ok(())
    }

    /// Exactly what [`Self::withdraw`] would pay `account` now without
    /// collecting a model: its owed balance plus its part, not yet taken, of
    /// the current round of every split it accepted. (What its own models
    /// without a split received is their [`Self::pending_of`].)
    pub fn owed_to(&self, account: AccountId) -> Balance {
        // Bounded by `liabilities` (module docs): cannot overflow.
        let claims = self.claims_of(account).map(|claims| claims.amount).unwrap_or_default();
        self.owed_of(account).saturating_add(claims)
    }

    /// `model`'s split, if it has one (it may have been set by a previous
    /// owner: see its record's `split_epoch`).
    pub fn split_of(&self, model: ModelId) -> Option<Vec<Recipient>> {
        self.splits.get(model)
    }

    /// The models whose split `account` accepted and still lists it: those
    /// its withdrawals settle.
    pub fn memberships_of(&self, account: AccountId) -> Vec<ModelId> {
        let mut models = self.accepted_by(account);
        models.retain(|&model| self.lists(model, account));
        models
    }

    /// Every acceptance `account` holds, also of splits that dropped it.
    fn accepted_by(&self, account: AccountId) -> Vec<ModelId> {
        self.memberships.get(account).unwrap_or_default()
    }

    /// `model`'s split, read once, if it lists `account`; otherwise why
    /// `account` cannot act on it.
    fn listing(&self, model: ModelId, account: AccountId) -> Result<Vec<Recipient>> {
        let split = self.splits.get(model).ok_or(MarketError::NoSplit { model })?;
        if split.iter().any(|recipient| recipient.account == account) {
            Ok(split)
        } else {
            Err(MarketError::NotARecipient { model })
        }
    }

    /// Whether `model`'s split lists `account`.
    fn lists(&self, model: ModelId, account: AccountId) -> bool {
        self.listing(model, account).is_ok()
    }

    /// What `account` can take now out of the current rounds of the splits
    /// it accepted (only rounds its split is paid in).
    fn claims_of(&self, account: AccountId) -> Result<Claims> {
        let mut claims = Claims::default();
        for model in self.accepted_by(account) {
            let Some(state) = self.models.get(model) else { continue };
            // An empty round, or one owed to the owner, owes the split
            // nothing; an escrowed one owes nobody yet.
            if state.received == 0 || !state.split_applies() || state.escrowed {
                continue;
            }
            if let Some(split) = self.splits.get(model) {
                self.claims_in(account, model, state.received, &split, &mut claims)?;
            }
        }
        Ok(claims)
    }

    /// Adds to `claims` what `account`'s entries of `model`'s split (whose
    /// round received `received`) can take now: each entry's floor of the
    /// round less its claim.
    fn claims_in(
        &self,
        account: AccountId,
        model: ModelId,
        received: Balance,
        split: &[Recipient],
        claims: &mut Claims,
    ) -> Result<()> {
        for (index, recipient) in split.iter().enumerate() {
            if recipient.account != account {
                continue;
            }
            let index = index_of(index);
            let floor = mul_div_floor(received, u64::from(recipient.share), u64::from(SHARE_SCALE))
                .ok_or(MarketError::Overflow)?;
            let due =
                floor.checked_sub(self.claimed_of(model, index)).ok_or(MarketError::Overflow)?;
            if due > 0 {
                claims.amount = claims.amount.checked_add(due).ok_or(MarketError::Overflow)?;
                claims.marks.push(((model, index), floor));
            }
        }
        Ok(())
    }

    fn write_claims(&mut self, marks: Vec<((ModelId, u32), Balance)>) {
        for (key, claimed) in marks {
            self.claimed.insert(key, &claimed);
        }
    }

    /// Gives up `account`'s acceptance of `model`: only ever on the account's
    /// own call.
    fn leave(&mut self, account: AccountId, model: ModelId) {
        let mut models = self.accepted_by(account);
        models.retain(|&member| member != model);
        if models.is_empty() {
            self.memberships.remove(account);
        } else {
            self.memberships.insert(account, &models);
        }
    }
}
