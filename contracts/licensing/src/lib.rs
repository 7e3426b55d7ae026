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
    LicensePurchased, LicenseReleased, LicenseRenewed, LicenseTransferOffered, LicenseTransferred,
    OfferCreated, OfferStateChanged,
};

/// The version of the storage layout this code reads and writes.
pub const LAYOUT_VERSION: u32 = 1;

/// The contracts the licensing contract calls: the registry (each model's
/// owner and status) and royalties (paid every sale).
pub const LINKS: &[modelmint_common::admin::Link] =
    &[modelmint_common::admin::Link::Registry, modelmint_common::admin::Link::Royalties];

#[modelmint_macros::admin(storage = Licensing, links = crate::LINKS, layout = crate::LAYOUT_VERSION)]
#[ink::contract]
mod licensing {
    use crate::data::{LicensingData, Offer, OfferState, OfferTerms, Payment};
    use crate::errors::{LicensingError, Result};
    use crate::events::LicensingEvent;
    use crate::{LAYOUT_VERSION, LINKS};
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use modelmint_common::admin::{AdminData, AdminError, Link, Timelock, Wiring};
    use modelmint_common::licensing::{DerivativeRights, License, LicenseCheck, Use};
    use modelmint_common::registry::{LineageNode, ModelRegistry, ModelSummary};
    use modelmint_common::royalties::Royalties;
    use modelmint_common::{Bps, LicenseId, ModelId, OfferId};

    /// The licensing contract.
    #[ink(storage)]
    pub struct Licensing {
        data: LicensingData,
        /// Administration and wiring (registry, royalties), in their own cells
        /// outside the root.
        admin: AdminData,
    }

    impl Licensing {
        /// Creates the licensing contract for `registry`'s models, paying into
        /// `royalties`; the caller becomes the administrator, and upgrades and
        /// rewiring wait for `timelock`.
        ///
        /// # Errors
        /// - [`AdminError::ZeroDelay`], [`AdminError::DelayTooLong`].
        #[ink(constructor)]
        pub fn new(
            registry: AccountId,
            royalties: AccountId,
            timelock: Timelock,
        ) -> core::result::Result<Self, AdminError> {
            let admin = AdminData::instantiate(
                timelock,
                LINKS,
                Wiring {
                    registry: Some(registry),
                    royalties: Some(royalties),
                    ..Wiring::default()
                },
                LAYOUT_VERSION,
            )?;
            Ok(Self { data: LicensingData::default(), admin })
        }

        /// Publishes a license offer for `model`; only its current owner may. The
        /// caller pays the storage deposit of the offer.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownModel`], [`LicensingError::NotModelOwner`].
        /// - [`LicensingError::InvalidUses`], [`LicensingError::RoyaltyOutOfRange`],
        ///   [`LicensingError::ZeroDuration`], [`LicensingError::DurationTooLong`],
        ///   [`LicensingError::ZeroCap`], [`LicensingError::EmptyLegalUri`],
        ///   [`LicensingError::LegalUriTooLong`] for invalid terms;
        ///   [`LicensingError::DerivativesNeedFineTuning`] for a derivative
        ///   royalty on terms that do not permit fine-tuning.
        /// - [`LicensingError::TooManyOffers`] when the model has the maximum of
        ///   open and paused offers.
        /// - [`LicensingError::RegistryUnavailable`], [`LicensingError::Overflow`],
        ///   `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::OfferCreated`]
        #[ink(message)]
        pub fn create_offer(&mut self, model: ModelId, terms: OfferTerms) -> Result<OfferId> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let summary = model_summary(&wiring, model)?;
            let (offer, events) =
                self.data.create_offer(self.env().caller(), model, summary, terms)?;
            self.emit_all(events);
            Ok(offer)
        }

        /// Pauses, opens (`Open`) or closes an offer; only the model's current
        /// owner may. Closing is final and frees the model's offer slot; licenses
        /// already sold are untouched. After a sale of the model's token its
        /// offers sell nothing until the new owner opens them: the new owner
        /// decides at what terms the business goes on.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownOffer`], [`LicensingError::NotModelOwner`].
        /// - [`LicensingError::OfferClosed`] for a closed offer,
        ///   [`LicensingError::OfferStateUnchanged`] if it already is in `state`
        ///   for the current owner.
        /// - [`LicensingError::UnknownModel`], [`LicensingError::RegistryUnavailable`].
        ///
        /// # Events
        /// - [`crate::OfferStateChanged`]
        #[ink(message)]
        pub fn set_offer_state(&mut self, offer: OfferId, state: OfferState) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let summary_of = |model| model_summary(&wiring, model);
            let events =
                self.data.set_offer_state(self.env().caller(), offer, summary_of, state)?;
            self.emit_all(events);
            Ok(())
        }

        /// Buys a license from `offer`. The call must carry exactly the offer's
        /// price, and the price must not exceed `max_price`; the payment goes to
        /// the model's royalties in this call. Returns the new license's id.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownOffer`], [`LicensingError::OfferPaused`],
        ///   [`LicensingError::OfferClosed`], [`LicensingError::OfferOfPreviousOwner`],
        ///   [`LicensingError::ModelDeprecated`], [`LicensingError::ModelDisputed`],
        ///   [`LicensingError::CapReached`].
        /// - [`LicensingError::PriceAboveMaximum`], then
        ///   [`LicensingError::InsufficientPayment`] or [`LicensingError::Overpayment`].
        /// - [`LicensingError::TooManyLicenses`], [`LicensingError::DurationOverflow`].
        /// - [`LicensingError::RoyaltiesUnavailable`] / [`LicensingError::Royalty`]
        ///   if the payment cannot be deposited; [`LicensingError::UnknownModel`],
        ///   [`LicensingError::RegistryUnavailable`], [`LicensingError::Overflow`],
        ///   `Admin(Paused)`.
        ///
        /// Every error reverts the call, returning the payment.
        ///
        /// # Events
        /// - [`crate::LicensePurchased`], then the royalties contract's deposit events.
        #[ink(message, payable)]
        pub fn buy(&mut self, offer: OfferId, max_price: Balance) -> Result<LicenseId> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let (caller, now, paid) =
                (self.env().caller(), self.env().block_timestamp(), self.env().transferred_value());
            let mut lineage = Vec::new();
            let summary_of = |model| sale_context(&wiring, model, &mut lineage);
            let (license, payment, events) =
                self.data.buy(caller, now, offer, summary_of, max_price, paid)?;
            self.emit_all(events);
            forward(&wiring, payment, lineage)?;
            Ok(license)
        }

        /// Renews a time-limited license for one more period of its offer, from the
        /// later of now and its current expiry. Only the holder renews, and only
        /// while the model is not deprecated; the call must carry exactly the
        /// offer's price (at most `max_price`), which goes to the model's
        /// royalties. An expired license that left the holder's list comes back
        /// to it.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownLicense`], [`LicensingError::NotHolder`],
        ///   [`LicensingError::NotRenewable`] (perpetual licenses),
        ///   [`LicensingError::ModelDeprecated`], [`LicensingError::ModelDisputed`],
        ///   [`LicensingError::TooManyLicenses`].
        /// - [`LicensingError::OfferPaused`], [`LicensingError::OfferClosed`],
        ///   [`LicensingError::OfferOfPreviousOwner`].
        /// - [`LicensingError::PriceAboveMaximum`],
        ///   [`LicensingError::InsufficientPayment`], [`LicensingError::Overpayment`].
        /// - [`LicensingError::DurationOverflow`], [`LicensingError::Overflow`],
        ///   [`LicensingError::RoyaltiesUnavailable`], [`LicensingError::Royalty`],
        ///   [`LicensingError::UnknownModel`], [`LicensingError::RegistryUnavailable`],
        ///   `Admin(Paused)`.
        ///
        /// # Events
        /// - [`crate::LicenseRenewed`], then the royalties contract's deposit events.
        #[ink(message, payable)]
        pub fn renew(&mut self, license: LicenseId, max_price: Balance) -> Result<()> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let (caller, now, paid) =
                (self.env().caller(), self.env().block_timestamp(), self.env().transferred_value());
            let mut lineage = Vec::new();
            let summary_of = |model| sale_context(&wiring, model, &mut lineage);
            let (payment, events) =
                self.data.renew(caller, now, license, summary_of, max_price, paid)?;
            self.emit_all(events);
            forward(&wiring, payment, lineage)
        }

        /// Offers a license the caller holds to `to` (`None` withdraws the
        /// offer), if its terms allow transfers and it has not expired. The
        /// license moves only when `to` accepts ([`Self::accept_license`]), so
        /// nobody can fill another account's license slots. Works while paused:
        /// a license is its holder's property.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownLicense`], [`LicensingError::NotHolder`],
        ///   [`LicensingError::NotTransferable`], [`LicensingError::LicenseExpired`],
        ///   [`LicensingError::TransferToSelf`]; [`LicensingError::NoTransferOffer`]
        ///   when withdrawing an offer that does not exist.
        ///
        /// # Events
        /// - [`crate::LicenseTransferOffered`]
        #[ink(message)]
        pub fn transfer_license(
            &mut self,
            license: LicenseId,
            to: Option<AccountId>,
        ) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.transfer_license(
                self.env().caller(),
                self.env().block_timestamp(),
                license,
                to,
            )?;
            self.emit_all(events);
            Ok(())
        }

        /// Accepts a license offered to the caller: it becomes the caller's, if
        /// it is still transferable and unexpired and the caller holds fewer than
        /// [`crate::MAX_LICENSES_PER_HOLDER`] unexpired licenses on the model.
        /// Works while paused. The license's record and the transfer offer
        /// pass with it (the holder offered it); the giver's own list is not
        /// written, so the caller collects none of the giver's deposit.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownLicense`], [`LicensingError::NoTransferOffer`],
        ///   [`LicensingError::NotTransferable`], [`LicensingError::LicenseExpired`],
        ///   [`LicensingError::TooManyLicenses`].
        ///
        /// # Events
        /// - [`crate::LicenseTransferred`]
        #[ink(message)]
        pub fn accept_license(&mut self, license: LicenseId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.accept_license(
                self.env().caller(),
                self.env().block_timestamp(),
                license,
            )?;
            self.emit_all(events);
            Ok(())
        }

        /// Gives up a license the caller holds, for good: the license (and any
        /// transfer offer of it) is deleted and its storage deposit released to
        /// the caller. Works while paused.
        ///
        /// # Errors
        /// - [`LicensingError::UnknownLicense`], [`LicensingError::NotHolder`].
        ///
        /// # Events
        /// - [`crate::LicenseReleased`]
        #[ink(message)]
        pub fn release_license(&mut self, license: LicenseId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.release_license(self.env().caller(), license)?;
            self.emit_all(events);
            Ok(())
        }

        /// The account `license` is offered to, if any.
        #[ink(message)]
        pub fn transfer_offer(&self, license: LicenseId) -> Option<AccountId> {
            self.data.transfer_offer(license)
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

        /// The ids of `holder`'s licenses on `model`, oldest first: expired
        /// ones until the holder's list is next written, never one it gave
        /// away.
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

        fn emit_all(&self, events: Vec<LicensingEvent>) {
            for event in events {
                match event {
                    LicensingEvent::OfferCreated(e) => self.env().emit_event(e),
                    LicensingEvent::OfferStateChanged(e) => self.env().emit_event(e),
                    LicensingEvent::LicensePurchased(e) => self.env().emit_event(e),
                    LicensingEvent::LicenseRenewed(e) => self.env().emit_event(e),
                    LicensingEvent::LicenseTransferred(e) => self.env().emit_event(e),
                    LicensingEvent::LicenseTransferOffered(e) => self.env().emit_event(e),
                    LicensingEvent::LicenseReleased(e) => self.env().emit_event(e),
                }
            }
        }
    }

    /// The registry this contract is wired to. Messages read the wiring once
    /// and pass it here and to [`forward`]: every storage access costs a call
    /// about 10 KB of proof.
    fn registry(wiring: &Wiring) -> Result<ink::contract_ref!(ModelRegistry)> {
        Ok(wiring.get(Link::Registry).ok_or(LicensingError::RegistryUnavailable)?.into())
    }

    /// The owner and status of `model`, from the registry.
    fn model_summary(wiring: &Wiring, model: ModelId) -> Result<ModelSummary> {
        match registry(wiring)?.call().model_summary(model).try_invoke() {
            Ok(Ok(Some(summary))) => Ok(summary),
            Ok(Ok(None)) => Err(LicensingError::UnknownModel { model }),
            _ => Err(LicensingError::RegistryUnavailable),
        }
    }

    /// What a sale reads from the registry, in one call: the model's summary,
    /// returned, and its revenue lineage, left in `lineage` for [`forward`]
    /// to hand on to royalties.
    fn sale_context(
        wiring: &Wiring,
        model: ModelId,
        lineage: &mut Vec<LineageNode>,
    ) -> Result<ModelSummary> {
        match registry(wiring)?.call().sale_context(model).try_invoke() {
            Ok(Ok(Some(context))) => {
                *lineage = context.lineage;
                Ok(context.summary)
            }
            Ok(Ok(None)) => Err(LicensingError::UnknownModel { model }),
            _ => Err(LicensingError::RegistryUnavailable),
        }
    }

    /// Sends a sale's payment to the model's royalties with the lineage read
    /// by [`sale_context`], so that royalties need not ask the registry
    /// again; runs after every state change (checks-effects-interactions). A
    /// refusal reverts the whole call.
    fn forward(wiring: &Wiring, payment: Payment, lineage: Vec<LineageNode>) -> Result<()> {
        if payment.amount == 0 {
            return Ok(());
        }
        let mut royalties: ink::contract_ref!(Royalties) =
            wiring.get(Link::Royalties).ok_or(LicensingError::RoyaltiesUnavailable)?.into();
        match royalties
            .call_mut()
            .deposit_sale(payment.model, lineage)
            .transferred_value(payment.amount)
            .try_invoke()
        {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(error))) => Err(LicensingError::Royalty(error)),
            _ => Err(LicensingError::RoyaltiesUnavailable),
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

    #[cfg(test)]
    fn test_terms() -> OfferTerms {
        use modelmint_common::licensing::{LicenseDuration, LicenseTerms, UseSet};
        OfferTerms {
            price: 10,
            duration: LicenseDuration::Perpetual,
            cap: None,
            license: LicenseTerms {
                uses: UseSet::of(&[Use::Research]),
                derivative_royalty: None,
                transferable: true,
                legal_hash: [9; 32],
                legal_uri: ink::prelude::string::String::from("ipfs://legal/v1"),
            },
        }
    }

    modelmint_common::admin_conformance_tests! {
        contract: Licensing,
        error: LicensingError,
        new: |timelock| Licensing::new([8; 32].into(), [9; 32].into(), timelock),
        pausable: [
            |c: &mut Licensing| c.create_offer(1, test_terms()).map(drop),
            |c: &mut Licensing| c.buy(1, 10).map(drop),
            |c: &mut Licensing| c.renew(1, 10),
        ],
        unpausable: [
            |c: &mut Licensing| c.set_offer_state(1, OfferState::Closed),
            |c: &mut Licensing| c.transfer_license(1, Some([5; 32].into())),
            |c: &mut Licensing| c.accept_license(1),
            |c: &mut Licensing| c.release_license(1),
        ],
    }
}

pub use licensing::{Licensing, LicensingRef};
