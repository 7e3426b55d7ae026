//! The market's state and rules, free of any contract plumbing.
//!
//! Every method takes the acting account, the time and the value paid as
//! parameters, validates everything before its first write, and returns the
//! events the contract must emit. Unit and property tests drive it directly.
//!
//! # Where a payment goes: one model record, lazily shared
//!
//! Each model's record ([`ModelState`]) holds `received`: everything the
//! model kept of its payments since its current *round* began. A payment for
//! a model first credits each ancestor the model owes a share (its debts,
//! with carries, see [`share_out`]) to *that ancestor's* `received`, then adds
//! the rest to the model's own. So a purchase of an original model writes one
//! record whatever the model's split, and one more per ancestor owed.
//!
//! Who is owed a round depends on the model's split:
//!
//! - **with a split set in the current owner epoch**, entry `i` (share `s_i`
//!   of [`SHARE_SCALE`]) is entitled at any moment to
//!   `floor(received × s_i / SHARE_SCALE)` and has taken `claimed[i]` of it;
//!   a recipient's withdrawal takes its own entries' `floor − claimed` and
//!   writes only its own cells;
//! - **without one**, the whole round is the owner's: a withdrawal that names
//!   the model collects it.
//!
//! A round ends with `distribute` (anyone), `set_split` / `clear_split` (the
//! owner), or a registry push that moves the owner epoch on (a token sale, a
//! reassignment): the round's `received` is apportioned by the largest
//! remainder ([`apportion`]) and each part, less what its entry took, goes to
//! its account's owed balance. A floor never exceeds its final part, so
//! nothing is taken back. After a token sale the previous owner's split and
//! offers receive and sell nothing new.
//!
//! # Who pays for which cell: nobody frees another account's
//!
//! pallet-contracts charges the signer of a call for the cells and bytes the
//! call adds and releases to that signer those it frees, whoever paid for
//! them. So no balance, claim or model cell is ever removed or resized by a
//! call that anyone may make: a model's record is created by its registration
//! (the registrant pays) and resized only by the registry's pushes and by its
//! owner's offers; an account's owed balance is created by its own
//! `accept_split` or by the first settlement that credits it (whoever ends
//! the round pays), and a withdrawal writes it as 0; a claim by its own
//! account's withdrawal; a holder's list and licenses by the holder.
//!
//! Invariant kept by every method: `liabilities == Σ owed + Σ pending`, where
//! a model's pending money is `received` less what its split's entries have
//! claimed ([`MarketData::pending_of`]). Every single balance is therefore at
//! most `liabilities`, which is why moving money between them cannot
//! overflow once the total has been checked.

mod licenses;
mod offers;
mod sales;
mod splits;
#[cfg(test)]
mod tests;

use crate::errors::{MarketError, Result};
use crate::events::{Distributed, MarketEvent};
use crate::types::{Debt, Held, ModelState, OfferSlot, TransferOffer, UpstreamCut};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use ink::storage::Mapping;
use modelmint_common::licensing::License;
use modelmint_common::market::ModelRecord;
use modelmint_common::royalties::{share_out, Recipient};
use modelmint_common::split::{apportion, Share};
use modelmint_common::{Balance, LicenseId, ModelId, OfferId, Timestamp};

pub use crate::types::Offer;
pub use modelmint_common::split::{MAX_RECIPIENTS, SHARE_SCALE};

/// Most offers (open or paused; closed ones do not count) a model may have.
pub const MAX_OFFERS_PER_MODEL: u32 = 16;
/// Most unexpired licenses one account may hold on one model, so that every
/// check reads a bounded list. Expired and voided licenses leave the list
/// whenever the holder writes it, so they never keep anyone from buying.
pub const MAX_LICENSES_PER_HOLDER: u32 = 8;
/// Longest legal text URI, in bytes.
pub const MAX_LEGAL_URI_LEN: u32 = 256;
/// Longest license period: 100 years of 365 days, in milliseconds. Keeps every
/// expiry far inside the `u64` clock.
pub const MAX_PERIOD: Timestamp = 100 * 365 * 24 * 60 * 60 * 1_000;
/// Most splits one account may accept. It bounds the work of a withdrawal,
/// which reads each of them.
pub const MAX_MEMBERSHIPS: u32 = 64;
/// Most models one withdrawal collects the revenue of (see
/// [`MarketData::withdraw`]).
pub const MAX_COLLECTED: u32 = 32;

/// A holder's licenses on one model are keyed by `(model, holder)`.
type Holding = (ModelId, AccountId);

/// The market's storage. The three counters are in the contract's root cell,
/// which every message reads and every state change writes anyway.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct MarketData {
    last_offer: OfferId,
    last_license: LicenseId,
    /// Σ owed + Σ pending: everything the market must be able to pay out.
    liabilities: Balance,
    /// model -> its record (module docs). Created by the registry's push of
    /// its registration; never removed.
    models: Mapping<ModelId, ModelState>,
    /// offer -> the full offer with its legal text. The hot part of an open
    /// or paused offer lives in its model's record; this cell is written at
    /// creation and at closing, when the final sales are copied in.
    offers: Mapping<OfferId, Offer>,
    licenses: Mapping<LicenseId, License>,
    /// `(model, holder)` -> the holder's licenses on the model, at most
    /// [`MAX_LICENSES_PER_HOLDER`], with their expiry and terms inline.
    /// Written only by the holder's own calls.
    holdings: Mapping<Holding, Vec<Held>>,
    /// license -> the account its holder offered it to; it moves only when
    /// that account accepts. While offered it is out of its holder's list.
    /// Closed in place, never freed but by the license's release (see
    /// [`TransferOffer`]).
    transfer_offers: Mapping<LicenseId, TransferOffer>,
    /// model -> its split's entries (1..=[`MAX_RECIPIENTS`], shares summing to
    /// [`SHARE_SCALE`]; set without a duplicate account, but a leave hands the
    /// leaver's entry to the owner, who may then hold several).
    splits: Mapping<ModelId, Vec<Recipient>>,
    /// (model, entry index) -> what that entry took out of the current round.
    /// Created by a withdrawal or leave of the entry's own account; reset to 0
    /// when the round ends, never removed.
    claimed: Mapping<(ModelId, u32), Balance>,
    /// account -> settled, withdrawable balance; a withdrawal writes 0.
    owed: Mapping<AccountId, Balance>,
    /// account -> the models whose split it accepted and did not leave (at
    /// most [`MAX_MEMBERSHIPS`]). Written only by the account itself.
    memberships: Mapping<AccountId, Vec<ModelId>>,
}

/// The end of a round, worked out before any write: the amount moved to owed
/// balances, each account's new owed balance, and the entries whose claim
/// cell must be reset.
#[derive(Debug, Default)]
struct Settlement {
    amount: Balance,
    owed: Vec<(AccountId, Balance)>,
    claimed: Vec<u32>,
}

/// A payment credited in memory: the records of the ancestors it credits (to
/// write after the model's own) and the cuts they got.
#[derive(Debug, Default)]
struct Crediting {
    ancestors: Vec<(ModelId, ModelState)>,
    upstream: Vec<UpstreamCut>,
}

impl MarketData {
    // --- the registry's push --------------------------------------------------

    /// Records the registry's `record` of `model` (see
    /// [`ModelSync::sync_model`](modelmint_common::market::ModelSync::sync_model)):
    /// creates the model's record, or updates it. When the owner epoch moves
    /// on, the current round is settled first, to whoever it was owed under
    /// the previous owner (its split, or itself). Carries of ancestors the
    /// model still owes are kept.
    ///
    /// An owner's balance cell is created when it becomes the owner (by the
    /// registration, or with the token), so that settling a round into it
    /// later (at a sale of the token, or at an arbiter's reassignment) creates
    /// no owner's cell that the transfer's signer or the arbiter would pay
    /// for. A split the previous owner set is settled to its recipients: one
    /// who never had a balance cell gets it then, paid by the push's signer
    /// (at most one cell per recipient of a bounded split; SECURITY.md, known
    /// limits).
    pub fn sync_model(&mut self, model: ModelId, record: ModelRecord) -> Result<Vec<MarketEvent>> {
        let ModelRecord { kind, owner, epoch, status, obligations, voided, escrowed } = record;
        let Some(mut state) = self.models.get(model) else {
            let debts = obligations
                .iter()
                .map(|obligation| Debt {
                    ancestor: obligation.ancestor,
                    bps: obligation.bps,
                    carry: 0,
                })
                .collect();
            self.models.insert(
                model,
                &ModelState {
                    kind,
                    owner,
                    epoch,
                    status,
                    debts,
                    voided,
                    split_epoch: None,
                    received: 0,
                    offers: Vec::new(),
                    escrowed,
                },
            );
            self.open_balance(owner);
            return Ok(Vec::new());
        };
        let new_owner = state.epoch != epoch;
        let settlement = match (new_owner, state.escrowed) {
            (false, _) => None,
            (true, false) => self.settlement(model, &state)?,
            // Held while the dispute was open, and the owner changes: only a
            // reassigning ruling moves a token in escrow, so the round goes
            // to the rightful owner, not to the one who lost it or its split.
            (true, true) => self.escrow_settlement(model, &state, owner)?,
        };

        let mut events = Vec::new();
        if let Some(settlement) = settlement {
            events.extend(self.apply(model, &mut state, settlement));
        }
        if new_owner {
            self.open_balance(owner);
        }
        state.debts = obligations
            .iter()
            .map(|obligation| Debt {
                ancestor: obligation.ancestor,
                bps: obligation.bps,
                carry: state
                    .debts
                    .iter()
                    .find(|debt| debt.ancestor == obligation.ancestor)
                    .map_or(0, |debt| debt.carry),
            })
            .collect();
        state.owner = owner;
        state.epoch = epoch;
        state.status = status;
        state.voided = voided;
        state.escrowed = escrowed;
        self.models.insert(model, &state);
        Ok(events)
    }

    /// Creates `account`'s owed balance at 0 unless it exists.
    fn open_balance(&mut self, account: AccountId) {
        if !self.owed.contains(account) {
            self.owed.insert(account, &0);
        }
    }

    // --- crediting --------------------------------------------------------------

    /// Credits `amount` paid for `model` (whose record is `state`, changed in
    /// memory): each debt's cut to its ancestor's record (read here, returned
    /// to write), the rest to the model's round; checks the ledger total.
    /// Writes nothing: the caller writes `state`, then [`Self::commit`]s.
    fn credit(&self, state: &mut ModelState, amount: Balance) -> Result<(Crediting, Balance)> {
        let liabilities = self.liabilities.checked_add(amount).ok_or(MarketError::Overflow)?;
        let mut crediting = Crediting::default();
        if amount == 0 {
            return Ok((crediting, liabilities));
        }
        let debts: Vec<_> = state.debts.iter().map(|debt| (debt.bps, debt.carry)).collect();
        let shared = share_out(amount, &debts)?;
        for ((debt, &cut), &carry) in state.debts.iter_mut().zip(&shared.cuts).zip(&shared.carries)
        {
            debt.carry = carry;
            if cut == 0 {
                continue;
            }
            let mut ancestor = self.require_model(debt.ancestor)?;
            // Each round is part of the liabilities, checked above.
            ancestor.received = ancestor.received.checked_add(cut).ok_or(MarketError::Overflow)?;
            crediting.ancestors.push((debt.ancestor, ancestor));
            crediting.upstream.push(UpstreamCut { ancestor: debt.ancestor, amount: cut });
        }
        state.received =
            state.received.checked_add(shared.retained).ok_or(MarketError::Overflow)?;
        Ok((crediting, liabilities))
    }

    /// Writes what [`Self::credit`] worked out; returns the upstream cuts.
    fn commit(&mut self, crediting: Crediting, liabilities: Balance) -> Vec<UpstreamCut> {
        for (ancestor, state) in &crediting.ancestors {
            self.models.insert(ancestor, state);
        }
        self.liabilities = liabilities;
        crediting.upstream
    }

    // --- rounds -----------------------------------------------------------------

    /// Works out the end of `model`'s current round (record `state`) without
    /// writing: `None` if it received nothing.
    fn settlement(&self, model: ModelId, state: &ModelState) -> Result<Option<Settlement>> {
        if state.received == 0 {
            return Ok(None);
        }
        let mut settlement = Settlement { amount: state.received, ..Settlement::default() };
        let split = if state.split_applies() { self.splits.get(model) } else { None };
        let Some(split) = split else {
            let owed = self
                .owed_of(state.owner)
                .checked_add(state.received)
                .ok_or(MarketError::Overflow)?;
            settlement.owed.push((state.owner, owed));
            return Ok(Some(settlement));
        };
        let parts = apportion(state.received, &shares_of(&split)).ok_or(MarketError::Overflow)?;
        // What the entries took is gone already: only the rest moves.
        settlement.amount = 0;
        for (index, (recipient, part)) in split.iter().zip(parts).enumerate() {
            let index = index_of(index);
            let taken = self.claimed_of(model, index);
            if taken > 0 {
                settlement.claimed.push(index);
            }
            // A claim is a floor of this round, never above its final part.
            let due = part.checked_sub(taken).ok_or(MarketError::Overflow)?;
            if due == 0 {
                continue;
            }
            settlement.amount = settlement.amount.checked_add(due).ok_or(MarketError::Overflow)?;
            // After a leave the owner may hold several entries: add them up.
            match settlement.owed.iter_mut().find(|(account, _)| *account == recipient.account) {
                Some((_, balance)) => {
                    *balance = balance.checked_add(due).ok_or(MarketError::Overflow)?;
                }
                None => {
                    let balance = self
                        .owed_of(recipient.account)
                        .checked_add(due)
                        .ok_or(MarketError::Overflow)?;
                    settlement.owed.push((recipient.account, balance));
                }
            }
        }
        Ok(Some(settlement))
    }

    /// Works out the end of `model`'s escrowed round (record `state`) in
    /// favour of `to`: whatever of it its split's entries have not taken
    /// (they took it before the dispute) goes to `to`'s owed balance.
    fn escrow_settlement(
        &self,
        model: ModelId,
        state: &ModelState,
        to: AccountId,
    ) -> Result<Option<Settlement>> {
        if state.received == 0 {
            return Ok(None);
        }
        let mut settlement = Settlement::default();
        let entries = if state.split_applies() {
            self.splits.get(model).map_or(0, |split| split.len())
        } else {
            0
        };
        let mut taken: Balance = 0;
        for index in (0..entries).map(index_of) {
            let claimed = self.claimed_of(model, index);
            if claimed > 0 {
                settlement.claimed.push(index);
                taken = taken.checked_add(claimed).ok_or(MarketError::Overflow)?;
            }
        }
        // Each claim is part of `received` (module docs): cannot underflow.
        let due = state.received.checked_sub(taken).ok_or(MarketError::Overflow)?;
        settlement.amount = due;
        if due > 0 {
            let owed = self.owed_of(to).checked_add(due).ok_or(MarketError::Overflow)?;
            settlement.owed.push((to, owed));
        }
        Ok(Some(settlement))
    }

    /// Writes the end of a round; `liabilities` is unchanged (pending becomes
    /// owed). The claim cells are reset in place, never freed, and the round
    /// starts again at 0 in `state` (which the caller writes).
    fn apply(
        &mut self,
        model: ModelId,
        state: &mut ModelState,
        settlement: Settlement,
    ) -> Option<MarketEvent> {
        let Settlement { amount, owed, claimed } = settlement;
        for (account, balance) in owed {
            self.owed.insert(account, &balance);
        }
        for index in claimed {
            self.claimed.insert((model, index), &0);
        }
        state.received = 0;
        (amount > 0).then_some(MarketEvent::Distributed(Distributed { model, amount }))
    }

    /// Ends `model`'s current round: apportions what it received among whoever
    /// it is owed to (module docs) into their owed balances. Anyone may call it
    /// (and pays for owed cells it creates); with nothing received it does
    /// nothing.
    pub fn distribute(&mut self, model: ModelId) -> Result<Vec<MarketEvent>> {
        let mut state = self.require_model(model)?;
        state.ensure_not_escrowed(model)?;
        let Some(settlement) = self.settlement(model, &state)? else {
            return Ok(Vec::new());
        };
        let event = self.apply(model, &mut state, settlement);
        self.models.insert(model, &state);
        Ok(event.into_iter().collect())
    }

    // --- views ------------------------------------------------------------------

    /// `model`'s record, if the registry pushed it.
    pub fn model(&self, model: ModelId) -> Option<ModelState> {
        self.models.get(model)
    }

    /// `model`'s money not yet paid out: what its current round received less
    /// what its split's entries took.
    pub fn pending_of(&self, model: ModelId) -> Balance {
        let Some(state) = self.models.get(model) else { return 0 };
        if state.received == 0 || !state.split_applies() {
            return state.received;
        }
        let entries = self.splits.get(model).map_or(0, |split| split.len());
        (0..entries).fold(state.received, |pending, index| {
            // Each claim is part of `received` (module docs): cannot underflow.
            pending.saturating_sub(self.claimed_of(model, index_of(index)))
        })
    }

    /// `account`'s settled balance: what rounds already ended owe it (without
    /// what it may collect or claim; see [`Self::owed_to`]). With
    /// [`Self::pending_of`] of every model it adds up to the liabilities.
    pub fn owed_of(&self, account: AccountId) -> Balance {
        self.owed.get(account).unwrap_or(0)
    }

    /// What entry `index` of `model`'s split took out of the current round.
    pub fn claimed_of(&self, model: ModelId, index: u32) -> Balance {
        self.claimed.get((model, index)).unwrap_or(0)
    }

    /// Σ owed + Σ pending: what the market owes in total.
    pub fn liabilities(&self) -> Balance {
        self.liabilities
    }

    /// Who would be credited how much if `price` were paid for `model` now
    /// and its rounds then ended: each account once, in the order first
    /// credited, those with nothing left out. The amounts add up to `price`.
    pub fn royalty_info(&self, model: ModelId, price: Balance) -> Result<Vec<crate::Payee>> {
        let mut state = self.require_model(model)?;
        let received = state.received;
        let (crediting, _) = self.credit(&mut state, price)?;
        let mut payees = Vec::new();
        let kept = state.received.checked_sub(received).ok_or(MarketError::Overflow)?;
        self.add_payees(model, &state, kept, &mut payees)?;
        for (cut, (ancestor, ancestor_state)) in crediting.upstream.iter().zip(&crediting.ancestors)
        {
            self.add_payees(*ancestor, ancestor_state, cut.amount, &mut payees)?;
        }
        Ok(payees)
    }

    /// Adds `amount` kept by `model` to `payees`: apportioned among its split
    /// if the split applies, all to its owner otherwise.
    fn add_payees(
        &self,
        model: ModelId,
        state: &ModelState,
        amount: Balance,
        payees: &mut Vec<crate::Payee>,
    ) -> Result<()> {
        let split = if state.split_applies() { self.splits.get(model) } else { None };
        match split {
            Some(split) => {
                let parts = apportion(amount, &shares_of(&split)).ok_or(MarketError::Overflow)?;
                for (recipient, part) in split.iter().zip(parts) {
                    add_payee(payees, recipient.account, part)?;
                }
                Ok(())
            }
            None => add_payee(payees, state.owner, amount),
        }
    }

    fn require_model(&self, model: ModelId) -> Result<ModelState> {
        self.models.get(model).ok_or(MarketError::UnknownModel { model })
    }
}

/// Fails unless `slot` sells now for the model's current `epoch`: open, and
/// opened by the model's current owner.
fn ensure_selling(slot: &OfferSlot, epoch: modelmint_common::OwnerEpoch) -> Result<()> {
    use crate::types::OfferState;
    match slot.state {
        OfferState::Open if slot.owner_epoch != epoch => {
            Err(MarketError::OfferOfPreviousOwner { offer: slot.offer })
        }
        OfferState::Open => Ok(()),
        OfferState::Paused => Err(MarketError::OfferPaused { offer: slot.offer }),
        OfferState::Closed => Err(MarketError::OfferClosed { offer: slot.offer }),
    }
}

/// Fails unless `state`'s model may be licensed or renewed: not deprecated by
/// its owner, not disputed by the arbiter.
fn ensure_licensable(model: ModelId, state: &ModelState) -> Result<()> {
    use modelmint_common::ModelStatus;
    match state.status {
        ModelStatus::Active => Ok(()),
        ModelStatus::Deprecated => Err(MarketError::ModelDeprecated { model }),
        ModelStatus::Disputed => Err(MarketError::ModelDisputed { model }),
    }
}

/// The buyer's limit first (the price they agreed to), then the exact amount.
fn check_payment(price: Balance, max_price: Balance, paid: Balance) -> Result<()> {
    if price > max_price {
        return Err(MarketError::PriceAboveMaximum { price, max_price });
    }
    if paid < price {
        return Err(MarketError::InsufficientPayment { required: price, paid });
    }
    if paid > price {
        return Err(MarketError::Overpayment { required: price, paid });
    }
    Ok(())
}

/// An entry index as stored: splits have at most [`MAX_RECIPIENTS`] entries.
fn index_of(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

fn shares_of(split: &[Recipient]) -> Vec<Share> {
    split.iter().map(|recipient| recipient.share).collect()
}

fn add_payee(payees: &mut Vec<crate::Payee>, account: AccountId, amount: Balance) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    match payees.iter_mut().find(|payee| payee.account == account) {
        Some(payee) => {
            payee.amount = payee.amount.checked_add(amount).ok_or(MarketError::Overflow)?;
        }
        None => payees.push(crate::Payee { account, amount }),
    }
    Ok(())
}

/// Whether `count` items fill a list bounded by `max`.
fn full(count: usize, max: u32) -> bool {
    u32::try_from(count).map_or(true, |count| count >= max)
}

/// `held` without the licenses expired at `now` or voided in `state`.
fn live(held: Vec<Held>, now: Timestamp, state: &ModelState) -> Vec<Held> {
    held.into_iter()
        .filter(|entry| entry.is_valid_at(now) && !state.is_voided(entry.epoch))
        .collect()
}
