//! Purchases, renewals and deposits.

use super::*;

#[ink::test]
fn a_purchase_records_the_license_and_credits_the_model_in_the_same_call() {
    let mut data = with_offer(terms(LicenseDuration::Period(30 * DAY)));
    let (license, events) = data.buy(bob(), NOW, (1, 1), PRICE, PRICE).unwrap();
    assert_eq!(license, 1);
    let sold = data.license(1).unwrap();
    assert_eq!((sold.model, sold.offer, sold.holder), (1, 1, bob()));
    assert_eq!((sold.total_paid, sold.start, sold.expires_at), (PRICE, NOW, Some(NOW + 30 * DAY)));
    assert_eq!((sold.terms, sold.epoch), (terms(LicenseDuration::Perpetual).license, 0));
    assert_eq!(
        events,
        vec![MarketEvent::LicenseSold(LicenseSold {
            model: 1,
            license: 1,
            offer: 1,
            holder: bob(),
            price: PRICE,
            expires_at: Some(NOW + 30 * DAY),
            upstream: vec![],
        })]
    );
    assert_eq!((data.pending_of(1), data.liabilities()), (PRICE, PRICE));
    assert_eq!(data.offer(1).unwrap().sold, 1);
    assert!(data.is_licensed(1, bob(), Use::CommercialInference, NOW));
}

#[ink::test]
fn a_purchase_moves_exactly_the_price_the_buyer_accepted() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    let cases = [
        (PRICE - 1, PRICE, MarketError::PriceAboveMaximum { price: PRICE, max_price: PRICE - 1 }),
        (PRICE, PRICE - 1, MarketError::InsufficientPayment { required: PRICE, paid: PRICE - 1 }),
        (PRICE + 5, PRICE + 1, MarketError::Overpayment { required: PRICE, paid: PRICE + 1 }),
    ];
    for (max_price, paid, refusal) in cases {
        assert_refused_without_change(&mut data, refusal, |d| {
            d.buy(bob(), NOW, (1, 1), max_price, paid)
        });
    }
}

#[ink::test]
fn error_when_buying_from_an_offer_that_does_not_sell() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    push(&mut data, 2, record(alice(), 0, &[]));
    assert_refused_without_change(&mut data, MarketError::UnknownModel { model: 7 }, |d| {
        d.buy(bob(), NOW, (7, 1), PRICE, PRICE)
    });
    assert_refused_without_change(&mut data, MarketError::UnknownOffer { offer: 9 }, |d| {
        d.buy(bob(), NOW, (1, 9), PRICE, PRICE)
    });
    // offer 1 is model 1's, not model 2's
    assert_refused_without_change(&mut data, MarketError::UnknownOffer { offer: 1 }, |d| {
        d.buy(bob(), NOW, (2, 1), PRICE, PRICE)
    });
    data.set_offer_state(alice(), 1, OfferState::Paused).unwrap();
    assert_refused_without_change(&mut data, MarketError::OfferPaused { offer: 1 }, |d| {
        buy(d, bob(), NOW)
    });
    data.set_offer_state(alice(), 1, OfferState::Closed).unwrap();
    assert_refused_without_change(&mut data, MarketError::OfferClosed { offer: 1 }, |d| {
        buy(d, bob(), NOW)
    });
}

#[ink::test]
fn deprecated_and_disputed_models_sell_nothing() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    for (status, refusal) in [
        (ModelStatus::Deprecated, MarketError::ModelDeprecated { model: 1 }),
        (ModelStatus::Disputed, MarketError::ModelDisputed { model: 1 }),
    ] {
        push(&mut data, 1, ModelRecord { status, ..record(alice(), 0, &[]) });
        assert_refused_without_change(&mut data, refusal.clone(), |d| buy(d, charlie(), NOW));
        assert_refused_without_change(&mut data, refusal, |d| {
            d.renew(bob(), NOW, license, PRICE, PRICE)
        });
    }
    push(&mut data, 1, record(alice(), 0, &[]));
    assert!(buy(&mut data, charlie(), NOW).is_ok());
}

#[ink::test]
fn a_capped_offer_sells_its_cap_and_no_more() {
    let mut data = with_offer(OfferTerms { cap: Some(2), ..terms(LicenseDuration::Perpetual) });
    buy(&mut data, bob(), NOW).unwrap();
    buy(&mut data, charlie(), NOW).unwrap();
    assert_refused_without_change(&mut data, MarketError::CapReached { cap: 2 }, |d| {
        buy(d, dave(), NOW)
    });
}

#[ink::test]
fn a_holder_keeps_at_most_eight_live_licenses_and_expired_ones_make_room() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    for _ in 0..MAX_LICENSES_PER_HOLDER {
        buy(&mut data, bob(), NOW).unwrap();
    }
    assert_refused_without_change(
        &mut data,
        MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER },
        |d| buy(d, bob(), NOW + 1),
    );
    let next = buy(&mut data, bob(), NOW + DAY).expect("every earlier license expired");
    assert_eq!(data.licenses_of(1, bob()), vec![next], "expired ones left the list");
}

#[ink::test]
fn a_free_license_records_the_sale_and_credits_nothing() {
    let mut data = with_offer(OfferTerms { price: 0, ..terms(LicenseDuration::Perpetual) });
    data.buy(bob(), NOW, (1, 1), 0, 0).unwrap();
    assert_eq!((data.liabilities(), data.pending_of(1)), (0, 0));
    assert!(data.is_licensed(1, bob(), Use::Research, NOW));
}

/// pallet-contracts charges about 10 KB of proof per storage access. Beyond
/// the root cell (one read, one write, by the dispatcher), a purchase of an
/// original model reads the model's record and the buyer's list and writes
/// those two and the license; a renewal also reads the license. Each ancestor
/// owed a share adds one read and one write.
#[ink::test]
fn a_purchase_and_a_renewal_touch_storage_the_least_their_rules_need() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let (license, first) = counted(|| buy(&mut data, bob(), NOW));
    assert_eq!(first, (2, 3), "buy: reads, writes");
    // a buyer who already holds seven licenses of the model costs no more accesses
    for _ in 0..6 {
        buy(&mut data, charlie(), NOW).unwrap();
    }
    let (_, eighth) = counted(|| buy(&mut data, charlie(), NOW));
    assert_eq!(eighth, (2, 3), "the eighth license: reads, writes");
    let (_, renewal) = counted(|| data.renew(bob(), NOW, license.unwrap(), PRICE, PRICE));
    assert_eq!(renewal, (3, 3), "renew: reads, writes");

    // a derivative owing two ancestors: one read and one write more for each
    push(&mut data, 2, record(bob(), 0, &[]));
    push(&mut data, 3, record(charlie(), 0, &[(1, 1_000), (2, 500)]));
    data.create_offer(charlie(), 3, terms(LicenseDuration::Period(DAY))).unwrap();
    let (_, derivative) = counted(|| data.buy(dave(), NOW, (3, 2), PRICE, PRICE));
    assert_eq!(derivative, (4, 5), "derivative buy: reads, writes");
}

#[ink::test]
fn a_derivative_sale_pays_every_ancestor_its_share_directly() {
    let mut data = market();
    push(&mut data, 2, record(bob(), 0, &[(1, 1_000)]));
    // model 3 derives from 2 through a 0 % edge: the registry flattened 2's
    // debt to 1 into it, so 1 is still owed its 10 %
    push(&mut data, 3, record(bob(), 0, &[(1, 1_000)]));
    data.create_offer(bob(), 3, terms(LicenseDuration::Perpetual)).unwrap();
    let (_, events) = data.buy(charlie(), NOW, (3, 1), PRICE, PRICE).unwrap();
    let MarketEvent::LicenseSold(sold) = &events[0] else { panic!("a sale event") };
    assert_eq!(sold.upstream, vec![UpstreamCut { ancestor: 1, amount: PRICE / 10 }]);
    assert_eq!((data.pending_of(1), data.pending_of(3)), (PRICE / 10, PRICE - PRICE / 10));
}

#[ink::test]
fn crediting_an_ancestor_never_resizes_a_record_someone_else_paid_for() {
    let mut data = market();
    push(&mut data, 2, record(bob(), 0, &[(1, 2_500)]));
    data.create_offer(bob(), 2, terms(LicenseDuration::Period(DAY))).unwrap();
    let sizes = |data: &MarketData| (record_size(data, 1), record_size(data, 2));
    let before = sizes(&data);
    for who in [charlie(), dave(), eve()] {
        data.buy(who, NOW, (2, 1), PRICE, PRICE).unwrap();
        data.deposit(payer(), 2, 7).unwrap();
    }
    assert_eq!(sizes(&data), before, "buyers and payers pay for no record of others");
}

#[ink::test]
fn renewal_extends_from_the_later_of_now_and_the_expiry() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    let events = data.renew(bob(), NOW + 1_000, license, PRICE, PRICE).unwrap();
    assert_eq!(data.license(license).and_then(|l| l.expires_at), Some(NOW + 2 * DAY));
    assert_eq!(
        events,
        vec![MarketEvent::LicenseRenewed(LicenseRenewed {
            model: 1,
            license,
            price: PRICE,
            expires_at: NOW + 2 * DAY,
            upstream: vec![],
        })]
    );
    // late: one period from now, and the license rejoins the holder's list
    let late = NOW + 10 * DAY;
    buy(&mut data, bob(), late).unwrap();
    assert_eq!(data.licenses_of(1, bob()), vec![2], "the expired license left the list");
    data.renew(bob(), late, license, PRICE, PRICE).unwrap();
    assert_eq!(data.license(license).and_then(|l| l.expires_at), Some(late + DAY));
    assert_eq!(data.licenses_of(1, bob()), vec![2, license]);
    assert!(data.is_licensed(1, bob(), Use::Research, late + DAY - 1));
    assert_eq!(data.license(license).unwrap().total_paid, 3 * PRICE);
    assert_eq!(data.liabilities(), 4 * PRICE);
}

#[ink::test]
fn error_when_renewing_wrongly() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    assert_refused_without_change(&mut data, MarketError::UnknownLicense { license: 9 }, |d| {
        d.renew(bob(), NOW, 9, PRICE, PRICE)
    });
    assert_refused_without_change(&mut data, MarketError::NotHolder { license }, |d| {
        d.renew(charlie(), NOW, license, PRICE, PRICE)
    });
    data.create_offer(alice(), 1, terms(LicenseDuration::Perpetual)).unwrap();
    let perpetual = data.buy(charlie(), NOW, (1, 2), PRICE, PRICE).unwrap().0;
    assert_refused_without_change(
        &mut data,
        MarketError::NotRenewable { license: perpetual },
        |d| d.renew(charlie(), NOW, perpetual, PRICE, PRICE),
    );
    data.set_offer_state(alice(), 1, OfferState::Closed).unwrap();
    assert_refused_without_change(&mut data, MarketError::OfferClosed { offer: 1 }, |d| {
        d.renew(bob(), NOW, license, PRICE, PRICE)
    });
}

#[ink::test]
fn after_a_token_sale_renewals_wait_for_the_new_owner_to_open_the_offer() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    push(&mut data, 1, record(charlie(), 1, &[]));
    assert_refused_without_change(&mut data, MarketError::OfferOfPreviousOwner { offer: 1 }, |d| {
        d.renew(bob(), NOW, license, PRICE, PRICE)
    });
    assert_refused_without_change(&mut data, MarketError::OfferOfPreviousOwner { offer: 1 }, |d| {
        buy(d, dave(), NOW)
    });
    assert!(data.is_licensed(1, bob(), Use::Research, NOW), "sold licenses stay valid");
    data.set_offer_state(charlie(), 1, OfferState::Open).unwrap();
    data.renew(bob(), NOW, license, PRICE, PRICE).unwrap();
    assert_eq!(data.pending_of(1), PRICE, "the renewal is the new owner's");
}

#[ink::test]
fn a_deposit_credits_the_model_and_a_use_needs_a_license() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    assert_refused_without_change(&mut data, MarketError::ZeroDeposit, |d| {
        d.deposit(payer(), 1, 0)
    });
    assert_refused_without_change(&mut data, MarketError::UnknownModel { model: 5 }, |d| {
        d.deposit(payer(), 5, 10)
    });
    let events = data.deposit(payer(), 1, 40).unwrap();
    assert_eq!(
        events,
        vec![MarketEvent::Deposited(Deposited {
            model: 1,
            payer: payer(),
            amount: 40,
            upstream: vec![]
        })]
    );
    let use_ = (1, bob(), Use::CommercialInference);
    assert_refused_without_change(
        &mut data,
        MarketError::NotLicensed { model: 1, account: bob() },
        |d| d.deposit_use(payer(), NOW, use_, 10),
    );
    buy(&mut data, bob(), NOW).unwrap();
    assert_eq!(data.deposit_use(payer(), NOW, use_, 0), Ok(vec![]), "a free use is only a check");
    data.deposit_use(payer(), NOW, use_, 10).unwrap();
    assert_eq!(data.pending_of(1), 40 + PRICE + 10);
    // a license for research only does not pay for inference
    assert_refused_without_change(
        &mut data,
        MarketError::NotLicensed { model: 1, account: bob() },
        |d| d.deposit_use(payer(), NOW, (1, bob(), Use::Redistribution), 10),
    );
    assert_refused_without_change(
        &mut data,
        MarketError::NotLicensed { model: 1, account: bob() },
        |d| d.deposit_use(payer(), NOW + DAY, use_, 10),
    );
}
