//! Licensing on a real node: purchases that pay exactly the price into the
//! model's revenue in one market frame, typed refusals that move no funds,
//! expiry on the node's clock, renewal, transfers held in escrow until
//! accepted, license slots nobody can fill for another, and derivative rights
//! whose upstream share no later registration can shed.

use crate::stack::{costs_of, model_draft, offer_terms, Stack, DAY, UNIT};
use crate::support::{
    account, advance_node_clock, decode_event, emitters, frames, E2EResult, Frame,
};
use crate::{assert_reverted, commit, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave},
    ChainBackend, ContractsBackend,
};
use modelmint_common::licensing::{DerivativeRights, LicenseCheck, LicenseDuration, Use};
use modelmint_common::registry::ModelRegistry;
use modelmint_common::royalties::Royalties;
use modelmint_common::{Balance, ModelStatus, Obligation, Timestamp};
use modelmint_market::{
    Debt, Deposited, LicenseReleased, LicenseRenewed, LicenseSold, LicenseTransferOffered,
    LicenseTransferred, Market, MarketError, OfferState, OfferTerms, UpstreamCut,
    MAX_LICENSES_PER_HOLDER,
};
use modelmint_registry::{Registry, RegistryError};

/// One unit of the dev chain's token (12 decimals).
const PRICE: Balance = 3 * UNIT;
/// What a license of [`terms`] permits.
const USES: [Use; 2] = [Use::CommercialInference, Use::FineTuning];

/// Commercial inference and fine-tuning, derivatives owing 15 %.
fn terms(duration: LicenseDuration, transferable: bool) -> OfferTerms {
    offer_terms(PRICE, duration, &USES, Some(1_500), transferable)
}

/// Alice registers model 1 on `stack` and publishes `offer` as offer 1;
/// evaluates to the registry's and the market's call builders.
macro_rules! model_with_offer {
    ($client:expr, $stack:expr, $offer:expr) => {{
        let registry = ink_e2e::create_call_builder::<Registry>($stack.registry);
        let mut market = ink_e2e::create_call_builder::<Market>($stack.market);
        $crate::register!(
            $client,
            $stack.registry,
            ink_e2e::alice(),
            model_draft("gemma-mini", &[])
        )
        .expect("registering the model failed");
        let created = $client
            .call(&ink_e2e::alice(), &market.create_offer(1, $offer))
            .submit()
            .await
            .expect("creating the offer failed");
        assert_eq!(created.return_value(), Ok(1));
        (registry, market)
    }};
}

#[e2e::test]
async fn a_purchase_pays_exactly_the_price_into_the_models_revenue_in_one_frame<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let stack: Stack = deploy_stack!(client);
    let (_registry, mut market) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(30 * DAY), false));
    let bob_before = client.free_balance(account(Bob)).await?;
    let market_before = client.free_balance(stack.market).await?;
    let registry_before = client.free_balance(stack.registry).await?;

    // when
    let bought =
        client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;

    // then: Bob paid the price plus fees and storage deposit, not a unit more,
    // into the market, which credited it to the model's round in the same
    // frame: the owner, without a split, collects it with a withdrawal
    let bob_after = client.free_balance(account(Bob)).await?;
    let costs = costs_of(&bought.events, account(Bob));
    assert_eq!(i128::try_from(bob_before - bob_after)?, i128::try_from(PRICE)? + costs);
    assert_eq!(client.free_balance(stack.market).await? - market_before, PRICE);
    assert_eq!(client.free_balance(stack.registry).await?, registry_before);
    assert_eq!(bought.message_result(), Ok(Ok(1)));
    let pending = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(pending.return_value(), PRICE, "the model's round holds the price");
    let owed = client.call(&ink_e2e::bob(), &market.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), 0, "nothing settled: the round is the owner's to collect");

    // and the purchase ran in the market alone: one frame, no desk, no
    // registry, one event
    assert_eq!(frames(&bought.events), vec![Frame::Called { contract: stack.market }]);
    let emitted = bought.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market]);
    let license = client
        .call(&ink_e2e::bob(), &market.license(1))
        .dry_run()
        .await?
        .return_value()
        .expect("license 1 exists");
    assert_eq!(
        decode_event::<LicenseSold>(&emitted[0]),
        LicenseSold {
            model: 1,
            license: 1,
            offer: 1,
            holder: account(Bob),
            price: PRICE,
            expires_at: Some(license.start + 30 * DAY),
            upstream: Vec::new(),
        }
    );
    assert_eq!(emitted[0].topics.len(), 2, "the signature and the model");
    assert_eq!((license.holder, license.total_paid, license.epoch), (account(Bob), PRICE, 0));
    for (use_, expected) in [(Use::CommercialInference, true), (Use::Redistribution, false)] {
        let licensed = client
            .call(&ink_e2e::charlie(), &market.is_licensed(1, account(Bob), use_))
            .dry_run()
            .await?;
        assert_eq!(licensed.return_value(), expected);
    }

    // the owner collects the round, to the unit
    let alice_before = client.free_balance(account(Alice)).await?;
    let collected = client.call(&ink_e2e::alice(), &market.withdraw(vec![1])).submit().await?;
    assert_eq!(collected.message_result(), Ok(Ok(PRICE)));
    let gained =
        i128::try_from(client.free_balance(account(Alice)).await?)? - i128::try_from(alice_before)?;
    assert_eq!(gained, i128::try_from(PRICE)? - costs_of(&collected.events, account(Alice)));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn refused_purchases_return_typed_errors_and_move_no_funds<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a capped offer with one license left, a paused second offer, a
    // closed third one, and Alice's model 2
    let stack: Stack = deploy_stack!(client);
    let capped = OfferTerms { cap: Some(1), ..terms(LicenseDuration::Perpetual, false) };
    let (_registry, mut market) = model_with_offer!(client, stack, capped);
    for state in [OfferState::Paused, OfferState::Closed] {
        let offer = market.create_offer(1, terms(LicenseDuration::Perpetual, false));
        let created = client.call(&ink_e2e::alice(), &offer).submit().await?.return_value();
        let created = created.expect("the offer is created");
        client.call(&ink_e2e::alice(), &market.set_offer_state(created, state)).submit().await?;
    }
    register!(client, stack.registry, ink_e2e::alice(), model_draft("gemma-other", &[]))?;
    let bob_before = client.free_balance(account(Bob)).await?;
    let market_before = client.free_balance(stack.market).await?;

    // when / then: each bad purchase is refused with its error
    let cases: [((u64, u64), Balance, Balance, MarketError); 8] = [
        (
            (1, 1),
            PRICE,
            PRICE - 1,
            MarketError::InsufficientPayment { required: PRICE, paid: PRICE - 1 },
        ),
        (
            (1, 1),
            2 * PRICE,
            PRICE + 1,
            MarketError::Overpayment { required: PRICE, paid: PRICE + 1 },
        ),
        (
            (1, 1),
            PRICE - 1,
            PRICE,
            MarketError::PriceAboveMaximum { price: PRICE, max_price: PRICE - 1 },
        ),
        ((1, 2), PRICE, PRICE, MarketError::OfferPaused { offer: 2 }),
        ((1, 3), PRICE, PRICE, MarketError::OfferClosed { offer: 3 }),
        ((1, 9), PRICE, PRICE, MarketError::UnknownOffer { offer: 9 }),
        // the buyer names the model: another model's offer does not sell it
        ((2, 1), PRICE, PRICE, MarketError::UnknownOffer { offer: 1 }),
        ((9, 1), PRICE, PRICE, MarketError::UnknownModel { model: 9 }),
    ];
    for ((model, offer), max_price, paid, expected) in cases {
        let buy = market.buy(model, offer, max_price);
        let dry_run = client.call(&ink_e2e::bob(), &buy).value(paid).dry_run().await?;
        assert_eq!(dry_run.return_value(), Err(expected));
        assert_reverted!(client.call(&ink_e2e::bob(), &buy).value(paid).submit().await);
    }
    // A reverted extrinsic still costs its fee (about 0.002 units each here),
    // nothing more: every attempted payment was at least PRICE - 1 (almost 3
    // units), so any payment kept would show far above this bound.
    let bob_spent = bob_before - client.free_balance(account(Bob)).await?;
    assert!(bob_spent < UNIT / 20, "Bob lost {bob_spent}: more than the failed calls' fees");
    assert_eq!(client.free_balance(stack.market).await?, market_before);
    let solvency = client.call(&ink_e2e::bob(), &market.solvency()).dry_run().await?;
    assert_eq!(solvency.return_value().liabilities, 0);

    // the last license sells, then the cap refuses Charlie
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    let buy = market.buy(1, 1, PRICE);
    let capped = client.call(&ink_e2e::charlie(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(capped.return_value(), Err(MarketError::CapReached { cap: 1 }));
    let offer = client.call(&ink_e2e::bob(), &market.offer(1)).dry_run().await?.return_value();
    assert_eq!(offer.map(|o| (o.sold, o.state)), Some((1, OfferState::Open)));
    let reopen = market.set_offer_state(2, OfferState::Open);
    let by_stranger = client.call(&ink_e2e::bob(), &reopen).dry_run().await?;
    assert_eq!(
        by_stranger.return_value(),
        Err(MarketError::NotModelOwner { model: 1, owner: account(Alice) })
    );
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_license_expires_on_the_node_clock_and_renewal_restores_it<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a 4-second license
    const PERIOD: Timestamp = 4_000;
    let stack: Stack = deploy_stack!(client);
    let (_, mut market) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(PERIOD), false));
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    let is_licensed = market.is_licensed(1, account(Bob), Use::CommercialInference);
    assert!(client.call(&ink_e2e::bob(), &is_licensed).dry_run().await?.return_value());

    // when: the node's clock passes the expiry
    advance_node_clock(&mut client, PERIOD + 1_500).await?;

    // then: expired, and renewable at the offer's price
    assert!(!client.call(&ink_e2e::bob(), &is_licensed).dry_run().await?.return_value());
    let expired = client
        .call(&ink_e2e::bob(), &market.license(1))
        .dry_run()
        .await?
        .return_value()
        .expect("license 1 exists");
    let short = client.call(&ink_e2e::bob(), &market.renew(1, PRICE)).value(1).dry_run().await?;
    assert_eq!(
        short.return_value(),
        Err(MarketError::InsufficientPayment { required: PRICE, paid: 1 })
    );
    let by_stranger =
        client.call(&ink_e2e::charlie(), &market.renew(1, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(by_stranger.return_value(), Err(MarketError::NotHolder { license: 1 }));
    let renewed =
        client.call(&ink_e2e::bob(), &market.renew(1, PRICE)).value(PRICE).submit().await?;
    let emitted = renewed.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market]);
    let event = decode_event::<LicenseRenewed>(&emitted[0]);
    let old_expiry = expired.expires_at.expect("a timed license");
    assert_eq!((event.model, event.license, event.price), (1, 1, PRICE));
    // renewed from the renewal's block time, which is past the old expiry:
    // exactly one period from then
    let renewed_at = crate::support::block_time(&renewed.events).await;
    assert!(renewed_at >= old_expiry, "the license had expired when it was renewed");
    assert_eq!(event.expires_at, renewed_at + PERIOD);
    let stored = client.call(&ink_e2e::bob(), &market.license(1)).dry_run().await?;
    assert_eq!(stored.return_value().and_then(|l| l.expires_at), Some(renewed_at + PERIOD));
    assert!(client.call(&ink_e2e::bob(), &is_licensed).dry_run().await?.return_value());
    let pending = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(pending.return_value(), 2 * PRICE);
    let license = client.call(&ink_e2e::bob(), &market.license(1)).dry_run().await?;
    assert_eq!(license.return_value().map(|l| l.total_paid), Some(2 * PRICE));

    // and once the offer is closed, a renewal is refused
    let close = market.set_offer_state(1, OfferState::Closed);
    client.call(&ink_e2e::alice(), &close).submit().await?;
    let closed =
        client.call(&ink_e2e::bob(), &market.renew(1, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(closed.return_value(), Err(MarketError::OfferClosed { offer: 1 }));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_license_offered_to_another_is_in_escrow_until_accepted<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob holds a transferable license (1) for commercial inference
    // and fine-tuning, and a non-transferable research license (2)
    let stack: Stack = deploy_stack!(client);
    let (_registry, mut market) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(DAY), true));
    let research = offer_terms(PRICE, LicenseDuration::Perpetual, &[Use::Research], None, false);
    client.call(&ink_e2e::alice(), &market.create_offer(1, research)).submit().await?;
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    client.call(&ink_e2e::bob(), &market.buy(1, 2, PRICE)).value(PRICE).submit().await?;
    let fine_tune = market.is_licensed(1, account(Bob), Use::FineTuning);
    let derive = market.derivative_royalty(1, account(Bob));
    macro_rules! read {
        ($message:expr) => {
            client.call(&ink_e2e::dave(), &$message).dry_run().await?.return_value()
        };
    }

    // when / then: only the holder offers, only a transferable license moves
    let to_alice = market.transfer_license(1, Some(account(Alice)));
    let refused = client.call(&ink_e2e::charlie(), &to_alice).dry_run().await?;
    assert_eq!(refused.return_value(), Err(MarketError::NotHolder { license: 1 }));
    let locked = market.transfer_license(2, Some(account(Charlie)));
    let locked = client.call(&ink_e2e::bob(), &locked).dry_run().await?;
    assert_eq!(locked.return_value(), Err(MarketError::NotTransferable { license: 2 }));
    let to_self = market.transfer_license(1, Some(account(Bob)));
    assert_eq!(
        client.call(&ink_e2e::bob(), &to_self).dry_run().await?.return_value(),
        Err(MarketError::TransferToSelf)
    );

    // when: Bob offers license 1 to Charlie
    let to_charlie = market.transfer_license(1, Some(account(Charlie)));
    let offered = client.call(&ink_e2e::bob(), &to_charlie).submit().await?;

    // then: it is in escrow: still Bob's, granting him nothing, Charlie's
    // only once he accepts
    assert_eq!(
        decode_event::<LicenseTransferOffered>(&offered.contract_emitted_events()?[0]),
        LicenseTransferOffered { license: 1, from: account(Bob), to: Some(account(Charlie)) }
    );
    assert_eq!(read!(market.transfer_offer(1)), Some(account(Charlie)));
    assert_eq!(read!(market.license(1)).map(|l| l.holder), Some(account(Bob)));
    assert_eq!(read!(market.licenses_of(1, account(Bob))), vec![2]);
    assert!(!read!(fine_tune), "an escrowed license grants its holder nothing");
    assert_eq!(read!(derive), None);

    // when: Bob takes the offer back, then makes it again
    let back = market.transfer_license(1, None);
    client.call(&ink_e2e::bob(), &back).submit().await?;
    assert_eq!(read!(market.licenses_of(1, account(Bob))), vec![2, 1]);
    assert!(read!(fine_tune));
    assert_eq!(read!(derive), Some(1_500));
    let nothing = client.call(&ink_e2e::bob(), &back).dry_run().await?;
    assert_eq!(nothing.return_value(), Err(MarketError::NoTransferOffer { license: 1 }));
    client.call(&ink_e2e::bob(), &to_charlie).submit().await?;

    // then: Dave cannot take it, Charlie accepts it
    let not_to_dave = client.call(&ink_e2e::dave(), &market.accept_license(1)).dry_run().await?;
    assert_eq!(not_to_dave.return_value(), Err(MarketError::NoTransferOffer { license: 1 }));
    let moved = client.call(&ink_e2e::charlie(), &market.accept_license(1)).submit().await?;
    assert_eq!(
        decode_event::<LicenseTransferred>(&moved.contract_emitted_events()?[0]),
        LicenseTransferred { license: 1, from: account(Bob), to: account(Charlie) }
    );
    assert_eq!(read!(market.licenses_of(1, account(Charlie))), vec![1]);
    assert_eq!(read!(market.licenses_of(1, account(Bob))), vec![2]);
    assert_eq!(read!(market.license(1)).map(|l| l.holder), Some(account(Charlie)));
    assert_eq!(read!(market.transfer_offer(1)), None);
    assert!(read!(market.is_licensed(1, account(Charlie), Use::FineTuning)));
    assert!(!read!(fine_tune));
    assert!(read!(market.is_licensed(1, account(Bob), Use::Research)));
    crate::assert_ledger_sound!(client, stack.market);
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
    let (mut registry, mut market) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(PERIOD), true));
    let buy = market.buy(1, 1, PRICE);
    for _ in 0..MAX_LICENSES_PER_HOLDER {
        client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    }
    let full = client.call(&ink_e2e::bob(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(
        full.return_value(),
        Err(MarketError::TooManyLicenses { max: MAX_LICENSES_PER_HOLDER })
    );

    // when: Charlie, a griefer, buys licenses and offers them all to Dave
    for license in 9..=10 {
        client.call(&ink_e2e::charlie(), &buy).value(PRICE).submit().await?;
        let offer = market.transfer_license(license, Some(account(Dave)));
        client.call(&ink_e2e::charlie(), &offer).submit().await?;
    }

    // then: Dave's slots are untouched and he buys
    let daves =
        client.call(&ink_e2e::dave(), &market.licenses_of(1, account(Dave))).dry_run().await?;
    assert!(daves.return_value().is_empty());
    let bought = client.call(&ink_e2e::dave(), &buy).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(11));

    // and once Bob's licenses have expired they no longer lock him out
    advance_node_clock(&mut client, PERIOD + 1_500).await?;
    let again = client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    assert_eq!(again.return_value(), Ok(12));
    let bobs = client.call(&ink_e2e::bob(), &market.licenses_of(1, account(Bob))).dry_run().await?;
    assert_eq!(bobs.return_value(), vec![12], "expired licenses left the list");

    // a holder releases a license for good and gets its storage deposit back
    let released = client.call(&ink_e2e::bob(), &market.release_license(12)).submit().await?;
    assert_eq!(
        decode_event::<LicenseReleased>(&released.contract_emitted_events()?[0]),
        LicenseReleased { license: 12, model: 1, holder: account(Bob) }
    );
    assert!(costs_of(&released.events, account(Bob)) < 0, "the deposit came back to Bob");
    let gone = client.call(&ink_e2e::bob(), &market.license(12)).dry_run().await?;
    assert_eq!(gone.return_value(), None);

    // and a renewal of a deprecated model is refused
    client
        .call(&ink_e2e::alice(), &registry.set_status(1, ModelStatus::Deprecated))
        .submit()
        .await?;
    let renew =
        client.call(&ink_e2e::dave(), &market.renew(11, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(renew.return_value(), Err(MarketError::ModelDeprecated { model: 1 }));
    crate::assert_ledger_sound!(client, stack.market);
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
    let (mut registry, mut market) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(DAY), false));
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    let fine_tune = model_draft("gemma-mini-legal", &[1]);

    // when
    let salt = commit!(client, stack.registry, ink_e2e::charlie(), fine_tune);
    let unlicensed = registry.register(fine_tune.clone(), salt);
    let unlicensed = client.call(&ink_e2e::charlie(), &unlicensed).dry_run().await?;
    let registered = register!(client, stack.registry, ink_e2e::bob(), fine_tune)?;

    // then: the registry asked the market, the edge carries the license's
    // royalty, and the new model owes its parent 15 % of every payment, in
    // the registry and in the market's copy
    assert_eq!(unlicensed.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));
    assert_eq!(registered.return_value(), Ok(2));
    let parents =
        client.call(&ink_e2e::bob(), &registry.parents(2)).dry_run().await?.return_value();
    assert_eq!(parents.len(), 1);
    assert_eq!((parents[0].model, parents[0].royalty_bps), (1, 1_500));
    let owed = client.call(&ink_e2e::bob(), &registry.obligations(2)).dry_run().await?;
    assert_eq!(owed.return_value(), vec![Obligation { ancestor: 1, bps: 1_500 }]);
    let known = client.call(&ink_e2e::bob(), &market.model(2)).dry_run().await?.return_value();
    let known = known.expect("the registration was pushed");
    assert_eq!(known.owner, account(Bob));
    assert_eq!(known.debts, vec![Debt { ancestor: 1, bps: 1_500, carry: 0 }]);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_version_or_self_derivative_cannot_shed_its_upstream_royalty<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob's licensed fine-tune (2) owes Alice's base (1) 15 %; Bob derives
    // his own model (3) from it (a 0 % edge: he owns 2) and registers a new
    // version (4) of that, naming no parent
    let stack: Stack = deploy_stack!(client);
    let (registry, mut market) =
        model_with_offer!(client, stack, terms(LicenseDuration::Period(DAY), false));
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
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
    let alice_before = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;

    // when: Charlie pays the third generation
    const PAID: Balance = 10_000;
    let paid = client.call(&ink_e2e::charlie(), &market.deposit(4)).value(PAID).submit().await?;

    // then: Alice's base gets its 15 % straight from model 4, Bob the rest
    let cut = UpstreamCut { ancestor: 1, amount: 1_500 };
    assert_eq!(
        decode_event::<Deposited>(&paid.contract_emitted_events()?[0]),
        Deposited { model: 4, payer: account(Charlie), amount: PAID, upstream: vec![cut] }
    );
    let alice = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(alice.return_value() - alice_before.return_value(), 1_500);
    let bob = client.call(&ink_e2e::bob(), &market.pending_of(4)).dry_run().await?;
    assert_eq!(bob.return_value(), 8_500);
    for model in [2, 3, 4] {
        let owed = client.call(&ink_e2e::bob(), &registry.obligations(model)).dry_run().await?;
        let expected = vec![Obligation { ancestor: 1, bps: 1_500 }];
        assert_eq!(owed.return_value(), expected, "model {model} owes the base directly");
    }
    let parents = client.call(&ink_e2e::bob(), &registry.parents(4)).dry_run().await?;
    assert!(parents.return_value().is_empty(), "a version names no parent");
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
