//! Licensing on a real node: purchases that pay exactly the price into the
//! model's royalties, typed refusals that move no funds, expiry on the node's
//! clock, renewal, transfer and derivative rights.

use crate::stack::{costs_of, model_draft, Stack};
use crate::support::{account, advance_node_clock, decode_event, E2EResult};
use crate::{commit, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave},
    ChainBackend, ContractsBackend,
};
use modelmint_common::licensing::{LicenseCheck, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::registry::{LineageNode, ModelRegistry};
use modelmint_common::royalties::{Royalties, RoyaltyError};
use modelmint_common::{Balance, ModelStatus, Timestamp};
use modelmint_licensing::{
    LicensePurchased, LicenseReleased, LicenseRenewed, LicenseTransferOffered, LicenseTransferred,
    Licensing, LicensingError, OfferState, OfferTerms, MAX_LICENSES_PER_HOLDER,
};
use modelmint_registry::{Registry, RegistryError};
use modelmint_royalties::RoyaltiesContract;

/// One unit of the dev chain's token (12 decimals).
const UNIT: Balance = 1_000_000_000_000;
const PRICE: Balance = 3 * UNIT;
const DAY: Timestamp = 86_400_000;

fn terms(duration: LicenseDuration, transferable: bool) -> OfferTerms {
    OfferTerms {
        price: PRICE,
        duration,
        cap: None,
        license: LicenseTerms {
            uses: UseSet::of(&[Use::CommercialInference, Use::FineTuning]),
            derivative_royalty: Some(1_500),
            transferable,
            legal_hash: [7; 32],
            legal_uri: "ipfs://modelmint/legal/commercial-v1".into(),
        },
    }
}

/// Alice registers model 1 on `stack` and publishes `offer` as offer 1.
macro_rules! model_with_offer {
    ($client:expr, $stack:expr, $offer:expr) => {{
        let registry = ink_e2e::create_call_builder::<Registry>($stack.registry);
        let mut licensing = ink_e2e::create_call_builder::<Licensing>($stack.licensing);
        $crate::register!(
            $client,
            $stack.registry,
            ink_e2e::alice(),
            model_draft("gemma-mini", &[])
        )
        .expect("registering the model failed");
        let created = $client
            .call(&ink_e2e::alice(), &licensing.create_offer(1, $offer))
            .submit()
            .await
            .expect("creating the offer failed");
        assert_eq!(created.return_value(), Ok(1));
        (registry, licensing)
    }};
}

#[e2e::test]
async fn a_purchase_pays_exactly_the_price_into_the_models_royalties<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let stack: Stack = deploy_stack!(client);
    let (_registry, mut licensing) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(30 * DAY), false));
    let royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    let bob_before = client.free_balance(account(Bob)).await?;
    let royalties_before = client.free_balance(stack.royalties).await?;
    let licensing_before = client.free_balance(stack.licensing).await?;

    // when
    let bought =
        client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;

    // then: Bob paid the price plus fees and storage deposit, not a unit more
    let bob_after = client.free_balance(account(Bob)).await?;
    let costs = costs_of(&bought.events, account(Bob));
    assert_eq!(i128::try_from(bob_before - bob_after)?, i128::try_from(PRICE)? + costs);
    assert_eq!(client.free_balance(stack.royalties).await? - royalties_before, PRICE);
    assert_eq!(
        client.free_balance(stack.licensing).await?,
        licensing_before,
        "the licensing contract keeps nothing"
    );
    assert_eq!(bought.message_result(), Ok(Ok(1)));
    let owed = client.call(&ink_e2e::bob(), &royalties.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), PRICE, "without a split the owner is owed everything");

    let purchased = decode_event::<LicensePurchased>(&bought.contract_emitted_events()?[0]);
    let license = client
        .call(&ink_e2e::bob(), &licensing.license(1))
        .dry_run()
        .await?
        .return_value()
        .expect("license 1 exists");
    assert_eq!(
        purchased,
        LicensePurchased {
            license: 1,
            model: 1,
            offer: 1,
            holder: account(Bob),
            price: PRICE,
            expires_at: Some(license.start + 30 * DAY),
        }
    );
    assert_eq!((license.holder, license.total_paid), (account(Bob), PRICE));
    for (use_, expected) in [(Use::CommercialInference, true), (Use::Redistribution, false)] {
        let licensed = client
            .call(&ink_e2e::charlie(), &licensing.is_licensed(1, account(Bob), use_))
            .dry_run()
            .await?;
        assert_eq!(licensed.return_value(), expected);
    }

    // a stranger cannot hand royalties a lineage of its own making: a forged
    // sale crediting Charlie for Alice's model is refused and moves nothing
    let mut royalties = royalties;
    let forged = vec![LineageNode {
        model: 1,
        owner: account(Charlie),
        owner_epoch: 0,
        parents: Vec::new(),
    }];
    let royalties_before = client.free_balance(stack.royalties).await?;
    for signer in [ink_e2e::charlie(), ink_e2e::alice()] {
        let forge = royalties.deposit_sale(1, forged.clone());
        let refused = client.call(&signer, &forge).value(PRICE).dry_run().await?;
        assert_eq!(refused.return_value(), Err(RoyaltyError::NotLicensing));
        assert!(client.call(&signer, &forge).value(PRICE).submit().await.is_err());
    }
    assert_eq!(client.free_balance(stack.royalties).await?, royalties_before);
    let owed = client.call(&ink_e2e::bob(), &royalties.owed_to(account(Charlie))).dry_run().await?;
    assert_eq!(owed.return_value(), 0);
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

#[e2e::test]
async fn refused_purchases_return_typed_errors_and_move_no_funds<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a capped offer with one license left, and a paused second offer
    let stack: Stack = deploy_stack!(client);
    let capped = OfferTerms { cap: Some(1), ..terms(LicenseDuration::Perpetual, false) };
    let (_registry, mut licensing) = model_with_offer!(client, stack, capped);
    let royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    client
        .call(
            &ink_e2e::alice(),
            &licensing.create_offer(1, terms(LicenseDuration::Perpetual, false)),
        )
        .submit()
        .await?;
    client
        .call(&ink_e2e::alice(), &licensing.set_offer_state(2, OfferState::Paused))
        .submit()
        .await?;
    let bob_before = client.free_balance(account(Bob)).await?;
    let royalties_before = client.free_balance(stack.royalties).await?;
    let licensing_before = client.free_balance(stack.licensing).await?;

    // when / then: each bad purchase is refused with its error
    let cases: [(u64, Balance, Balance, LicensingError); 5] = [
        (
            1,
            PRICE,
            PRICE - 1,
            LicensingError::InsufficientPayment { required: PRICE, paid: PRICE - 1 },
        ),
        (1, 2 * PRICE, PRICE + 1, LicensingError::Overpayment { required: PRICE, paid: PRICE + 1 }),
        (
            1,
            PRICE - 1,
            PRICE,
            LicensingError::PriceAboveMaximum { price: PRICE, max_price: PRICE - 1 },
        ),
        (2, PRICE, PRICE, LicensingError::OfferPaused { offer: 2 }),
        (9, PRICE, PRICE, LicensingError::UnknownOffer { offer: 9 }),
    ];
    for (offer, max_price, paid, expected) in cases {
        let buy = licensing.buy(offer, max_price);
        let dry_run = client.call(&ink_e2e::bob(), &buy).value(paid).dry_run().await?;
        assert_eq!(dry_run.return_value(), Err(expected));
        assert!(client.call(&ink_e2e::bob(), &buy).value(paid).submit().await.is_err());
    }
    // A reverted extrinsic still costs its fee (about 0.002 units each here),
    // nothing more: every attempted payment was at least PRICE - 1 (almost 3
    // units), so any payment kept would show far above this bound.
    let bob_spent = bob_before - client.free_balance(account(Bob)).await?;
    assert!(bob_spent < UNIT / 20, "Bob lost {bob_spent}: more than the failed calls' fees");
    assert_eq!(client.free_balance(stack.royalties).await?, royalties_before);
    assert_eq!(client.free_balance(stack.licensing).await?, licensing_before);
    let liabilities = client.call(&ink_e2e::bob(), &royalties.liabilities()).dry_run().await?;
    assert_eq!(liabilities.return_value(), 0);

    // the last license sells, then the cap refuses Charlie
    client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    let capped =
        client.call(&ink_e2e::charlie(), &licensing.buy(1, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(capped.return_value(), Err(LicensingError::CapReached { cap: 1 }));
    let by_stranger = client
        .call(&ink_e2e::bob(), &licensing.set_offer_state(2, OfferState::Open))
        .dry_run()
        .await?;
    assert_eq!(
        by_stranger.return_value(),
        Err(LicensingError::NotModelOwner { model: 1, owner: account(Alice) })
    );
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

#[e2e::test]
async fn a_license_expires_on_the_node_clock_and_renewal_restores_it<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a 4-second license
    const PERIOD: Timestamp = 4_000;
    let stack: Stack = deploy_stack!(client);
    let (_, mut licensing) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(PERIOD), false));
    let royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    let is_licensed = licensing.is_licensed(1, account(Bob), Use::CommercialInference);
    assert!(client.call(&ink_e2e::bob(), &is_licensed).dry_run().await?.return_value());

    // when: the node's clock passes the expiry
    advance_node_clock(&mut client, PERIOD + 1_500).await?;

    // then: expired, and renewable at the offer's price
    assert!(!client.call(&ink_e2e::bob(), &is_licensed).dry_run().await?.return_value());
    let expired = client
        .call(&ink_e2e::bob(), &licensing.license(1))
        .dry_run()
        .await?
        .return_value()
        .expect("license 1 exists");
    let short = client.call(&ink_e2e::bob(), &licensing.renew(1, PRICE)).value(1).dry_run().await?;
    assert_eq!(
        short.return_value(),
        Err(LicensingError::InsufficientPayment { required: PRICE, paid: 1 })
    );
    let renewed =
        client.call(&ink_e2e::bob(), &licensing.renew(1, PRICE)).value(PRICE).submit().await?;
    let event = decode_event::<LicenseRenewed>(&renewed.contract_emitted_events()?[0]);
    let old_expiry = expired.expires_at.expect("a timed license");
    assert!(event.expires_at >= old_expiry + PERIOD, "renewed from now, which is past the expiry");
    assert!(client.call(&ink_e2e::bob(), &is_licensed).dry_run().await?.return_value());
    let owed = client.call(&ink_e2e::bob(), &royalties.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), 2 * PRICE);

    // and once the offer is closed, a renewal is refused
    client
        .call(&ink_e2e::alice(), &licensing.set_offer_state(1, OfferState::Closed))
        .submit()
        .await?;
    let closed =
        client.call(&ink_e2e::bob(), &licensing.renew(1, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(closed.return_value(), Err(LicensingError::OfferClosed { offer: 1 }));
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

#[e2e::test]
async fn a_transferable_license_changes_hands_when_accepted_and_others_do_not<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob holds a transferable license (1) and a non-transferable one (2)
    let stack: Stack = deploy_stack!(client);
    let (_registry, mut licensing) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(DAY), true));
    client
        .call(
            &ink_e2e::alice(),
            &licensing.create_offer(1, terms(LicenseDuration::Perpetual, false)),
        )
        .submit()
        .await?;
    client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    client.call(&ink_e2e::bob(), &licensing.buy(2, PRICE)).value(PRICE).submit().await?;

    // when
    let by_stranger = licensing.transfer_license(1, Some(account(Alice)));
    let refused = client.call(&ink_e2e::charlie(), &by_stranger).dry_run().await?;
    let locked = client
        .call(&ink_e2e::bob(), &licensing.transfer_license(2, Some(account(Charlie))))
        .dry_run()
        .await?;
    let offered = client
        .call(&ink_e2e::bob(), &licensing.transfer_license(1, Some(account(Charlie))))
        .submit()
        .await?;
    let bobs_meanwhile =
        client.call(&ink_e2e::bob(), &licensing.licenses_of(1, account(Bob))).dry_run().await?;
    let not_to_dave = client.call(&ink_e2e::dave(), &licensing.accept_license(1)).dry_run().await?;
    let moved = client.call(&ink_e2e::charlie(), &licensing.accept_license(1)).submit().await?;

    // then
    assert_eq!(refused.return_value(), Err(LicensingError::NotHolder { license: 1 }));
    assert_eq!(locked.return_value(), Err(LicensingError::NotTransferable { license: 2 }));
    assert_eq!(
        decode_event::<LicenseTransferOffered>(&offered.contract_emitted_events()?[0]),
        LicenseTransferOffered { license: 1, from: account(Bob), to: Some(account(Charlie)) }
    );
    assert_eq!(bobs_meanwhile.return_value(), vec![1, 2], "nothing moves before acceptance");
    assert_eq!(not_to_dave.return_value(), Err(LicensingError::NoTransferOffer { license: 1 }));
    assert_eq!(
        decode_event::<LicenseTransferred>(&moved.contract_emitted_events()?[0]),
        LicenseTransferred { license: 1, from: account(Bob), to: account(Charlie) }
    );
    let charlies =
        client.call(&ink_e2e::bob(), &licensing.licenses_of(1, account(Charlie))).dry_run().await?;
    assert_eq!(charlies.return_value(), vec![1]);
    let bobs =
        client.call(&ink_e2e::bob(), &licensing.licenses_of(1, account(Bob))).dry_run().await?;
    assert_eq!(bobs.return_value(), vec![2]);
    let charlie_licensed = licensing.is_licensed(1, account(Charlie), Use::FineTuning);
    assert!(client.call(&ink_e2e::bob(), &charlie_licensed).dry_run().await?.return_value());
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

#[e2e::test]
async fn license_slots_cannot_be_used_to_lock_a_customer_out<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a short, transferable offer (long enough for the purchases below
    // to happen inside it); Bob bought the maximum of it
    const PERIOD: Timestamp = 20_000;
    let stack: Stack = deploy_stack!(client);
    let (mut registry, mut licensing) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(PERIOD), true));
    let buy = licensing.buy(1, PRICE);
    for _ in 0..MAX_LICENSES_PER_HOLDER {
        client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    }
    let full = client.call(&ink_e2e::bob(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(
        full.return_value(),
        Err(LicensingError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER })
    );

    // when: Charlie, a griefer, buys licenses and offers them all to Dave
    for license in 9..=10 {
        client.call(&ink_e2e::charlie(), &buy).value(PRICE).submit().await?;
        let offer = licensing.transfer_license(license, Some(account(Dave)));
        client.call(&ink_e2e::charlie(), &offer).submit().await?;
    }

    // then: Dave's slots are untouched and he buys
    let daves =
        client.call(&ink_e2e::dave(), &licensing.licenses_of(1, account(Dave))).dry_run().await?;
    assert!(daves.return_value().is_empty());
    let bought = client.call(&ink_e2e::dave(), &buy).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(11));

    // and once Bob's licenses have expired they no longer lock him out
    advance_node_clock(&mut client, PERIOD + 1_500).await?;
    let again = client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    assert_eq!(again.return_value(), Ok(12));
    let bobs =
        client.call(&ink_e2e::bob(), &licensing.licenses_of(1, account(Bob))).dry_run().await?;
    assert_eq!(bobs.return_value(), vec![12], "expired licenses left the list");

    // a holder releases a license for good and gets its storage deposit back
    let released = client.call(&ink_e2e::bob(), &licensing.release_license(12)).submit().await?;
    assert_eq!(
        decode_event::<LicenseReleased>(&released.contract_emitted_events()?[0]),
        LicenseReleased { license: 12, model: 1, holder: account(Bob) }
    );
    assert!(costs_of(&released.events, account(Bob)) < 0, "the deposit came back to Bob");
    let gone = client.call(&ink_e2e::bob(), &licensing.license(12)).dry_run().await?;
    assert_eq!(gone.return_value(), None);

    // and a renewal of a deprecated model is refused
    client
        .call(&ink_e2e::alice(), &registry.set_status(1, ModelStatus::Deprecated))
        .submit()
        .await?;
    let renew =
        client.call(&ink_e2e::dave(), &licensing.renew(11, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(renew.return_value(), Err(LicensingError::ModelDeprecated { model: 1 }));
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

#[e2e::test]
async fn a_license_with_derivative_rights_lets_its_holder_register_a_fine_tune<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob holds a license that allows derivatives at 15 %; Charlie holds none
    let stack: Stack = deploy_stack!(client);
    let (mut registry, mut licensing) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(DAY), false));
    client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    let fine_tune = model_draft("gemma-mini-legal", &[1]);

    // when
    let salt = commit!(client, stack.registry, ink_e2e::charlie(), fine_tune);
    let unlicensed = registry.register(fine_tune.clone(), salt);
    let unlicensed = client.call(&ink_e2e::charlie(), &unlicensed).dry_run().await?;
    let registered = register!(client, stack.registry, ink_e2e::bob(), fine_tune)?;

    // then: the registry asked licensing, and the edge carries the license's royalty
    assert_eq!(unlicensed.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));
    assert_eq!(registered.return_value(), Ok(2));
    let parents =
        client.call(&ink_e2e::bob(), &registry.parents(2)).dry_run().await?.return_value();
    assert_eq!(parents.len(), 1);
    assert_eq!((parents[0].model, parents[0].royalty_bps), (1, 1_500));
    let owner = client.call(&ink_e2e::bob(), &registry.owner_of_model(2)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Bob)));
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

#[e2e::test]
async fn a_version_or_self_derivative_cannot_shed_its_upstream_royalty<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob's licensed fine-tune (2) owes Alice's base (1) 15 %; Bob derives
    // his own model (3) from it and registers a new version (4) of that
    let stack: Stack = deploy_stack!(client);
    let (registry, mut licensing) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(DAY), false));
    let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    let steps = [
        model_draft("gemma-mini-legal", &[1]),
        model_draft("gemma-mini-legal-merged", &[2]),
        modelmint_registry::ModelDraft {
            previous_version: Some(3),
            ..model_draft("gemma-mini-legal-merged-v2", &[])
        },
    ];
    for (step, draft) in steps.into_iter().enumerate() {
        let registered = register!(client, stack.registry, ink_e2e::bob(), draft)?;
        assert_eq!(registered.return_value(), Ok(u64::try_from(step)? + 2));
    }
    let alice_before =
        client.call(&ink_e2e::bob(), &royalties.owed_to(account(Alice))).dry_run().await?;

    // when: Charlie pays the third generation
    const PAID: Balance = 10_000;
    client.call(&ink_e2e::charlie(), &royalties.deposit(4)).value(PAID).submit().await?;

    // then: Alice's base still gets its 15 %, Bob the rest
    let alice = client.call(&ink_e2e::bob(), &royalties.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(alice.return_value() - alice_before.return_value(), 1_500);
    let bob = client.call(&ink_e2e::bob(), &royalties.owed_to(account(Bob))).dry_run().await?;
    assert_eq!(bob.return_value(), 8_500);
    let parents = client.call(&ink_e2e::bob(), &registry.parents(4)).dry_run().await?;
    let edges: Vec<(u64, u16)> =
        parents.return_value().iter().map(|link| (link.model, link.royalty_bps)).collect();
    assert_eq!(edges, vec![(1, 1_500)], "the version owes the base directly");
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}
