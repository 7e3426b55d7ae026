//! ModelMint licensing: the owner of a registered model publishes license offers
//! with on-chain terms, anyone buys a license with the chain's native token, and
//! other contracts ask whether an account may use a model.
//!
//! - **Offers** carry a price, a duration (perpetual, or a period in
//!   milliseconds of the block-timestamp clock), an optional cap and the
//!   [`LicenseTerms`](modelmint_common::licensing::LicenseTerms). They never
//!   change; the model's current owner pauses, resumes or closes them.
//! - **Purchases** take the offer and the highest price the buyer accepts. The
//!   call must carry exactly the price: less is `InsufficientPayment`, more is
//!   `Overpayment` (rejected, never kept), so a sale moves exactly the price. The
//!   whole payment goes to the royalties contract's `deposit` for the model in
//!   the same call; this contract holds no funds.
//! - **Expiry** is on the block-timestamp clock: a license bought at `start` for
//!   a period `p` is valid while `block_timestamp < start + p` and expired from
//!   `start + p` on. **Renewal** adds one period to the later of now and the
//!   current expiry, at the offer's price, while the offer is open.
//! - **Composition**: [`LicenseCheck`](modelmint_common::licensing::LicenseCheck)
//!   (`is_licensed`, `license`) and
//!   [`DerivativeRights`](modelmint_common::licensing::DerivativeRights), which
//!   the registry asks before accepting a derivative.
//!
//! The contract is a thin shell over [`data::LicensingData`], which holds the rules.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod data;
pub mod errors;
pub mod events;
pub mod types;

pub use data::{
    Offer, OfferState, OfferTerms, MAX_LEGAL_URI_LEN, MAX_LICENSES_PER_HOLDER,
    MAX_OFFERS_PER_MODEL, MAX_PERIOD,
};
pub use errors::LicensingError;
pub use events::{
    LicensePurchased, LicenseRenewed, LicenseTransferred, LicensingRewired, OfferCreated,
    OfferStateChanged,
};
pub use types::LicensingAdmin;

/// The version of the storage layout this code reads and writes.
pub const LAYOUT_VERSION: u32 = 1;

#[ink::contract]
mod licensing {
    use crate::data::{LicensingData, Offer, OfferState, OfferTerms, Payment};
    use crate::errors::{LicensingError, Result};
    use crate::events::{LicensingEvent, LicensingRewired};
    use crate::types::LicensingAdmin;
    use crate::LAYOUT_VERSION;
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use modelmint_common::admin::events::{
        AdminChanged, AdminProposed, CodeUpgraded, PauseChanged,
    };
    use modelmint_common::admin::{AdminError, AdminState};
    use modelmint_common::licensing::{DerivativeRights, License, LicenseCheck, Use};
    use modelmint_common::registry::{ModelRegistry, ModelSummary};
    use modelmint_common::royalties::Royalties;
    use modelmint_common::{Bps, LicenseId, ModelId, OfferId};

    /// The licensing contract.
    #[ink(storage)]
    pub struct Licensing {
        data: LicensingData,
        admin: AdminState,
        /// Asked for each model's owner and status.
        registry: AccountId,
        /// Receives every payment, for the model it pays.
        royalties: AccountId,
    }

    impl Licensing {
        /// Creates the licensing contract for `registry`'s models, paying into
        /// `royalties`; the caller becomes the administrator.
        #[ink(constructor)]
        pub fn new(registry: AccountId, royalties: AccountId) -> Self {
            Self {
                data: LicensingData::default(),
                admin: AdminState::new(Self::env().caller(), LAYOUT_VERSION),
                registry,
                royalties,
            }
        }

        /// Publishes a license offer for `model`; only its current owner may. The
        /// caller pays the storage deposit of the offer.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownModel`], [`LicensingError::NotModelOwner`].
        /// - [`LicensingError::InvalidUses`], [`LicensingError::RoyaltyOutOfRange`],
        ///   [`LicensingError::ZeroDuration`], [`LicensingError::DurationTooLong`],
        ///   [`LicensingError::ZeroCap`], [`LicensingError::EmptyLegalUri`],
        ///   [`LicensingError::LegalUriTooLong`] for invalid terms.
        /// - [`LicensingError::TooManyOffers`] when the model has the maximum of
        ///   open and paused offers.
        /// - [`LicensingError::RegistryUnavailable`], [`LicensingError::Overflow`],
        ///   `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::OfferCreated`]
        #[ink(message)]
        pub fn create_offer(&mut self, model: ModelId, terms: OfferTerms) -> Result<OfferId> {
            self.admin.ensure_running()?;
            let summary = self.model_summary(model)?;
            let (offer, events) =
                self.data.create_offer(self.env().caller(), model, summary, terms)?;
            self.emit_all(events);
            Ok(offer)
        }

        /// Pauses, resumes (`Open`) or closes an offer; only the model's current
        /// owner may. Closing is final and frees the model's offer slot; licenses
        /// already sold are untouched.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownOffer`], [`LicensingError::NotModelOwner`].
        /// - [`LicensingError::OfferClosed`] for a closed offer,
        ///   [`LicensingError::OfferStateUnchanged`] if it already is in `state`.
        /// - [`LicensingError::UnknownModel`], [`LicensingError::RegistryUnavailable`].
        ///
        /// # Events
        /// - [`crate::OfferStateChanged`]
        #[ink(message)]
        pub fn set_offer_state(&mut self, offer: OfferId, state: OfferState) -> Result<()> {
            let model = self.data.model_of_offer(offer)?;
            let owner = self.model_summary(model)?.owner;
            let events = self.data.set_offer_state(self.env().caller(), offer, owner, state)?;
            self.emit_all(events);
            Ok(())
        }

        /// Buys a license from `offer`. The call must carry exactly the offer's
        /// price, and the price must not exceed `max_price`; the payment goes to
        /// the model's royalties in this call. Returns the new license's id.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownOffer`], [`LicensingError::OfferPaused`],
        ///   [`LicensingError::OfferClosed`], [`LicensingError::ModelDeprecated`],
        ///   [`LicensingError::CapReached`].
        /// - [`LicensingError::PriceAboveMaximum`], then
        ///   [`LicensingError::InsufficientPayment`] or [`LicensingError::Overpayment`].
        /// - [`LicensingError::TooManyLicenses`], [`LicensingError::DurationOverflow`].
        /// - [`LicensingError::RoyaltiesUnavailable`] / [`LicensingError::Royalty`]
        ///   if the payment cannot be deposited; [`LicensingError::UnknownModel`],
        ///   [`LicensingError::RegistryUnavailable`], `Admin(Paused)`.
        ///
        /// Every error reverts the call, returning the payment.
        ///
        /// # Events
        /// - [`crate::LicensePurchased`], then the royalties contract's deposit events.
        #[ink(message, payable)]
        pub fn buy(&mut self, offer: OfferId, max_price: Balance) -> Result<LicenseId> {
            self.admin.ensure_running()?;
            let model = self.data.model_of_offer(offer)?;
            let status = self.model_summary(model)?.status;
            let (license, payment, events) = self.data.buy(
                self.env().caller(),
                self.env().block_timestamp(),
                offer,
                status,
                max_price,
                self.env().transferred_value(),
            )?;
            self.emit_all(events);
            self.forward(payment)?;
            Ok(license)
        }

        /// Renews a time-limited license for one more period of its offer, from the
        /// later of now and its current expiry. Only the holder renews; the call
        /// must carry exactly the offer's price (at most `max_price`), which goes
        /// to the model's royalties.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownLicense`], [`LicensingError::NotHolder`],
        ///   [`LicensingError::NotRenewable`] (perpetual licenses).
        /// - [`LicensingError::OfferPaused`], [`LicensingError::OfferClosed`].
        /// - [`LicensingError::PriceAboveMaximum`],
        ///   [`LicensingError::InsufficientPayment`], [`LicensingError::Overpayment`].
        /// - [`LicensingError::DurationOverflow`], [`LicensingError::Overflow`],
        ///   [`LicensingError::RoyaltiesUnavailable`], [`LicensingError::Royalty`],
        ///   `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::LicenseRenewed`], then the royalties contract's deposit events.
        #[ink(message, payable)]
        pub fn renew(&mut self, license: LicenseId, max_price: Balance) -> Result<()> {
            self.admin.ensure_running()?;
            let (payment, events) = self.data.renew(
                self.env().caller(),
                self.env().block_timestamp(),
                license,
                max_price,
                self.env().transferred_value(),
            )?;
            self.emit_all(events);
            self.forward(payment)
        }

        /// Transfers a license the caller holds to `to`, if its terms allow
        /// transfers and it has not expired. Works while paused: a license is its
        /// holder's property.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownLicense`], [`LicensingError::NotHolder`],
        ///   [`LicensingError::NotTransferable`], [`LicensingError::LicenseExpired`],
        ///   [`LicensingError::TransferToSelf`], [`LicensingError::TooManyLicenses`].
        ///
        /// # Events
        /// - [`crate::LicenseTransferred`]
        #[ink(message)]
        pub fn transfer_license(&mut self, license: LicenseId, to: AccountId) -> Result<()> {
            let events = self.data.transfer_license(
                self.env().caller(),
                self.env().block_timestamp(),
                license,
                to,
            )?;
            self.emit_all(events);
            Ok(())
        }

        /// The offer with id `offer`, if any.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn offer(&self, offer: OfferId) -> Option<Offer> {
            self.data.offer(offer)
        }

        /// The open and paused offers of `model`.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn offers_of(&self, model: ModelId) -> Vec<OfferId> {
            self.data.offers_of(model)
        }

        /// The ids of `holder`'s licenses on `model`, oldest first.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn licenses_of(&self, model: ModelId, holder: AccountId) -> Vec<LicenseId> {
            self.data.licenses_of(model, holder)
        }

        /// Proposes `next` as administrator (`None` withdraws the proposal).
        ///
        /// # Errors
        /// - `Admin(NotAdmin)` unless the caller is the administrator.
        ///
        /// # Events
        /// - `AdminProposed`
        #[ink(message)]
        pub fn propose_admin(&mut self, next: Option<AccountId>) -> Result<()> {
            self.admin.propose(self.env().caller(), next)?;
            self.env().emit_event(AdminProposed { proposed: next });
            Ok(())
        }

        /// The proposed administrator takes over.
        ///
        /// # Errors
        /// - `Admin(NotProposedAdmin)` unless the caller is the proposed account.
        ///
        /// # Events
        /// - `AdminChanged`
        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let caller = self.env().caller();
            let previous = self.admin.accept(caller)?;
            self.env().emit_event(AdminChanged { previous, admin: caller });
            Ok(())
        }

        /// Pauses (or resumes) new offers, sales and renewals. Transfers and reads
        /// keep working.
        ///
        /// # Errors
        /// - `Admin(NotAdmin)`, `Admin(PauseUnchanged)`.
        ///
        /// # Events
        /// - `PauseChanged`
        #[ink(message)]
        pub fn set_paused(&mut self, paused: bool) -> Result<()> {
            self.admin.set_paused(self.env().caller(), paused)?;
            self.env().emit_event(PauseChanged { paused });
            Ok(())
        }

        /// Points the contract at another registry and royalties contract.
        ///
        /// # Errors
        /// - `Admin(NotAdmin)` unless the caller is the administrator.
        ///
        /// # Events
        /// - [`crate::LicensingRewired`]
        #[ink(message)]
        pub fn set_wiring(&mut self, registry: AccountId, royalties: AccountId) -> Result<()> {
            self.admin.ensure_admin(self.env().caller())?;
            self.registry = registry;
            self.royalties = royalties;
            self.env().emit_event(LicensingRewired { registry, royalties });
            Ok(())
        }

        /// Replaces the contract's code with the uploaded code `code_hash`,
        /// keeping storage. The new code migrates the layout if it changed.
        ///
        /// # Errors
        /// - `Admin(NotAdmin)`; `Admin(UnknownCodeHash)` if no such code is on chain.
        ///
        /// # Events
        /// - `CodeUpgraded`
        #[ink(message)]
        pub fn upgrade(&mut self, code_hash: Hash) -> Result<()> {
            self.admin.ensure_admin(self.env().caller())?;
            self.env()
                .set_code_hash(&code_hash)
                .map_err(|_| LicensingError::Admin(AdminError::UnknownCodeHash { code_hash }))?;
            self.env().emit_event(CodeUpgraded { code_hash });
            Ok(())
        }

        /// The administrator, pause state, layout version and wiring.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn admin_state(&self) -> LicensingAdmin {
            LicensingAdmin {
                admin: self.admin.admin(),
                proposed: self.admin.proposed(),
                paused: self.admin.is_paused(),
                layout_version: self.admin.layout_version(),
                registry: self.registry,
                royalties: self.royalties,
            }
        }

        fn model_summary(&self, model: ModelId) -> Result<ModelSummary> {
            let registry: ink::contract_ref!(ModelRegistry) = self.registry.into();
            match registry.call().model_summary(model).try_invoke() {
                Ok(Ok(Some(summary))) => Ok(summary),
                Ok(Ok(None)) => Err(LicensingError::UnknownModel { model }),
                _ => Err(LicensingError::RegistryUnavailable),
            }
        }

        /// Sends a sale's payment to the model's royalties; runs after every state
        /// change (checks-effects-interactions). A refusal reverts the whole call.
        fn forward(&self, payment: Payment) -> Result<()> {
            if payment.amount == 0 {
                return Ok(());
            }
            let mut royalties: ink::contract_ref!(Royalties) = self.royalties.into();
            match royalties
                .call_mut()
                .deposit(payment.model)
                .transferred_value(payment.amount)
                .try_invoke()
            {
                Ok(Ok(Ok(()))) => Ok(()),
                Ok(Ok(Err(error))) => Err(LicensingError::Royalty(error)),
                _ => Err(LicensingError::RoyaltiesUnavailable),
            }
        }

        fn emit_all(&self, events: Vec<LicensingEvent>) {
            for event in events {
                match event {
                    LicensingEvent::OfferCreated(e) => self.env().emit_event(e),
                    LicensingEvent::OfferStateChanged(e) => self.env().emit_event(e),
                    LicensingEvent::LicensePurchased(e) => self.env().emit_event(e),
                    LicensingEvent::LicenseRenewed(e) => self.env().emit_event(e),
                    LicensingEvent::LicenseTransferred(e) => self.env().emit_event(e),
                }
            }
        }
    }

    impl LicenseCheck for Licensing {
        /// Whether `account` holds a license on `model` valid now (block
        /// timestamp) that permits `use_`.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn is_licensed(&self, model: ModelId, account: AccountId, use_: Use) -> bool {
            self.data.is_licensed(model, account, use_, self.env().block_timestamp())
        }

        /// The license with id `license`, if any.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn license(&self, license: LicenseId) -> Option<License> {
            self.data.license(license)
        }
    }

    impl DerivativeRights for Licensing {
        /// The royalty `account` owes `parent` for a derivative under its valid
        /// licenses that allow derivatives (the lowest, if several); `None` if it
        /// holds none.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn derivative_royalty(&self, parent: ModelId, account: AccountId) -> Option<Bps> {
            self.data.derivative_royalty(parent, account, self.env().block_timestamp())
        }
    }
}

pub use licensing::{Licensing, LicensingRef};
