//! ModelMint royalties: exact, pull-based revenue splits with upstream
//! royalties along a model's derivative lineage.
//!
//! Anyone pays a model's contributors by calling [`Royalties::deposit`](modelmint_common::royalties::Royalties::deposit) with
//! the payment attached (the licensing contract on every sale, an inference
//! gateway on every call). The contract asks the wired model registry for the
//! model's revenue lineage and credits the payment as follows:
//!
//! - **Upstream first.** The lineage lists the model, then its ancestors, every
//!   model before its parents. Walking it in that order, each model passes
//!   `floor(received × royalty_bps / 10 000)` to each parent (the share fixed on
//!   their derivative edge) and keeps the rest. The rounding remainder of every
//!   cut stays with the paying model. The registry caps each model's royalty
//!   stack at 100 %; the ledger still uses checked arithmetic and refuses with
//!   `Overflow` rather than panic.
//! - **Then the split, in O(1).** What a model keeps goes, in one write, to
//!   the current *round* of the model's split if its owner set one, or
//!   straight to the current owner's *owed* balance if not. A deposit never
//!   loops over split recipients, so its cost does not grow with them. Without
//!   a split, money is owed to whoever owned the model at deposit time; a later
//!   transfer of the model never reroutes it.
//! - **Each recipient takes its own part.** During a round each entry of the
//!   split is entitled to `floor(received × share / 1 000 000)` of what the
//!   round received; `withdraw()` pays the caller that, less what it already
//!   took, for every split it accepted (at most [`MAX_MEMBERSHIPS`]), plus its
//!   owed balance, and writes only the caller's own storage: a withdrawal never
//!   creates or changes another account's cells. A failing recipient never
//!   blocks anyone else. If the transfer fails, the amount is credited back
//!   explicitly and the call returns `TransferFailed`. The contract never pays
//!   out its own existential deposit.
//! - **A round ends** with `distribute(model)` (anyone), `set_split` or
//!   `clear_split` (the model's current owner): the round's whole `received`
//!   is apportioned by the largest-remainder rule of
//!   `modelmint_common::split::apportion` and each entry's part, less what it
//!   took, goes to its account's owed balance. That is also how the few units
//!   the floors leave (fewer than the split has entries) and the parts of
//!   recipients who never accepted are paid. Money received before a split
//!   change is owed under the split that was in force; after `clear_split`,
//!   deposits go to the owner again. Splits are 1..=32 recipients with shares
//!   in parts per million summing to exactly 1 000 000, no zero share and no
//!   account twice.
//! - **Consent.** Being listed is an invitation: `accept_split` puts the split
//!   among the caller's memberships (what `withdraw` reads); `leave_split`
//!   pays the caller its part so far and hands its entry to the owner.
//!
//! **Exactness.** Every unit deposited is, at every moment, in exactly one
//! pending or owed balance, or has been withdrawn. `liabilities` is that
//! internal ledger total (Σ owed + Σ pending); the contract never reads its own
//! balance as the ledger, so unsolicited transfers and the existential deposit
//! cannot disturb it. A floor never exceeds the part the round's end gives, so
//! nothing is taken back; every recipient gets within one unit of its exact
//! share of each round, and Σ withdrawn + Σ owed + Σ pending equals Σ
//! deposited, to the last unit, always.
//!
//! The contract is a thin shell over [`data::RoyaltiesData`], which holds the
//! rules, and answers the shared [`Admin`](modelmint_common::admin::Admin)
//! interface (timelocked upgrades and rewiring). Pausing stops deposits and
//! split changes; withdrawals, distributions and reads keep working, so
//! nobody's money is frozen, and anyone can withdraw during an upgrade's delay.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod data;
pub mod errors;
pub mod events;

pub use data::{Solvency, MAX_MEMBERSHIPS, MAX_RECIPIENTS, SHARE_SCALE};
pub use errors::RoyaltyError;
pub use events::{
    Deposited, Distributed, SplitAccepted, SplitCleared, SplitLeft, SplitSet, Swept,
    UpstreamCredited, Withdrawn,
};

/// Storage layout version of this code; upgrades that change the layout migrate
/// to the next one.
pub const LAYOUT_VERSION: u32 = 1;

/// The contracts the royalties contract calls: the model registry, asked for
/// owners and revenue lineages.
pub const LINKS: &[modelmint_common::admin::Link] =
    &[modelmint_common::admin::Link::Registry, modelmint_common::admin::Link::Licensing];

#[modelmint_macros::admin(storage = RoyaltiesContract, links = crate::LINKS, layout = crate::LAYOUT_VERSION)]
#[ink::contract]
mod royalties {
    use crate::data::{RoyaltiesData, Solvency};
    use crate::events::RoyaltiesEvent;
    use crate::{LAYOUT_VERSION, LINKS};
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use modelmint_common::admin::{AdminData, AdminError, Link, Timelock, Wiring};
    use modelmint_common::registry::{LineageNode, ModelRegistry};
    use modelmint_common::royalties::{
        ensure_licensing, lineage_from, Payee, Recipient, Royalties, RoyaltyError,
    };
    use modelmint_common::{ModelId, OwnerEpoch};

    /// The royalties contract.
    #[ink(storage)]
    pub struct RoyaltiesContract {
        data: RoyaltiesData,
        /// Administration and wiring, in their own cells outside the root.
        admin: AdminData,
    }

    impl RoyaltiesContract {
        /// Creates an empty ledger administered by the caller, whose upgrades
        /// and rewiring wait for `timelock`. It is wired once, at once, with
        /// [`Admin::wire`](modelmint_common::admin::Admin::wire) to the model
        /// registry and to the licensing contract (deployed after it, since
        /// licensing pays it); until then every deposit is refused.
        ///
        /// # Errors
        /// - [`AdminError::ZeroDelay`], [`AdminError::DelayTooLong`].
        #[ink(constructor)]
        pub fn new(timelock: Timelock) -> Result<Self, AdminError> {
            let admin = AdminData::instantiate(timelock, LINKS, Wiring::default(), LAYOUT_VERSION)?;
            Ok(Self { data: RoyaltiesData::default(), admin })
        }

        /// Sets `model`'s split to `recipients` (shares in parts per million);
        /// the model's current owner only. The previous split's round ends first
        /// (as with [`Self::distribute`]): money received before the change is
        /// owed under the split that was in force. The split is the current owner's: it
        /// receives nothing deposited after the model's token is sold (the new
        /// owner is paid until they set a split of their own).
        ///
        /// # Errors
        /// - [`RoyaltyError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
        /// - [`RoyaltyError::UnknownModel`] if the registry knows no such model;
        ///   [`RoyaltyError::RegistryUnavailable`] if it could not be asked.
        /// - [`RoyaltyError::NotModelOwner`] unless the caller owns the model.
        /// - [`RoyaltyError::InvalidShares`] unless 1..=32 positive shares sum to
        ///   1 000 000; [`RoyaltyError::DuplicateRecipient`] for an account listed twice.
        /// - [`RoyaltyError::RoyaltiesContractAsPayee`] if the royalties contract
        ///   itself is listed: money owed to it could never leave.
        ///
        /// A listing takes none of a recipient's [`crate::MAX_MEMBERSHIPS`]
        /// slots until it accepts ([`Self::accept_split`]), so a full
        /// recipient never stops an owner from listing it. A recipient the
        /// new split drops keeps its acceptance (its own storage, which the
        /// owner neither frees nor collects the deposit of); listed again, it
        /// counts again.
        ///
        /// The first split of a model creates its round's balance: the owner
        /// pays that storage deposit, not the model's first buyer.
        ///
        /// # Events
        /// - [`crate::Distributed`] if money was pending, then [`crate::SplitSet`].
        #[ink(message)]
        pub fn set_split(
            &mut self,
            model: ModelId,
            recipients: Vec<Recipient>,
        ) -> Result<(), RoyaltyError> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            if recipients.iter().any(|recipient| recipient.account == self.env().account_id()) {
                return Err(RoyaltyError::RoyaltiesContractAsPayee);
            }
            let owner = owner_and_epoch(&wiring, model)?;
            let events = self.data.set_split(self.env().caller(), model, owner, recipients)?;
            self.emit_all(events);
            Ok(())
        }

        /// Removes `model`'s split after ending its round (as with
        /// [`Self::distribute`]); the model's current owner only. Later deposits go to the owner.
        /// The recipients' acceptances and balances stay theirs: only the
        /// model's split list is freed.
        ///
        /// # Errors
        /// - [`RoyaltyError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
        /// - [`RoyaltyError::UnknownModel`], [`RoyaltyError::RegistryUnavailable`].
        /// - [`RoyaltyError::NotModelOwner`] unless the caller owns the model.
        /// - [`RoyaltyError::NoSplit`] if the model has no split.
        ///
        /// # Events
        /// - [`crate::Distributed`] if money was pending, then [`crate::SplitCleared`].
        #[ink(message)]
        pub fn clear_split(&mut self, model: ModelId) -> Result<(), RoyaltyError> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let (owner, _) = owner_and_epoch(&wiring, model)?;
            let events = self.data.clear_split(self.env().caller(), model, owner)?;
            self.emit_all(events);
            Ok(())
        }

        /// Accepts the caller's listing in `model`'s split: from now on
        /// [`Self::withdraw`] takes the caller's part of that split too. Being
        /// listed is only an invitation: it takes none of the caller's
        /// [`crate::MAX_MEMBERSHIPS`] slots, and the caller's part still reaches
        /// it whenever anyone calls [`Self::distribute`]. Works while paused.
        /// The caller pays for its own withdrawable balance here (once), so
        /// that nobody who credits it later pays for its storage.
        ///
        /// # Errors
        /// - [`RoyaltyError::NoSplit`], [`RoyaltyError::NotARecipient`] if the
        ///   caller is not listed.
        /// - [`RoyaltyError::AlreadyAccepted`], also for an acceptance the
        ///   caller kept while the owner had dropped it from the split.
        /// - [`RoyaltyError::RecipientMembershipsFull`] if the caller holds
        ///   [`crate::MAX_MEMBERSHIPS`] acceptances of splits that still list
        ///   it (acceptances of splits that dropped it make room first).
        ///
        /// # Events
        /// - [`crate::SplitAccepted`]
        #[ink(message)]
        pub fn accept_split(&mut self, model: ModelId) -> Result<(), RoyaltyError> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.accept_split(self.env().caller(), model)?;
            self.emit_all(events);
            Ok(())
        }

        /// Leaves `model`'s split: the caller's part of everything the split
        /// received so far goes to its owed balance, then its entry passes to
        /// the model's current owner, who receives what it earns from then on.
        /// Writes only the caller's cells and the split's entry list. Works
        /// while paused: nobody can keep an account in a split it does not want.
        /// A caller the split no longer lists but that kept its acceptance
        /// (see [`Self::set_split`]) only gives that up.
        ///
        /// # Errors
        /// - [`RoyaltyError::NoSplit`], [`RoyaltyError::NotARecipient`] if the
        ///   caller is not listed and holds no acceptance of the split.
        /// - [`RoyaltyError::OwnerCannotLeave`] for the owner (who uses
        ///   [`Self::set_split`] or [`Self::clear_split`]).
        /// - [`RoyaltyError::UnknownModel`], [`RoyaltyError::RegistryUnavailable`].
        ///
        /// # Events
        /// - [`crate::SplitLeft`], then [`crate::SplitSet`] with the new entries.
        #[ink(message)]
        pub fn leave_split(&mut self, model: ModelId) -> Result<(), RoyaltyError> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let (owner, _) = owner_and_epoch(&wiring, model)?;
            let events = self.data.leave_split(self.env().caller(), model, owner)?;
            self.emit_all(events);
            Ok(())
        }

        /// `account`'s settled, withdrawable balance, without its parts of
        /// pending money (see [`Self::owed_to`]).
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn owed_of(&self, account: AccountId) -> Balance {
            self.data.owed_of(account)
        }

        /// Ends the current round of `model`'s split: apportions everything it
        /// received (largest remainder) and moves each recipient's part, less
        /// what it already withdrew, to its withdrawable balance. This is how
        /// recipients that never accepted (or cannot sign) are paid. Anyone may
        /// call it, also while paused; with nothing received it does nothing.
        /// It frees nothing (the round is reset in place), so the caller
        /// collects nobody's storage deposit; it pays only for the first
        /// balance of a recipient that never accepted.
        ///
        /// # Errors
        /// - [`RoyaltyError::Overflow`] never in practice (the ledger total bounds
        ///   every balance).
        ///
        /// # Events
        /// - [`crate::Distributed`] if any money moved.
        #[ink(message)]
        pub fn distribute(&mut self, model: ModelId) -> Result<(), RoyaltyError> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.distribute(model)?;
            self.emit_all(events);
            Ok(())
        }

        /// Transfers to the caller everything it is owed: its owed balance and
        /// its part, not yet taken, of the current round of every split it
        /// accepted. Writes only the caller's own storage. Works while paused.
        /// Returns the amount paid.
        ///
        /// # Errors
        /// - [`RoyaltyError::NothingOwed`] if the caller is owed nothing.
        /// - [`RoyaltyError::TransferFailed`] if the contract's transferable
        ///   balance is short or the chain refuses the transfer (for example an
        ///   amount below the existential deposit to an empty account); the amount
        ///   stays owed.
        ///
        /// # Events
        /// - [`crate::Withdrawn`].
        #[ink(message)]
        pub fn withdraw(&mut self) -> Result<Balance, RoyaltyError> {
            self.pay_out(self.env().caller())
        }

        /// Transfers to `account` everything it is owed, exactly as if it
        /// called [`Self::withdraw`] (writing only `account`'s storage). Anyone may call it: the money only ever goes to
        /// `account`, so a recipient that cannot sign a withdrawal (a contract
        /// without a withdraw path, a cold wallet) is still paid. Works while
        /// paused. Returns the amount paid. The withdrawal frees no cell (a
        /// balance taken out is written as 0), so the caller never collects
        /// `account`'s storage deposit; it pays for any new claim cell of
        /// `account`'s it writes.
        ///
        /// # Errors
        /// - [`RoyaltyError::NothingOwed`] if `account` is owed nothing.
        /// - [`RoyaltyError::TransferFailed`] if the contract's transferable
        ///   balance is short or the chain refuses the transfer (an amount below
        ///   the existential deposit to an account that does not exist yet); the
        ///   amount stays owed.
        /// - [`RoyaltyError::RoyaltiesContractAsPayee`] for the royalties
        ///   contract itself: a payout to itself would lower the ledger and move
        ///   nothing.
        ///
        /// # Events
        /// - [`crate::Withdrawn`].
        #[ink(message)]
        pub fn withdraw_for(&mut self, account: AccountId) -> Result<Balance, RoyaltyError> {
            if account == self.env().account_id() {
                return Err(RoyaltyError::RoyaltiesContractAsPayee);
            }
            self.pay_out(account)
        }

        /// Sends the contract's surplus, what it holds beyond everything it owes
        /// (unsolicited transfers), to `to`; the administrator only. The surplus
        /// is the transferable balance (which keeps the existential deposit) minus
        /// [`Self::liabilities`], so no owed unit can ever be swept. Returns the
        /// amount sent.
        ///
        /// # Errors
        /// - [`RoyaltyError::Admin`]`(`[`AdminError::NotAdmin`]`)`.
        /// - [`RoyaltyError::NothingToSweep`] without a surplus.
        /// - [`RoyaltyError::RoyaltiesContractAsPayee`] if `to` is this contract.
        /// - [`RoyaltyError::TransferFailed`] if the chain refuses the transfer.
        ///
        /// # Events
        /// - [`crate::Swept`]
        #[ink(message)]
        pub fn sweep(&mut self, to: AccountId) -> Result<Balance, RoyaltyError> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            self.admin.ensure_admin(self.env().caller())?;
            if to == self.env().account_id() {
                return Err(RoyaltyError::RoyaltiesContractAsPayee);
            }
            let surplus = self.env().balance().saturating_sub(self.data.liabilities());
            if surplus == 0 {
                return Err(RoyaltyError::NothingToSweep);
            }
            if self.env().transfer(to, surplus).is_err() {
                return Err(RoyaltyError::TransferFailed { amount: surplus });
            }
            self.env().emit_event(crate::events::Swept { to, amount: surplus });
            Ok(surplus)
        }

        /// Exactly what [`Self::withdraw`] would pay `account` now: its settled
        /// balance plus its part, not yet taken, of the current round of every
        /// split it accepted.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn owed_to(&self, account: AccountId) -> Balance {
            self.data.owed_to(account)
        }

        /// `model`'s split, or `None` if it has none. A split set by a previous
        /// owner of the model (see [`Self::split_epoch`]) only settles what was
        /// deposited before the sale.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn split_of(&self, model: ModelId) -> Option<Vec<Recipient>> {
            self.data.split_of(model)
        }

        /// What the royalty edge from `model` to its parent `parent` still owes
        /// the parent below one unit, in 1/10 000 of a unit: the part of small
        /// payments that has not added up to a whole unit yet.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn upstream_carry(&self, model: ModelId, parent: ModelId) -> u32 {
            self.data.carry(model, parent)
        }

        /// The owner epoch (see the registry's `owner_epoch`) in which
        /// `model`'s split was set; `None` without a split. Deposits go to the
        /// split only while this is the model's current epoch.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn split_epoch(&self, model: ModelId) -> Option<OwnerEpoch> {
            self.data.split_epoch(model)
        }

        /// `model`'s money held for its split and not yet paid out: what the
        /// split's current round received less what its recipients took.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn pending_of(&self, model: ModelId) -> Balance {
            self.data.pending_of(model)
        }

        /// What the contract can transfer (its balance above the existential
        /// deposit) next to everything it owes: `transferable >= liabilities`
        /// always holds, and the difference is what [`Self::sweep`] may send.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn solvency(&self) -> Solvency {
            Solvency { transferable: self.env().balance(), liabilities: self.data.liabilities() }
        }

        /// Everything the contract owes (Σ owed + Σ pending), from its own ledger.
        /// The contract's balance is always at least this plus its existential
        /// deposit.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn liabilities(&self) -> Balance {
            self.data.liabilities()
        }

        /// Settles `account`'s splits and transfers what it is owed to it.
        fn pay_out(&mut self, account: AccountId) -> Result<Balance, RoyaltyError> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let (amount, events) = self.data.withdraw(account)?;
            // pallet-contracts reports as `balance()` what the contract can spend
            // while keeping its existential deposit (reducible balance, preserve),
            // and its transfers preserve that deposit too: the contract never pays
            // out its own existential deposit.
            let spendable = self.env().balance();
            if spendable < amount || self.env().transfer(account, amount).is_err() {
                // Explicit, so the ledger is right even where a failed call is
                // not rolled back (the off-chain test engine).
                self.data.recredit(account, amount)?;
                return Err(RoyaltyError::TransferFailed { amount });
            }
            self.emit_all(events);
            Ok(amount)
        }

        fn emit_all(&self, events: Vec<RoyaltiesEvent>) {
            for event in events {
                match event {
                    RoyaltiesEvent::SplitAccepted(e) => self.env().emit_event(e),
                    RoyaltiesEvent::SplitLeft(e) => self.env().emit_event(e),
                    RoyaltiesEvent::Deposited(e) => self.env().emit_event(e),
                    RoyaltiesEvent::UpstreamCredited(e) => self.env().emit_event(e),
                    RoyaltiesEvent::Distributed(e) => self.env().emit_event(e),
                    RoyaltiesEvent::SplitSet(e) => self.env().emit_event(e),
                    RoyaltiesEvent::SplitCleared(e) => self.env().emit_event(e),
                    RoyaltiesEvent::Withdrawn(e) => self.env().emit_event(e),
                }
            }
        }
    }

    impl Royalties for RoyaltiesContract {
        /// Pays the transferred value to `model`'s contributors: each ancestor's
        /// upstream share first, the rest to the current round of the model's
        /// split (one write, whatever its size) or, without a split, to its
        /// current owner.
        ///
        /// # Errors
        /// - [`RoyaltyError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
        /// - [`RoyaltyError::ZeroDeposit`] if no value is attached.
        /// - [`RoyaltyError::UnknownModel`] if the registry knows no such model;
        ///   [`RoyaltyError::RegistryUnavailable`] if it could not be asked.
        /// - [`RoyaltyError::Overflow`] if the ledger total would overflow.
        ///
        /// On any error the attached value is returned with the reverted call.
        ///
        /// # Events
        /// - [`crate::Deposited`], then an [`crate::UpstreamCredited`] per non-zero
        ///   upstream cut.
        #[ink(message, payable)]
        fn deposit(&mut self, model: ModelId) -> Result<(), RoyaltyError> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let amount = self.env().transferred_value();
            if amount == 0 {
                return Err(RoyaltyError::ZeroDeposit);
            }
            let lineage = lineage_from(wiring.get(Link::Registry), model)?;
            let events = self.data.deposit(self.env().caller(), model, amount, &lineage)?;
            self.emit_all(events);
            Ok(())
        }

        /// [`Self::deposit`] of a license sale by the wired licensing contract,
        /// with the revenue lineage it read from the registry in the same
        /// transaction: a purchase asks the registry once, not twice.
        ///
        /// # Errors
        /// - [`RoyaltyError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
        /// - [`RoyaltyError::NotLicensing`] unless the caller is the licensing
        ///   contract this one is wired to.
        /// - [`RoyaltyError::ZeroDeposit`] if no value is attached.
        /// - [`RoyaltyError::UnknownModel`] if the lineage does not start at
        ///   `model`.
        /// - [`RoyaltyError::Overflow`] if the ledger total would overflow.
        ///
        /// On any error the attached value is returned with the reverted call.
        ///
        /// # Events
        /// As [`Self::deposit`].
        #[ink(message, payable)]
        fn deposit_sale(
            &mut self,
            model: ModelId,
            lineage: Vec<LineageNode>,
        ) -> Result<(), RoyaltyError> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let caller = self.env().caller();
            ensure_licensing(wiring.get(Link::Licensing), caller)?;
            let amount = self.env().transferred_value();
            let events = self.data.deposit(caller, model, amount, &lineage)?;
            self.emit_all(events);
            Ok(())
        }

        /// Who would be credited how much if `price` were deposited for `model`
        /// now and then distributed: one entry per account, in the order first
        /// credited, accounts with nothing left out (a `price` of 0 gives
        /// `Ok(vec![])`). The amounts add up to `price` exactly. A real deposit is
        /// pooled with the rest of the split's round before it is apportioned,
        /// so each split recipient's actual part may differ from this by one unit.
        ///
        /// # Errors
        /// - [`RoyaltyError::UnknownModel`], [`RoyaltyError::RegistryUnavailable`].
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn royalty_info(&self, model: ModelId, price: Balance) -> Result<Vec<Payee>, RoyaltyError> {
            let lineage = lineage_from(self.admin.link(Link::Registry), model)?;
            self.data.royalty_info(model, price, &lineage)
        }
    }

    /// The current owner of `model` and its owner epoch, from the registry in
    /// `wiring` (which the message's guard read with the pause flag).
    fn owner_and_epoch(
        wiring: &Wiring,
        model: ModelId,
    ) -> Result<(AccountId, OwnerEpoch), RoyaltyError> {
        let registry: ink::contract_ref!(ModelRegistry) =
            wiring.get(Link::Registry).ok_or(RoyaltyError::RegistryUnavailable)?.into();
        match registry.call().model_summary(model).try_invoke() {
            Ok(Ok(Some(summary))) => Ok((summary.owner, summary.owner_epoch)),
            Ok(Ok(None)) => Err(RoyaltyError::UnknownModel { model }),
            _ => Err(RoyaltyError::RegistryUnavailable),
        }
    }

    #[cfg(test)]
    fn one_split() -> Vec<Recipient> {
        let bob = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>().bob;
        ink::prelude::vec![Recipient { account: bob, share: 1_000_000 }]
    }

    /// A sale's lineage is credited only when the wired licensing contract
    /// hands it over; anyone else is refused and the ledger is unchanged.
    #[ink::test]
    fn only_the_wired_licensing_contract_deposits_a_sale() {
        use modelmint_common::admin::Admin;
        let accounts = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
        ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts.alice);
        let mut royalties = RoyaltiesContract::new(Timelock::Disabled).unwrap();
        let licensing = accounts.charlie;
        let wiring = Wiring {
            registry: Some([9; 32].into()),
            licensing: Some(licensing),
            ..Wiring::default()
        };
        royalties.wire(wiring).unwrap();
        let lineage = ink::prelude::vec![LineageNode {
            model: 1,
            owner: accounts.bob,
            owner_epoch: 0,
            parents: Vec::new(),
        }];

        ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts.django);
        ink::env::test::set_value_transferred::<ink::env::DefaultEnvironment>(100);
        assert_eq!(royalties.deposit_sale(1, lineage.clone()), Err(RoyaltyError::NotLicensing));
        assert_eq!((royalties.owed_to(accounts.bob), royalties.liabilities()), (0, 0));

        ink::env::test::set_caller::<ink::env::DefaultEnvironment>(licensing);
        assert_eq!(
            royalties.deposit_sale(2, lineage.clone()),
            Err(RoyaltyError::UnknownModel { model: 2 })
        );
        assert_eq!(royalties.deposit_sale(1, lineage), Ok(()));
        assert_eq!((royalties.owed_to(accounts.bob), royalties.liabilities()), (100, 100));
    }

    modelmint_common::admin_conformance_tests! {
        contract: RoyaltiesContract,
        error: RoyaltyError,
        new: RoyaltiesContract::new,
        pausable: [
            |c: &mut RoyaltiesContract| c.set_split(1, one_split()),
            |c: &mut RoyaltiesContract| c.clear_split(1),
            |c: &mut RoyaltiesContract| c.deposit_sale(1, Vec::new()),
        ],
        unpausable: [
            |c: &mut RoyaltiesContract| c.withdraw().map(drop),
            |c: &mut RoyaltiesContract| c.withdraw_for([5; 32].into()).map(drop),
            |c: &mut RoyaltiesContract| c.sweep([5; 32].into()).map(drop),
            |c: &mut RoyaltiesContract| c.accept_split(1),
        ],
    }
}

pub use royalties::{RoyaltiesContract, RoyaltiesContractRef};
