//! Hostile counterparts. The ModelMint contracts call only addresses their
//! administrators wired (registry → market, gateway → market) or that a user
//! chose to call them from; the market calls no contract at all, and its
//! payouts are plain balance transfers, which run no code. These tests put
//! the `modelmint-hostile` fixture in the two places a hostile contract can
//! sit: a registry's wired "market" that tries to re-enter the registry while
//! answering `derivative_royalty`, and a split recipient that tries to
//! withdraw twice.

use crate::stack::{model_draft, Stack, E2E_COMMIT_WINDOW};
use crate::support::{account, seal_blocks, E2EResult};
use crate::{assert_reverted, commit, deploy_registry, deploy_stack, register};
use ink_e2e::{AccountKeyring::Alice, ChainBackend, ContractsBackend};
use modelmint_common::admin::{Admin, Wiring};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::ModelRegistry;
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_common::Balance;
use modelmint_hostile::{Hostile, HostileRef, SQUATTED_HASH};
use modelmint_market::{Market, MarketError};
use modelmint_registry::{Registry, RegistryError};

#[e2e::test]
async fn a_wired_market_cannot_reenter_the_registry<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a registry whose administrator wired the hostile contract as its
    // market (it accepts the registry's pushes); Alice's model 1
    let registry = deploy_registry!(client);
    let hostile = client
        .instantiate("modelmint_hostile", &ink_e2e::alice(), &mut HostileRef::new(true))
        .submit()
        .await?
        .account_id;
    let mut call = ink_e2e::create_call_builder::<Registry>(registry);
    let mut hostile_call = ink_e2e::create_call_builder::<Hostile>(hostile);
    let wiring = Wiring { market: Some(hostile), ..Wiring::default() };
    client.call(&ink_e2e::alice(), &call.wire(wiring)).submit().await?;
    register!(client, registry, ink_e2e::alice(), model_draft("base", &[]))?;
    // the hostile contract holds a valid commitment to the root it squats, so
    // only the re-entry itself can stop it
    client.call(&ink_e2e::bob(), &hostile_call.commit_squat(registry)).submit().await?;
    seal_blocks(&mut client, E2E_COMMIT_WINDOW.min_blocks).await?;

    // when: Bob registers a derivative he has no approval for, so the registry
    // asks the hostile contract, which calls `register` back in the registry
    let salt = commit!(client, registry, ink_e2e::bob(), model_draft("base-ft", &[1]));
    let derivative = call.register(model_draft("base-ft", &[1]), salt);
    let refused = client.call(&ink_e2e::bob(), &derivative).dry_run().await?;
    let submitted = client.call(&ink_e2e::bob(), &derivative).submit().await;

    // then: the re-entrant call was denied, the hostile answer trapped, and the
    // registry is unchanged
    assert_eq!(refused.return_value(), Err(RegistryError::MarketUnavailable));
    assert_reverted!(submitted);
    let supply = client.call(&ink_e2e::bob(), &call.total_supply()).dry_run().await?;
    assert_eq!(supply.return_value(), 1);
    let squatted = call.model_id_by_hash(SQUATTED_HASH);
    let squatted = client.call(&ink_e2e::bob(), &squatted).dry_run().await?;
    assert_eq!(squatted.return_value(), None);

    // controls: the same `register` call made directly (not re-entrant) works
    // (its push reaches the hostile contract, which allowed that call back),
    // and without the re-entry attempt the wired contract's answer is honoured
    let squat = client.call(&ink_e2e::bob(), &hostile_call.squat(registry)).submit().await?;
    assert_eq!(squat.return_value(), Some(2));
    client.call(&ink_e2e::alice(), &hostile_call.set_reenter(false)).submit().await?;
    let registered = client.call(&ink_e2e::bob(), &derivative).submit().await?;
    assert_eq!(registered.return_value(), Ok(3));
    let parents = client.call(&ink_e2e::bob(), &call.parents(3)).dry_run().await?.return_value();
    assert_eq!(parents.iter().map(|p| (p.model, p.royalty_bps)).collect::<Vec<_>>(), [(1, 0)]);
    let owed = client.call(&ink_e2e::bob(), &call.obligations(3)).dry_run().await?;
    assert!(owed.return_value().is_empty(), "a 0 % edge to an original owes nothing");
    Ok(())
}

#[e2e::test]
async fn a_split_recipient_contract_cannot_withdraw_twice<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: model 1's revenue split 50/50 between the hostile contract and
    // Alice, and 1 000 001 units deposited
    const AMOUNT: Balance = 1_000_001;
    let stack: Stack = deploy_stack!(client);
    let registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    let hostile = client
        .instantiate("modelmint_hostile", &ink_e2e::alice(), &mut HostileRef::new(false))
        .submit()
        .await?
        .account_id;
    let mut hostile_call = ink_e2e::create_call_builder::<Hostile>(hostile);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("shared", &[]))?;
    let split = vec![
        Recipient { account: hostile, share: 500_000 },
        Recipient { account: account(Alice), share: 500_000 },
    ];
    client.call(&ink_e2e::alice(), &market.set_split(1, split)).submit().await?;
    client.call(&ink_e2e::bob(), &market.deposit(1)).value(AMOUNT).submit().await?;
    // the hostile contract never accepted the split: anyone distributes for it
    client.call(&ink_e2e::bob(), &market.distribute(1)).submit().await?;
    let hostile_before = client.free_balance(hostile).await?;
    let market_before = client.free_balance(stack.market).await?;

    // when: the hostile contract withdraws twice in one call
    let drained = client.call(&ink_e2e::bob(), &hostile_call.drain(stack.market)).submit().await?;

    // then: it got its share once (the odd unit went to the first recipient),
    // and the ledger still holds exactly Alice's share
    assert_eq!(drained.return_value(), (Ok(500_001), Err(MarketError::NothingOwed)));
    assert_eq!(client.free_balance(hostile).await?, hostile_before + 500_001);
    assert_eq!(client.free_balance(stack.market).await?, market_before - 500_001);
    let solvency = client.call(&ink_e2e::bob(), &market.solvency()).dry_run().await?;
    assert_eq!(solvency.return_value().liabilities, 500_000);
    let alices = client.call(&ink_e2e::bob(), &market.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(alices.return_value(), 500_000);
    let owner = client.call(&ink_e2e::bob(), &registry.owner_of_model(1)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Alice)));
    crate::assert_ledger_sound!(client, stack.market, hostile);
    Ok(())
}
