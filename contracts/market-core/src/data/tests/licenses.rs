//! What licenses grant, voiding by a ruling, and what holders do with them.

use super::*;

#[ink::test]
fn a_license_is_valid_up_to_but_not_at_its_expiry_and_only_for_its_uses() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    buy(&mut data, bob(), NOW).unwrap();
    assert!(data.is_licensed(1, bob(), Use::FineTuning, NOW + DAY - 1));
    assert!(!data.is_licensed(1, bob(), Use::FineTuning, NOW + DAY));
    assert!(!data.is_licensed(1, bob(), Use::Redistribution, NOW));
    assert!(!data.is_licensed(1, charlie(), Use::Research, NOW));
    assert!(!data.is_licensed(2, bob(), Use::Research, NOW), "an unknown model");
    assert_eq!(data.derivative_royalty(1, bob(), NOW), Some(1_000));
    assert_eq!(data.derivative_royalty(1, bob(), NOW + DAY), None);
}

#[ink::test]
fn the_lowest_derivative_royalty_of_the_valid_licenses_applies() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let mut cheaper = terms(LicenseDuration::Perpetual);
    cheaper.license.derivative_royalty = Some(300);
    data.create_offer(alice(), 1, cheaper).unwrap();
    buy(&mut data, bob(), NOW).unwrap();
    data.buy(bob(), NOW, (1, 2), PRICE, PRICE).unwrap();
    assert_eq!(data.derivative_royalty(1, bob(), NOW), Some(300));
}

/// A squatter registered model 1, sold licenses, and lost it to the rightful
/// owner by a ruling that voided the squatter's epochs: those licenses grant
/// nothing any more, while licenses the rightful owner sells are valid.
#[ink::test]
fn a_ruling_that_voids_the_squatters_epochs_leaves_its_licenses_worthless() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    let squatters = buy(&mut data, bob(), NOW).unwrap();
    // the ruling: model 1 moves to Charlie (epoch 1), epochs [0, 1) voided
    let ruling = ModelRecord { voided: vec![voided(0, 1)], ..record(charlie(), 1, &[]) };
    push(&mut data, 1, ruling);

    assert!(!data.is_licensed(1, bob(), Use::Research, NOW));
    assert_eq!(data.derivative_royalty(1, bob(), NOW), None);
    assert_refused_without_change(
        &mut data,
        MarketError::LicenseVoided { license: squatters },
        |d| d.transfer_license(bob(), NOW, squatters, Some(dave())),
    );
    assert_refused_without_change(
        &mut data,
        MarketError::NotLicensed { model: 1, account: bob() },
        |d| d.deposit_use(payer(), NOW, (1, bob(), Use::Research), 0),
    );
    // the rightful owner's own sales are valid
    data.create_offer(charlie(), 1, terms(LicenseDuration::Perpetual)).unwrap();
    let rightful = data.buy(dave(), NOW, (1, 2), PRICE, PRICE).unwrap().0;
    assert!(data.is_licensed(1, dave(), Use::Research, NOW));
    assert_eq!(data.license(rightful).unwrap().epoch, 1);
    // the holder may still give the voided license up, and get its deposit back
    data.release_license(bob(), squatters).unwrap();
    assert_eq!(data.license(squatters), None);
}

#[ink::test]
fn a_voided_license_cannot_be_renewed() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    push(&mut data, 1, ModelRecord { voided: vec![voided(0, 1)], ..record(charlie(), 1, &[]) });
    data.set_offer_state(charlie(), 1, OfferState::Open).unwrap();
    assert_refused_without_change(&mut data, MarketError::LicenseVoided { license }, |d| {
        d.renew(bob(), NOW, license, PRICE, PRICE)
    });
    // and it makes room: the holder may buy eight valid ones
    for _ in 0..MAX_LICENSES_PER_HOLDER {
        buy(&mut data, bob(), NOW).unwrap();
    }
}

#[ink::test]
fn a_license_moves_only_when_its_recipient_accepts_and_grants_nothing_meanwhile() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    let events = data.transfer_license(bob(), NOW, license, Some(charlie())).unwrap();
    assert_eq!(
        events,
        vec![MarketEvent::LicenseTransferOffered(LicenseTransferOffered {
            license,
            from: bob(),
            to: Some(charlie())
        })]
    );
    assert_eq!(data.transfer_offer(license), Some(charlie()));
    // in escrow: neither account may use it
    assert!(!data.is_licensed(1, bob(), Use::Research, NOW));
    assert!(!data.is_licensed(1, charlie(), Use::Research, NOW));
    assert_refused_without_change(&mut data, MarketError::NoTransferOffer { license }, |d| {
        d.accept_license(dave(), NOW, license)
    });
    let events = data.accept_license(charlie(), NOW, license).unwrap();
    assert_eq!(
        events,
        vec![MarketEvent::LicenseTransferred(LicenseTransferred {
            license,
            from: bob(),
            to: charlie()
        })]
    );
    assert!(data.is_licensed(1, charlie(), Use::Research, NOW));
    assert_eq!(data.license(license).unwrap().holder, charlie());
    assert_eq!(
        (data.licenses_of(1, bob()), data.licenses_of(1, charlie())),
        (vec![], vec![license])
    );
}

#[ink::test]
fn a_withdrawn_transfer_offer_gives_the_holder_its_license_back() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    data.transfer_license(bob(), NOW, license, Some(charlie())).unwrap();
    data.transfer_license(bob(), NOW, license, None).unwrap();
    assert_eq!(data.transfer_offer(license), None);
    assert!(data.is_licensed(1, bob(), Use::Research, NOW));
    assert_refused_without_change(&mut data, MarketError::NoTransferOffer { license }, |d| {
        d.accept_license(charlie(), NOW, license)
    });
    assert_refused_without_change(&mut data, MarketError::NoTransferOffer { license }, |d| {
        d.transfer_license(bob(), NOW, license, None)
    });
}

#[ink::test]
fn error_when_transferring_a_license_wrongly() {
    let mut fixed = terms(LicenseDuration::Period(DAY));
    fixed.license.transferable = false;
    let mut data = with_offer(fixed);
    data.create_offer(alice(), 1, terms(LicenseDuration::Period(DAY))).unwrap();
    let locked = buy(&mut data, bob(), NOW).unwrap();
    let free = data.buy(bob(), NOW, (1, 2), PRICE, PRICE).unwrap().0;
    assert_refused_without_change(
        &mut data,
        MarketError::NotTransferable { license: locked },
        |d| d.transfer_license(bob(), NOW, locked, Some(charlie())),
    );
    assert_refused_without_change(&mut data, MarketError::NotHolder { license: free }, |d| {
        d.transfer_license(charlie(), NOW, free, Some(dave()))
    });
    assert_refused_without_change(&mut data, MarketError::TransferToSelf, |d| {
        d.transfer_license(bob(), NOW, free, Some(bob()))
    });
    assert_refused_without_change(
        &mut data,
        MarketError::LicenseExpired { license: free, expired_at: NOW + DAY },
        |d| d.transfer_license(bob(), NOW + DAY, free, Some(charlie())),
    );
    data.transfer_license(bob(), NOW, free, Some(charlie())).unwrap();
    assert_refused_without_change(
        &mut data,
        MarketError::LicenseExpired { license: free, expired_at: NOW + DAY },
        |d| d.accept_license(charlie(), NOW + DAY, free),
    );
}

#[ink::test]
fn a_full_list_refuses_an_accepted_license() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    for _ in 0..MAX_LICENSES_PER_HOLDER {
        buy(&mut data, charlie(), NOW).unwrap();
    }
    data.transfer_license(bob(), NOW, license, Some(charlie())).unwrap();
    assert_refused_without_change(
        &mut data,
        MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER },
        |d| d.accept_license(charlie(), NOW, license),
    );
}

#[ink::test]
fn a_holder_releases_a_license_for_good() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    data.transfer_license(bob(), NOW, license, Some(charlie())).unwrap();
    assert_refused_without_change(&mut data, MarketError::NotHolder { license }, |d| {
        d.release_license(charlie(), license)
    });
    let events = data.release_license(bob(), license).unwrap();
    assert_eq!(
        events,
        vec![MarketEvent::LicenseReleased(LicenseReleased { license, model: 1, holder: bob() })]
    );
    assert_eq!((data.license(license), data.transfer_offer(license)), (None, None));
    assert_eq!(data.holdings.get((1, bob())), None, "the holder's empty list is freed");
    assert_refused_without_change(&mut data, MarketError::UnknownLicense { license }, |d| {
        d.release_license(bob(), license)
    });
}

/// The attack: Bob offers an expired-then-renewed license to Charlie. If a
/// renewal brought the escrowed license back into Bob's list, Charlie's
/// acceptance would leave it in both lists: two accounts using one license.
#[ink::test]
fn a_renewal_never_brings_an_escrowed_license_back_to_its_giver() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    data.transfer_license(bob(), NOW, license, Some(charlie())).unwrap();
    // Bob renews the license he offered (he still holds it until Charlie accepts)
    data.renew(bob(), NOW + 1, license, PRICE, PRICE).unwrap();
    assert!(!data.is_licensed(1, bob(), Use::Research, NOW + 1), "still in escrow");
    data.accept_license(charlie(), NOW + 2, license).unwrap();
    assert!(data.is_licensed(1, charlie(), Use::Research, NOW + DAY + 1), "renewed for Charlie");
    assert!(!data.is_licensed(1, bob(), Use::Research, NOW + 2), "one license, one user");
    assert_eq!(data.licenses_of(1, bob()), Vec::<LicenseId>::new());
}

/// pallet-contracts hands the deposit of a freed or shrunk cell to whoever
/// signs the call: a recipient's acceptance must not free or shrink the cell
/// in which the giver offered the license (the giver paid for it).
#[ink::test]
fn accepting_a_license_frees_no_cell_the_giver_paid_for() {
    let mut data = with_offer(terms(LicenseDuration::Period(DAY)));
    let license = buy(&mut data, bob(), NOW).unwrap();
    data.transfer_license(bob(), NOW, license, Some(charlie())).unwrap();
    let size = |data: &MarketData| {
        data.transfer_offers.get(license).map(|offer| ink::scale::Encode::encoded_size(&offer))
    };
    let offered = size(&data);
    assert!(offered.is_some());
    data.accept_license(charlie(), NOW, license).unwrap();
    assert_eq!(size(&data), offered, "the offer's cell stays, at its size");
    assert_eq!(data.transfer_offer(license), None, "but it offers nothing any more");
    // the new holder offers it on: the same cell, rewritten
    data.transfer_license(charlie(), NOW, license, Some(dave())).unwrap();
    assert_eq!((size(&data), data.transfer_offer(license)), (offered, Some(dave())));
}
