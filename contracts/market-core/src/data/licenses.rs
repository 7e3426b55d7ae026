//! What a license grants, and what its holder does with it: offer it to
//! another account, which accepts it, or release it.

use super::{full, live, MarketData, Result, MAX_LICENSES_PER_HOLDER};
use crate::errors::MarketError;
use crate::events::{LicenseReleased, LicenseTransferOffered, LicenseTransferred, MarketEvent};
use crate::types::{Held, ModelState, TransferOffer};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::licensing::{License, Use};
use modelmint_common::{Bps, LicenseId, ModelId, Timestamp};

impl MarketData {
    /// Whether `account` holds a license on `model` valid at `now`, not
    /// voided, that permits `use_`.
    pub fn is_licensed(
        &self,
        model: ModelId,
        account: AccountId,
        use_: Use,
        now: Timestamp,
    ) -> bool {
        self.models.get(model).is_some_and(|state| self.holds(&state, model, account, use_, now))
    }

    /// [`Self::is_licensed`] for a model whose record `state` was read.
    pub(super) fn holds(
        &self,
        state: &ModelState,
        model: ModelId,
        account: AccountId,
        use_: Use,
        now: Timestamp,
    ) -> bool {
        self.holdings.get((model, account)).unwrap_or_default().iter().any(|entry| {
            entry.is_valid_at(now)
                && entry.terms.uses.contains(use_)
                && !state.is_voided(entry.epoch)
        })
    }

    /// The lowest derivative royalty among `account`'s licenses on `parent`
    /// that are valid at `now`, not voided, and allow derivatives: with a
    /// royalty and the kind's derivative use (fine-tuning a model, training
    /// on a dataset).
    pub fn derivative_royalty(
        &self,
        parent: ModelId,
        account: AccountId,
        now: Timestamp,
    ) -> Option<Bps> {
        let held = self.holdings.get((parent, account))?;
        let state = self.models.get(parent)?;
        // Only with the use that makes derivatives of the asset (offers
        // refuse a royalty without it; checked again where the right is used).
        let needed = state.kind.derivative_use();
        live(held, now, &state)
            .iter()
            .filter(|entry| entry.terms.uses.contains(needed))
            .filter_map(|entry| entry.terms.derivative_royalty)
            .min()
    }

    /// Offers `license_id`, held by `caller`, to `to` (`None` withdraws the
    /// offer). While offered, the license is out of `caller`'s list: it grants
    /// its holder nothing until the offer is withdrawn, so one license is
    /// never used by two accounts. Nothing moves until `to` accepts with
    /// [`Self::accept_license`], so nobody can fill another account's list.
    pub fn transfer_license(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        license_id: LicenseId,
        to: Option<AccountId>,
    ) -> Result<Vec<MarketEvent>> {
        let license = self.require_license(license_id)?;
        if license.holder != caller {
            return Err(MarketError::NotHolder { license: license_id });
        }
        let state = self.require_model(license.model)?;
        let holding = (license.model, caller);
        let mut held = live(self.holdings.get(holding).unwrap_or_default(), now, &state);
        let offered = self.transfer_offers.get(license_id);
        let Some(to) = to else {
            let Some(offer) = offered.filter(|offer| offer.open) else {
                return Err(MarketError::NoTransferOffer { license: license_id });
            };
            // Back in the holder's list, unless it expired or was voided
            // meanwhile (then a renewal or nothing brings it back).
            let back = license.is_valid_at(now) && !state.is_voided(license.epoch);
            if back {
                if full(held.len(), MAX_LICENSES_PER_HOLDER) {
                    return Err(MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER });
                }
                held.push(held_of(license_id, &license));
            }
            self.transfer_offers.insert(license_id, &TransferOffer { open: false, ..offer });
            self.write_holding(holding, &held);
            return Ok(vec![MarketEvent::LicenseTransferOffered(LicenseTransferOffered {
                license: license_id,
                from: caller,
                to: None,
            })]);
        };
        ensure_transferable(license_id, &license, &state, now)?;
        if to == caller {
            return Err(MarketError::TransferToSelf);
        }
        held.retain(|entry| entry.license != license_id);
        self.transfer_offers.insert(license_id, &TransferOffer { to, open: true });
        self.write_holding(holding, &held);
        Ok(vec![MarketEvent::LicenseTransferOffered(LicenseTransferOffered {
            license: license_id,
            from: caller,
            to: Some(to),
        })])
    }

    /// `caller` accepts the license offered to it: it joins `caller`'s list on
    /// the model, if it is still transferable, unexpired, not voided, and
    /// `caller` has room for it. The giver's list was written when it offered
    /// the license and the offer's cell is closed in place, so the recipient
    /// collects no deposit the giver paid.
    pub fn accept_license(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        license_id: LicenseId,
    ) -> Result<Vec<MarketEvent>> {
        let mut license = self.require_license(license_id)?;
        let offer = self.transfer_offers.get(license_id).filter(|offer| offer.open);
        if offer.map(|offer| offer.to) != Some(caller) {
            return Err(MarketError::NoTransferOffer { license: license_id });
        }
        let state = self.require_model(license.model)?;
        ensure_transferable(license_id, &license, &state, now)?;
        let holding = (license.model, caller);
        let mut receiving = live(self.holdings.get(holding).unwrap_or_default(), now, &state);
        if full(receiving.len(), MAX_LICENSES_PER_HOLDER) {
            return Err(MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER });
        }
        let from = license.holder;

        self.transfer_offers.insert(license_id, &TransferOffer { to: caller, open: false });
        receiving.push(held_of(license_id, &license));
        self.holdings.insert(holding, &receiving);
        license.holder = caller;
        self.licenses.insert(license_id, &license);
        Ok(vec![MarketEvent::LicenseTransferred(LicenseTransferred {
            license: license_id,
            from,
            to: caller,
        })])
    }

    /// `caller` gives up `license_id` for good (expired, voided or not): the
    /// license and its transfer offer's cell are deleted, their storage
    /// deposit released to the holder (the cells passed with the license).
    pub fn release_license(
        &mut self,
        caller: AccountId,
        license_id: LicenseId,
    ) -> Result<Vec<MarketEvent>> {
        let license = self.require_license(license_id)?;
        if license.holder != caller {
            return Err(MarketError::NotHolder { license: license_id });
        }
        let holding = (license.model, caller);
        let mut held = self.holdings.get(holding).unwrap_or_default();
        let listed = held.len();
        held.retain(|entry| entry.license != license_id);

        self.transfer_offers.remove(license_id);
        if held.len() != listed {
            self.write_holding(holding, &held);
        }
        self.licenses.remove(license_id);
        Ok(vec![MarketEvent::LicenseReleased(LicenseReleased {
            license: license_id,
            model: license.model,
            holder: caller,
        })])
    }

    /// The license with id `license`.
    pub fn license(&self, license: LicenseId) -> Option<License> {
        self.licenses.get(license)
    }

    /// The ids of the licenses in `holder`'s list on `model`, oldest first
    /// (expired ones until the holder next writes the list; none it offered
    /// to another account).
    pub fn licenses_of(&self, model: ModelId, holder: AccountId) -> Vec<LicenseId> {
        self.holdings
            .get((model, holder))
            .unwrap_or_default()
            .into_iter()
            .map(|entry| entry.license)
            .collect()
    }

    /// The account `license` is offered to, if any.
    pub fn transfer_offer(&self, license: LicenseId) -> Option<AccountId> {
        self.transfer_offers.get(license).and_then(|offer| offer.open_to())
    }

    /// Writes a holder's list, or frees it once empty (the holder's own cell).
    fn write_holding(&mut self, holding: (ModelId, AccountId), held: &Vec<Held>) {
        if held.is_empty() {
            self.holdings.remove(holding);
        } else {
            self.holdings.insert(holding, held);
        }
    }
}

/// The entry of `license` in its holder's list.
fn held_of(license_id: LicenseId, license: &License) -> Held {
    Held {
        license: license_id,
        expires_at: license.expires_at,
        terms: license.terms,
        epoch: license.epoch,
    }
}

/// Fails unless `license` may change hands at `now`: its terms allow it, it
/// has not expired and no ruling voided it.
fn ensure_transferable(
    license_id: LicenseId,
    license: &License,
    state: &ModelState,
    now: Timestamp,
) -> Result<()> {
    if !license.terms.transferable {
        return Err(MarketError::NotTransferable { license: license_id });
    }
    if state.is_voided(license.epoch) {
        return Err(MarketError::LicenseVoided { license: license_id });
    }
    if let Some(expired_at) = license.expires_at.filter(|&at| now >= at) {
        return Err(MarketError::LicenseExpired { license: license_id, expired_at });
    }
    Ok(())
}
