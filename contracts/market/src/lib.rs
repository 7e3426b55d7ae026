//! ModelMint market: license offers, purchases, expiry and renewal, with exact
//! pull-based revenue splits and upstream royalties, in one contract frame.
//!
//! - **Offers** carry a price, a duration (perpetual, or a period in
//!   milliseconds of the block-timestamp clock), an optional cap, the
//!   [`LicenseTerms`](modelmint_common::licensing::LicenseTerms) and the
//!   legal text. They never change; the model's current owner pauses, opens
//!   or closes them.
//! - **Purchases** take the model, the offer and the highest price the buyer
//!   accepts. The call must carry exactly the price: less is
//!   `InsufficientPayment`, more is `Overpayment` (rejected, never kept). The
//!   price stays in the market and is credited in the same frame: each
//!   ancestor the model owes a share gets its share (floored, the fraction
//!   carried to the next payment), the model keeps the rest for its split or
//!   its owner. No other contract is called: the registry pushes each model's
//!   owner, owner epoch, status, obligations and voided epochs here
//!   ([`ModelSync`](modelmint_common::market::ModelSync)) in the same
//!   transaction as every change.
//! - **Expiry** is on the block-timestamp clock: a license bought at `start`
//!   for a period `p` is valid while `block_timestamp < start + p` and expired
//!   from `start + p` on. **Renewal** adds one period to the later of now and
//!   the current expiry, at the offer's price, while the offer sells.
//! - **Splits** share a model's revenue among up to 32 recipients, each
//!   taking its exact part with a withdrawal that writes only its own cells;
//!   a deposit costs the same whatever the split's size. A recipient accepts
//!   a listing before it counts and can leave at any time.
//! - **Rulings**: an arbiter who reassigns a squatted model may void the
//!   licenses sold in the squatter's epochs: a voided license grants nothing.
//! - **Composition**: third parties ask and pay through the shared traits
//!   ([`LicenseCheck`](modelmint_common::licensing::LicenseCheck),
//!   [`DerivativeRights`](modelmint_common::licensing::DerivativeRights),
//!   [`Royalties`](modelmint_common::royalties::Royalties)); a gateway pays
//!   for a licensed use with one `deposit_use`.
//!
//! **Exactness.** Every unit paid in is, at every moment, in exactly one
//! pending or owed balance, or has been withdrawn: Σ withdrawn + Σ owed +
//! Σ pending equals Σ paid, to the last unit, always. The market never reads
//! its own balance as the ledger.
//!
//! Pausing stops what creates new obligations (offers, purchases, renewals,
//! deposits, setting a split); every way out keeps working: withdrawals,
//! leaving or clearing a split, closing offers, releasing and handing on
//! licenses, and the registry's pushes.
//!
//! **One address, two codes.** pallet-contracts charges every call the whole
//! Wasm of the contract it enters, so this contract's own code is the hot
//! path only: purchases, renewals, deposits and the license checks other
//! contracts make. Every other message is answered by the market's *desk*
//! (`modelmint-market-desk`), a library whose code hash is fixed at
//! instantiation and locked on chain: the market forwards the call to it by
//! delegate call ([`modelmint_common::library`]), and the desk runs it on the
//! market's storage, balance and address, for the original caller, with the
//! same selector, arguments, events and errors. Callers see one contract.
//! The rules of both live in `modelmint-market-core`
//! ([`MarketData`]).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use modelmint_market_core::*;

#[modelmint_macros::admin(
    storage = Market,
    links = modelmint_market_core::LINKS,
    layout = modelmint_market_core::LAYOUT_VERSION,
    delegate = desk
)]
#[ink::contract]
mod market {
    use ink::prelude::vec::Vec;
    use modelmint_common::admin::{AdminData, AdminError, Timelock, Wiring};
    use modelmint_common::library::{forward, lock};
    use modelmint_common::licensing::{DerivativeRights, License, LicenseCheck, Use};
    use modelmint_common::market::{ModelRecord, ModelSync};
    use modelmint_common::royalties::{Payee, Recipient, Royalties};
    use modelmint_common::{Bps, LicenseId, ModelId, OfferId};
    // `MarketError` names the refusals in the messages' docs.
    #[allow(unused_imports)]
    use modelmint_market_core::MarketError;
    use modelmint_market_core::{
        emit_all, MarketData, ModelState, Offer, OfferState, OfferTerms, Result, Solvency,
        LAYOUT_VERSION, LINKS,
    };

    /// The market contract. Its desk declares the same root, field for field.
    #[ink(storage)]
    pub struct Market {
        /// Administration: the guard (layout, pause, wiring) in the root cell,
        /// the roles and the scheduled action outside it.
        admin: AdminData,
        data: MarketData,
        /// The code hash of the desk, which answers every message this code
        /// forwards; fixed at instantiation (an upgrade's migration may
        /// change it) and locked on chain.
        desk: Hash,
        /// What later versions append to the root, kept verbatim (empty in a
        /// root this version writes): `modelmint_common::root`.
        tail: modelmint_common::root::RootTail,
    }

    impl Market {
        /// Creates the market for the models of `registry`, which alone pushes
        /// them here, answering its cold messages with the desk code `desk`
        /// (uploaded beforehand: `modelmint-market-desk`), which it locks on
        /// chain; the caller becomes the administrator, and upgrades and
        /// rewiring wait for `timelock` and stay executable for `grace` ms
        /// once ready. The instantiation traps if no code has the hash `desk`.
        ///
        /// # Errors
        /// - [`AdminError::ZeroDelay`], [`AdminError::DelayTooLong`],
        ///   [`AdminError::GraceOutOfRange`].
        #[ink(constructor)]
        pub fn new(
            registry: AccountId,
            desk: Hash,
            timelock: Timelock,
            grace: Timestamp,
        ) -> core::result::Result<Self, AdminError> {
            let wiring = Wiring { registry: Some(registry), ..Wiring::default() };
            let admin = AdminData::instantiate(timelock, grace, LINKS, wiring, LAYOUT_VERSION)?;
            lock(&desk);
            Ok(Self { admin, data: MarketData::default(), desk, tail: Default::default() })
        }

        /// The code hash of the desk this market forwards its cold messages
        /// to: what a client checks against the desk it built from source.
        #[ink(message)]
        pub fn desk_code(&self) -> Hash {
            self.desk(false)
        }

        /// Hands the current message to the desk (see the crate docs); never
        /// returns here.
        fn desk(&self, fallible: bool) -> ! {
            forward(self.desk, fallible)
        }

        /// Publishes a license offer for `model`; only its current owner may,
        /// who pays the offer's storage deposit. Returns the offer's id.
        ///
        /// # Errors
        /// - [`MarketError::UnknownModel`], [`MarketError::NotModelOwner`].
        /// - [`MarketError::InvalidUses`], [`MarketError::RoyaltyOutOfRange`],
        ///   [`MarketError::ZeroDuration`], [`MarketError::DurationTooLong`],
        ///   [`MarketError::ZeroCap`], [`MarketError::EmptyLegalUri`],
        ///   [`MarketError::LegalUriTooLong`],
        ///   [`MarketError::DerivativesNeedUse`], [`MarketError::UsesNotForKind`]
        ///   for invalid terms.
        /// - [`MarketError::TooManyOffers`], [`MarketError::Overflow`],
        ///   `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::OfferCreated`]
        #[ink(message)]
        pub fn create_offer(&mut self, model: ModelId, terms: OfferTerms) -> Result<OfferId> {
            let _ = (model, terms);
            self.desk(true)
        }

        /// Pauses, opens or closes an offer; only the model's current owner
        /// may. Closing is final and frees the model's offer slot; licenses
        /// already sold are untouched. After a sale of the model's token its
        /// offers sell nothing until the new owner opens them. Works while
        /// paused.
        ///
        /// # Errors
        /// - [`MarketError::UnknownOffer`], [`MarketError::NotModelOwner`].
        /// - [`MarketError::OfferClosed`] for a closed offer,
        ///   [`MarketError::OfferStateUnchanged`] if it already is in `state`
        ///   for the current owner.
        ///
        /// # Events
        /// - [`crate::OfferStateChanged`]
        #[ink(message)]
        pub fn set_offer_state(&mut self, offer: OfferId, state: OfferState) -> Result<()> {
            let _ = (offer, state);
            self.desk(true)
        }

        /// Buys a license of `model` from `offer`. The call must carry exactly
        /// the offer's price, which must not exceed `max_price`; it is credited
        /// to the model's contributors in this call. Returns the new license's
        /// id.
        ///
        /// # Errors
        /// - [`MarketError::UnknownModel`], [`MarketError::UnknownOffer`],
        ///   [`MarketError::OfferPaused`], [`MarketError::OfferClosed`],
        ///   [`MarketError::OfferOfPreviousOwner`],
        ///   [`MarketError::ModelDeprecated`], [`MarketError::ModelDisputed`].
        /// - [`MarketError::PriceAboveMaximum`], then
        ///   [`MarketError::InsufficientPayment`] or [`MarketError::Overpayment`].
        /// - [`MarketError::CapReached`], [`MarketError::TooManyLicenses`],
        ///   [`MarketError::DurationOverflow`], [`MarketError::Overflow`],
        ///   `Admin(Paused)`.
        ///
        /// Every error reverts the call, returning the payment.
        ///
        /// # Events
        /// - [`crate::LicenseSold`]
        #[ink(message, payable)]
        pub fn buy(
            &mut self,
            model: ModelId,
            offer: OfferId,
            max_price: Balance,
        ) -> Result<LicenseId> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            let (caller, now, paid) =
                (self.env().caller(), self.env().block_timestamp(), self.env().transferred_value());
            let (license, events) = self.data.buy(caller, now, (model, offer), max_price, paid)?;
            emit_all(events);
            Ok(license)
        }

        /// Renews a time-limited license for one more period of its offer, from
        /// the later of now and its current expiry. Only the holder renews,
        /// while the model is licensable and the offer sells for its current
        /// owner; the call must carry exactly the offer's price (at most
        /// `max_price`), credited as a purchase's is. An expired license that
        /// left the holder's list comes back to it.
        ///
        /// # Errors
        /// - [`MarketError::UnknownLicense`], [`MarketError::NotHolder`],
        ///   [`MarketError::LicenseVoided`], [`MarketError::NotRenewable`],
        ///   [`MarketError::ModelDeprecated`], [`MarketError::ModelDisputed`],
        ///   [`MarketError::TooManyLicenses`].
        /// - [`MarketError::OfferPaused`], [`MarketError::OfferClosed`],
        ///   [`MarketError::OfferOfPreviousOwner`].
        /// - [`MarketError::PriceAboveMaximum`],
        ///   [`MarketError::InsufficientPayment`], [`MarketError::Overpayment`].
        /// - [`MarketError::DurationOverflow`], [`MarketError::Overflow`],
        ///   `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::LicenseRenewed`]
        #[ink(message, payable)]
        pub fn renew(&mut self, license: LicenseId, max_price: Balance) -> Result<()> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            let (caller, now, paid) =
                (self.env().caller(), self.env().block_timestamp(), self.env().transferred_value());
            let events = self.data.renew(caller, now, license, max_price, paid)?;
            emit_all(events);
            Ok(())
        }

        /// Offers a license the caller holds to `to` (`None` withdraws the
        /// offer), if its terms allow transfers, it has not expired and no
        /// ruling voided it. While offered it grants the caller nothing; it
        /// moves only when `to` accepts ([`Self::accept_license`]), so nobody
        /// can fill another account's license slots. Works while paused: a
        /// license is its holder's property.
        ///
        /// # Errors
        /// - [`MarketError::UnknownLicense`], [`MarketError::NotHolder`],
        ///   [`MarketError::NotTransferable`], [`MarketError::LicenseExpired`],
        ///   [`MarketError::LicenseVoided`], [`MarketError::TransferToSelf`].
        /// - [`MarketError::NoTransferOffer`] when withdrawing an offer that does
        ///   not exist; [`MarketError::TooManyLicenses`] if the license cannot
        ///   rejoin a full list.
        ///
        /// # Events
        /// - [`crate::LicenseTransferOffered`]
        #[ink(message)]
        pub fn transfer_license(
            &mut self,
            license: LicenseId,
            to: Option<AccountId>,
        ) -> Result<()> {
            let _ = (license, to);
            self.desk(true)
        }

        /// Accepts a license offered to the caller: it becomes the caller's,
        /// if it is still transferable, unexpired and not voided and the caller
        /// holds fewer than [`crate::MAX_LICENSES_PER_HOLDER`] unexpired
        /// licenses on the model. Works while paused.
        ///
        /// # Errors
        /// - [`MarketError::UnknownLicense`], [`MarketError::NoTransferOffer`],
        ///   [`MarketError::NotTransferable`], [`MarketError::LicenseExpired`],
        ///   [`MarketError::LicenseVoided`], [`MarketError::TooManyLicenses`].
        ///
        /// # Events
        /// - [`crate::LicenseTransferred`]
        #[ink(message)]
        pub fn accept_license(&mut self, license: LicenseId) -> Result<()> {
            let _ = (license,);
            self.desk(true)
        }

        /// Gives up a license the caller holds, for good: the license and any
        /// transfer offer of it are deleted and their storage deposit released
        /// to the caller. Works while paused, and on expired or voided
        /// licenses.
        ///
        /// # Errors
        /// - [`MarketError::UnknownLicense`], [`MarketError::NotHolder`].
        ///
        /// # Events
        /// - [`crate::LicenseReleased`]
        #[ink(message)]
        pub fn release_license(&mut self, license: LicenseId) -> Result<()> {
            let _ = (license,);
            self.desk(true)
        }

        /// Sets `model`'s split to `recipients` (shares in parts per million);
        /// the model's current owner only. The current round ends first (as
        /// with [`Self::distribute`]). The split is the current owner's: it
        /// receives nothing after the model's token is sold. Listing an
        /// account takes none of its [`crate::MAX_MEMBERSHIPS`] slots until it
        /// accepts ([`Self::accept_split`]).
        ///
        /// # Errors
        /// - [`MarketError::UnknownModel`], [`MarketError::NotModelOwner`].
        /// - [`MarketError::InvalidShares`] unless 1..=32 positive shares sum to
        ///   1 000 000; [`MarketError::DuplicateRecipient`].
        /// - [`MarketError::MarketAsPayee`] if the market itself is listed.
        /// - `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::Distributed`] if the round had money, then [`crate::SplitSet`].
        #[ink(message)]
        pub fn set_split(&mut self, model: ModelId, recipients: Vec<Recipient>) -> Result<()> {
            let _ = (model, recipients);
            self.desk(true)
        }

        /// Removes `model`'s split after ending its round; the model's current
        /// owner only. Later revenue is the owner's. Works while paused.
        ///
        /// # Errors
        /// - [`MarketError::UnknownModel`], [`MarketError::NotModelOwner`],
        ///   [`MarketError::NoSplit`].
        ///
        /// # Events
        /// - [`crate::Distributed`] if the round had money, then [`crate::SplitCleared`].
        #[ink(message)]
        pub fn clear_split(&mut self, model: ModelId) -> Result<()> {
            let _ = (model,);
            self.desk(true)
        }

        /// Accepts the caller's listing in `model`'s split: from now on
        /// [`Self::withdraw`] takes the caller's part of it too. The caller
        /// pays for its own withdrawable balance here (once). Works while
        /// paused.
        ///
        /// # Errors
        /// - [`MarketError::NoSplit`], [`MarketError::NotARecipient`],
        ///   [`MarketError::AlreadyAccepted`],
        ///   [`MarketError::RecipientMembershipsFull`].
        ///
        /// # Events
        /// - [`crate::SplitAccepted`]
        #[ink(message)]
        pub fn accept_split(&mut self, model: ModelId) -> Result<()> {
            let _ = (model,);
            self.desk(true)
        }

        /// Leaves `model`'s split: the caller's part so far goes to its owed
        /// balance, then its entry passes to the model's owner. Works while
        /// paused: nobody can keep an account in a split it does not want.
        ///
        /// # Errors
        /// - [`MarketError::NoSplit`], [`MarketError::NotARecipient`],
        ///   [`MarketError::OwnerCannotLeave`].
        ///
        /// # Events
        /// - [`crate::SplitLeft`], then [`crate::SplitSet`] with the new entries.
        #[ink(message)]
        pub fn leave_split(&mut self, model: ModelId) -> Result<()> {
            let _ = (model,);
            self.desk(true)
        }

        /// Ends `model`'s current round: what it received goes to the owed
        /// balances of whoever it is owed to (its split's recipients, each its
        /// exact part, or its owner). Anyone may call it, and pays for any owed
        /// balance it creates. Works while paused.
        ///
        /// # Errors
        /// - [`MarketError::UnknownModel`], [`MarketError::Overflow`].
        ///
        /// # Events
        /// - [`crate::Distributed`] if the round had money.
        #[ink(message)]
        pub fn distribute(&mut self, model: ModelId) -> Result<()> {
            let _ = (model,);
            self.desk(true)
        }

        /// Transfers to the caller everything it is owed: its owed balance,
        /// its part of every split it accepted, and the whole revenue so far of
        /// each model in `collect` that it owns without a split (at most
        /// [`crate::MAX_COLLECTED`]). Works while paused. Returns the amount.
        ///
        /// # Errors
        /// - [`MarketError::TooManyModels`], [`MarketError::UnknownModel`],
        ///   [`MarketError::NotPayee`] for a model in `collect`.
        /// - [`MarketError::NothingOwed`] if the caller is owed nothing.
        /// - [`MarketError::TransferFailed`] if the chain refuses the transfer
        ///   (the amount stays owed).
        ///
        /// # Events
        /// - [`crate::Withdrawn`]
        #[ink(message)]
        pub fn withdraw(&mut self, collect: Vec<ModelId>) -> Result<Balance> {
            let _ = (collect,);
            self.desk(true)
        }

        /// [`Self::withdraw`] for `account`: anyone may call it, and the money
        /// only ever goes to `account`, so a recipient that cannot sign (a
        /// contract without a withdraw path, a cold wallet) is still paid. The
        /// caller never collects `account`'s storage deposit. Works while
        /// paused.
        ///
        /// # Errors
        /// As [`Self::withdraw`], and [`MarketError::MarketAsPayee`] for the
        /// market itself.
        ///
        /// # Events
        /// - [`crate::Withdrawn`]
        #[ink(message)]
        pub fn withdraw_for(
            &mut self,
            account: AccountId,
            collect: Vec<ModelId>,
        ) -> Result<Balance> {
            let _ = (account, collect);
            self.desk(true)
        }

        /// Sends the market's surplus (what it holds beyond everything it
        /// owes: unsolicited transfers) to `to`; the administrator only. No
        /// owed unit can ever be swept. Returns the amount sent.
        ///
        /// # Errors
        /// - `Admin(NotAdmin)`, [`MarketError::NothingToSweep`],
        ///   [`MarketError::MarketAsPayee`], [`MarketError::TransferFailed`].
        ///
        /// # Events
        /// - [`crate::Swept`]
        #[ink(message)]
        pub fn sweep(&mut self, to: AccountId) -> Result<Balance> {
            let _ = (to,);
            self.desk(true)
        }

        /// `model`'s record: owner, owner epoch and status as the registry
        /// pushed them, its obligations with their carries, voided epochs, its
        /// split's epoch, its current round's revenue and its open and paused
        /// offers; `None` if the registry never pushed it.
        #[ink(message)]
        pub fn model(&self, model: ModelId) -> Option<ModelState> {
            let _ = (model,);
            self.desk(false)
        }

        /// The offer with id `offer`, with its legal text and live sales.
        #[ink(message)]
        pub fn offer(&self, offer: OfferId) -> Option<Offer> {
            let _ = (offer,);
            self.desk(false)
        }

        /// The ids of `holder`'s licenses on `model`, oldest first (expired
        /// ones until the holder's list is next written; none it offered on).
        #[ink(message)]
        pub fn licenses_of(&self, model: ModelId, holder: AccountId) -> Vec<LicenseId> {
            let _ = (model, holder);
            self.desk(false)
        }

        /// The account `license` is offered to, if any.
        #[ink(message)]
        pub fn transfer_offer(&self, license: LicenseId) -> Option<AccountId> {
            let _ = (license,);
            self.desk(false)
        }

        /// `model`'s split, or `None`. A split set by a previous owner (its
        /// record's `split_epoch` is not its epoch) is paid nothing new.
        #[ink(message)]
        pub fn split_of(&self, model: ModelId) -> Option<Vec<Recipient>> {
            let _ = (model,);
            self.desk(false)
        }

        /// The models whose split `account` accepted and still lists it.
        #[ink(message)]
        pub fn memberships_of(&self, account: AccountId) -> Vec<ModelId> {
            let _ = (account,);
            self.desk(false)
        }

        /// What [`Self::withdraw`] would pay `account` now collecting no
        /// model: its owed balance and its part of every split it accepted.
        #[ink(message)]
        pub fn owed_to(&self, account: AccountId) -> Balance {
            let _ = (account,);
            self.desk(false)
        }

        /// `account`'s settled balance: what ended rounds owe it, without its
        /// parts of current rounds. Σ `owed_of` over every account plus Σ
        /// `pending_of` over every model is the market's liabilities: a
        /// read-only check of the ledger.
        #[ink(message)]
        pub fn owed_of(&self, account: AccountId) -> Balance {
            let _ = (account,);
            self.desk(false)
        }

        /// `model`'s revenue not yet paid out: its current round less what its
        /// split's recipients took (all its owner's, without a split).
        #[ink(message)]
        pub fn pending_of(&self, model: ModelId) -> Balance {
            let _ = (model,);
            self.desk(false)
        }

        /// What the market can transfer next to everything it owes:
        /// `transferable >= liabilities` always holds, and the difference is
        /// what [`Self::sweep`] may send.
        #[ink(message)]
        pub fn solvency(&self) -> Solvency {
            let _ = ();
            self.desk(false)
        }
    }

    impl LicenseCheck for Market {
        #[ink(message)]
        fn is_licensed(&self, model: ModelId, account: AccountId, use_: Use) -> bool {
            self.data.is_licensed(model, account, use_, self.env().block_timestamp())
        }

        #[ink(message)]
        fn license(&self, license: LicenseId) -> Option<License> {
            self.data.license(license)
        }
    }

    impl DerivativeRights for Market {
        #[ink(message)]
        fn derivative_royalty(&self, parent: ModelId, account: AccountId) -> Option<Bps> {
            self.data.derivative_royalty(parent, account, self.env().block_timestamp())
        }
    }

    impl Royalties for Market {
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
            let _ = (model, price);
            self.desk(true)
        }
    }

    impl ModelSync for Market {
        #[ink(message)]
        fn sync_model(&mut self, model: ModelId, record: ModelRecord) -> Result<()> {
            let _ = (model, record);
            self.desk(true)
        }
    }

    /// The hot path's pause, off-chain (the forwarded messages need a chain:
    /// the desk's own tests run their rules, the e2e suite the forwarding).
    #[cfg(test)]
    mod tests {
        use super::*;
        use modelmint_common::admin::{Link, DEFAULT_GRACE};

        fn market() -> Market {
            let wiring = Wiring { registry: Some([8; 32].into()), ..Wiring::default() };
            let admin = AdminData::instantiate(
                Timelock::Disabled,
                DEFAULT_GRACE,
                LINKS,
                wiring,
                LAYOUT_VERSION,
            )
            .expect("instantiated");
            Market {
                admin,
                data: MarketData::default(),
                desk: Hash::from([7; 32]),
                tail: Default::default(),
            }
        }

        #[ink::test]
        fn a_pause_stops_purchases_renewals_and_deposits_and_nothing_else_here() {
            let mut market = market();
            let paused = Err(MarketError::Admin(AdminError::Paused));
            assert_eq!(
                market.deposit(1),
                Err(MarketError::ZeroDeposit),
                "running: the rules answer"
            );
            market
                .admin
                .set_paused(ink::env::caller::<ink::env::DefaultEnvironment>(), true)
                .unwrap();
            assert_eq!(market.buy(1, 1, 10).map(drop), paused);
            assert_eq!(market.renew(1, 10), paused);
            assert_eq!(market.deposit(1), paused);
            assert_eq!(market.deposit_use(1, [5; 32].into(), Use::Research), paused);
            // reads keep working
            assert!(!market.is_licensed(1, [5; 32].into(), Use::Research));
            assert_eq!(market.admin.link(Link::Registry), Some([8; 32].into()));
        }
    }
}

pub use market::{Market, MarketRef};
