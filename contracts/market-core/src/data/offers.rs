//! Offers: what a model's owner sells, and when.

use super::{full, MarketData, Result, MAX_LEGAL_URI_LEN, MAX_OFFERS_PER_MODEL, MAX_PERIOD};
use crate::errors::MarketError;
use crate::events::{MarketEvent, OfferCreated, OfferStateChanged};
use crate::types::{Offer, OfferSlot, OfferState, OfferTerms};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::licensing::LicenseDuration;
use modelmint_common::{AssetKind, ModelId, OfferId, BPS_SCALE};

impl MarketData {
    /// Publishes an offer for `model`; only its current owner may. The owner
    /// pays for the offer's cell and for its slot in the model's record.
    pub fn create_offer(
        &mut self,
        caller: AccountId,
        model: ModelId,
        terms: OfferTerms,
    ) -> Result<(OfferId, Vec<MarketEvent>)> {
        let mut state = self.require_model(model)?;
        if caller != state.owner {
            return Err(MarketError::NotModelOwner { model, owner: state.owner });
        }
        validate_terms(&terms, state.kind)?;
        if full(state.offers.len(), MAX_OFFERS_PER_MODEL) {
            return Err(MarketError::TooManyOffers { model, max: MAX_OFFERS_PER_MODEL });
        }
        let offer = self.last_offer.checked_add(1).ok_or(MarketError::Overflow)?;

        self.last_offer = offer;
        state.offers.push(OfferSlot {
            offer,
            price: terms.price,
            duration: terms.duration,
            cap: terms.cap,
            license: terms.license,
            sold: 0,
            state: OfferState::Open,
            owner_epoch: state.epoch,
        });
        self.models.insert(model, &state);
        self.offers.insert(
            offer,
            &Offer {
                model,
                terms: terms.clone(),
                sold: 0,
                state: OfferState::Open,
                owner_epoch: state.epoch,
            },
        );
        Ok((offer, vec![MarketEvent::OfferCreated(OfferCreated { offer, model, terms })]))
    }

    /// Pauses, opens or closes `offer_id` for its model's current owner.
    /// Closing is final: the slot leaves the model's record and the offer's
    /// cell keeps its final sales. Opening an offer a previous owner created
    /// makes it sell again, now for the current owner.
    pub fn set_offer_state(
        &mut self,
        caller: AccountId,
        offer_id: OfferId,
        requested: OfferState,
    ) -> Result<Vec<MarketEvent>> {
        let mut offer =
            self.offers.get(offer_id).ok_or(MarketError::UnknownOffer { offer: offer_id })?;
        let model = offer.model;
        let mut state = self.require_model(model)?;
        if caller != state.owner {
            return Err(MarketError::NotModelOwner { model, owner: state.owner });
        }
        let epoch = state.epoch;
        let Some(slot) = state.slot(offer_id).copied() else {
            return Err(MarketError::OfferClosed { offer: offer_id });
        };
        if slot.state == requested && slot.owner_epoch == epoch {
            return Err(MarketError::OfferStateUnchanged { offer: offer_id });
        }
        if requested == OfferState::Closed {
            offer.sold = slot.sold;
            offer.state = OfferState::Closed;
            offer.owner_epoch = epoch;
            state.offers.retain(|slot| slot.offer != offer_id);
            self.offers.insert(offer_id, &offer);
        } else if let Some(slot) = state.slot_mut(offer_id) {
            slot.state = requested;
            slot.owner_epoch = epoch;
        }
        self.models.insert(model, &state);
        Ok(vec![MarketEvent::OfferStateChanged(OfferStateChanged {
            offer: offer_id,
            state: requested,
        })])
    }

    /// The offer with id `offer`: its live sales and state while it is open or
    /// paused (from its model's record), its final ones once closed.
    pub fn offer(&self, offer: OfferId) -> Option<Offer> {
        let mut found = self.offers.get(offer)?;
        if let Some(slot) =
            self.models.get(found.model).as_ref().and_then(|state| state.slot(offer))
        {
            found.sold = slot.sold;
            found.state = slot.state;
            found.owner_epoch = slot.owner_epoch;
        }
        Some(found)
    }

    /// The open and paused offers of `model`.
    pub fn offers_of(&self, model: ModelId) -> Vec<OfferId> {
        self.models
            .get(model)
            .map(|state| state.offers.iter().map(|slot| slot.offer).collect())
            .unwrap_or_default()
    }
}

/// Fails unless `terms` are valid terms for an asset of `kind`.
fn validate_terms(terms: &OfferTerms, kind: AssetKind) -> Result<()> {
    let license = &terms.license;
    if !license.uses.is_valid() {
        return Err(MarketError::InvalidUses { bits: license.uses.0 });
    }
    if !license.uses.is_within(kind.uses()) {
        return Err(MarketError::UsesNotForKind { bits: license.uses.0, kind });
    }
    if let Some(bps) = license.derivative_royalty.filter(|&bps| bps > BPS_SCALE) {
        return Err(MarketError::RoyaltyOutOfRange { royalty_bps: bps });
    }
    // Terms mean what they say: a right to register derivatives is a right to
    // fine-tune the model (to train on the dataset), so an offer granting one
    // must permit that use.
    let needed = kind.derivative_use();
    if license.derivative_royalty.is_some() && !license.uses.contains(needed) {
        return Err(MarketError::DerivativesNeedUse { needed });
    }
    if let LicenseDuration::Period(period) = terms.duration {
        if period == 0 {
            return Err(MarketError::ZeroDuration);
        }
        if period > MAX_PERIOD {
            return Err(MarketError::DurationTooLong { max: MAX_PERIOD });
        }
    }
    if terms.cap == Some(0) {
        return Err(MarketError::ZeroCap);
    }
    if terms.legal.uri.is_empty() {
        return Err(MarketError::EmptyLegalUri);
    }
    let length = u32::try_from(terms.legal.uri.len()).unwrap_or(u32::MAX);
    if length > MAX_LEGAL_URI_LEN {
        return Err(MarketError::LegalUriTooLong { length, max: MAX_LEGAL_URI_LEN });
    }
    Ok(())
}
