//! The registry pushes (issue 29): the market never asks the registry
//! anything, so after every registry write that changes what the market
//! needs (a registration, a PSP34 transfer, a status change, a ruling that
//! flags, reassigns or voids) the market's copy of the model must equal what
//! the registry says, written in the same transaction. A market wired after
//! registrations is repaired by `resync`, which anyone may call; a push from
//! anyone but the wired registry is refused.

use crate::stack::{arbiter, model_draft, Stack, E2E_DISPUTE_DEPOSIT};
use crate::support::{account, E2EResult};
use crate::{assert_reverted, deploy_market, deploy_registry, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ContractsBackend,
};
use modelmint_common::admin::{Admin, Timelock, Wiring};
use modelmint_common::market::{ModelRecord, ModelSync};
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::registry::ModelRegistry;
use modelmint_common::{EpochRange, ModelStatus, Obligation};
use modelmint_market::{Market, MarketError};
use modelmint_registry::{Registry, RegistryError, Ruling};

/// Asserts that the market at `$market` holds exactly what the registry at
/// `$registry` says of `$model` (owner, owner epoch, status, obligations,
/// voided epochs), and that this is `$expected` (owner, epoch, status);
/// evaluates to the obligations.
macro_rules! assert_synced {
    ($client:expr, $stack:expr, $model:expr, $expected:expr) => {{
        let model = $model;
        let registry = ink_e2e::create_call_builder::<Registry>($stack.registry);
        let market = ink_e2e::create_call_builder::<Market>($stack.market);
        macro_rules! read {
            ($message:expr) => {
                $client.call(&ink_e2e::eve(), &$message).dry_run().await?.return_value()
            };
        }
        let record = read!(registry.model(model)).expect("the registry knows the model");
        let owner = read!(registry.owner_of_model(model)).expect("the model has an owner");
        let epoch = read!(registry.owner_epoch(model));
        let obligations = read!(registry.obligations(model));
        assert_eq!(obligations, record.obligations);
        let known = read!(market.model(model)).expect("the market knows the model");
        let debts: Vec<Obligation> = known
            .debts
            .iter()
            .map(|debt| Obligation { ancestor: debt.ancestor, bps: debt.bps })
            .collect();
        assert_eq!(
            (known.owner, known.epoch, known.status, debts, known.voided.clone()),
            (owner, epoch, record.status, obligations.clone(), record.voided.clone()),
            "model {model}: the market's copy differs from the registry"
        );
        assert_eq!((owner, epoch, record.status), $expected, "model {model}");
        (obligations, known.voided)
    }};
}

#[e2e::test]
async fn the_markets_copy_of_a_model_equals_the_registry_after_every_change<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    use ModelStatus::{Active, Deprecated, Disputed};
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);

    // registration: an original, and a derivative owing it 10 %
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    let (owed, _) = assert_synced!(client, stack, 1, (account(Alice), 0, Active));
    assert!(owed.is_empty());
    let approve = registry.approve_derivative(1, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    register!(client, stack.registry, ink_e2e::bob(), model_draft("base-ft", &[1]))?;
    let (owed, _) = assert_synced!(client, stack, 2, (account(Bob), 0, Active));
    assert_eq!(owed, vec![Obligation { ancestor: 1, bps: 1_000 }]);

    // a PSP34 transfer, a deprecation and a reactivation
    let sale = registry.transfer(account(Charlie), Id::U64(1), Vec::new());
    client.call(&ink_e2e::alice(), &sale).submit().await?;
    assert_synced!(client, stack, 1, (account(Charlie), 1, Active));
    let deprecate = registry.set_status(1, Deprecated);
    client.call(&ink_e2e::charlie(), &deprecate).submit().await?;
    assert_synced!(client, stack, 1, (account(Charlie), 1, Deprecated));
    client.call(&ink_e2e::charlie(), &registry.set_status(1, Active)).submit().await?;
    assert_synced!(client, stack, 1, (account(Charlie), 1, Active));

    // rulings: Dave's claim on model 2 flags it, then a second one moves it
    // to him and voids the licenses sold in Bob's epoch; its obligations stay
    let raise = registry.raise_dispute(2, [0xD1; 32], "ipfs://dave/evidence".into());
    client.call(&ink_e2e::dave(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let flag = registry.resolve_dispute(1, Ruling::Uphold { reassign: false, void_from: None });
    client.call(&ink_e2e::ferdie(), &flag).submit().await?;
    assert_synced!(client, stack, 2, (account(Bob), 0, Disputed));
    client.call(&ink_e2e::dave(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let reassign = Ruling::Uphold { reassign: true, void_from: Some(0) };
    client.call(&ink_e2e::ferdie(), &registry.resolve_dispute(2, reassign)).submit().await?;
    let (owed, voided) = assert_synced!(client, stack, 2, (account(Dave), 1, Active));
    assert_eq!(owed, vec![Obligation { ancestor: 1, bps: 1_000 }]);
    assert_eq!(voided, vec![EpochRange { from: 0, to: 1 }]);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn resync_repairs_a_market_wired_after_registrations<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a registry without a market, where Alice registered model 1 and
    // sold its token to Charlie, and Bob registered model 2 owing it 10 %
    let registry_address = deploy_registry!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(registry_address);
    register!(client, registry_address, ink_e2e::alice(), model_draft("base", &[]))?;
    let approve = registry.approve_derivative(1, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    register!(client, registry_address, ink_e2e::bob(), model_draft("base-ft", &[1]))?;
    let sale = registry.transfer(account(Charlie), Id::U64(1), Vec::new());
    client.call(&ink_e2e::alice(), &sale).submit().await?;

    // when: a market is deployed and the registry wired to it
    let market_address = deploy_market!(client, registry_address, Timelock::Disabled);
    let stack = Stack { registry: registry_address, market: market_address };
    let mut market = ink_e2e::create_call_builder::<Market>(market_address);
    let wiring = Wiring { market: Some(market_address), arbiter: Some(arbiter()), registry: None };
    client.call(&ink_e2e::alice(), &registry.wire(wiring)).submit().await?;

    // then: the market knows nothing of the earlier models and sells nothing
    for model in [1, 2] {
        let known = client.call(&ink_e2e::eve(), &market.model(model)).dry_run().await?;
        assert_eq!(known.return_value(), None);
    }
    let offer = market.create_offer(1, crate::stack::commercial_offer(1_000));
    let refused = client.call(&ink_e2e::charlie(), &offer).dry_run().await?;
    assert_eq!(refused.return_value(), Err(MarketError::UnknownModel { model: 1 }));

    // when: anyone resyncs them (an unknown model is refused)
    let unknown = client.call(&ink_e2e::eve(), &registry.resync(9)).dry_run().await?;
    assert_eq!(unknown.return_value(), Err(RegistryError::UnknownModel { model: 9 }));
    for model in [1, 2] {
        client.call(&ink_e2e::eve(), &registry.resync(model)).submit().await?;
    }

    // then: the market's copies equal the registry's, and the owner sells
    assert_synced!(client, stack, 1, (account(Charlie), 1, ModelStatus::Active));
    let (owed, _) = assert_synced!(client, stack, 2, (account(Bob), 0, ModelStatus::Active));
    assert_eq!(owed, vec![Obligation { ancestor: 1, bps: 1_000 }]);
    let created = client.call(&ink_e2e::charlie(), &offer).submit().await?;
    assert_eq!(created.return_value(), Ok(1));
    // a resync of an unchanged model changes nothing
    client.call(&ink_e2e::eve(), &registry.resync(1)).submit().await?;
    let known = client.call(&ink_e2e::eve(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(known.map(|m| m.offers.len()), Some(1));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_push_from_anyone_but_the_wired_registry_is_refused<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 in the stack's market
    let stack: Stack = deploy_stack!(client);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    let before = client.call(&ink_e2e::eve(), &market.model(1)).dry_run().await?.return_value();

    // when: Eve, then the market's own administrator, push a record making
    // Eve the owner
    let forged = ModelRecord {
        kind: modelmint_common::AssetKind::Model,
        owner: account(Eve),
        epoch: 7,
        status: ModelStatus::Active,
        obligations: Vec::new(),
        voided: Vec::new(),
        escrowed: false,
    };
    let push = market.sync_model(1, forged);
    for signer in [ink_e2e::eve(), ink_e2e::alice()] {
        let refused = client.call(&signer, &push).dry_run().await?;

        // then: refused, reverted, nothing changed
        assert_eq!(refused.return_value(), Err(MarketError::NotRegistry));
        assert_reverted!(client.call(&signer, &push).submit().await);
    }
    let after = client.call(&ink_e2e::eve(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(after, before);
    assert_eq!(after.map(|m| m.owner), Some(account(Alice)));

    // and a second registry wired to this market cannot push either: its
    // registration fails with the market's refusal
    let other = deploy_registry!(client);
    let mut other_call = ink_e2e::create_call_builder::<Registry>(other);
    let wiring = Wiring { market: Some(stack.market), ..Wiring::default() };
    client.call(&ink_e2e::alice(), &other_call.wire(wiring)).submit().await?;
    let draft = model_draft("elsewhere", &[]);
    let salt = crate::commit!(client, other, ink_e2e::bob(), draft);
    let register = other_call.register(draft, salt);
    let refused = client.call(&ink_e2e::bob(), &register).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::MarketUnavailable));
    assert_reverted!(client.call(&ink_e2e::bob(), &register).submit().await);
    let supply = client.call(&ink_e2e::bob(), &other_call.total_supply()).dry_run().await?;
    assert_eq!(supply.return_value(), 0);
    let after = client.call(&ink_e2e::eve(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(after.map(|m| m.owner), Some(account(Alice)), "model 1 is still Alice's");
    Ok(())
}
