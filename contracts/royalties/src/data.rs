//! The royalties ledger and its rules, free of any contract plumbing.
//!
//! Every method takes the acting account (and whatever the registry said about
//! the model) as parameters, validates everything before its first write, and
//! returns the events the contract must emit. Unit and property tests drive it
//! directly.
//!
//! # How a split pays its recipients: lazily, each its own part
//!
//! A split runs in *rounds*. During a round its recipient entries and shares
//! are fixed and the model keeps one number, `received`: everything its split
//! was credited this round. Entry `i` (share `s_i` of [`SHARE_SCALE`]) is
//! entitled at any moment to `floor(received × s_i / SHARE_SCALE)` and has
//! taken `claimed[i]` of it. So:
//!
//! - a deposit writes one cell for the split (`received`), whatever its size;
//! - a withdrawal computes the caller's own `floor − claimed` for each split it
//!   accepted and writes only the caller's cells (its `claimed` entries and its
//!   `owed` balance): never another account's storage;
//! - the floors leave fewer units than there are entries unassigned; they stay
//!   in the split until its round ends (`distribute`, `set_split`,
//!   `clear_split`), which apportions the round's whole `received` by the
//!   largest remainder (`modelmint_common::split::apportion`), moves every
//!   entry's `part − claimed` to its account's owed balance and starts a new
//!   round. A floor never exceeds its final part, so nothing is ever taken
//!   back, and every entry gets within one unit of its exact share of the
//!   round.
//! - a recipient who leaves takes its `floor − claimed` and hands its entry,
//!   with its `claimed` mark, to the model's owner: the owner receives exactly
//!   what the entry earns from then on, and nobody else's cell is written.
//!
//! # Who pays for which cell: nobody frees another account's
//!
//! pallet-contracts charges the signer of a call for the cells and bytes the
//! call adds and releases to that signer those it frees, whoever paid for
//! them. Anyone may call `deposit`, `distribute` and `withdraw_for`, and an
//! owner's split changes touch its recipients' accounts, so a freed cell
//! would hand one account's deposit to another. Hence no cell of the rounds
//! and balances is ever removed or resized: each is written at its final size
//! by the first call that needs it and later rewritten in place (a balance
//! taken out or a round ended is written as 0).
//!
//! - a model's round (`received`) is created by `set_split`: its owner pays;
//! - an account's owed balance is created by its `accept_split` (or by the
//!   first credit of an account that never accepted: its model's buyer for
//!   an owner without a split, the round's ender for a listed recipient);
//! - a claim (`claimed`) is created by its own account's withdrawal (or by
//!   whoever calls `withdraw_for` it, who chose to);
//! - a royalty edge's carry by the first payment that leaves a remainder;
//! - an account's memberships are written only by the account itself
//!   (`accept_split`, `leave_split`): an owner who drops a recipient leaves
//!   its acceptance in place, inert until the owner lists it again.
//!
//! Invariant kept by every method: `liabilities == Σ owed + Σ pending`, where
//! a model's pending money is `received − Σ claimed` of its split (see
//! [`RoyaltiesData::pending_of`]), and `received > 0` only while the model has
//! a split. Every single balance is therefore at most `liabilities`, which is
//! why moving money between entries cannot overflow once the total has been
//! checked.

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
use modelmint_common::split::{apportion, mul_div_floor, validate_shares, Share};
use modelmint_common::{Balance, ModelId, OwnerEpoch};

pub use modelmint_common::split::{MAX_RECIPIENTS, SHARE_SCALE};

/// Most splits one account may accept. It bounds the work of
/// [`RoyaltiesData::withdraw`], which reads each of them (at most
/// `MAX_MEMBERSHIPS` splits of [`MAX_RECIPIENTS`] entries) and writes one
/// claim per entry of the caller's.
pub const MAX_MEMBERSHIPS: u32 = 64;

/// The royalties contract's storage: splits, pending and owed balances.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct RoyaltiesData {
    /// model -> its recipient entries (1..=[`MAX_RECIPIENTS`], shares summing
    /// to [`SHARE_SCALE`]; set without a duplicate account, but a leave hands
    /// the leaver's entry to the owner, who may then hold several). Removed by
    /// `clear_split`.
    splits: Mapping<ModelId, Vec<Recipient>>,
    /// model -> everything the model's split was credited in its current
    /// round (module docs). Created (at 0) by the first `set_split`, reset to
    /// 0 when the round ends, never removed.
    received: Mapping<ModelId, Balance>,
    /// (model, entry index) -> what that entry of the model's split has taken
    /// out of the current round (absent: nothing). Created only by a
    /// withdrawal or a leave of the entry's own account; reset to 0 when the
    /// round ends, never removed.
    claimed: Mapping<(ModelId, u32), Balance>,
    /// account -> settled, withdrawable balance. Created (at 0) when the
    /// account accepts a split, or by its first credit; a withdrawal writes
    /// 0, never removes it.
    owed: Mapping<AccountId, Balance>,
    /// account -> the models whose split it accepted and did not leave (at
    /// most [`MAX_MEMBERSHIPS`]): being listed is an invitation and takes no
    /// slot. Written only by the account itself. An acceptance counts while
    /// the split lists the account (see [`RoyaltiesData::memberships_of`]);
    /// one whose split dropped it stays, inert, until the account leaves or
    /// needs the slot.
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
    /// payments still reach upstream (see `walk_with_carry`). Back at 0 it
    /// stays: the depositor who created it keeps the deposit's cell.
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

/// The end of a split's round, worked out before any write: the amount moved
/// to owed balances, the new owed balance of every account due something, and
/// the entries whose `claimed` cell exists (to remove).
#[derive(Debug)]
struct Settlement {
    model: ModelId,
    amount: Balance,
    owed: Vec<(AccountId, Balance)>,
    claimed: Vec<u32>,
}

/// What one account can take out of the current rounds of its splits: the
/// total and the `claimed` cells to write.
#[derive(Debug, Default)]
struct Claims {
    amount: Balance,
    marks: Vec<((ModelId, u32), Balance)>,
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
    /// What a model keeps goes to its split's current round (one write, module
    /// docs) if it has a split set by its current owner, or to its current
    /// owner's owed balance otherwise (a split set before the token was sold
    /// receives nothing new). The cost grows with the lineage, never with the
    /// number of split recipients.
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
                Credit::Pending(model) => self.received_of(model),
                Credit::Owed(account) => self.owed_of(account),
            };
            updates.push((target, current.checked_add(added).ok_or(RoyaltyError::Overflow)?));
        }

        for (target, balance) in updates {
            match target {
                Credit::Pending(model) => self.received.insert(model, &balance),
                Credit::Owed(account) => self.owed.insert(account, &balance),
            };
        }
        // Only changed carries are listed: one back at 0 existed, and is
        // rewritten in place rather than freed (module docs).
        for edge in &walk.carries {
            self.carries.insert((edge.from_model, edge.to_model), &edge.carry);
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

    /// Ends the current round of `model`'s split: apportions everything the
    /// round received (largest remainder, see
    /// `modelmint_common::split::apportion`) and moves each entry's part, less
    /// what it already took, to its account's owed balance. Anyone may call
    /// it (and pays for the owed cells it creates); with nothing received it
    /// does nothing.
    pub fn distribute(&mut self, model: ModelId) -> Result<Vec<RoyaltiesEvent>> {
        Ok(match self.settlement(model)? {
            Some(settlement) => self.apply(settlement).into_iter().collect(),
            None => Vec::new(),
        })
    }

    /// Sets `model`'s split to `recipients`, for `caller`, who must be `owner`,
    /// the model's current owner, in owner epoch `owner_epoch`. The previous
    /// split's round ends first (see [`Self::distribute`]): money received
    /// before the change is owed under the split that was in force.
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
                return Err(RoyaltyError::DuplicateRecipient { index: index_of(index) });
            }
        }
        let settlement = self.settlement(model)?;

        let mut events = Vec::with_capacity(2);
        if let Some(settlement) = settlement {
            events.extend(self.apply(settlement));
        }
        // The round's cell is the owner's to pay, not the first buyer's.
        if !self.received.contains(model) {
            self.received.insert(model, &0);
        }
        self.splits.insert(model, &recipients);
        self.split_epochs.insert(model, &owner_epoch);
        // Dropped recipients keep their acceptance (module docs): their
        // memberships are their own storage.
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
        if !self.splits.contains(model) {
            return Err(RoyaltyError::NoSplit { model });
        }
        let settlement = self.settlement(model)?;

        let mut events = Vec::with_capacity(2);
        if let Some(settlement) = settlement {
            events.extend(self.apply(settlement));
        }
        // The owner frees the model's own cells; the recipients keep their
        // acceptances and balances (module docs).
        self.splits.remove(model);
        self.split_epochs.remove(model);
        events.push(RoyaltiesEvent::SplitCleared(SplitCleared { model }));
        Ok(events)
    }

    /// `caller`, listed in `model`'s split, accepts it: from now on its
    /// withdrawals settle that split too. Until then the split holds no slot
    /// of the caller's, and its part reaches it when anyone distributes.
    /// The caller pays for its own owed balance here (module docs), and with
    /// every slot taken, acceptances of splits that no longer list it make
    /// room first.
    pub fn accept_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
    ) -> Result<Vec<RoyaltiesEvent>> {
        self.listing(model, caller)?;
        let mut accepted = self.accepted_by(caller);
        if accepted.contains(&model) {
            return Err(RoyaltyError::AlreadyAccepted { model });
        }
        let full = |models: &Vec<ModelId>| {
            u32::try_from(models.len()).map_or(true, |count| count >= MAX_MEMBERSHIPS)
        };
        if full(&accepted) {
            accepted.retain(|&member| self.lists(member, caller));
            if full(&accepted) {
                return Err(RoyaltyError::RecipientMembershipsFull {
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
        Ok(vec![RoyaltiesEvent::SplitAccepted(SplitAccepted { model, account: caller })])
    }

    /// `caller` leaves `model`'s split (whose current owner is `owner`): it
    /// takes its part of everything the split received so far (to its owed
    /// balance), then hands its entries, with what they have taken, to the
    /// owner, who receives what they earn from then on. Only the caller's
    /// cells are written (its owed balance, its entries' marks, its
    /// membership); the split keeps its round.
    ///
    /// A caller the split no longer lists (its owner dropped it or cleared
    /// the split) but that still holds its acceptance only gives that up.
    pub fn leave_split(
        &mut self,
        caller: AccountId,
        model: ModelId,
        owner: AccountId,
    ) -> Result<Vec<RoyaltiesEvent>> {
        let mut split = match self.listing(model, caller) {
            Ok(split) => split,
            Err(refusal) => {
                if !self.accepted_by(caller).contains(&model) {
                    return Err(refusal);
                }
                self.leave(caller, model);
                return Ok(vec![RoyaltiesEvent::SplitLeft(SplitLeft { model, account: caller })]);
            }
        };
        if caller == owner {
            return Err(RoyaltyError::OwnerCannotLeave { model });
        }
        let mut claims = Claims::default();
        self.claims_in(caller, model, self.received_of(model), &split, &mut claims)?;
        let owed = self.owed_of(caller).checked_add(claims.amount).ok_or(RoyaltyError::Overflow)?;

        for recipient in split.iter_mut().filter(|recipient| recipient.account == caller) {
            recipient.account = owner;
        }
        self.write_claims(claims.marks);
        if owed > 0 {
            self.owed.insert(caller, &owed);
        }
        self.splits.insert(model, &split);
        self.leave(caller, model);
        Ok(vec![
            RoyaltiesEvent::SplitLeft(SplitLeft { model, account: caller }),
            RoyaltiesEvent::SplitSet(SplitSet { model, recipients: split }),
        ])
    }

    /// Takes everything `caller` is owed out of the ledger and returns it: its
    /// owed balance plus, for every split it accepted, its entries' part of
    /// the split's current round not yet taken (module docs). Writes only the
    /// caller's own cells. The contract must transfer the amount, or give it
    /// back with [`Self::recredit`].
    pub fn withdraw(&mut self, caller: AccountId) -> Result<(Balance, Vec<RoyaltiesEvent>)> {
        let claims = self.claims_of(caller)?;
        // One read of the balance cell: its value, and whether it exists.
        let owed = self.owed.get(caller);
        let amount = owed.unwrap_or(0).checked_add(claims.amount).ok_or(RoyaltyError::Overflow)?;
        if amount == 0 {
            return Err(RoyaltyError::NothingOwed);
        }
        let liabilities = self.liabilities.checked_sub(amount).ok_or(RoyaltyError::Overflow)?;
        self.write_claims(claims.marks);
        // Written as 0, never freed: anyone may withdraw for `caller`, and
        // must not collect the deposit of its cell (module docs).
        if owed.is_some() {
            self.owed.insert(caller, &0);
        }
        self.liabilities = liabilities;
        Ok((amount, vec![RoyaltiesEvent::Withdrawn(Withdrawn { account: caller, amount })]))
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
    /// plus its part, not yet taken, of the current round of every split it
    /// accepted. (Its part of the rounding units still pending in a split
    /// reaches it when the round ends.)
    pub fn owed_to(&self, account: AccountId) -> Balance {
        // Bounded by `liabilities` (module docs): cannot overflow.
        let claims = self.claims_of(account).map(|claims| claims.amount).unwrap_or_default();
        self.owed_of(account).saturating_add(claims)
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

    /// `model`'s money held for its split and not yet taken: what the split's
    /// current round received less what its entries have claimed.
    pub fn pending_of(&self, model: ModelId) -> Balance {
        let received = self.received_of(model);
        if received == 0 {
            return 0;
        }
        let entries = self.splits.get(model).map_or(0, |split| split.len());
        (0..entries).fold(received, |pending, index| {
            // Each claim is part of `received` (module docs): cannot underflow.
            pending.saturating_sub(self.claimed_of(model, index_of(index)))
        })
    }

    /// Everything `model`'s split was credited in its current round.
    pub fn received_of(&self, model: ModelId) -> Balance {
        self.received.get(model).unwrap_or(0)
    }

    /// What entry `index` of `model`'s split took out of the current round.
    pub fn claimed_of(&self, model: ModelId, index: u32) -> Balance {
        self.claimed.get((model, index)).unwrap_or(0)
    }

    /// `account`'s settled balance (without its parts of pending money; see
    /// [`Self::owed_to`]).
    pub fn owed_of(&self, account: AccountId) -> Balance {
        self.owed.get(account).unwrap_or(0)
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
        let split = self.splits.get(model).ok_or(RoyaltyError::NoSplit { model })?;
        if split.iter().any(|recipient| recipient.account == account) {
            Ok(split)
        } else {
            Err(RoyaltyError::NotARecipient { model })
        }
    }

    /// Whether `model`'s split lists `account`.
    fn lists(&self, model: ModelId, account: AccountId) -> bool {
        self.listing(model, account).is_ok()
    }

    /// Σ owed + Σ pending: what the contract owes in total.
    pub fn liabilities(&self) -> Balance {
        self.liabilities
    }

    /// Works out the end of `model`'s current round without writing.
    fn settlement(&self, model: ModelId) -> Result<Option<Settlement>> {
        let received = self.received_of(model);
        if received == 0 {
            return Ok(None);
        }
        // Money is received only while the model has a split (module docs).
        let Some(split) = self.splits.get(model) else { return Ok(None) };
        let parts = apportion(received, &shares_of(&split)).ok_or(RoyaltyError::Overflow)?;
        let mut owed: Vec<(AccountId, Balance)> = Vec::with_capacity(split.len());
        let mut claimed = Vec::new();
        let mut amount: Balance = 0;
        for (index, (recipient, part)) in split.iter().zip(parts).enumerate() {
            let index = index_of(index);
            let taken = self.claimed_of(model, index);
            if taken > 0 {
                claimed.push(index);
            }
            // A claim is a floor of this round, never above its final part.
            let due = part.checked_sub(taken).ok_or(RoyaltyError::Overflow)?;
            if due == 0 {
                continue;
            }
            amount = amount.checked_add(due).ok_or(RoyaltyError::Overflow)?;
            // After a leave the owner may hold several entries: add them up.
            match owed.iter_mut().find(|(account, _)| *account == recipient.account) {
                Some((_, balance)) => {
                    *balance = balance.checked_add(due).ok_or(RoyaltyError::Overflow)?;
                }
                None => {
                    let balance = self
                        .owed_of(recipient.account)
                        .checked_add(due)
                        .ok_or(RoyaltyError::Overflow)?;
                    owed.push((recipient.account, balance));
                }
            }
        }
        Ok(Some(Settlement { model, amount, owed, claimed }))
    }

    /// Writes the end of a round; `liabilities` is unchanged (pending becomes
    /// owed). The round's cells are reset in place, never freed: whoever ends
    /// it (anyone) must not collect the deposits of the owner's round cell or
    /// of the recipients' claims (module docs). Returns `Distributed` if any
    /// money moved.
    fn apply(&mut self, settlement: Settlement) -> Option<RoyaltiesEvent> {
        let Settlement { model, amount, owed, claimed } = settlement;
        for (account, balance) in owed {
            self.owed.insert(account, &balance);
        }
        for index in claimed {
            self.claimed.insert((model, index), &0);
        }
        self.received.insert(model, &0);
        (amount > 0).then_some(RoyaltiesEvent::Distributed(Distributed { model, amount }))
    }

    /// What `account` can take now out of the current rounds of the splits it
    /// accepted.
    fn claims_of(&self, account: AccountId) -> Result<Claims> {
        let mut claims = Claims::default();
        // Acceptances of splits that dropped the account find no entry of it.
        for model in self.accepted_by(account) {
            // An empty round owes nothing: skip reading its split.
            let received = self.received_of(model);
            if received == 0 {
                continue;
            }
            if let Some(split) = self.splits.get(model) {
                self.claims_in(account, model, received, &split, &mut claims)?;
            }
        }
        Ok(claims)
    }

    /// Adds to `claims` what `account`'s entries of `model`'s split (`split`,
    /// whose round received `received`) can take now: each entry's floor of
    /// the round less its claim.
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
                .ok_or(RoyaltyError::Overflow)?;
            let due =
                floor.checked_sub(self.claimed_of(model, index)).ok_or(RoyaltyError::Overflow)?;
            if due > 0 {
                claims.amount = claims.amount.checked_add(due).ok_or(RoyaltyError::Overflow)?;
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

    /// Gives up `account`'s acceptance of `model`: only ever on the
    /// account's own call.
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

/// Fails unless `lineage` starts with `model` (what the registry guarantees).
fn check_lineage(model: ModelId, lineage: &[LineageNode]) -> Result<()> {
    if lineage.first().map(|node| node.model) == Some(model) {
        Ok(())
    } else {
        Err(RoyaltyError::UnknownModel { model })
    }
}

/// An entry index as stored: splits have at most [`MAX_RECIPIENTS`] entries.
fn index_of(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
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
