//! The royalties ledger and its rules, free of any contract plumbing.
//!
//! Every method takes the acting account (and whatever the registry said about
//! the model) as parameters, validates everything before its first write, and
//! returns the events the contract must emit. Unit and property tests drive it
//! directly.
//!
//! Invariant kept by every method: `liabilities == Σ owed + Σ pending`, and
//! `pending[m] > 0` only while `m` has a split. Every single balance is therefore
//! at most `liabilities`, which is why moving money between entries cannot
//! overflow once the total has been checked.

use crate::errors::{Result, RoyaltyError};
use crate::events::{
    Deposited, Distributed, RoyaltiesEvent, SplitAccepted, SplitCleared, SplitLeft, SplitSet,
    UpstreamCredited, Withdrawn,
};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use ink::storage::Mapping;
use modelmint_common::registry::LineageNode;
use modelmint_common::royalties::{walk_with_carry, Carry, Payee, Recipient};
use modelmint_common::split::{apportion, validate_shares, Share};
use modelmint_common::{Balance, ModelId, OwnerEpoch};

pub use modelmint_common::split::{MAX_RECIPIENTS, SHARE_SCALE};

/// Most splits one account may be listed in. It bounds the work of
/// [`RoyaltiesData::withdraw`], which settles all of them: at most
/// `MAX_MEMBERSHIPS` × [`MAX_RECIPIENTS`] credits.
pub const MAX_MEMBERSHIPS: u32 = 64;

/// The royalties contract's storage: splits, pending and owed balances.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct RoyaltiesData {
    /// model -> its recipients (1..=[`MAX_RECIPIENTS`], shares summing to
    /// [`SHARE_SCALE`], no duplicate account). Removed by `clear_split`.
    splits: Mapping<ModelId, Vec<Recipient>>,
    /// model -> money the model retained while it had a split, not yet
    /// apportioned among the split. Removed when distributed.
    pending: Mapping<ModelId, Balance>,
    /// account -> settled, withdrawable balance. Removed on withdrawal.
    owed: Mapping<AccountId, Balance>,
    /// account -> the models whose split lists it and that it accepted (at
    /// most [`MAX_MEMBERSHIPS`]): being listed is an invitation and takes no
    /// slot. Removed when the account leaves its last split.
    memberships: Mapping<AccountId, Vec<ModelId>>,
    /// Σ owed + Σ pending: everything the contract must be able to pay out.
    liabilities: Balance,
    /// model -> the owner epoch its split was set in, present exactly while
    /// the model has a split (written by `set_split`, removed by
    /// `clear_split`). A split set by a previous owner receives nothing
    /// deposited after the sale.
    split_epochs: Mapping<ModelId, OwnerEpoch>,
    /// (derivative, parent) -> what the royalty edge still owes the parent
    /// below one unit, in 1/10 000 of a unit (absent: nothing), so that small
    /// payments still reach upstream (see `walk_with_carry`).
    carries: Mapping<(ModelId, ModelId), Carry>,
}

/// What the royalties contract holds against what it owes: anyone can check
/// that every unit owed is there.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Solvency {
    /// What the contract can transfer: its free balance above the existential
    /// deposit.
    pub transferable: Balance,
    /// Everything it owes: Σ owed + Σ pending.
    pub liabilities: Balance,
}

/// Where a model's retained money goes at deposit time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Credit {
    /// To the model's pending balance (the model has a split).
    Pending(ModelId),
    /// Straight to an account's owed balance (the model's owner; no split).
    Owed(AccountId),
}

/// A distribution worked out before any write: the amount and the new owed
/// balance of every recipient whose part is not zero.
#[derive(Debug)]
struct Settlement {
    model: ModelId,
    amount: Balance,
    owed: Vec<(AccountId, Balance)>,
}

impl RoyaltiesData {
    /// Credits a payment of `amount` by `payer` for `model`, whose revenue
    /// lineage (as the registry reports it: `model` first, every model before
    /// its parents) is `lineage`.
    ///
    /// Each model passes each parent its royalty share of what it received,
    /// rounded down with the fraction carried over to the edge's next payment
    /// (so over any sequence of payments a parent gets the floor of its exact
    /// share), and keeps the rest.
    /// What a model keeps goes to its pending balance if it has a split set
    /// by its current owner, or to its current owner's owed balance otherwise
    /// (a split set before the token was sold receives nothing new). The cost grows with the
    /// lineage, never with the number of split recipients.
    pub fn deposit(
        &mut self,
        payer: AccountId,
        model: ModelId,
        amount: Balance,
        lineage: &[LineageNode],
    ) -> Result<Vec<RoyaltiesEvent>> {
        if amount == 0 {
            return Err(RoyaltyError::ZeroDeposit);
        }
        check_lineage(model, lineage)?;
        let liabilities = self.liabilities.checked_add(amount).ok_or(RoyaltyError::Overflow)?;
        let walk = walk_with_carry(amount, lineage, |from, to| self.carry(from, to))?;

        // One owner may own several models of the lineage: aggregate first.
        let mut credits: Vec<(Credit, Balance)> = Vec::new();
        for (node, &retained) in lineage.iter().zip(&walk.retained) {
            if retained == 0 {
                continue;
            }
            let target = if self.split_applies(node.model, node.owner_epoch) {
                Credit::Pending(node.model)
            } else {
                Credit::Owed(node.owner)
            };
            match credits.iter_mut().find(|(credit, _)| *credit == target) {
                Some((_, sum)) => *sum = sum.checked_add(retained).ok_or(RoyaltyError::Overflow)?,
                None => credits.push((target, retained)),
            }
        }
        let mut updates = Vec::with_capacity(credits.len());
        for (target, added) in credits {
            let current = match target {
                Credit::Pending(model) => self.pending_of(model),
                Credit::Owed(account) => self.owed_of(account),
            };
            updates.push((target, current.checked_add(added).ok_or(RoyaltyError::Overflow)?));
        }

        for (target, balance) in updates {
            match target {
                Credit::Pending(model) => self.pending.insert(model, &balance),
                Credit::Owed(account) => self.owed.insert(account, &balance),
            };
        }
        for edge in &walk.carries {
            let key = (edge.from_model, edge.to_model);
            if edge.carry == 0 {
                self.carries.remove(key);
            } else {
                self.carries.insert(key, &edge.carry);
            }
        }
        self.liabilities = liabilities;

        let mut events = Vec::with_capacity(walk.upstream.len().saturating_add(1));
        events.push(RoyaltiesEvent::Deposited(Deposited { model, payer, amount }));
        events.extend(walk.upstream.into_iter().map(|cut| {
            RoyaltiesEvent::UpstreamCredited(UpstreamCredited {
                from_model: cut.from_model,
                to_model: cut.to_model,
                amount: cut.amount,
            })
        }));
        Ok(events)
    }

    /// Apportions `model`'s whole pending balance among its split (largest
    /// remainder, see `modelmint_common::split::apportion`) into the recipients'
    /// owed balances. Anyone may call it; with nothing pending it does nothing.
    pub fn distribute(&mut self, model: ModelId) -> Result<Vec<RoyaltiesEvent>> {
        Ok(match self.settlement(model)? {
            Some(settlement) => vec![self.apply(settlement)],
            None => Vec::new(),
        })
    }

    /// Sets `model`'s split to `recipients`, for `caller`, who must be `owner`,
    /// the model's current owner, in owner epoch `owner_epoch`. Money pending
    /// under the previous split is distributed under it first.
    pub fn set_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
        (owner, owner_epoch): (AccountId, OwnerEpoch),
        recipients: Vec<Recipient>,
    ) -> Result<Vec<RoyaltiesEvent>> {
        if caller != owner {
            return Err(RoyaltyError::NotModelOwner { model, owner });
        }
        let shares: Vec<Share> = recipients.iter().map(|recipient| recipient.share).collect();
        validate_shares(&shares).map_err(RoyaltyError::InvalidShares)?;
        for (index, recipient) in recipients.iter().enumerate() {
            if recipients.iter().take(index).any(|earlier| earlier.account == recipient.account) {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                return Err(RoyaltyError::DuplicateRecipient { index });
            }
        }
        let previous = self.splits.get(model).unwrap_or_default();
        let leaving: Vec<AccountId> = previous
            .iter()
            .map(|recipient| recipient.account)
            .filter(|account| !recipients.iter().any(|new| new.account == *account))
            .collect();
        let settlement = self.settlement(model)?;

        let mut events = Vec::with_capacity(2);
        if let Some(settlement) = settlement {
            events.push(self.apply(settlement));
        }
        self.splits.insert(model, &recipients);
        self.split_epochs.insert(model, &owner_epoch);
        for account in leaving {
            self.leave(account, model);
        }
        events.push(RoyaltiesEvent::SplitSet(SplitSet { model, recipients }));
        Ok(events)
    }

    /// Removes `model`'s split, for `caller`, who must be `owner`. Pending money
    /// is distributed under the split first; later deposits go to the owner.
    pub fn clear_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
        owner: AccountId,
    ) -> Result<Vec<RoyaltiesEvent>> {
        if caller != owner {
            return Err(RoyaltyError::NotModelOwner { model, owner });
        }
        let Some(previous) = self.splits.get(model) else {
            return Err(RoyaltyError::NoSplit { model });
        };
        let settlement = self.settlement(model)?;

        let mut events = Vec::with_capacity(2);
        if let Some(settlement) = settlement {
            events.push(self.apply(settlement));
        }
        self.splits.remove(model);
        self.split_epochs.remove(model);
        for recipient in previous {
            self.leave(recipient.account, model);
        }
        events.push(RoyaltiesEvent::SplitCleared(SplitCleared { model }));
        Ok(events)
    }

    /// `caller`, listed in `model`'s split, accepts it: from now on its
    /// withdrawals settle that split too. Until then the split holds no slot
    /// of the caller's, and its part reaches it when anyone distributes.
    pub fn accept_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
    ) -> Result<Vec<RoyaltiesEvent>> {
        let split = self.splits.get(model).ok_or(RoyaltyError::NoSplit { model })?;
        if !split.iter().any(|recipient| recipient.account == caller) {
            return Err(RoyaltyError::NotARecipient { model });
        }
        let memberships = self.memberships_of(caller);
        if memberships.contains(&model) {
            return Err(RoyaltyError::AlreadyAccepted { model });
        }
        if u32::try_from(memberships.len()).map_or(true, |count| count >= MAX_MEMBERSHIPS) {
            return Err(RoyaltyError::RecipientMembershipsFull {
                account: caller,
                max: MAX_MEMBERSHIPS,
            });
        }
        self.join(caller, model);
        Ok(vec![RoyaltiesEvent::SplitAccepted(SplitAccepted { model, account: caller })])
    }

    /// `caller` leaves `model`'s split (whose current owner is `owner`): the
    /// pending money is distributed first, so the caller keeps its part of
    /// everything deposited so far; its share then goes to the owner.
    pub fn leave_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
        owner: AccountId,
    ) -> Result<Vec<RoyaltiesEvent>> {
        let split = self.splits.get(model).ok_or(RoyaltyError::NoSplit { model })?;
        if caller == owner {
            return Err(RoyaltyError::OwnerCannotLeave { model });
        }
        let Some(leaving) = split.iter().find(|recipient| recipient.account == caller) else {
            return Err(RoyaltyError::NotARecipient { model });
        };
        let mut recipients: Vec<Recipient> =
            split.iter().filter(|recipient| recipient.account != caller).copied().collect();
        match recipients.iter_mut().find(|recipient| recipient.account == owner) {
            Some(own) => {
                own.share = own.share.checked_add(leaving.share).ok_or(RoyaltyError::Overflow)?;
            }
            None => recipients.push(Recipient { account: owner, share: leaving.share }),
        }
        let settlement = self.settlement(model)?;

        let mut events = Vec::with_capacity(3);
        if let Some(settlement) = settlement {
            events.push(self.apply(settlement));
        }
        self.splits.insert(model, &recipients);
        self.leave(caller, model);
        events.push(RoyaltiesEvent::SplitLeft(SplitLeft { model, account: caller }));
        events.push(RoyaltiesEvent::SplitSet(SplitSet { model, recipients }));
        Ok(events)
    }

    /// Settles every split `caller` accepted, then takes everything
    /// `caller` is owed out of the ledger and returns it: the contract must
    /// transfer that amount, or give it back with [`Self::recredit`].
    pub fn withdraw(&mut self, caller: AccountId) -> Result<(Balance, Vec<RoyaltiesEvent>)> {
        if self.owed_to(caller) == 0 {
            return Err(RoyaltyError::NothingOwed);
        }
        let memberships = self.memberships_of(caller);
        let mut events = Vec::with_capacity(memberships.len().saturating_add(1));
        for model in memberships {
            // Cannot fail: every balance stays below `liabilities` (module docs),
            // and each settlement is complete on its own.
            if let Some(settlement) = self.settlement(model)? {
                events.push(self.apply(settlement));
            }
        }
        let amount = self.owed_of(caller);
        let liabilities = self.liabilities.checked_sub(amount).ok_or(RoyaltyError::Overflow)?;
        self.owed.remove(caller);
        self.liabilities = liabilities;
        events.push(RoyaltiesEvent::Withdrawn(Withdrawn { account: caller, amount }));
        Ok((amount, events))
    }

    /// Gives `amount` back to `account` after a withdrawal whose transfer failed.
    pub fn recredit(&mut self, account: AccountId, amount: Balance) -> Result<()> {
        let owed = self.owed_of(account).checked_add(amount).ok_or(RoyaltyError::Overflow)?;
        let liabilities = self.liabilities.checked_add(amount).ok_or(RoyaltyError::Overflow)?;
        self.owed.insert(account, &owed);
        self.liabilities = liabilities;
        Ok(())
    }

    /// Exactly what [`Self::withdraw`] would pay `account` now: its owed balance
    /// plus its parts of the pending money of every split it accepted.
    pub fn owed_to(&self, account: AccountId) -> Balance {
        let mut total = self.owed_of(account);
        for model in self.memberships_of(account) {
            let Some(split) = self.splits.get(model) else { continue };
            let pending = self.pending_of(model);
            if pending == 0 {
                continue;
            }
            let parts = apportion(pending, &shares_of(&split)).unwrap_or_default();
            for (recipient, part) in split.iter().zip(parts) {
                if recipient.account == account {
                    // Bounded by `liabilities` (module docs): cannot saturate.
                    total = total.saturating_add(part);
                }
            }
        }
        total
    }

    /// Who would be credited how much if `price` were deposited for `model`
    /// (with revenue lineage `lineage`) and then distributed on its own. Each
    /// account appears once, in the order it is first credited; accounts that
    /// would get nothing are left out, so a price of 0 gives an empty list. The
    /// amounts add up to `price` exactly.
    pub fn royalty_info(
        &self,
        model: ModelId,
        price: Balance,
        lineage: &[LineageNode],
    ) -> Result<Vec<Payee>> {
        check_lineage(model, lineage)?;
        let walk = walk_with_carry(price, lineage, |from, to| self.carry(from, to))?;
        let mut payees: Vec<Payee> = Vec::new();
        for (node, &retained) in lineage.iter().zip(&walk.retained) {
            if retained == 0 {
                continue;
            }
            match self
                .splits
                .get(node.model)
                .filter(|_| self.split_applies(node.model, node.owner_epoch))
            {
                Some(split) => {
                    let parts =
                        apportion(retained, &shares_of(&split)).ok_or(RoyaltyError::Overflow)?;
                    for (recipient, part) in split.iter().zip(parts) {
                        add_payee(&mut payees, recipient.account, part)?;
                    }
                }
                None => add_payee(&mut payees, node.owner, retained)?,
            }
        }
        Ok(payees)
    }

    /// What the royalty edge from `model` to its parent `parent` still owes
    /// below one unit, in 1/10 000 of a unit.
    pub fn carry(&self, model: ModelId, parent: ModelId) -> Carry {
        self.carries.get((model, parent)).unwrap_or(0)
    }

    /// `model`'s split, if it has one (it may have been set by a previous
    /// owner: see [`Self::split_epoch`]).
    pub fn split_of(&self, model: ModelId) -> Option<Vec<Recipient>> {
        self.splits.get(model)
    }

    /// The owner epoch in which `model`'s split was set.
    pub fn split_epoch(&self, model: ModelId) -> Option<OwnerEpoch> {
        // One read: deposits ask this for every model of the lineage.
        self.split_epochs.get(model)
    }

    /// Whether deposits for `model`, whose current owner epoch is
    /// `owner_epoch`, go to its split.
    fn split_applies(&self, model: ModelId, owner_epoch: OwnerEpoch) -> bool {
        self.split_epoch(model) == Some(owner_epoch)
    }

    /// `model`'s money not yet distributed among its split.
    pub fn pending_of(&self, model: ModelId) -> Balance {
        self.pending.get(model).unwrap_or(0)
    }

    /// `account`'s settled balance (without its parts of pending money; see
    /// [`Self::owed_to`]).
    pub fn owed_of(&self, account: AccountId) -> Balance {
        self.owed.get(account).unwrap_or(0)
    }

    /// The models whose split lists `account`.
    pub fn memberships_of(&self, account: AccountId) -> Vec<ModelId> {
        self.memberships.get(account).unwrap_or_default()
    }

    /// Σ owed + Σ pending: what the contract owes in total.
    pub fn liabilities(&self) -> Balance {
        self.liabilities
    }

    /// Works out the distribution of `model`'s pending money without writing.
    fn settlement(&self, model: ModelId) -> Result<Option<Settlement>> {
        let amount = self.pending_of(model);
        if amount == 0 {
            return Ok(None);
        }
        // Pending money exists only while the model has a split (module docs).
        let Some(split) = self.splits.get(model) else { return Ok(None) };
        let parts = apportion(amount, &shares_of(&split)).ok_or(RoyaltyError::Overflow)?;
        let mut owed = Vec::with_capacity(split.len());
        for (recipient, part) in split.iter().zip(parts) {
            if part == 0 {
                continue;
            }
            let balance =
                self.owed_of(recipient.account).checked_add(part).ok_or(RoyaltyError::Overflow)?;
            owed.push((recipient.account, balance));
        }
        Ok(Some(Settlement { model, amount, owed }))
    }

    /// Writes a settlement; `liabilities` is unchanged (pending becomes owed).
    fn apply(&mut self, settlement: Settlement) -> RoyaltiesEvent {
        let Settlement { model, amount, owed } = settlement;
        for (account, balance) in owed {
            self.owed.insert(account, &balance);
        }
        self.pending.remove(model);
        RoyaltiesEvent::Distributed(Distributed { model, amount })
    }

    fn join(&mut self, account: AccountId, model: ModelId) {
        let mut models = self.memberships_of(account);
        models.push(model);
        self.memberships.insert(account, &models);
    }

    fn leave(&mut self, account: AccountId, model: ModelId) {
        let mut models = self.memberships_of(account);
        models.retain(|&member| member != model);
        if models.is_empty() {
            self.memberships.remove(account);
        } else {
            self.memberships.insert(account, &models);
        }
    }
}

/// Fails unless `lineage` starts with `model` (what the registry guarantees).
fn check_lineage(model: ModelId, lineage: &[LineageNode]) -> Result<()> {
    if lineage.first().map(|node| node.model) == Some(model) {
        Ok(())
    } else {
        Err(RoyaltyError::UnknownModel { model })
    }
}

fn shares_of(split: &[Recipient]) -> Vec<Share> {
    split.iter().map(|recipient| recipient.share).collect()
}

fn add_payee(payees: &mut Vec<Payee>, account: AccountId, amount: Balance) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    match payees.iter_mut().find(|payee| payee.account == account) {
        Some(payee) => {
            payee.amount = payee.amount.checked_add(amount).ok_or(RoyaltyError::Overflow)?;
        }
        None => payees.push(Payee { account, amount }),
    }
    Ok(())
}

#[cfg(test)]
mod tests;
