//! Selling a model's token sells the business: on the node, the registry
//! pushes the new owner to the market in the transfer itself, which settles
//! the revenue the model earned so far to whoever it was owed (the seller,
//! or the seller's split) before the buyer earns a unit; the seller's
//! offers, split and derivative approvals stop working for new business,
//! licenses already sold stay valid, every owner-only message refuses the
//! seller and accepts the buyer, and a deprecated model sells and renews no
//! license.

use crate::stack::{commercial_offer, model_draft, Stack, UNIT};
use crate::support::{account, decode_event, emitters, E2EResult};
use crate::{assert_reverted, commit, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_common::licensing::{LicenseCheck, Use};
use modelmint_common::psp34::{Id, Transfer, PSP34};
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_common::{Balance, ModelStatus};
use modelmint_market::{Distributed, Market, MarketError, OfferState};
use modelmint_registry::{Registry, RegistryError};

const PRICE: Balance = 2 * UNIT;

fn halves(first: ink::primitives::AccountId, second: ink::primitives::AccountId) -> Vec<Recipient> {
    vec![
        Recipient { account: first, share: 500_000 },
        Recipient { account: second, share: 500_000 },
    ]
}

#[e2e::test]
async fn a_token_transfer_settles_the_sellers_revenue_before_the_buyer_earns<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1, no split; Eve bought a license, so its round
    // holds the price, Alice's to collect
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("for-sale", &[]))?;
    client
        .call(&ink_e2e::alice(), &market.create_offer(1, commercial_offer(PRICE)))
        .submit()
        .await?;
    client.call(&ink_e2e::eve(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    macro_rules! read {
        ($message:expr) => {
            client.call(&ink_e2e::dave(), &$message).dry_run().await?.return_value()
        };
    }
    assert_eq!((read!(market.pending_of(1)), read!(market.owed_to(account(Alice)))), (PRICE, 0));

    // when: Alice sells the token to Bob
    let sale = registry.transfer(account(Bob), Id::U64(1), Vec::new());
    let sold = client.call(&ink_e2e::alice(), &sale).submit().await?;

    // then: in that same call the market ended the round into Alice's owed
    // balance, then the registry announced the transfer
    let emitted = sold.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market, stack.registry]);
    assert_eq!(decode_event::<Distributed>(&emitted[0]), Distributed { model: 1, amount: PRICE });
    assert_eq!(
        decode_event::<Transfer>(&emitted[1]),
        Transfer { from: Some(account(Alice)), to: Some(account(Bob)), id: Id::U64(1) }
    );
    assert_eq!((read!(market.pending_of(1)), read!(market.owed_to(account(Alice)))), (0, PRICE));
    let known = read!(market.model(1)).expect("model 1 is known");
    assert_eq!((known.owner, known.epoch, known.received), (account(Bob), 1, 0));

    // when: Bob reopens the offer and Charlie buys
    client.call(&ink_e2e::bob(), &market.set_offer_state(1, OfferState::Open)).submit().await?;
    client.call(&ink_e2e::charlie(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;

    // then: the new price is Bob's alone; Alice takes what was hers, and
    // nothing of the model's round
    assert_eq!(
        (read!(market.pending_of(1)), read!(market.owed_to(account(Alice)))),
        (PRICE, PRICE)
    );
    let not_hers = client.call(&ink_e2e::alice(), &market.withdraw(vec![1])).dry_run().await?;
    assert_eq!(not_hers.return_value(), Err(MarketError::NotPayee { model: 1 }));
    let alices = client.call(&ink_e2e::alice(), &market.withdraw(Vec::new())).submit().await?;
    assert_eq!(alices.return_value(), Ok(PRICE));
    let bobs = client.call(&ink_e2e::bob(), &market.withdraw(vec![1])).submit().await?;
    assert_eq!(bobs.return_value(), Ok(PRICE));
    let solvency = read!(market.solvency());
    assert_eq!(solvency.liabilities, 0);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_sale_moves_the_business_to_the_buyer_and_leaves_sold_licenses_valid<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 with an offer, a 50/50 split with Dave, and an
    // approval for Bob to register a derivative; Eve bought a license
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("for-sale", &[]))?;
    client
        .call(&ink_e2e::alice(), &market.create_offer(1, commercial_offer(PRICE)))
        .submit()
        .await?;
    let split = market.set_split(1, halves(account(Alice), account(Dave)));
    client.call(&ink_e2e::alice(), &split).submit().await?;
    for recipient in [ink_e2e::alice(), ink_e2e::dave()] {
        client.call(&recipient, &market.accept_split(1)).submit().await?;
    }
    let approve = registry.approve_derivative(1, account(Bob), Some(500));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    let buy = market.buy(1, 1, PRICE);
    client.call(&ink_e2e::eve(), &buy).value(PRICE).submit().await?;

    // when: Alice sells the token to Charlie
    let sale = registry.transfer(account(Charlie), Id::U64(1), Vec::new());
    client.call(&ink_e2e::alice(), &sale).submit().await?;

    // then: the seller's offer sells nothing, not even a renewal ...
    let epoch = client.call(&ink_e2e::eve(), &registry.owner_epoch(1)).dry_run().await?;
    assert_eq!(epoch.return_value(), 1);
    let stale = MarketError::OfferOfPreviousOwner { offer: 1 };
    let bought = client.call(&ink_e2e::bob(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(stale.clone()));
    // submitted, the purchase fails on chain and keeps nothing of Bob's payment
    let bob_before = client.free_balance(account(Bob)).await?;
    let market_before = client.free_balance(stack.market).await?;
    assert_reverted!(client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await);
    let bob_spent = bob_before - client.free_balance(account(Bob)).await?;
    assert!(bob_spent < PRICE / 100, "Bob lost {bob_spent}: more than a failed call's fee");
    assert_eq!(client.free_balance(stack.market).await?, market_before);
    let bobs = client.call(&ink_e2e::bob(), &market.licenses_of(1, account(Bob))).dry_run().await?;
    assert!(bobs.return_value().is_empty(), "a failed purchase leaves Bob no license");
    let renewal = market.renew(1, PRICE);
    let renewed = client.call(&ink_e2e::eve(), &renewal).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(stale));
    // ... the license Eve bought is still valid ...
    let check = market.is_licensed(1, account(Eve), Use::CommercialInference);
    assert!(client.call(&ink_e2e::eve(), &check).dry_run().await?.return_value());
    // ... the seller's approval no longer lets Bob derive ...
    let derivative = model_draft("for-sale-ft", &[1]);
    let salt = commit!(client, stack.registry, ink_e2e::bob(), derivative);
    let derive = registry.register(derivative.clone(), salt);
    let refused = client.call(&ink_e2e::bob(), &derive).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));
    let approval = registry.derivative_approval(1, account(Bob));
    assert_eq!(client.call(&ink_e2e::bob(), &approval).dry_run().await?.return_value(), None);
    // ... and the seller's split gets nothing deposited after the sale:
    // Eve's purchase was split between Alice and Dave when the token moved,
    // the next unit is Charlie's round
    client.call(&ink_e2e::eve(), &market.deposit(1)).value(UNIT).submit().await?;
    for (who, expected) in [(Alice, PRICE / 2), (Dave, PRICE / 2), (Charlie, 0)] {
        let owed = client.call(&ink_e2e::eve(), &market.owed_to(account(who))).dry_run().await?;
        assert_eq!(owed.return_value(), expected, "{who:?}");
    }
    let pending = client.call(&ink_e2e::eve(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(pending.return_value(), UNIT);

    // when / then: every owner-only message refuses the seller and changes nothing
    // (`answer!` dry-runs a message as a signer and evaluates to its result)
    macro_rules! answer {
        ($signer:expr, $message:expr) => {
            client.call(&$signer, &$message).dry_run().await?.return_value()
        };
    }
    let not_owner = Err(RegistryError::NotModelOwner { model: 1, owner: account(Charlie) });
    let set_uri = registry.set_uri(1, "ipfs://for-sale/card-v2.md".into());
    let freeze = registry.freeze_metadata(1);
    assert_eq!(answer!(ink_e2e::alice(), set_uri), not_owner);
    assert_eq!(answer!(ink_e2e::alice(), freeze), not_owner);
    assert_eq!(
        answer!(ink_e2e::alice(), registry.set_status(1, ModelStatus::Deprecated)),
        not_owner
    );
    let approve_alice = registry.approve_derivative(1, account(Alice), Some(1));
    assert_eq!(answer!(ink_e2e::alice(), approve_alice), not_owner);
    let not_owner = MarketError::NotModelOwner { model: 1, owner: account(Charlie) };
    let created = market.create_offer(1, commercial_offer(PRICE));
    let created = client.call(&ink_e2e::alice(), &created).dry_run().await?;
    assert_eq!(created.return_value(), Err(not_owner.clone()));
    let reopen = market.set_offer_state(1, OfferState::Open);
    let reopened = client.call(&ink_e2e::alice(), &reopen).dry_run().await?;
    assert_eq!(reopened.return_value(), Err(not_owner.clone()));
    let not_owner = Err(not_owner);
    let resplit = market.set_split(1, halves(account(Alice), account(Bob)));
    assert_eq!(answer!(ink_e2e::alice(), resplit), not_owner);
    let clear = market.clear_split(1);
    assert_eq!(answer!(ink_e2e::alice(), clear), not_owner);
    let collect = market.withdraw(vec![1]);
    assert_eq!(answer!(ink_e2e::alice(), collect), Err(MarketError::NotPayee { model: 1 }));

    // and accepts the buyer: Charlie reopens the offer and is paid for it
    assert_eq!(answer!(ink_e2e::charlie(), set_uri), Ok(()));
    assert_eq!(answer!(ink_e2e::charlie(), freeze), Ok(()));
    let resplit = market.set_split(1, halves(account(Charlie), account(Bob)));
    assert_eq!(answer!(ink_e2e::charlie(), resplit), Ok(()));
    assert_eq!(answer!(ink_e2e::charlie(), clear), Ok(()));
    assert_eq!(answer!(ink_e2e::charlie(), market.create_offer(1, commercial_offer(PRICE))), Ok(2));
    client.call(&ink_e2e::charlie(), &reopen).submit().await?;
    let bought = client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(2));
    let pending = client.call(&ink_e2e::eve(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(pending.return_value(), UNIT + PRICE);
    let collected = client.call(&ink_e2e::charlie(), &collect).submit().await?;
    assert_eq!(collected.return_value(), Ok(UNIT + PRICE));
    let approve = registry.approve_derivative(1, account(Bob), Some(500));
    client.call(&ink_e2e::charlie(), &approve).submit().await?;
    let derived = client.call(&ink_e2e::bob(), &derive).submit().await?;
    assert_eq!(derived.return_value(), Ok(2));

    // finally: once Charlie deprecates the model, nothing is bought or renewed
    let deprecate = registry.set_status(1, ModelStatus::Deprecated);
    client.call(&ink_e2e::charlie(), &deprecate).submit().await?;
    let deprecated = MarketError::ModelDeprecated { model: 1 };
    let bought = client.call(&ink_e2e::dave(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(deprecated.clone()));
    let renewed = client.call(&ink_e2e::eve(), &renewal).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(deprecated));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
