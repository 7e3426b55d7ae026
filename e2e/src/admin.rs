//! Administration on the node: every contract answers the one `Admin`
//! interface; upgrades and rewiring wait for the timelock, can be cancelled,
//! and leave everyone free to withdraw meanwhile; strangers change nothing.

use crate::stack::{costs_of, model_draft, Stack};
use crate::support::{account, advance_node_clock, decode_event, E2EResult};
use crate::{deploy_stack, register};
use ink::codegen::TraitCallBuilder;
use ink::primitives::{AccountId, Hash};
use ink_e2e::{
    AccountKeyring::{Alice, Bob},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::events::{ActionCancelled, ActionScheduled, CodeUpgraded, Rewired};
use modelmint_common::admin::{Admin, AdminAction, AdminError, Link, Timelock, Wiring};
use modelmint_common::royalties::Royalties;
use modelmint_common::{Balance, Timestamp};
use modelmint_gateway::GatewayRef;
use modelmint_registry::Registry;
use modelmint_royalties::RoyaltiesContract;

/// The timelock of the contracts in these tests: long enough to act inside it,
/// short enough to wait out.
const DELAY: Timestamp = 12_000;
const UNIT: Balance = 1_000_000_000_000;

/// The `Admin` interface of the contract at `address`, whatever it is.
fn admin_at(address: AccountId) -> ink::contract_ref!(Admin, ink::env::DefaultEnvironment) {
    address.into()
}

#[e2e::test]
async fn a_strangers_schedule_cancel_and_execute_are_refused_on_every_contract<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: the three contracts and a gateway, each with a timelock, each
    // with an upgrade scheduled by Alice
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let gateway = client
        .instantiate(
            "modelmint_gateway",
            &ink_e2e::alice(),
            &mut GatewayRef::new(stack.licensing, stack.royalties, Timelock::Delay(DELAY)),
        )
        .submit()
        .await?
        .account_id;
    let code_hash =
        client.upload("modelmint_royalties_v2", &ink_e2e::alice()).submit().await?.code_hash;
    let upgrade = AdminAction::Upgrade { code_hash };
    for address in [stack.registry, stack.royalties, stack.licensing, gateway] {
        let mut admin = admin_at(address);
        client.call(&ink_e2e::alice(), &admin.call_mut().schedule(upgrade)).submit().await?;
        let before = client.call(&ink_e2e::bob(), &admin.call().admin_state()).dry_run().await?;
        let before = before.return_value();
        assert_eq!(before.admin, Some(account(Alice)));
        assert_eq!(before.delay, DELAY);

        // when: Bob schedules, cancels and executes
        let rewire = AdminAction::Rewire {
            wiring: Wiring { registry: Some(account(Bob)), ..Wiring::default() },
        };
        let schedule = admin.call_mut().schedule(rewire);
        let cancel = admin.call_mut().cancel_scheduled();
        let execute = admin.call_mut().execute_scheduled();

        // then: each is refused with a typed error, reverts, and changes nothing
        let refused = client.call(&ink_e2e::bob(), &schedule).dry_run().await?;
        assert_eq!(refused.return_value(), Err(AdminError::NotAdmin));
        assert!(client.call(&ink_e2e::bob(), &schedule).submit().await.is_err());
        let refused = client.call(&ink_e2e::bob(), &cancel).dry_run().await?;
        assert_eq!(refused.return_value(), Err(AdminError::NotAdmin));
        assert!(client.call(&ink_e2e::bob(), &cancel).submit().await.is_err());
        let refused = client.call(&ink_e2e::bob(), &execute).dry_run().await?;
        assert_eq!(refused.return_value(), Err(AdminError::NotAdmin));
        assert!(client.call(&ink_e2e::bob(), &execute).submit().await.is_err());
        let after = client.call(&ink_e2e::bob(), &admin.call().admin_state()).dry_run().await?;
        assert_eq!(after.return_value(), before);
    }
    Ok(())
}

#[e2e::test]
async fn a_scheduled_upgrade_waits_for_its_delay_and_owed_money_can_leave_meanwhile<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: royalties with a timelock; Bob paid 2 units to Alice's model
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    let v2 =
        ink_e2e::create_call_builder::<modelmint_royalties_v2::RoyaltiesContract>(stack.royalties);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    client.call(&ink_e2e::bob(), &royalties.deposit(1)).value(2 * UNIT).submit().await?;
    let code_hash =
        client.upload("modelmint_royalties_v2", &ink_e2e::alice()).submit().await?.code_hash;
    let upgrade = AdminAction::Upgrade { code_hash };

    // when: Alice schedules the upgrade
    let scheduled = client.call(&ink_e2e::alice(), &royalties.schedule(upgrade)).submit().await?;
    let event = decode_event::<ActionScheduled>(&scheduled.contract_emitted_events()?[0]);
    // (`submit` returns the value of its dry run, which ran in the block
    // before: the event and the stored state carry the block's own time)
    assert!(scheduled.return_value().is_ok());
    let ready_at = event.scheduled.ready_at;
    assert_eq!(event.scheduled.action, upgrade);
    assert_eq!(ready_at - event.scheduled.scheduled_at, DELAY);
    let state = client.call(&ink_e2e::bob(), &royalties.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().scheduled, Some(event.scheduled));

    // then: it cannot execute before its delay ...
    let early = client.call(&ink_e2e::alice(), &royalties.execute_scheduled()).dry_run().await?;
    let early = early.return_value();
    assert!(
        matches!(early, Err(AdminError::TooEarly { ready_at: r, .. }) if r == ready_at),
        "executing early must be refused, got {early:?}"
    );
    // ... and meanwhile Alice, who does not accept it, takes her money out
    let alice_before = client.free_balance(account(Alice)).await?;
    let withdrawn = client.call(&ink_e2e::alice(), &royalties.withdraw()).submit().await?;
    let cost = costs_of(&withdrawn.events, account(Alice));
    assert_eq!(withdrawn.return_value(), Ok(2 * UNIT));
    let gained =
        i128::try_from(client.free_balance(account(Alice)).await?)? - i128::try_from(alice_before)?;
    assert_eq!(gained, i128::try_from(2 * UNIT)? - cost);

    // when: Alice cancels; then the cancelled upgrade never executes
    let cancelled = client.call(&ink_e2e::alice(), &royalties.cancel_scheduled()).submit().await?;
    assert_eq!(
        decode_event::<ActionCancelled>(&cancelled.contract_emitted_events()?[0]),
        ActionCancelled { action: upgrade }
    );
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    let after_delay =
        client.call(&ink_e2e::alice(), &royalties.execute_scheduled()).dry_run().await?;
    assert_eq!(after_delay.return_value(), Err(AdminError::NothingScheduled));
    // version 1 has no `version` message: the call is refused (or traps)
    let still_v1 = match client.call(&ink_e2e::bob(), &v2.version()).dry_run().await {
        Err(_) => true,
        Ok(answer) => answer.message_result().is_err(),
    };
    assert!(still_v1, "the cancelled upgrade must not have executed");

    // when: scheduled again and its delay has passed, it executes
    client.call(&ink_e2e::alice(), &royalties.schedule(upgrade)).submit().await?;
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    let executed = client.call(&ink_e2e::alice(), &royalties.execute_scheduled()).submit().await?;
    assert_eq!(
        decode_event::<CodeUpgraded>(&executed.contract_emitted_events()?[0]),
        CodeUpgraded { code_hash }
    );
    let version = client.call(&ink_e2e::bob(), &v2.version()).dry_run().await?;
    assert_eq!(version.return_value(), 2);
    let state = client.call(&ink_e2e::bob(), &royalties.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().scheduled, None);
    Ok(())
}

#[e2e::test]
async fn rewiring_waits_for_the_delay_and_an_upgrade_to_missing_code_changes_nothing<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a registry wired to licensing, with a timelock
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let state = client.call(&ink_e2e::bob(), &registry.admin_state()).dry_run().await?;
    let wired = state.return_value().wiring;
    assert_eq!(wired.get(Link::Licensing), Some(stack.licensing));
    let again = client.call(&ink_e2e::alice(), &registry.wire(Wiring::default())).dry_run().await?;
    assert_eq!(again.return_value(), Err(AdminError::WiringAlreadySet));

    // when: Alice schedules an unwiring of licensing and waits out the delay
    let unwired = Wiring::default();
    let rewire = AdminAction::Rewire { wiring: unwired };
    client.call(&ink_e2e::alice(), &registry.schedule(rewire)).submit().await?;
    let early = client.call(&ink_e2e::alice(), &registry.execute_scheduled()).dry_run().await?;
    assert!(matches!(early.return_value(), Err(AdminError::TooEarly { .. })));
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    let executed = client.call(&ink_e2e::alice(), &registry.execute_scheduled()).submit().await?;

    // then
    assert_eq!(
        decode_event::<Rewired>(&executed.contract_emitted_events()?[0]),
        Rewired { previous: wired, wiring: unwired }
    );
    let state = client.call(&ink_e2e::bob(), &registry.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().wiring, unwired);

    // when: an upgrade to code that is not on chain is scheduled and due
    let unknown = Hash::from([0x42; 32]);
    let upgrade = AdminAction::Upgrade { code_hash: unknown };
    client.call(&ink_e2e::alice(), &registry.schedule(upgrade)).submit().await?;
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    let execute = registry.execute_scheduled();
    let refused = client.call(&ink_e2e::alice(), &execute).dry_run().await?;

    // then: refused with a typed error, still scheduled, and the registry runs
    assert_eq!(refused.return_value(), Err(AdminError::UnknownCodeHash { code_hash: unknown }));
    assert!(client.call(&ink_e2e::alice(), &execute).submit().await.is_err());
    let state = client.call(&ink_e2e::bob(), &registry.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().scheduled.map(|s| s.action), Some(upgrade));
    let registered = register!(client, stack.registry, ink_e2e::bob(), model_draft("after", &[]))?;
    assert_eq!(registered.return_value(), Ok(1));
    Ok(())
}
