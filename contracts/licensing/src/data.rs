//! The licensing contract's state and rules, free of any contract plumbing.
//!
//! Every method takes the acting account, the time and whatever the registry
//! said about the model as parameters, validates everything before its first
//! write, and returns the events the contract must emit. Unit tests drive it
//! directly.

use crate::errors::{LicensingError, Result};
use crate::events::{
    LicensePurchased, LicenseReleased, LicenseRenewed, LicenseTransferOffered, LicenseTransferred,
    LicensingEvent, OfferCreated, OfferStateChanged,
};
pub use crate::types::{Offer, OfferState, OfferTerms};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use ink::storage::Mapping;
use modelmint_common::licensing::{License, LicenseDuration, Use};
use modelmint_common::registry::ModelSummary;
use modelmint_common::{
    Balance, Bps, LicenseId, ModelId, ModelStatus, OfferId, Timestamp, BPS_SCALE,
};

/// Most offers (open or paused; closed ones do not count) a model may have.
pub const MAX_OFFERS_PER_MODEL: u32 = 16;
/// Most unexpired licenses one account may hold on one model, so that
/// `is_licensed` reads a bounded list. Expired licenses leave the list whenever
/// it is written (a purchase, a renewal, an accepted transfer), so they never
/// keep anyone from buying.
pub const MAX_LICENSES_PER_HOLDER: u32 = 8;
/// Longest legal text URI, in bytes.
pub const MAX_LEGAL_URI_LEN: u32 = 256;
/// Longest license period: 100 years of 365 days, in milliseconds. Keeps every
/// expiry far inside the `u64` clock.
pub const MAX_PERIOD: Timestamp = 100 * 365 * 24 * 60 * 60 * 1_000;

/// What a purchase or renewal must forward to the model's royalties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payment {
    /// The model whose contributors are paid.
    pub model: ModelId,
    /// The amount, equal to the offer's price.
    pub amount: Balance,
}

/// A holder's licenses on one model are keyed by `(model, holder)`.
type Holding = (ModelId, AccountId);

/// The licensing contract's storage.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct LicensingData {
    last_offer: OfferId,
    offers: Mapping<OfferId, Offer>,
    /// Open and paused offers per model (closing one removes it), at most
    /// [`MAX_OFFERS_PER_MODEL`].
    model_offers: Mapping<ModelId, Vec<OfferId>>,
    last_license: LicenseId,
    licenses: Mapping<LicenseId, License>,
    /// `(model, holder)` -> the holder's licenses on the model, at most
    /// [`MAX_LICENSES_PER_HOLDER`]. Written only by the holder's own calls:
    /// expired licenses and licenses it gave away (still listed: the
    /// recipient's acceptance does not touch the giver's cell, whose deposit
    /// it would otherwise collect) are dropped when the holder writes it, and
    /// every read keeps only the licenses the account holds.
    holdings: Mapping<Holding, Vec<LicenseId>>,
    /// license -> the account its holder offered it to; it moves only when
    /// that account accepts. Removed on acceptance, withdrawal or release.
    transfer_offers: Mapping<LicenseId, AccountId>,
}

impl LicensingData {
    /// Publishes an offer for `model`, whose registry summary is `summary`.
    pub fn create_offer(
        &mut self,
        caller: AccountId,
        model: ModelId,
        summary: ModelSummary,
        terms: OfferTerms,
    ) -> Result<(OfferId, Vec<LicensingEvent>)> {
        if caller != summary.owner {
            return Err(LicensingError::NotModelOwner { model, owner: summary.owner });
        }
        validate_terms(&terms)?;
        let mut open = self.model_offers.get(model).unwrap_or_default();
        if u32::try_from(open.len()).map_or(true, |count| count >= MAX_OFFERS_PER_MODEL) {
            return Err(LicensingError::TooManyOffers { model, max: MAX_OFFERS_PER_MODEL });
        }
        let offer = self.last_offer.checked_add(1).ok_or(LicensingError::Overflow)?;

        self.last_offer = offer;
        open.push(offer);
        self.model_offers.insert(model, &open);
        self.offers.insert(
            offer,
            &Offer {
                model,
                terms: terms.clone(),
                sold: 0,
                state: OfferState::Open,
                owner_epoch: summary.owner_epoch,
            },
        );
        Ok((offer, vec![LicensingEvent::OfferCreated(OfferCreated { offer, model, terms })]))
    }

    /// Pauses, opens or closes `offer` for its model's current owner
    /// (`summary_of` gives the model's registry summary). Closing is final.
    /// Opening an offer a previous owner created makes it sell again, now for
    /// the current owner.
    pub fn set_offer_state(
        &mut self,
        caller: AccountId,
        offer_id: OfferId,
        summary_of: impl FnOnce(ModelId) -> Result<ModelSummary>,
        state: OfferState,
    ) -> Result<Vec<LicensingEvent>> {
        let mut offer = self.require_offer(offer_id)?;
        let summary = summary_of(offer.model)?;
        if caller != summary.owner {
            return Err(LicensingError::NotModelOwner { model: offer.model, owner: summary.owner });
        }
        if offer.state == OfferState::Closed {
            return Err(LicensingError::OfferClosed { offer: offer_id });
        }
        if offer.state == state && offer.owner_epoch == summary.owner_epoch {
            return Err(LicensingError::OfferStateUnchanged { offer: offer_id });
        }

        if state == OfferState::Closed {
            let mut open = self.model_offers.get(offer.model).unwrap_or_default();
            open.retain(|&id| id != offer_id);
            if open.is_empty() {
                self.model_offers.remove(offer.model);
            } else {
                self.model_offers.insert(offer.model, &open);
            }
        }
        offer.state = state;
        offer.owner_epoch = summary.owner_epoch;
        self.offers.insert(offer_id, &offer);
        Ok(vec![LicensingEvent::OfferStateChanged(OfferStateChanged { offer: offer_id, state })])
    }

    /// Sells a license from `offer_id` to `caller`, who attached `paid` and
    /// accepts at most `max_price`. `summary_of` gives the model's registry
    /// summary: the contract asks the registry there, once the offer names the
    /// model, so that the offer is read from storage once (every storage access
    /// costs a purchase about 10 KB of proof).
    /// Returns the license and the payment to forward to the model's royalties.
    pub fn buy(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        offer_id: OfferId,
        summary_of: impl FnOnce(ModelId) -> Result<ModelSummary>,
        max_price: Balance,
        paid: Balance,
    ) -> Result<(LicenseId, Payment, Vec<LicensingEvent>)> {
        let mut offer = self.require_offer(offer_id)?;
        let summary = summary_of(offer.model)?;
        ensure_selling(offer_id, &offer, &summary)?;
        ensure_licensable(offer.model, &summary)?;
        let price = offer.terms.price;
        check_payment(price, max_price, paid)?;
        if let Some(cap) = offer.terms.cap {
            if offer.sold >= cap {
                return Err(LicensingError::CapReached { cap });
            }
        }
        let mut held = self.holding_with_room(offer.model, caller, now)?;
        let expires_at = match offer.terms.duration {
            LicenseDuration::Perpetual => None,
            LicenseDuration::Period(period) => {
                Some(now.checked_add(period).ok_or(LicensingError::DurationOverflow)?)
            }
        };
        let sold = offer.sold.checked_add(1).ok_or(LicensingError::Overflow)?;
        let license_id = self.last_license.checked_add(1).ok_or(LicensingError::Overflow)?;

        self.last_license = license_id;
        offer.sold = sold;
        self.offers.insert(offer_id, &offer);
        held.push(license_id);
        self.holdings.insert((offer.model, caller), &held);
        self.licenses.insert(
            license_id,
            &License {
                model: offer.model,
                offer: offer_id,
                holder: caller,
                terms: offer.terms.license.clone(),
                total_paid: price,
                start: now,
                expires_at,
            },
        );
        let event = LicensePurchased {
            license: license_id,
            model: offer.model,
            offer: offer_id,
            holder: caller,
            price,
            expires_at,
        };
        let payment = Payment { model: offer.model, amount: price };
        Ok((license_id, payment, vec![LicensingEvent::LicensePurchased(event)]))
    }

    /// Extends `license_id` by one period of its offer, from the later of `now`
    /// and its current expiry, at the offer's price. Only the holder renews,
    /// and only while the model (registry summary from `summary_of`, asked
    /// once the license names the model) is not deprecated and the offer
    /// sells for its current owner.
    /// A license that had expired and left its holder's list comes back to it,
    /// if there is room.
    pub fn renew(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        license_id: LicenseId,
        summary_of: impl FnOnce(ModelId) -> Result<ModelSummary>,
        max_price: Balance,
        paid: Balance,
    ) -> Result<(Payment, Vec<LicensingEvent>)> {
        let mut license = self.require_license(license_id)?;
        let summary = summary_of(license.model)?;
        if license.holder != caller {
            return Err(LicensingError::NotHolder { license: license_id });
        }
        ensure_licensable(license.model, &summary)?;
        let Some(expires_at) = license.expires_at else {
            return Err(LicensingError::NotRenewable { license: license_id });
        };
        let offer = self.require_offer(license.offer)?;
        ensure_selling(license.offer, &offer, &summary)?;
        let LicenseDuration::Period(period) = offer.terms.duration else {
            // An offer's duration never changes and this license has an expiry.
            return Err(LicensingError::NotRenewable { license: license_id });
        };
        let price = offer.terms.price;
        check_payment(price, max_price, paid)?;
        let renewed_until =
            expires_at.max(now).checked_add(period).ok_or(LicensingError::DurationOverflow)?;
        let total_paid = license.total_paid.checked_add(price).ok_or(LicensingError::Overflow)?;
        let mut held = self.holdings.get((license.model, caller)).unwrap_or_default();
        let rejoins = !held.contains(&license_id);
        if rejoins {
            held = self.holding_with_room(license.model, caller, now)?;
            held.push(license_id);
        }

        if rejoins {
            self.holdings.insert((license.model, caller), &held);
        }
        license.expires_at = Some(renewed_until);
        license.total_paid = total_paid;
        self.licenses.insert(license_id, &license);
        let event = LicenseRenewed { license: license_id, price, expires_at: renewed_until };
        Ok((
            Payment { model: license.model, amount: price },
            vec![LicensingEvent::LicenseRenewed(event)],
        ))
    }

    /// Offers `license_id`, held by `caller`, to `to` (`None` withdraws the
    /// offer). Nothing moves until `to` accepts with [`Self::accept_license`],
    /// so nobody can fill another account's license slots.
    pub fn transfer_license(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        license_id: LicenseId,
        to: Option<AccountId>,
    ) -> Result<Vec<LicensingEvent>> {
        let license = self.require_license(license_id)?;
        if license.holder != caller {
            return Err(LicensingError::NotHolder { license: license_id });
        }
        let Some(to) = to else {
            if !self.transfer_offers.contains(license_id) {
                return Err(LicensingError::NoTransferOffer { license: license_id });
            }
            self.transfer_offers.remove(license_id);
            return Ok(vec![LicensingEvent::LicenseTransferOffered(LicenseTransferOffered {
                license: license_id,
                from: caller,
                to: None,
            })]);
        };
        ensure_transferable(license_id, &license, now)?;
        if to == caller {
            return Err(LicensingError::TransferToSelf);
        }
        self.transfer_offers.insert(license_id, &to);
        Ok(vec![LicensingEvent::LicenseTransferOffered(LicenseTransferOffered {
            license: license_id,
            from: caller,
            to: Some(to),
        })])
    }

    /// `caller` accepts the license offered to it: it moves to `caller`'s
    /// licenses on the model, if it is still transferable, unexpired, and
    /// `caller` has room for it. The giver's list is left as it is: it is the
    /// giver's storage (its next write drops the license; reads skip it).
    pub fn accept_license(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        license_id: LicenseId,
    ) -> Result<Vec<LicensingEvent>> {
        let mut license = self.require_license(license_id)?;
        if self.transfer_offers.get(license_id) != Some(caller) {
            return Err(LicensingError::NoTransferOffer { license: license_id });
        }
        ensure_transferable(license_id, &license, now)?;
        let mut receiving = self.holding_with_room(license.model, caller, now)?;
        let from = license.holder;

        self.transfer_offers.remove(license_id);
        receiving.push(license_id);
        self.holdings.insert((license.model, caller), &receiving);
        license.holder = caller;
        self.licenses.insert(license_id, &license);
        Ok(vec![LicensingEvent::LicenseTransferred(LicenseTransferred {
            license: license_id,
            from,
            to: caller,
        })])
    }

    /// `caller` gives up `license_id` for good: the license and any transfer
    /// offer of it are deleted (their storage deposit is released).
    pub fn release_license(
        &mut self,
        caller: AccountId,
        license_id: LicenseId,
    ) -> Result<Vec<LicensingEvent>> {
        let license = self.require_license(license_id)?;
        if license.holder != caller {
            return Err(LicensingError::NotHolder { license: license_id });
        }
        self.transfer_offers.remove(license_id);
        self.drop_from_holding(license.model, caller, license_id);
        self.licenses.remove(license_id);
        Ok(vec![LicensingEvent::LicenseReleased(LicenseReleased {
            license: license_id,
            model: license.model,
            holder: caller,
        })])
    }

    /// The account `license` is offered to, if any.
    pub fn transfer_offer(&self, license: LicenseId) -> Option<AccountId> {
        self.transfer_offers.get(license)
    }

    /// Whether `account` holds a license on `model` valid at `now` that permits `use_`.
    pub fn is_licensed(
        &self,
        model: ModelId,
        account: AccountId,
        use_: Use,
        now: Timestamp,
    ) -> bool {
        self.licenses_held(model, account).iter().any(|(_, license)| license.permits(use_, now))
    }

    /// The lowest derivative royalty among `account`'s licenses on `parent` that
    /// are valid at `now` and allow derivatives.
    pub fn derivative_royalty(
        &self,
        parent: ModelId,
        account: AccountId,
        now: Timestamp,
    ) -> Option<Bps> {
        self.licenses_held(parent, account)
            .iter()
            .filter(|(_, license)| license.is_valid_at(now))
            .filter_map(|(_, license)| license.terms.derivative_royalty)
            .min()
    }

    /// The offer with id `offer`.
    pub fn offer(&self, offer: OfferId) -> Option<Offer> {
        self.offers.get(offer)
    }

    /// The open and paused offers of `model`.
    pub fn offers_of(&self, model: ModelId) -> Vec<OfferId> {
        self.model_offers.get(model).unwrap_or_default()
    }

    /// The license with id `license`.
    pub fn license(&self, license: LicenseId) -> Option<License> {
        self.licenses.get(license)
    }

    /// The ids of `holder`'s licenses on `model`, oldest first (expired ones
    /// included until the holder's list is next written).
    pub fn licenses_of(&self, model: ModelId, holder: AccountId) -> Vec<LicenseId> {
        self.licenses_held(model, holder).into_iter().map(|(id, _)| id).collect()
    }

    /// `account`'s licenses on `model` without those expired at `now`, failing
    /// if no room is left for one more.
    fn holding_with_room(
        &self,
        model: ModelId,
        account: AccountId,
        now: Timestamp,
    ) -> Result<Vec<LicenseId>> {
        let mut held = self.holdings.get((model, account)).unwrap_or_default();
        held.retain(|&id| {
            self.licenses
                .get(id)
                .is_some_and(|license| license.holder == account && license.is_valid_at(now))
        });
        if u32::try_from(held.len()).map_or(true, |count| count >= MAX_LICENSES_PER_HOLDER) {
            return Err(LicensingError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER });
        }
        Ok(held)
    }

    /// Takes `license` out of `holder`'s list on `model`.
    fn drop_from_holding(&mut self, model: ModelId, holder: AccountId, license: LicenseId) {
        let mut held = self.holdings.get((model, holder)).unwrap_or_default();
        held.retain(|&id| id != license);
        if held.is_empty() {
            self.holdings.remove((model, holder));
        } else {
            self.holdings.insert((model, holder), &held);
        }
    }

    /// The licenses `account` holds on `model`, with their ids: its list
    /// without those it gave away (or released).
    fn licenses_held(&self, model: ModelId, account: AccountId) -> Vec<(LicenseId, License)> {
        self.holdings
            .get((model, account))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| self.licenses.get(id).map(|license| (id, license)))
            .filter(|(_, license)| license.holder == account)
            .collect()
    }

    fn require_offer(&self, offer: OfferId) -> Result<Offer> {
        self.offers.get(offer).ok_or(LicensingError::UnknownOffer { offer })
    }

    fn require_license(&self, license: LicenseId) -> Result<License> {
        self.licenses.get(license).ok_or(LicensingError::UnknownLicense { license })
    }
}

/// Fails unless `license` may change hands at `now`: its terms allow it and it
/// has not expired.
fn ensure_transferable(license_id: LicenseId, license: &License, now: Timestamp) -> Result<()> {
    if !license.terms.transferable {
        return Err(LicensingError::NotTransferable { license: license_id });
    }
    if let Some(expired_at) = license.expires_at.filter(|&at| now >= at) {
        return Err(LicensingError::LicenseExpired { license: license_id, expired_at });
    }
    Ok(())
}

fn validate_terms(terms: &OfferTerms) -> Result<()> {
    let license = &terms.license;
    if !license.uses.is_valid() {
        return Err(LicensingError::InvalidUses { bits: license.uses.0 });
    }
    if let Some(bps) = license.derivative_royalty.filter(|&bps| bps > BPS_SCALE) {
        return Err(LicensingError::RoyaltyOutOfRange { royalty_bps: bps });
    }
    // Terms mean what they say: a right to register derivatives is a right to
    // fine-tune, so an offer granting one must permit fine-tuning.
    if license.derivative_royalty.is_some() && !license.uses.contains(Use::FineTuning) {
        return Err(LicensingError::DerivativesNeedFineTuning);
    }
    if let LicenseDuration::Period(period) = terms.duration {
        if period == 0 {
            return Err(LicensingError::ZeroDuration);
        }
        if period > MAX_PERIOD {
            return Err(LicensingError::DurationTooLong { max: MAX_PERIOD });
        }
    }
    if terms.cap == Some(0) {
        return Err(LicensingError::ZeroCap);
    }
    if license.legal_uri.is_empty() {
        return Err(LicensingError::EmptyLegalUri);
    }
    let length = u32::try_from(license.legal_uri.len()).unwrap_or(u32::MAX);
    if length > MAX_LEGAL_URI_LEN {
        return Err(LicensingError::LegalUriTooLong { length, max: MAX_LEGAL_URI_LEN });
    }
    Ok(())
}

/// Whether `model` (registry summary `summary`) may be licensed or renewed:
/// not deprecated by its owner, not disputed by the arbiter.
fn ensure_licensable(model: ModelId, summary: &ModelSummary) -> Result<()> {
    match summary.status {
        ModelStatus::Active => Ok(()),
        ModelStatus::Deprecated => Err(LicensingError::ModelDeprecated { model }),
        ModelStatus::Disputed => Err(LicensingError::ModelDisputed { model }),
    }
}

/// Whether `offer` sells now: open, and opened by the model's current owner
/// (`summary`).
fn ensure_selling(offer_id: OfferId, offer: &Offer, summary: &ModelSummary) -> Result<()> {
    match offer.state {
        OfferState::Open if offer.owner_epoch != summary.owner_epoch => {
            Err(LicensingError::OfferOfPreviousOwner { offer: offer_id })
        }
        OfferState::Open => Ok(()),
        OfferState::Paused => Err(LicensingError::OfferPaused { offer: offer_id }),
        OfferState::Closed => Err(LicensingError::OfferClosed { offer: offer_id }),
    }
}

/// The buyer's limit first (the price they agreed to), then the exact amount.
fn check_payment(price: Balance, max_price: Balance, paid: Balance) -> Result<()> {
    if price > max_price {
        return Err(LicensingError::PriceAboveMaximum { price, max_price });
    }
    if paid < price {
        return Err(LicensingError::InsufficientPayment { required: price, paid });
    }
    if paid > price {
        return Err(LicensingError::Overpayment { required: price, paid });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::prelude::string::String;
    use modelmint_common::licensing::{LicenseTerms, UseSet};

    const NOW: Timestamp = 1_700_000_000_000;
    const DAY: Timestamp = 86_400_000;
    const PRICE: Balance = 5_000;

    fn alice() -> AccountId {
        AccountId::from([1; 32])
    }
    fn bob() -> AccountId {
        AccountId::from([2; 32])
    }
    fn charlie() -> AccountId {
        AccountId::from([3; 32])
    }

    /// An active model owned by `owner` since its registration.
    fn active(owner: AccountId) -> ModelSummary {
        ModelSummary { owner, owner_epoch: 0, status: ModelStatus::Active }
    }

    /// A deprecated model owned by `owner` since its registration.
    fn deprecated(owner: AccountId) -> ModelSummary {
        ModelSummary { status: ModelStatus::Deprecated, ..active(owner) }
    }

    /// An active model that `owner` bought: its token changed hands once.
    fn sold_to(owner: AccountId) -> ModelSummary {
        ModelSummary { owner_epoch: 1, ..active(owner) }
    }

    fn terms(duration: LicenseDuration) -> OfferTerms {
        OfferTerms {
            price: PRICE,
            duration,
            cap: None,
            license: LicenseTerms {
                uses: UseSet::of(&[Use::Research, Use::CommercialInference, Use::FineTuning]),
                derivative_royalty: Some(1_000),
                transferable: true,
                legal_hash: [9; 32],
                legal_uri: String::from("ipfs://legal/v1"),
            },
        }
    }

    /// Alice owns model 1 and offers 30-day licenses as offer 1.
    fn with_offer(terms: OfferTerms) -> LicensingData {
        let mut data = LicensingData::default();
        data.create_offer(alice(), 1, active(alice()), terms).unwrap();
        data
    }

    fn buy(data: &mut LicensingData, who: AccountId, now: Timestamp) -> Result<LicenseId> {
        data.buy(who, now, 1, |_| Ok(active(alice())), PRICE, PRICE).map(|(id, _, _)| id)
    }

    fn snapshot(data: &LicensingData) -> impl PartialEq + core::fmt::Debug {
        let accounts = [alice(), bob(), charlie()];
        (
            (data.last_offer, data.last_license),
            (1..=3).map(|o| data.offer(o)).collect::<Vec<_>>(),
            (1..=3).map(|l| data.license(l)).collect::<Vec<_>>(),
            (1..=2).map(|m| data.offers_of(m)).collect::<Vec<_>>(),
            accounts.map(|a| data.licenses_of(1, a)),
            (1..=3).map(|l| data.transfer_offer(l)).collect::<Vec<_>>(),
        )
    }

    fn assert_refused_without_change<T: core::fmt::Debug + PartialEq>(
        data: &mut LicensingData,
        expected: LicensingError,
        call: impl FnOnce(&mut LicensingData) -> Result<T>,
    ) {
        let before = snapshot(data);
        assert_eq!(call(data).err(), Some(expected));
        assert!(before == snapshot(data), "a refused call changed the licensing state");
    }

    #[ink::test]
    fn after_a_sale_the_sellers_offers_sell_nothing_until_the_buyer_opens_them() {
        let mut data = with_offer(terms(LicenseDuration::Period(30 * DAY)));
        let license = buy(&mut data, bob(), NOW).unwrap();
        // Alice sells the model's token to Charlie
        let sold = sold_to(charlie());

        assert_refused_without_change(
            &mut data,
            LicensingError::OfferOfPreviousOwner { offer: 1 },
            |d| d.buy(bob(), NOW, 1, |_| Ok(sold), PRICE, PRICE),
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::OfferOfPreviousOwner { offer: 1 },
            |d| d.renew(bob(), NOW, license, |_| Ok(sold), PRICE, PRICE),
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::NotModelOwner { model: 1, owner: charlie() },
            |d| d.set_offer_state(alice(), 1, |_| Ok(sold), OfferState::Open),
        );
        assert!(data.is_licensed(1, bob(), Use::CommercialInference, NOW), "sold licenses stay");

        // Charlie opens the offer: it sells again, for him
        let events = data.set_offer_state(charlie(), 1, |_| Ok(sold), OfferState::Open).unwrap();
        assert_eq!(
            events,
            vec![LicensingEvent::OfferStateChanged(OfferStateChanged {
                offer: 1,
                state: OfferState::Open
            })]
        );
        assert_eq!(data.offer(1).map(|offer| offer.owner_epoch), Some(1));
        assert!(data.buy(bob(), NOW, 1, |_| Ok(sold), PRICE, PRICE).is_ok());
        assert!(data.renew(bob(), NOW, license, |_| Ok(sold), PRICE, PRICE).is_ok());
        assert_refused_without_change(
            &mut data,
            LicensingError::OfferStateUnchanged { offer: 1 },
            |d| d.set_offer_state(charlie(), 1, |_| Ok(sold), OfferState::Open),
        );
    }

    // --- offers ----------------------------------------------------------------

    #[ink::test]
    fn the_model_owner_publishes_offers_with_sequential_ids() {
        let mut data = LicensingData::default();
        let offer_terms = terms(LicenseDuration::Period(30 * DAY));

        let (first, events) =
            data.create_offer(alice(), 1, active(alice()), offer_terms.clone()).unwrap();
        let (second, _) = data
            .create_offer(alice(), 1, active(alice()), terms(LicenseDuration::Perpetual))
            .unwrap();

        assert_eq!((first, second), (1, 2));
        assert_eq!(
            data.offer(1),
            Some(Offer {
                model: 1,
                terms: offer_terms.clone(),
                sold: 0,
                state: OfferState::Open,
                owner_epoch: 0,
            })
        );
        assert_eq!(data.offers_of(1), vec![1, 2]);
        assert_eq!(
            events,
            vec![LicensingEvent::OfferCreated(OfferCreated {
                offer: 1,
                model: 1,
                terms: offer_terms
            })]
        );
    }

    #[ink::test]
    fn error_when_offer_terms_are_invalid() {
        let mut data = LicensingData::default();
        let base = terms(LicenseDuration::Period(DAY));
        let mut cases: Vec<(OfferTerms, LicensingError)> = Vec::new();
        let mut bad = base.clone();
        bad.license.uses = UseSet(0);
        cases.push((bad, LicensingError::InvalidUses { bits: 0 }));
        let mut bad = base.clone();
        bad.license.uses = UseSet(0b1_0000);
        cases.push((bad, LicensingError::InvalidUses { bits: 0b1_0000 }));
        let mut bad = base.clone();
        bad.license.derivative_royalty = Some(BPS_SCALE + 1);
        cases.push((bad, LicensingError::RoyaltyOutOfRange { royalty_bps: BPS_SCALE + 1 }));
        cases.push((
            OfferTerms { duration: LicenseDuration::Period(0), ..base.clone() },
            LicensingError::ZeroDuration,
        ));
        cases.push((
            OfferTerms { duration: LicenseDuration::Period(MAX_PERIOD + 1), ..base.clone() },
            LicensingError::DurationTooLong { max: MAX_PERIOD },
        ));
        cases.push((OfferTerms { cap: Some(0), ..base.clone() }, LicensingError::ZeroCap));
        let mut bad = base.clone();
        bad.license.legal_uri = String::new();
        cases.push((bad, LicensingError::EmptyLegalUri));
        let mut bad = base.clone();
        bad.license.legal_uri = "x".repeat(MAX_LEGAL_URI_LEN as usize + 1);
        cases.push((
            bad,
            LicensingError::LegalUriTooLong {
                length: MAX_LEGAL_URI_LEN + 1,
                max: MAX_LEGAL_URI_LEN,
            },
        ));

        for (terms, expected) in cases {
            assert_refused_without_change(&mut data, expected, |d| {
                d.create_offer(alice(), 1, active(alice()), terms)
            });
        }
    }

    #[ink::test]
    fn error_when_a_stranger_publishes_or_manages_an_offer() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        assert_refused_without_change(
            &mut data,
            LicensingError::NotModelOwner { model: 1, owner: alice() },
            |d| d.create_offer(bob(), 1, active(alice()), terms(LicenseDuration::Perpetual)),
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::NotModelOwner { model: 1, owner: alice() },
            |d| d.set_offer_state(bob(), 1, |_| Ok(active(alice())), OfferState::Closed),
        );
        assert_refused_without_change(&mut data, LicensingError::UnknownOffer { offer: 7 }, |d| {
            d.set_offer_state(alice(), 7, |_| Ok(active(alice())), OfferState::Closed)
        });
    }

    #[ink::test]
    fn offers_per_model_are_bounded_and_closing_one_frees_a_slot() {
        let mut data = LicensingData::default();
        for _ in 0..MAX_OFFERS_PER_MODEL {
            data.create_offer(alice(), 1, active(alice()), terms(LicenseDuration::Perpetual))
                .unwrap();
        }
        let expected = LicensingError::TooManyOffers { model: 1, max: MAX_OFFERS_PER_MODEL };
        assert_refused_without_change(&mut data, expected, |d| {
            d.create_offer(alice(), 1, active(alice()), terms(LicenseDuration::Perpetual))
        });
        // Another model has its own slots.
        data.create_offer(alice(), 2, active(alice()), terms(LicenseDuration::Perpetual)).unwrap();

        data.set_offer_state(alice(), 3, |_| Ok(active(alice())), OfferState::Closed).unwrap();
        assert!(!data.offers_of(1).contains(&3));
        data.create_offer(alice(), 1, active(alice()), terms(LicenseDuration::Perpetual)).unwrap();
    }

    #[ink::test]
    fn an_offer_pauses_resumes_and_closes_for_good() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));

        let events =
            data.set_offer_state(alice(), 1, |_| Ok(active(alice())), OfferState::Paused).unwrap();
        assert_eq!(
            events,
            vec![LicensingEvent::OfferStateChanged(OfferStateChanged {
                offer: 1,
                state: OfferState::Paused
            })]
        );
        assert_refused_without_change(&mut data, LicensingError::OfferPaused { offer: 1 }, |d| {
            buy(d, bob(), NOW)
        });
        assert_refused_without_change(
            &mut data,
            LicensingError::OfferStateUnchanged { offer: 1 },
            |d| d.set_offer_state(alice(), 1, |_| Ok(active(alice())), OfferState::Paused),
        );
        data.set_offer_state(alice(), 1, |_| Ok(active(alice())), OfferState::Open).unwrap();
        assert_eq!(buy(&mut data, bob(), NOW), Ok(1));

        data.set_offer_state(alice(), 1, |_| Ok(active(alice())), OfferState::Closed).unwrap();
        assert_eq!(data.offers_of(1), Vec::<OfferId>::new());
        assert_refused_without_change(&mut data, LicensingError::OfferClosed { offer: 1 }, |d| {
            buy(d, charlie(), NOW)
        });
        assert_refused_without_change(&mut data, LicensingError::OfferClosed { offer: 1 }, |d| {
            d.set_offer_state(alice(), 1, |_| Ok(active(alice())), OfferState::Open)
        });
    }

    // --- purchase --------------------------------------------------------------

    #[ink::test]
    fn buying_records_a_snapshot_of_the_terms_and_the_payment_to_forward() {
        let offer_terms = terms(LicenseDuration::Period(30 * DAY));
        let mut data = with_offer(offer_terms.clone());

        let (license, payment, events) =
            data.buy(bob(), NOW, 1, |_| Ok(active(alice())), PRICE + 10, PRICE).unwrap();

        assert_eq!(license, 1);
        assert_eq!(payment, Payment { model: 1, amount: PRICE });
        let expected = License {
            model: 1,
            offer: 1,
            holder: bob(),
            terms: offer_terms.license,
            total_paid: PRICE,
            start: NOW,
            expires_at: Some(NOW + 30 * DAY),
        };
        assert_eq!(data.license(1), Some(expected));
        assert_eq!(data.licenses_of(1, bob()), vec![1]);
        assert_eq!(data.offer(1).map(|o| o.sold), Some(1));
        assert_eq!(
            events,
            vec![LicensingEvent::LicensePurchased(LicensePurchased {
                license: 1,
                model: 1,
                offer: 1,
                holder: bob(),
                price: PRICE,
                expires_at: Some(NOW + 30 * DAY),
            })]
        );
    }

    #[ink::test]
    fn error_when_the_payment_does_not_match_the_price() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        let cases = [
            (
                PRICE - 1,
                PRICE,
                LicensingError::PriceAboveMaximum { price: PRICE, max_price: PRICE - 1 },
            ),
            (
                PRICE,
                PRICE - 1,
                LicensingError::InsufficientPayment { required: PRICE, paid: PRICE - 1 },
            ),
            (PRICE, 0, LicensingError::InsufficientPayment { required: PRICE, paid: 0 }),
            (
                PRICE * 2,
                PRICE + 1,
                LicensingError::Overpayment { required: PRICE, paid: PRICE + 1 },
            ),
        ];
        for (max_price, paid, expected) in cases {
            assert_refused_without_change(&mut data, expected, |d| {
                d.buy(bob(), NOW, 1, |_| Ok(active(alice())), max_price, paid)
            });
        }
    }

    #[ink::test]
    fn error_when_buying_from_an_unknown_offer_or_a_deprecated_model() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        assert_refused_without_change(&mut data, LicensingError::UnknownOffer { offer: 2 }, |d| {
            d.buy(bob(), NOW, 2, |_| Ok(active(alice())), PRICE, PRICE)
        });
        assert_refused_without_change(
            &mut data,
            LicensingError::ModelDeprecated { model: 1 },
            |d| d.buy(bob(), NOW, 1, |_| Ok(deprecated(alice())), PRICE, PRICE),
        );
    }

    #[ink::test]
    fn the_cap_limits_sales_and_then_refuses() {
        let mut data = with_offer(OfferTerms { cap: Some(2), ..terms(LicenseDuration::Perpetual) });
        buy(&mut data, bob(), NOW).unwrap();
        buy(&mut data, charlie(), NOW).unwrap();
        assert_refused_without_change(&mut data, LicensingError::CapReached { cap: 2 }, |d| {
            buy(d, bob(), NOW)
        });
    }

    #[ink::test]
    fn licenses_per_holder_and_model_are_bounded() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        for _ in 0..MAX_LICENSES_PER_HOLDER {
            buy(&mut data, bob(), NOW).unwrap();
        }
        let expected = LicensingError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER };
        assert_refused_without_change(&mut data, expected, |d| buy(d, bob(), NOW));
    }

    #[ink::test]
    fn error_when_the_expiry_overflows_the_clock() {
        let mut data = with_offer(terms(LicenseDuration::Period(MAX_PERIOD)));
        assert_refused_without_change(&mut data, LicensingError::DurationOverflow, |d| {
            buy(d, bob(), u64::MAX - MAX_PERIOD + 1)
        });
    }

    #[ink::test]
    fn a_free_offer_sells_with_nothing_to_forward() {
        let mut data = with_offer(OfferTerms { price: 0, ..terms(LicenseDuration::Perpetual) });
        let (_, payment, _) = data.buy(bob(), NOW, 1, |_| Ok(active(alice())), 0, 0).unwrap();
        assert_eq!(payment.amount, 0);
        assert_refused_without_change(
            &mut data,
            LicensingError::Overpayment { required: 0, paid: 1 },
            |d| d.buy(bob(), NOW, 1, |_| Ok(active(alice())), 0, 1),
        );
    }

    // --- validity ----------------------------------------------------------------

    #[ink::test]
    fn a_license_is_valid_until_its_expiry_for_its_uses_only() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        assert!(!data.is_licensed(1, bob(), Use::Research, NOW));
        buy(&mut data, bob(), NOW).unwrap();

        assert!(data.is_licensed(1, bob(), Use::CommercialInference, NOW));
        assert!(data.is_licensed(1, bob(), Use::Research, NOW + DAY - 1));
        assert!(!data.is_licensed(1, bob(), Use::Research, NOW + DAY));
        assert!(!data.is_licensed(1, bob(), Use::Redistribution, NOW));
        assert!(!data.is_licensed(2, bob(), Use::Research, NOW));
        assert!(!data.is_licensed(1, charlie(), Use::Research, NOW));
    }

    #[ink::test]
    fn derivative_rights_come_from_valid_licenses_at_the_lowest_royalty() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        let mut cheaper = terms(LicenseDuration::Period(2 * DAY));
        cheaper.license.derivative_royalty = Some(400);
        data.create_offer(alice(), 1, active(alice()), cheaper).unwrap();
        let mut no_derivatives = terms(LicenseDuration::Perpetual);
        no_derivatives.license.derivative_royalty = None;
        data.create_offer(alice(), 1, active(alice()), no_derivatives).unwrap();

        data.buy(charlie(), NOW, 3, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        assert_eq!(data.derivative_royalty(1, charlie(), NOW), None);

        buy(&mut data, bob(), NOW).unwrap();
        data.buy(bob(), NOW, 2, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        assert_eq!(data.derivative_royalty(1, bob(), NOW), Some(400));
        assert_eq!(data.derivative_royalty(1, bob(), NOW + 2 * DAY), None);
    }

    /// Storage reads and writes of this contract so far (the off-chain
    /// engine counts them per contract account).
    fn storage_accesses() -> (usize, usize) {
        let me = ink::env::test::callee::<ink::env::DefaultEnvironment>();
        ink::env::test::get_contract_storage_rw::<ink::env::DefaultEnvironment>(&me)
    }

    /// pallet-contracts charges every storage access of a contract about 10 KB
    /// of proof, whatever the value's size: a purchase reads the offer and the
    /// buyer's list once each, asks the registry about the offer's model once,
    /// and writes the offer, the buyer's list and the license. A renewal reads
    /// the license, its offer and the holder's list, and writes the license.
    #[ink::test]
    fn a_purchase_and_a_renewal_touch_storage_the_least_their_rules_need() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        let mut asked = Vec::new();
        let before = storage_accesses();
        let mut summary_of = |model| {
            asked.push(model);
            Ok(active(alice()))
        };
        data.buy(bob(), NOW, 1, &mut summary_of, PRICE, PRICE).unwrap();
        let after_buy = storage_accesses();
        data.renew(bob(), NOW, 1, &mut summary_of, PRICE, PRICE).unwrap();
        let after_renew = storage_accesses();

        assert_eq!(
            asked,
            vec![1, 1],
            "the registry is asked once per sale, about the offer's model"
        );
        assert_eq!((after_buy.0 - before.0, after_buy.1 - before.1), (2, 3), "buy: reads, writes");
        assert_eq!(
            (after_renew.0 - after_buy.0, after_renew.1 - after_buy.1),
            (3, 1),
            "renew: reads, writes"
        );
    }

    #[ink::test]
    fn a_registry_refusal_stops_a_sale_before_anything_changes() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        buy(&mut data, bob(), NOW).unwrap();
        let unavailable = |_| Err(LicensingError::RegistryUnavailable);
        assert_refused_without_change(&mut data, LicensingError::RegistryUnavailable, |d| {
            d.buy(charlie(), NOW, 1, unavailable, PRICE, PRICE)
        });
        assert_refused_without_change(&mut data, LicensingError::RegistryUnavailable, |d| {
            d.renew(bob(), NOW, 1, unavailable, PRICE, PRICE)
        });
        assert_refused_without_change(&mut data, LicensingError::RegistryUnavailable, |d| {
            d.set_offer_state(alice(), 1, unavailable, OfferState::Paused)
        });
    }

    // --- renewal -----------------------------------------------------------------

    #[ink::test]
    fn renewal_extends_from_the_later_of_now_and_the_expiry() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        buy(&mut data, bob(), NOW).unwrap();

        // Early: one more period on top of the current expiry.
        let (payment, events) =
            data.renew(bob(), NOW + 1_000, 1, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        assert_eq!(payment, Payment { model: 1, amount: PRICE });
        assert_eq!(data.license(1).and_then(|l| l.expires_at), Some(NOW + 2 * DAY));
        assert_eq!(
            events,
            vec![LicensingEvent::LicenseRenewed(LicenseRenewed {
                license: 1,
                price: PRICE,
                expires_at: NOW + 2 * DAY
            })]
        );

        // Late: one period from now, the lapsed time is not paid for.
        let late = NOW + 5 * DAY;
        assert!(!data.is_licensed(1, bob(), Use::Research, late));
        data.renew(bob(), late, 1, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        let license = data.license(1).unwrap();
        assert_eq!(license.expires_at, Some(late + DAY));
        assert_eq!(license.total_paid, 3 * PRICE);
        assert!(data.is_licensed(1, bob(), Use::Research, late));
    }

    #[ink::test]
    fn error_when_renewing_wrongly() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        data.create_offer(alice(), 1, active(alice()), terms(LicenseDuration::Perpetual)).unwrap();
        buy(&mut data, bob(), NOW).unwrap();
        data.buy(bob(), NOW, 2, |_| Ok(active(alice())), PRICE, PRICE).unwrap();

        assert_refused_without_change(
            &mut data,
            LicensingError::UnknownLicense { license: 9 },
            |d| d.renew(bob(), NOW, 9, |_| Ok(active(alice())), PRICE, PRICE),
        );
        assert_refused_without_change(&mut data, LicensingError::NotHolder { license: 1 }, |d| {
            d.renew(charlie(), NOW, 1, |_| Ok(active(alice())), PRICE, PRICE)
        });
        assert_refused_without_change(
            &mut data,
            LicensingError::NotRenewable { license: 2 },
            |d| d.renew(bob(), NOW, 2, |_| Ok(active(alice())), PRICE, PRICE),
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::InsufficientPayment { required: PRICE, paid: 1 },
            |d| d.renew(bob(), NOW, 1, |_| Ok(active(alice())), PRICE, 1),
        );
        // Expired, and the offer closed meanwhile: no renewal.
        data.set_offer_state(alice(), 1, |_| Ok(active(alice())), OfferState::Closed).unwrap();
        assert_refused_without_change(&mut data, LicensingError::OfferClosed { offer: 1 }, |d| {
            d.renew(bob(), NOW + 2 * DAY, 1, |_| Ok(active(alice())), PRICE, PRICE)
        });
    }

    // --- transfer ----------------------------------------------------------------

    #[ink::test]
    fn a_transferable_license_moves_only_when_its_new_holder_accepts() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        buy(&mut data, bob(), NOW).unwrap();

        let events = data.transfer_license(bob(), NOW, 1, Some(charlie())).unwrap();
        assert_eq!(
            events,
            vec![LicensingEvent::LicenseTransferOffered(LicenseTransferOffered {
                license: 1,
                from: bob(),
                to: Some(charlie())
            })]
        );
        assert_eq!(data.license(1).map(|l| l.holder), Some(bob()), "nothing moves yet");
        assert!(data.is_licensed(1, bob(), Use::Research, NOW));
        assert_refused_without_change(
            &mut data,
            LicensingError::NoTransferOffer { license: 1 },
            |d| d.accept_license(alice(), NOW, 1),
        );

        let events = data.accept_license(charlie(), NOW, 1).unwrap();

        assert_eq!(
            events,
            vec![LicensingEvent::LicenseTransferred(LicenseTransferred {
                license: 1,
                from: bob(),
                to: charlie()
            })]
        );
        assert_eq!(data.license(1).map(|l| l.holder), Some(charlie()));
        assert_eq!(data.licenses_of(1, bob()), Vec::<LicenseId>::new());
        assert_eq!(data.licenses_of(1, charlie()), vec![1]);
        assert_eq!(data.transfer_offer(1), None);
        assert!(!data.is_licensed(1, bob(), Use::Research, NOW));
        assert!(data.is_licensed(1, charlie(), Use::Research, NOW));
    }

    #[ink::test]
    fn a_transfer_offer_can_be_withdrawn_and_then_not_accepted() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        buy(&mut data, bob(), NOW).unwrap();
        data.transfer_license(bob(), NOW, 1, Some(charlie())).unwrap();
        let events = data.transfer_license(bob(), NOW, 1, None).unwrap();
        assert_eq!(
            events,
            vec![LicensingEvent::LicenseTransferOffered(LicenseTransferOffered {
                license: 1,
                from: bob(),
                to: None
            })]
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::NoTransferOffer { license: 1 },
            |d| d.accept_license(charlie(), NOW, 1),
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::NoTransferOffer { license: 1 },
            |d| d.transfer_license(bob(), NOW, 1, None),
        );
    }

    #[ink::test]
    fn nobody_can_fill_another_accounts_license_slots() {
        // Charlie holds the maximum of perpetual, transferable licenses and
        // offers them all to Bob: until Bob accepts, Bob's slots stay free.
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        for id in 1..=u64::from(MAX_LICENSES_PER_HOLDER) {
            buy(&mut data, charlie(), NOW).unwrap();
            data.transfer_license(charlie(), NOW, id, Some(bob())).unwrap();
        }
        assert_eq!(data.licenses_of(1, bob()), Vec::<LicenseId>::new());
        buy(&mut data, bob(), NOW).expect("Bob still buys");
        // and acceptance respects Bob's own limit
        for id in 1..u64::from(MAX_LICENSES_PER_HOLDER) {
            data.accept_license(bob(), NOW, id).unwrap();
        }
        let full = LicensingError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER };
        let last = u64::from(MAX_LICENSES_PER_HOLDER);
        assert_refused_without_change(&mut data, full, |d| d.accept_license(bob(), NOW, last));
    }

    #[ink::test]
    fn expired_licenses_do_not_count_toward_the_limit() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        for _ in 0..MAX_LICENSES_PER_HOLDER {
            buy(&mut data, bob(), NOW).unwrap();
        }
        let full = LicensingError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER };
        assert_refused_without_change(&mut data, full.clone(), |d| buy(d, bob(), NOW + 1));

        // a day later all eight have expired: Bob buys again, and the expired
        // ones leave his list
        let later = NOW + DAY;
        let (license, _, _) =
            data.buy(bob(), later, 1, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        assert_eq!(data.licenses_of(1, bob()), vec![license]);
        assert!(data.is_licensed(1, bob(), Use::Research, later));
        // an expired license renewed comes back to the list, if there is room
        data.renew(bob(), later, 1, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        assert_eq!(data.licenses_of(1, bob()), vec![license, 1]);
        for _ in 2..MAX_LICENSES_PER_HOLDER {
            data.buy(bob(), later, 1, |_| Ok(active(alice())), PRICE, PRICE).unwrap();
        }
        assert_refused_without_change(&mut data, full, |d| {
            d.renew(bob(), later, 2, |_| Ok(active(alice())), PRICE, PRICE)
        });
    }

    #[ink::test]
    fn a_holder_releases_a_license_for_good() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        buy(&mut data, bob(), NOW).unwrap();
        data.transfer_license(bob(), NOW, 1, Some(charlie())).unwrap();
        assert_refused_without_change(&mut data, LicensingError::NotHolder { license: 1 }, |d| {
            d.release_license(charlie(), 1)
        });
        let events = data.release_license(bob(), 1).unwrap();
        assert_eq!(
            events,
            vec![LicensingEvent::LicenseReleased(LicenseReleased {
                license: 1,
                model: 1,
                holder: bob()
            })]
        );
        assert_eq!(data.license(1), None);
        assert_eq!(data.licenses_of(1, bob()), Vec::<LicenseId>::new());
        assert_eq!(data.transfer_offer(1), None);
        assert!(!data.is_licensed(1, bob(), Use::Research, NOW));
        assert_refused_without_change(
            &mut data,
            LicensingError::UnknownLicense { license: 1 },
            |d| d.accept_license(charlie(), NOW, 1),
        );
    }

    #[ink::test]
    fn error_when_an_offer_grants_derivatives_without_fine_tuning() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        let mut inference_only = terms(LicenseDuration::Perpetual);
        inference_only.license.uses = UseSet::of(&[Use::CommercialInference]);
        assert_refused_without_change(&mut data, LicensingError::DerivativesNeedFineTuning, |d| {
            d.create_offer(alice(), 1, active(alice()), inference_only)
        });
    }

    #[ink::test]
    fn error_when_renewing_a_license_of_a_deprecated_model() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        buy(&mut data, bob(), NOW).unwrap();
        assert_refused_without_change(
            &mut data,
            LicensingError::ModelDeprecated { model: 1 },
            |d| d.renew(bob(), NOW, 1, |_| Ok(deprecated(alice())), PRICE, PRICE),
        );
    }

    #[ink::test]
    fn error_when_buying_or_renewing_a_disputed_model_whose_licenses_stay_valid() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        buy(&mut data, bob(), NOW).unwrap();
        let disputed = ModelSummary { status: ModelStatus::Disputed, ..active(alice()) };
        let refused = LicensingError::ModelDisputed { model: 1 };
        assert_refused_without_change(&mut data, refused.clone(), |d| {
            d.buy(charlie(), NOW, 1, |_| Ok(disputed), PRICE, PRICE)
        });
        assert_refused_without_change(&mut data, refused, |d| {
            d.renew(bob(), NOW, 1, |_| Ok(disputed), PRICE, PRICE)
        });
        assert!(data.is_licensed(1, bob(), Use::CommercialInference, NOW));
    }

    #[ink::test]
    fn error_when_transferring_wrongly() {
        let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
        let mut locked = terms(LicenseDuration::Perpetual);
        locked.license.transferable = false;
        data.create_offer(alice(), 1, active(alice()), locked).unwrap();
        buy(&mut data, bob(), NOW).unwrap();
        data.buy(bob(), NOW, 2, |_| Ok(active(alice())), PRICE, PRICE).unwrap();

        assert_refused_without_change(&mut data, LicensingError::NotHolder { license: 1 }, |d| {
            d.transfer_license(charlie(), NOW, 1, Some(alice()))
        });
        assert_refused_without_change(
            &mut data,
            LicensingError::NotTransferable { license: 2 },
            |d| d.transfer_license(bob(), NOW, 2, Some(charlie())),
        );
        assert_refused_without_change(&mut data, LicensingError::TransferToSelf, |d| {
            d.transfer_license(bob(), NOW, 1, Some(bob()))
        });
        assert_refused_without_change(
            &mut data,
            LicensingError::UnknownLicense { license: 5 },
            |d| d.transfer_license(bob(), NOW, 5, Some(charlie())),
        );
        assert_refused_without_change(
            &mut data,
            LicensingError::LicenseExpired { license: 1, expired_at: NOW + DAY },
            |d| d.transfer_license(bob(), NOW + DAY, 1, Some(charlie())),
        );
        // an offer made in time cannot be accepted after expiry
        data.transfer_license(bob(), NOW, 1, Some(charlie())).unwrap();
        assert_refused_without_change(
            &mut data,
            LicensingError::LicenseExpired { license: 1, expired_at: NOW + DAY },
            |d| d.accept_license(charlie(), NOW + DAY, 1),
        );
    }

    // --- storage deposits ---------------------------------------------------
    //
    // pallet-contracts releases the deposit of a freed cell (or freed bytes) to
    // whoever signs the call that frees it: an accepted transfer must not hand
    // the giver's own list cell, or its bytes, to the recipient.

    #[ink::test]
    fn accepting_a_license_leaves_the_givers_list_to_the_giver() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        buy(&mut data, bob(), NOW).unwrap();
        let bobs_cell = |d: &LicensingData| d.holdings.size((1, bob()));
        let before = bobs_cell(&data);
        assert!(before.is_some());
        data.transfer_license(bob(), NOW, 1, Some(charlie())).unwrap();

        data.accept_license(charlie(), NOW, 1).unwrap();

        assert_eq!(bobs_cell(&data), before, "the recipient freed or shrank Bob's list");
        // a license given away is not the giver's in any read
        assert_eq!(data.licenses_of(1, bob()), Vec::<LicenseId>::new());
        assert!(!data.is_licensed(1, bob(), Use::Research, NOW));
        assert_eq!(data.derivative_royalty(1, bob(), NOW), None);
        assert_eq!(data.licenses_of(1, charlie()), vec![1]);
        assert!(data.is_licensed(1, charlie(), Use::Research, NOW));
        // nor does it take a slot: Bob's own next write drops it from his list
        buy(&mut data, bob(), NOW).unwrap();
        assert_eq!(data.holdings.get((1, bob())), Some(vec![2]));
        // and given back, it is listed once
        data.transfer_license(charlie(), NOW, 1, Some(bob())).unwrap();
        data.accept_license(bob(), NOW, 1).unwrap();
        assert_eq!(data.licenses_of(1, bob()), vec![2, 1]);
        assert_eq!(data.licenses_of(1, charlie()), Vec::<LicenseId>::new());
    }

    #[ink::test]
    fn licenses_given_away_leave_room_in_the_givers_slots() {
        let mut data = with_offer(terms(LicenseDuration::Perpetual));
        for _ in 0..MAX_LICENSES_PER_HOLDER {
            buy(&mut data, bob(), NOW).unwrap();
        }
        assert_refused_without_change(
            &mut data,
            LicensingError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER },
            |d| buy(d, bob(), NOW),
        );
        data.transfer_license(bob(), NOW, 3, Some(charlie())).unwrap();
        data.accept_license(charlie(), NOW, 3).unwrap();

        let bought = buy(&mut data, bob(), NOW).unwrap();

        let mut expected: Vec<LicenseId> =
            (1..=u64::from(MAX_LICENSES_PER_HOLDER)).filter(|&id| id != 3).collect();
        expected.push(bought);
        assert_eq!(data.licenses_of(1, bob()), expected);
    }
}
