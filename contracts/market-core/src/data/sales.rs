//! Sales and payments: a purchase, a renewal, a deposit. Each reads the
//! model's record once and writes it once (plus one record per ancestor the
//! model owes a share), and never asks another contract anything.

use super::{check_payment, ensure_licensable, ensure_selling, full, live, MarketData};
use super::{Result, MAX_LICENSES_PER_HOLDER};
use crate::errors::MarketError;
use crate::events::{Deposited, LicenseRenewed, LicenseSold, MarketEvent};
use crate::types::{Held, ModelState};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::licensing::{License, LicenseDuration, Use};
use modelmint_common::{Balance, LicenseId, ModelId, OfferId, Timestamp};

impl MarketData {
    /// Sells `caller` a license of `model` from `offer`, paid `paid`, at most
    /// `max_price`; the price is credited to the model's contributors in the
    /// same call. Storage: the model's record (read, write), the buyer's list
    /// on the model (read, write), the new license (write), and each ancestor
    /// owed a share (read, write).
    pub fn buy(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        (model, offer): (ModelId, OfferId),
        max_price: Balance,
        paid: Balance,
    ) -> Result<(LicenseId, Vec<MarketEvent>)> {
        let mut state = self.require_model(model)?;
        let Some(slot) = state.slot(offer).copied() else {
            return Err(self.not_selling(model, offer));
        };
        ensure_selling(&slot, state.epoch)?;
        ensure_licensable(model, &state)?;
        check_payment(slot.price, max_price, paid)?;
        if let Some(cap) = slot.cap {
            if slot.sold >= cap {
                return Err(MarketError::CapReached { cap });
            }
        }
        let mut held = live(self.holdings.get((model, caller)).unwrap_or_default(), now, &state);
        if full(held.len(), MAX_LICENSES_PER_HOLDER) {
            return Err(MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER });
        }
        let expires_at = match slot.duration {
            LicenseDuration::Perpetual => None,
            LicenseDuration::Period(period) => {
                Some(now.checked_add(period).ok_or(MarketError::DurationOverflow)?)
            }
        };
        let license = self.last_license.checked_add(1).ok_or(MarketError::Overflow)?;
        let sold = slot.sold.checked_add(1).ok_or(MarketError::Overflow)?;
        if let Some(slot) = state.slot_mut(offer) {
            slot.sold = sold;
        }
        let (crediting, liabilities) = self.credit(&mut state, slot.price)?;

        self.last_license = license;
        self.models.insert(model, &state);
        let upstream = self.commit(crediting, liabilities);
        let epoch = state.epoch;
        held.push(Held { license, expires_at, terms: slot.license, epoch });
        self.holdings.insert((model, caller), &held);
        self.licenses.insert(
            license,
            &License {
                model,
                offer,
                holder: caller,
                terms: slot.license,
                total_paid: slot.price,
                start: now,
                expires_at,
                epoch,
            },
        );
        let event = LicenseSold {
            model,
            license,
            offer,
            holder: caller,
            price: slot.price,
            expires_at,
            upstream,
        };
        Ok((license, vec![MarketEvent::LicenseSold(event)]))
    }

    /// Extends `license` by one period of its offer, from the later of `now`
    /// and its current expiry, at the offer's price (paid `paid`, at most
    /// `max_price`), credited as a purchase is. Only the holder renews, only
    /// while the model is licensable and the offer sells for its current
    /// owner, and never a voided license. A license that expired and left its
    /// holder's list comes back to it, if there is room, unless it is offered
    /// to another account (in escrow, it rejoins nobody's list).
    pub fn renew(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        license_id: LicenseId,
        max_price: Balance,
        paid: Balance,
    ) -> Result<Vec<MarketEvent>> {
        let mut license = self.require_license(license_id)?;
        if license.holder != caller {
            return Err(MarketError::NotHolder { license: license_id });
        }
        let model = license.model;
        let mut state = self.require_model(model)?;
        if state.is_voided(license.epoch) {
            return Err(MarketError::LicenseVoided { license: license_id });
        }
        ensure_licensable(model, &state)?;
        let Some(expires_at) = license.expires_at else {
            return Err(MarketError::NotRenewable { license: license_id });
        };
        let Some(slot) = state.slot(license.offer).copied() else {
            return Err(self.not_selling(model, license.offer));
        };
        ensure_selling(&slot, state.epoch)?;
        let LicenseDuration::Period(period) = slot.duration else {
            // An offer's duration never changes and this license has an expiry.
            return Err(MarketError::NotRenewable { license: license_id });
        };
        check_payment(slot.price, max_price, paid)?;
        let renewed_until =
            expires_at.max(now).checked_add(period).ok_or(MarketError::DurationOverflow)?;
        let total_paid = license.total_paid.checked_add(slot.price).ok_or(MarketError::Overflow)?;
        let mut held = live(self.holdings.get((model, caller)).unwrap_or_default(), now, &state);
        match held.iter_mut().find(|entry| entry.license == license_id) {
            Some(entry) => entry.expires_at = Some(renewed_until),
            // A license offered to another account is in escrow: it rejoins
            // nobody's list until the offer is accepted (the new expiry goes
            // with it) or withdrawn. Only this rare path reads the offer.
            None if self.transfer_offers.get(license_id).is_some_and(|offer| offer.open) => {}
            None => {
                if full(held.len(), MAX_LICENSES_PER_HOLDER) {
                    return Err(MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER });
                }
                held.push(Held {
                    license: license_id,
                    expires_at: Some(renewed_until),
                    terms: license.terms,
                    epoch: license.epoch,
                });
            }
        }
        let (crediting, liabilities) = self.credit(&mut state, slot.price)?;

        self.models.insert(model, &state);
        let upstream = self.commit(crediting, liabilities);
        self.holdings.insert((model, caller), &held);
        license.expires_at = Some(renewed_until);
        license.total_paid = total_paid;
        self.licenses.insert(license_id, &license);
        let event = LicenseRenewed {
            model,
            license: license_id,
            price: slot.price,
            expires_at: renewed_until,
            upstream,
        };
        Ok(vec![MarketEvent::LicenseRenewed(event)])
    }

    /// Credits `amount` paid by `payer` for `model` to its contributors (see
    /// [`Royalties::deposit`](modelmint_common::royalties::Royalties::deposit)).
    pub fn deposit(
        &mut self,
        payer: AccountId,
        model: ModelId,
        amount: Balance,
    ) -> Result<Vec<MarketEvent>> {
        if amount == 0 {
            return Err(MarketError::ZeroDeposit);
        }
        let state = self.require_model(model)?;
        self.credit_deposit(payer, model, state, amount)
    }

    /// Credits `amount` (zero allowed) paid by `payer` for one use of `model`
    /// by `account`, who must hold a license on it valid at `now`, not voided,
    /// that permits `use_` (see
    /// [`Royalties::deposit_use`](modelmint_common::royalties::Royalties::deposit_use)).
    pub fn deposit_use(
        &mut self,
        payer: AccountId,
        now: Timestamp,
        (model, account, use_): (ModelId, AccountId, Use),
        amount: Balance,
    ) -> Result<Vec<MarketEvent>> {
        let state = self.require_model(model)?;
        if !self.holds(&state, model, account, use_, now) {
            return Err(MarketError::NotLicensed { model, account });
        }
        if amount == 0 {
            return Ok(Vec::new());
        }
        self.credit_deposit(payer, model, state, amount)
    }

    fn credit_deposit(
        &mut self,
        payer: AccountId,
        model: ModelId,
        mut state: ModelState,
        amount: Balance,
    ) -> Result<Vec<MarketEvent>> {
        let (crediting, liabilities) = self.credit(&mut state, amount)?;
        self.models.insert(model, &state);
        let upstream = self.commit(crediting, liabilities);
        Ok(vec![MarketEvent::Deposited(Deposited { model, payer, amount, upstream })])
    }

    /// Why `offer` does not sell for `model`: closed, or not one of its offers.
    /// Only a refusal reads the offer's own cell.
    fn not_selling(&self, model: ModelId, offer: OfferId) -> MarketError {
        match self.offers.get(offer) {
            Some(known) if known.model == model => MarketError::OfferClosed { offer },
            _ => MarketError::UnknownOffer { offer },
        }
    }

    pub(super) fn require_license(&self, license: LicenseId) -> Result<License> {
        self.licenses.get(license).ok_or(MarketError::UnknownLicense { license })
    }
}
