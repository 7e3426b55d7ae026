//! Offers: publishing, pausing, opening and closing.

use super::*;

#[ink::test]
fn the_model_owner_publishes_offers_with_sequential_ids() {
    let mut data = market();
    let offer_terms = terms(LicenseDuration::Period(30 * DAY));
    let (first, events) = data.create_offer(alice(), 1, offer_terms.clone()).unwrap();
    let (second, _) = data.create_offer(alice(), 1, terms(LicenseDuration::Perpetual)).unwrap();
    assert_eq!((first, second), (1, 2));
    assert_eq!(
        data.offer(1),
        Some(Offer {
            model: 1,
            terms: offer_terms.clone(),
            sold: 0,
            state: OfferState::Open,
            owner_epoch: 0
        })
    );
    let slots: Vec<OfferId> = data.model(1).unwrap().offers.iter().map(|slot| slot.offer).collect();
    assert_eq!(slots, vec![1, 2], "the hot terms are in the model's record");
    assert_eq!(data.offers_of(1), vec![1, 2]);
    assert_eq!(
        events,
        vec![MarketEvent::OfferCreated(OfferCreated { offer: 1, model: 1, terms: offer_terms })]
    );
}

#[ink::test]
fn error_when_a_stranger_publishes_or_changes_offers() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    let not_owner = MarketError::NotModelOwner { model: 1, owner: alice() };
    assert_refused_without_change(&mut data, not_owner.clone(), |d| {
        d.create_offer(bob(), 1, terms(LicenseDuration::Perpetual))
    });
    assert_refused_without_change(&mut data, not_owner, |d| {
        d.set_offer_state(bob(), 1, OfferState::Closed)
    });
    assert_refused_without_change(&mut data, MarketError::UnknownModel { model: 4 }, |d| {
        d.create_offer(alice(), 4, terms(LicenseDuration::Perpetual))
    });
    assert_refused_without_change(&mut data, MarketError::UnknownOffer { offer: 4 }, |d| {
        d.set_offer_state(alice(), 4, OfferState::Closed)
    });
}

#[ink::test]
fn invalid_terms_are_refused_with_the_reason() {
    let mut data = market();
    let base = terms(LicenseDuration::Period(DAY));
    let mut research_only = base.clone();
    research_only.license.uses = UseSet::of(&[Use::Research]);
    let mut cases = vec![
        (OfferTerms { cap: Some(0), ..base.clone() }, MarketError::ZeroCap),
        (
            OfferTerms { duration: LicenseDuration::Period(0), ..base.clone() },
            MarketError::ZeroDuration,
        ),
        (
            OfferTerms { duration: LicenseDuration::Period(MAX_PERIOD + 1), ..base.clone() },
            MarketError::DurationTooLong { max: MAX_PERIOD },
        ),
        (research_only, MarketError::DerivativesNeedUse { needed: Use::FineTuning }),
    ];
    let mut bad_uses = base.clone();
    bad_uses.license.uses = UseSet(0b10_0000);
    cases.push((bad_uses, MarketError::InvalidUses { bits: 0b10_0000 }));
    let mut training = base.clone();
    training.license.uses = UseSet::of(&[Use::FineTuning, Use::Training]);
    cases.push((training, MarketError::UsesNotForKind { bits: 0b1_0100, kind: AssetKind::Model }));
    let mut too_much = base.clone();
    too_much.license.derivative_royalty = Some(10_001);
    cases.push((too_much, MarketError::RoyaltyOutOfRange { royalty_bps: 10_001 }));
    let mut no_uri = base.clone();
    no_uri.legal.uri = String::new();
    cases.push((no_uri, MarketError::EmptyLegalUri));
    let mut long_uri = base;
    long_uri.legal.uri = "x".repeat(MAX_LEGAL_URI_LEN as usize + 1);
    cases.push((long_uri, MarketError::LegalUriTooLong { length: 257, max: MAX_LEGAL_URI_LEN }));
    for (terms, refusal) in cases {
        assert_refused_without_change(&mut data, refusal, |d| d.create_offer(alice(), 1, terms));
    }
}

/// A market where Dave registered dataset 1.
fn dataset_market() -> MarketData {
    let mut data = MarketData::default();
    push(&mut data, 1, ModelRecord { kind: AssetKind::Dataset, ..record(dave(), 0, &[]) });
    data
}

#[ink::test]
fn a_dataset_is_licensed_for_research_training_and_redistribution_only() {
    let mut data = dataset_market();
    let base = terms(LicenseDuration::Period(DAY));
    for refused in [Use::FineTuning, Use::CommercialInference] {
        let mut offer = base.clone();
        offer.license.uses = UseSet::of(&[Use::Training, refused]);
        let bits = offer.license.uses.0;
        let refusal = MarketError::UsesNotForKind { bits, kind: AssetKind::Dataset };
        assert_refused_without_change(&mut data, refusal, |d| d.create_offer(dave(), 1, offer));
    }
    // A training royalty needs the training use: a research license grants
    // no right to declare a model trained on the data.
    let mut research = base.clone();
    research.license.uses = UseSet::of(&[Use::Research, Use::Redistribution]);
    let refusal = MarketError::DerivativesNeedUse { needed: Use::Training };
    assert_refused_without_change(&mut data, refusal, |d| {
        d.create_offer(dave(), 1, research.clone())
    });
    research.license.derivative_royalty = None;
    data.create_offer(dave(), 1, research).unwrap();
    let mut training = base;
    training.license.uses = UseSet::of(&[Use::Research, Use::Training]);
    let (offer, _) = data.create_offer(dave(), 1, training).unwrap();
    assert_eq!(offer, 2);
}

#[ink::test]
fn only_a_license_with_the_training_use_grants_a_training_edge() {
    let mut data = dataset_market();
    let mut research = terms(LicenseDuration::Perpetual);
    research.license.uses = UseSet::of(&[Use::Research]);
    research.license.derivative_royalty = None;
    let mut training = terms(LicenseDuration::Perpetual);
    training.license.uses = UseSet::of(&[Use::Training]);
    training.license.derivative_royalty = Some(700);
    data.create_offer(dave(), 1, research).unwrap();
    data.create_offer(dave(), 1, training).unwrap();
    data.buy(alice(), NOW, (1, 1), PRICE, PRICE).unwrap();
    assert_eq!(data.derivative_royalty(1, alice(), NOW), None, "research grants no edge");
    data.buy(alice(), NOW, (1, 2), PRICE, PRICE).unwrap();
    assert_eq!(data.derivative_royalty(1, alice(), NOW), Some(700));
    assert!(data.is_licensed(1, alice(), Use::Training, NOW));
}

#[ink::test]
fn a_model_has_at_most_sixteen_open_offers_and_closing_frees_a_slot() {
    let mut data = market();
    for _ in 0..MAX_OFFERS_PER_MODEL {
        data.create_offer(alice(), 1, terms(LicenseDuration::Perpetual)).unwrap();
    }
    assert_refused_without_change(
        &mut data,
        MarketError::TooManyOffers { model: 1, max: MAX_OFFERS_PER_MODEL },
        |d| d.create_offer(alice(), 1, terms(LicenseDuration::Perpetual)),
    );
    data.set_offer_state(alice(), 3, OfferState::Closed).unwrap();
    assert!(data.create_offer(alice(), 1, terms(LicenseDuration::Perpetual)).is_ok());
}

#[ink::test]
fn pausing_opening_and_closing_an_offer() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    buy(&mut data, bob(), NOW).unwrap();
    assert_refused_without_change(&mut data, MarketError::OfferStateUnchanged { offer: 1 }, |d| {
        d.set_offer_state(alice(), 1, OfferState::Open)
    });
    let events = data.set_offer_state(alice(), 1, OfferState::Paused).unwrap();
    assert_eq!(
        events,
        vec![MarketEvent::OfferStateChanged(OfferStateChanged {
            offer: 1,
            state: OfferState::Paused
        })]
    );
    data.set_offer_state(alice(), 1, OfferState::Open).unwrap();
    buy(&mut data, charlie(), NOW).unwrap();
    data.set_offer_state(alice(), 1, OfferState::Closed).unwrap();
    let closed = data.offer(1).unwrap();
    assert_eq!((closed.state, closed.sold), (OfferState::Closed, 2), "the final sales are kept");
    assert!(data.model(1).unwrap().offers.is_empty(), "the slot left the model's record");
    assert_refused_without_change(&mut data, MarketError::OfferClosed { offer: 1 }, |d| {
        d.set_offer_state(alice(), 1, OfferState::Open)
    });
    assert!(data.is_licensed(1, bob(), Use::Research, NOW), "licenses sold stay");
}

#[ink::test]
fn after_a_token_sale_only_the_new_owner_opens_the_sellers_offers() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    push(&mut data, 1, record(charlie(), 1, &[]));
    assert_refused_without_change(
        &mut data,
        MarketError::NotModelOwner { model: 1, owner: charlie() },
        |d| d.set_offer_state(alice(), 1, OfferState::Open),
    );
    // open again, for Charlie: the same state in a new epoch is a change
    data.set_offer_state(charlie(), 1, OfferState::Open).unwrap();
    assert_eq!(data.offer(1).unwrap().owner_epoch, 1);
    assert!(buy(&mut data, bob(), NOW).is_ok());
    assert_refused_without_change(&mut data, MarketError::OfferStateUnchanged { offer: 1 }, |d| {
        d.set_offer_state(charlie(), 1, OfferState::Open)
    });
}
