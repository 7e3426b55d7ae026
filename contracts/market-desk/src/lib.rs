//! The ModelMint market's desk: the code of every market message off the
//! purchase path. The market (`modelmint-market`) forwards each of them here
//! by delegate call ([`modelmint_common::library`]): this code runs on the
//! market's storage, balance and address, for the market's caller, under the
//! same selector. It is uploaded, never instantiated (its constructor
//! refuses), and the market locks it on chain.
//!
//! What each message does, and why it may refuse, is documented once, on the
//! market's message of the same name. The root below is the market's, field
//! for field: the administration (with its guard), the [`MarketData`], the
//! desk's own code hash.
//!
//! [`MarketData`]: modelmint_market_core::MarketData
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[modelmint_macros::admin(
    storage = MarketDesk,
    links = modelmint_market_core::LINKS,
    layout = modelmint_market_core::LAYOUT_VERSION
)]
#[ink::contract]
mod desk {
    use ink::prelude::vec::Vec;
    use modelmint_common::admin::AdminData;
    use modelmint_common::licensing::Use;
    use modelmint_common::market::{ModelRecord, ModelSync};
    use modelmint_common::royalties::{Payee, Recipient, Royalties};
    use modelmint_common::{LicenseId, ModelId, OfferId};
    use modelmint_market_core::{
        emit_all, MarketData, MarketError, ModelState, Offer, OfferState, OfferTerms, Result,
        Solvency, LAYOUT_VERSION,
    };

    /// The market's root, as the market declares it.
    #[ink(storage)]
    pub struct MarketDesk {
        pub(crate) admin: AdminData,
        pub(crate) data: MarketData,
        pub(crate) desk: Hash,
        /// What later versions append to the market's root, kept verbatim:
        /// the desk runs on the market's storage, so its root is the
        /// market's, field for field.
        pub(crate) tail: modelmint_common::root::RootTail,
    }

    impl MarketDesk {
        /// Refuses: the desk is code the market runs by delegate call, never a
        /// contract of its own.
        ///
        /// # Errors
        /// - [`MarketError::LibraryOnly`], always.
        #[ink(constructor)]
        pub fn new() -> Result<Self> {
            Err(MarketError::LibraryOnly)
        }

        /// The market's `create_offer`.
        #[ink(message)]
        pub fn create_offer(&mut self, model: ModelId, terms: OfferTerms) -> Result<OfferId> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            let (offer, events) = self.data.create_offer(self.env().caller(), model, terms)?;
            emit_all(events);
            Ok(offer)
        }

        /// The market's `set_offer_state`.
        #[ink(message)]
        pub fn set_offer_state(&mut self, offer: OfferId, state: OfferState) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.set_offer_state(self.env().caller(), offer, state)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `transfer_license`.
        #[ink(message)]
        pub fn transfer_license(
            &mut self,
            license: LicenseId,
            to: Option<AccountId>,
        ) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let now = self.env().block_timestamp();
            let events = self.data.transfer_license(self.env().caller(), now, license, to)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `accept_license`.
        #[ink(message)]
        pub fn accept_license(&mut self, license: LicenseId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let now = self.env().block_timestamp();
            let events = self.data.accept_license(self.env().caller(), now, license)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `release_license`.
        #[ink(message)]
        pub fn release_license(&mut self, license: LicenseId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.release_license(self.env().caller(), license)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `set_split`.
        #[ink(message)]
        pub fn set_split(&mut self, model: ModelId, recipients: Vec<Recipient>) -> Result<()> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            if recipients.iter().any(|recipient| recipient.account == self.env().account_id()) {
                return Err(MarketError::MarketAsPayee);
            }
            let events = self.data.set_split(self.env().caller(), model, recipients)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `clear_split`.
        #[ink(message)]
        pub fn clear_split(&mut self, model: ModelId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.clear_split(self.env().caller(), model)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `accept_split`.
        #[ink(message)]
        pub fn accept_split(&mut self, model: ModelId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.accept_split(self.env().caller(), model)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `leave_split`.
        #[ink(message)]
        pub fn leave_split(&mut self, model: ModelId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.leave_split(self.env().caller(), model)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `distribute`.
        #[ink(message)]
        pub fn distribute(&mut self, model: ModelId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.distribute(model)?;
            emit_all(events);
            Ok(())
        }

        /// The market's `withdraw`.
        #[ink(message)]
        pub fn withdraw(&mut self, collect: Vec<ModelId>) -> Result<Balance> {
            self.pay_out(self.env().caller(), &collect)
        }

        /// The market's `withdraw_for`.
        #[ink(message)]
        pub fn withdraw_for(
            &mut self,
            account: AccountId,
            collect: Vec<ModelId>,
        ) -> Result<Balance> {
            if account == self.env().account_id() {
                return Err(MarketError::MarketAsPayee);
            }
            self.pay_out(account, &collect)
        }

        /// The market's `sweep`.
        #[ink(message)]
        pub fn sweep(&mut self, to: AccountId) -> Result<Balance> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            self.admin.ensure_admin(self.env().caller())?;
            if to == self.env().account_id() {
                return Err(MarketError::MarketAsPayee);
            }
            let surplus = self.env().balance().saturating_sub(self.data.liabilities());
            if surplus == 0 {
                return Err(MarketError::NothingToSweep);
            }
            self.env()
                .transfer(to, surplus)
                .map_err(|_| MarketError::TransferFailed { amount: surplus })?;
            self.env().emit_event(modelmint_market_core::Swept { to, amount: surplus });
            Ok(surplus)
        }

        /// The market's `desk_code`.
        #[ink(message)]
        pub fn desk_code(&self) -> Hash {
            self.desk
        }

        /// The market's `model`.
        #[ink(message)]
        pub fn model(&self, model: ModelId) -> Option<ModelState> {
            self.data.model(model)
        }

        /// The market's `offer`.
        #[ink(message)]
        pub fn offer(&self, offer: OfferId) -> Option<Offer> {
            self.data.offer(offer)
        }

        /// The market's `licenses_of`.
        #[ink(message)]
        pub fn licenses_of(&self, model: ModelId, holder: AccountId) -> Vec<LicenseId> {
            self.data.licenses_of(model, holder)
        }

        /// The market's `transfer_offer`.
        #[ink(message)]
        pub fn transfer_offer(&self, license: LicenseId) -> Option<AccountId> {
            self.data.transfer_offer(license)
        }

        /// The market's `split_of`.
        #[ink(message)]
        pub fn split_of(&self, model: ModelId) -> Option<Vec<Recipient>> {
            self.data.split_of(model)
        }

        /// The market's `memberships_of`.
        #[ink(message)]
        pub fn memberships_of(&self, account: AccountId) -> Vec<ModelId> {
            self.data.memberships_of(account)
        }

        /// The market's `owed_to`.
        #[ink(message)]
        pub fn owed_to(&self, account: AccountId) -> Balance {
            self.data.owed_to(account)
        }

        /// The market's `owed_of`.
        #[ink(message)]
        pub fn owed_of(&self, account: AccountId) -> Balance {
            self.data.owed_of(account)
        }

        /// The market's `pending_of`.
        #[ink(message)]
        pub fn pending_of(&self, model: ModelId) -> Balance {
            self.data.pending_of(model)
        }

        /// The market's `solvency`.
        #[ink(message)]
        pub fn solvency(&self) -> Solvency {
            Solvency { transferable: self.env().balance(), liabilities: self.data.liabilities() }
        }

        /// Settles and transfers what `account` is owed.
        fn pay_out(&mut self, account: AccountId, collect: &[ModelId]) -> Result<Balance> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let (amount, events) = self.data.withdraw(account, collect)?;
            // pallet-contracts reports as `balance()` what the contract can
            // spend while keeping its existential deposit, and its transfers
            // keep it too: the market never pays out its own existential
            // deposit.
            if self.env().balance() < amount || self.env().transfer(account, amount).is_err() {
                // Explicit, so the ledger is right where a failed call is not
                // rolled back (the off-chain test engine).
                self.data.recredit(account, amount)?;
                return Err(MarketError::TransferFailed { amount });
            }
            emit_all(events);
            Ok(amount)
        }
    }

    impl Royalties for MarketDesk {
        #[ink(message, payable)]
        fn deposit(&mut self, model: ModelId) -> Result<()> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            let events =
                self.data.deposit(self.env().caller(), model, self.env().transferred_value())?;
            emit_all(events);
            Ok(())
        }

        #[ink(message, payable)]
        fn deposit_use(&mut self, model: ModelId, account: AccountId, use_: Use) -> Result<()> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            let (payer, now, paid) =
                (self.env().caller(), self.env().block_timestamp(), self.env().transferred_value());
            let events = self.data.deposit_use(payer, now, (model, account, use_), paid)?;
            emit_all(events);
            Ok(())
        }

        #[ink(message)]
        fn royalty_info(&self, model: ModelId, price: Balance) -> Result<Vec<Payee>> {
            self.data.royalty_info(model, price)
        }
    }

    impl ModelSync for MarketDesk {
        #[ink(message)]
        fn sync_model(&mut self, model: ModelId, record: ModelRecord) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            if wiring.get(modelmint_common::admin::Link::Registry) != Some(self.env().caller()) {
                return Err(MarketError::NotRegistry);
            }
            let events = self.data.sync_model(model, record)?;
            emit_all(events);
            Ok(())
        }
    }
}

pub use desk::{MarketDesk, MarketDeskRef};

#[cfg(test)]
mod tests;
