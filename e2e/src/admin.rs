//! Administration on the node: the registry, the market and a gateway answer
//! the one `Admin` interface alike (the market through its forwarding to its
//! desk, with the events and typed errors of its own address); upgrades and
//! rewiring wait for the timelock, can be cancelled, and leave everyone free
//! to withdraw meanwhile; strangers change nothing. The market's pause stops
//! only what creates new obligations: every way out keeps working.

use crate::stack::{commercial_offer, costs_of, model_draft, offer_terms, Stack, DAY, UNIT};
use crate::support::{account, advance_node_clock, decode_event, E2EResult, EmittedEvent};
use crate::{assert_reverted, deploy_gateway, deploy_stack, register};
use ink::codegen::TraitCallBuilder;
use ink::primitives::{AccountId, Hash};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::events::{
    ActionCancelled, ActionScheduled, AdminChanged, AdminProposed, AdminRenounced, CodeUpgraded,
    PauseChanged, Rewired,
};
use modelmint_common::admin::{Admin, AdminAction, AdminError, Link, Timelock, Wiring};
use modelmint_common::licensing::{LicenseCheck, LicenseDuration, Use};
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_common::{Balance, Timestamp};
use modelmint_market::{Market, MarketError, OfferState};
use modelmint_registry::Registry;

/// The timelock of the contracts in these tests: long enough to act inside it,
/// short enough to wait out.
const DELAY: Timestamp = 12_000;

/// The `Admin` interface of the contract at `address`, whatever it is.
fn admin_at(address: AccountId) -> ink::contract_ref!(Admin, ink::env::DefaultEnvironment) {
    address.into()
}

/// The one event of an administration message, checked to come from
/// `address` (for the market: its own address, though its desk ran the
/// message).
fn only_event<T: ink::env::Event + ink::scale::Decode>(
    events: &[EmittedEvent],
    address: AccountId,
) -> T {
    assert_eq!(events.len(), 1, "one event");
    assert_eq!(events[0].event.contract, address, "emitted by the contract called");
    decode_event::<T>(&events[0])
}

#[e2e::test]
async fn a_strangers_schedule_cancel_and_execute_are_refused_on_every_contract<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: the registry, the market and a gateway, each with a timelock,
    // each with an upgrade scheduled by Alice
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let gateway = deploy_gateway!(client, stack.market, Timelock::Delay(DELAY));
    let code_hash = client.upload("modelmint_market_v2", &ink_e2e::alice()).submit().await?;
    let upgrade = AdminAction::Upgrade { code_hash: code_hash.code_hash };
    for address in [stack.registry, stack.market, gateway] {
        let mut admin = admin_at(address);
        client.call(&ink_e2e::alice(), &admin.call_mut().schedule(upgrade)).submit().await?;
        let before = client.call(&ink_e2e::bob(), &admin.call().admin_state()).dry_run().await?;
        let before = before.return_value();
        assert_eq!(before.admin, Some(account(Alice)));
        assert_eq!(before.delay, DELAY);

        // when: Bob schedules, cancels and executes
        let rewire = AdminAction::Rewire { wiring: Wiring::default() };
        let schedule = admin.call_mut().schedule(rewire);
        let cancel = admin.call_mut().cancel_scheduled();
        let execute = admin.call_mut().execute_scheduled();

        // then: each is refused with a typed error, reverts, and changes nothing
        let refused = client.call(&ink_e2e::bob(), &schedule).dry_run().await?;
        assert_eq!(refused.return_value(), Err(AdminError::NotAdmin));
        assert_reverted!(client.call(&ink_e2e::bob(), &schedule).submit().await);
        let refused = client.call(&ink_e2e::bob(), &cancel).dry_run().await?;
        assert_eq!(refused.return_value(), Err(AdminError::NotAdmin));
        assert_reverted!(client.call(&ink_e2e::bob(), &cancel).submit().await);
        let refused = client.call(&ink_e2e::bob(), &execute).dry_run().await?;
        assert_eq!(refused.return_value(), Err(AdminError::NotAdmin));
        assert_reverted!(client.call(&ink_e2e::bob(), &execute).submit().await);
        let after = client.call(&ink_e2e::bob(), &admin.call().admin_state()).dry_run().await?;
        assert_eq!(after.return_value(), before);
    }
    Ok(())
}

#[e2e::test]
async fn every_admin_message_answers_alike_on_the_registry_the_market_and_a_gateway<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: the three contracts, each wired at instantiation or by its one
    // immediate `wire`, each with a timelock
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let gateway = deploy_gateway!(client, stack.market, Timelock::Delay(DELAY));
    let upgrade = AdminAction::Upgrade { code_hash: Hash::from([0x42; 32]) };
    let contracts = [
        (stack.registry, vec![Link::Market, Link::Arbiter], Link::Registry),
        (stack.market, vec![Link::Registry], Link::Arbiter),
        (gateway, vec![Link::Market], Link::Registry),
    ];
    for (address, links, unused) in contracts {
        let mut admin = admin_at(address);
        macro_rules! answer {
            ($signer:expr, $message:expr) => {
                client.call(&$signer, &$message).dry_run().await?.return_value()
            };
        }
        macro_rules! events {
            ($signer:expr, $message:expr) => {
                client.call(&$signer, &$message).submit().await?.contract_emitted_events()?
            };
        }

        // the view: Alice administers, the delay, the links used, one layout
        let view = answer!(ink_e2e::charlie(), admin.call().admin_state());
        assert_eq!((view.admin, view.proposed, view.paused), (Some(account(Alice)), None, false));
        assert_eq!((view.delay, view.scheduled), (DELAY, None));
        assert_eq!(view.links, links, "{address:?}");
        assert_eq!((view.layout_version, view.code_layout_version), (1, 1));
        view.wiring.ensure_only(&view.links).expect("only used links are wired");
        let again = admin.call_mut().wire(view.wiring);
        assert_eq!(answer!(ink_e2e::alice(), again), Err(AdminError::WiringAlreadySet));
        assert_reverted!(client.call(&ink_e2e::alice(), &again).submit().await);

        // the two-step transfer: a proposal, a refused stranger, the acceptance
        let proposed =
            events!(ink_e2e::alice(), admin.call_mut().propose_admin(Some(account(Bob))));
        let proposed: AdminProposed = only_event(&proposed, address);
        assert_eq!(proposed, AdminProposed { proposed: Some(account(Bob)) });
        let accept = admin.call_mut().accept_admin();
        assert_eq!(answer!(ink_e2e::charlie(), accept), Err(AdminError::NotProposedAdmin));
        let changed: AdminChanged = only_event(&events!(ink_e2e::bob(), accept), address);
        assert_eq!(changed, AdminChanged { previous: account(Alice), admin: account(Bob) });

        // the pause: Bob's now, not Alice's; typed when unchanged
        let pause = admin.call_mut().set_paused(true);
        assert_eq!(answer!(ink_e2e::alice(), pause), Err(AdminError::NotAdmin));
        let paused: PauseChanged = only_event(&events!(ink_e2e::bob(), pause), address);
        assert_eq!(paused, PauseChanged { paused: true });
        assert_eq!(answer!(ink_e2e::bob(), pause), Err(AdminError::PauseUnchanged));
        assert!(answer!(ink_e2e::charlie(), admin.call().admin_state()).paused);
        events!(ink_e2e::bob(), admin.call_mut().set_paused(false));

        // scheduling: a link the contract does not use is refused; one action
        // at a time; cancelled, nothing is left to execute
        let stray = Wiring { registry: None, market: None, arbiter: None };
        let stray = match unused {
            Link::Registry => Wiring { registry: Some(account(Charlie)), ..stray },
            Link::Market => Wiring { market: Some(account(Charlie)), ..stray },
            Link::Arbiter => Wiring { arbiter: Some(account(Charlie)), ..stray },
        };
        let rewire = admin.call_mut().schedule(AdminAction::Rewire { wiring: stray });
        assert_eq!(answer!(ink_e2e::bob(), rewire), Err(AdminError::UnusedLink { link: unused }));
        let schedule = admin.call_mut().schedule(upgrade);
        let scheduled: ActionScheduled = only_event(&events!(ink_e2e::bob(), schedule), address);
        assert_eq!(scheduled.scheduled.action, upgrade);
        assert_eq!(scheduled.scheduled.ready_at - scheduled.scheduled.scheduled_at, DELAY);
        let pending = AdminError::ActionPending { ready_at: scheduled.scheduled.ready_at };
        assert_eq!(answer!(ink_e2e::bob(), schedule), Err(pending));
        let cancel = admin.call_mut().cancel_scheduled();
        let cancelled: ActionCancelled = only_event(&events!(ink_e2e::bob(), cancel), address);
        assert_eq!(cancelled, ActionCancelled { action: upgrade });
        let execute = admin.call_mut().execute_scheduled();
        assert_eq!(answer!(ink_e2e::bob(), execute), Err(AdminError::NothingScheduled));

        // renouncing is for good: no administrator, no pause, ever
        let renounce = admin.call_mut().renounce_admin();
        assert_eq!(answer!(ink_e2e::alice(), renounce), Err(AdminError::NotAdmin));
        let renounced: AdminRenounced = only_event(&events!(ink_e2e::bob(), renounce), address);
        assert_eq!(renounced, AdminRenounced { previous: account(Bob) });
        let view = answer!(ink_e2e::charlie(), admin.call().admin_state());
        assert_eq!((view.admin, view.proposed, view.scheduled), (None, None, None));
        assert_eq!(answer!(ink_e2e::bob(), pause), Err(AdminError::NotAdmin));
    }
    Ok(())
}

#[e2e::test]
async fn a_scheduled_market_upgrade_waits_for_its_delay_and_owed_money_can_leave_meanwhile<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: the market with a timelock; Bob paid 2 units to Alice's model 1
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    let v2 = ink_e2e::create_call_builder::<modelmint_market_v2::Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    client.call(&ink_e2e::bob(), &market.deposit(1)).value(2 * UNIT).submit().await?;
    let code_hash =
        client.upload("modelmint_market_v2", &ink_e2e::alice()).submit().await?.code_hash;
    let upgrade = AdminAction::Upgrade { code_hash };

    // when: Alice schedules the upgrade
    let scheduled = client.call(&ink_e2e::alice(), &market.schedule(upgrade)).submit().await?;
    let event: ActionScheduled = only_event(&scheduled.contract_emitted_events()?, stack.market);
    // (`submit` returns the value of its dry run, which ran in the block
    // before: the event and the stored state carry the block's own time)
    assert!(scheduled.return_value().is_ok());
    let ready_at = event.scheduled.ready_at;
    assert_eq!(event.scheduled.action, upgrade);
    assert_eq!(ready_at - event.scheduled.scheduled_at, DELAY);
    let state = client.call(&ink_e2e::bob(), &market.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().scheduled, Some(event.scheduled));

    // then: it cannot execute before its delay ...
    let early = client.call(&ink_e2e::alice(), &market.execute_scheduled()).dry_run().await?;
    let early = early.return_value();
    assert!(
        matches!(early, Err(AdminError::TooEarly { ready_at: r, .. }) if r == ready_at),
        "executing early must be refused, got {early:?}"
    );
    // ... and meanwhile Alice, who does not accept it, takes her money out
    let alice_before = client.free_balance(account(Alice)).await?;
    let withdrawn = client.call(&ink_e2e::alice(), &market.withdraw(vec![1])).submit().await?;
    let cost = costs_of(&withdrawn.events, account(Alice));
    assert_eq!(withdrawn.return_value(), Ok(2 * UNIT));
    let gained =
        i128::try_from(client.free_balance(account(Alice)).await?)? - i128::try_from(alice_before)?;
    assert_eq!(gained, i128::try_from(2 * UNIT)? - cost);

    // when: Alice cancels; then the cancelled upgrade never executes
    let cancelled = client.call(&ink_e2e::alice(), &market.cancel_scheduled()).submit().await?;
    let cancelled: ActionCancelled =
        only_event(&cancelled.contract_emitted_events()?, stack.market);
    assert_eq!(cancelled, ActionCancelled { action: upgrade });
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    let after_delay = client.call(&ink_e2e::alice(), &market.execute_scheduled()).dry_run().await?;
    assert_eq!(after_delay.return_value(), Err(AdminError::NothingScheduled));
    // version 1 has no `version` message: the call is refused (or traps)
    let still_v1 = match client.call(&ink_e2e::bob(), &v2.version()).dry_run().await {
        Err(_) => true,
        Ok(answer) => answer.message_result().is_err(),
    };
    assert!(still_v1, "the cancelled upgrade must not have executed");

    // when: scheduled again and its delay has passed, it executes
    client.call(&ink_e2e::alice(), &market.schedule(upgrade)).submit().await?;
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    let executed = client.call(&ink_e2e::alice(), &market.execute_scheduled()).submit().await?;
    let upgraded: CodeUpgraded = only_event(&executed.contract_emitted_events()?, stack.market);
    assert_eq!(upgraded, CodeUpgraded { code_hash });
    let version = client.call(&ink_e2e::bob(), &v2.version()).dry_run().await?;
    assert_eq!(version.return_value(), 2);
    let state = client.call(&ink_e2e::bob(), &market.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().scheduled, None);
    Ok(())
}

/// The grace period of the expiry test: long enough to execute inside it
/// on a loaded machine, short enough to wait out.
const GRACE: Timestamp = 10_000;

#[e2e::test]
async fn a_scheduled_upgrade_left_past_its_grace_period_expires_and_must_be_scheduled_again<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: the market with a timelock and a short grace period, and an
    // upgrade Alice scheduled and then left unexecuted past its grace
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY), GRACE);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    let v2 = ink_e2e::create_call_builder::<modelmint_market_v2::Market>(stack.market);
    let state = client.call(&ink_e2e::bob(), &market.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().grace, GRACE);
    let code_hash =
        client.upload("modelmint_market_v2", &ink_e2e::alice()).submit().await?.code_hash;
    let upgrade = AdminAction::Upgrade { code_hash };
    let scheduled = client.call(&ink_e2e::alice(), &market.schedule(upgrade)).submit().await?;
    let first: ActionScheduled = only_event(&scheduled.contract_emitted_events()?, stack.market);
    assert_eq!(first.scheduled.expires_at, first.scheduled.ready_at + GRACE);
    advance_node_clock(&mut client, DELAY + GRACE + 2_000).await?;

    // when: Alice executes it
    let late = client.call(&ink_e2e::alice(), &market.execute_scheduled()).dry_run().await?;

    // then: refused as expired, in a dry run and on chain, and nothing changed
    let expired_at = first.scheduled.expires_at;
    assert_eq!(late.return_value(), Err(AdminError::ActionExpired { expired_at }));
    assert_reverted!(client.call(&ink_e2e::alice(), &market.execute_scheduled()).submit().await);
    let state = client.call(&ink_e2e::bob(), &market.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().scheduled, Some(first.scheduled));
    let still_v1 = match client.call(&ink_e2e::bob(), &v2.version()).dry_run().await {
        Err(_) => true,
        Ok(answer) => answer.message_result().is_err(),
    };
    assert!(still_v1, "an expired upgrade must not execute");

    // when: Alice schedules it again: the expired one is cancelled, and users
    // get the full delay again
    let again = client.call(&ink_e2e::alice(), &market.schedule(upgrade)).submit().await?;
    let events = again.contract_emitted_events()?;
    assert_eq!(events.len(), 2, "the expired action's cancellation, then the new schedule");
    assert_eq!(decode_event::<ActionCancelled>(&events[0]), ActionCancelled { action: upgrade });
    let second = decode_event::<ActionScheduled>(&events[1]).scheduled;
    assert!(second.scheduled_at > expired_at);
    assert_eq!(second.ready_at - second.scheduled_at, DELAY);
    let early = client.call(&ink_e2e::alice(), &market.execute_scheduled()).dry_run().await?;
    assert!(matches!(early.return_value(), Err(AdminError::TooEarly { .. })));

    // then: inside its new window it executes
    advance_node_clock(&mut client, DELAY + 1_000).await?;
    let executed = client.call(&ink_e2e::alice(), &market.execute_scheduled()).submit().await?;
    let upgraded: CodeUpgraded = only_event(&executed.contract_emitted_events()?, stack.market);
    assert_eq!(upgraded, CodeUpgraded { code_hash });
    let version = client.call(&ink_e2e::bob(), &v2.version()).dry_run().await?;
    assert_eq!(version.return_value(), 2);
    Ok(())
}

#[e2e::test]
async fn rewiring_waits_for_the_delay_and_an_upgrade_to_missing_code_changes_nothing<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a registry wired to the market, with a timelock
    let stack: Stack = deploy_stack!(client, Timelock::Delay(DELAY));
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    let state = client.call(&ink_e2e::bob(), &registry.admin_state()).dry_run().await?;
    let wired = state.return_value().wiring;
    assert_eq!(wired.get(Link::Market), Some(stack.market));

    // when: Alice schedules an unwiring of the market and waits out the delay
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

    // when: an upgrade to code that is not on chain is scheduled and due, on
    // the registry and on the market (whose desk runs `set_code_hash` for it)
    let unknown = Hash::from([0x42; 32]);
    let upgrade = AdminAction::Upgrade { code_hash: unknown };
    client.call(&ink_e2e::alice(), &registry.schedule(upgrade)).submit().await?;
    client.call(&ink_e2e::alice(), &market.schedule(upgrade)).submit().await?;
    advance_node_clock(&mut client, DELAY + 2_000).await?;
    for address in [stack.registry, stack.market] {
        let mut admin = admin_at(address);
        let execute = admin.call_mut().execute_scheduled();
        let refused = client.call(&ink_e2e::alice(), &execute).dry_run().await?;

        // then: refused with a typed error, still scheduled, and it runs
        let missing = AdminError::UnknownCodeHash { code_hash: unknown };
        assert_eq!(refused.return_value(), Err(missing));
        assert_reverted!(client.call(&ink_e2e::alice(), &execute).submit().await);
        let state = client.call(&ink_e2e::bob(), &admin.call().admin_state()).dry_run().await?;
        assert_eq!(state.return_value().scheduled.map(|s| s.action), Some(upgrade));
    }
    // (the unwired registry pushes nothing: the market never hears of model 1)
    let registered = register!(client, stack.registry, ink_e2e::bob(), model_draft("after", &[]))?;
    assert_eq!(registered.return_value(), Ok(1));
    let known = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?;
    assert_eq!(known.return_value(), None);
    let offer = market.create_offer(1, commercial_offer(UNIT));
    let unknown_model = client.call(&ink_e2e::bob(), &offer).dry_run().await?;
    assert_eq!(
        unknown_model.return_value(),
        Err(MarketError::UnknownModel { model: 1 }),
        "the market still answers with its own code and desk"
    );
    Ok(())
}

#[e2e::test]
async fn the_market_pause_stops_only_new_obligations_and_every_exit_works_while_paused<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 with a transferable offer and a 50/50 split with
    // Dave, who accepted it; Bob and Charlie bought a license each
    const PRICE: Balance = UNIT;
    let stack: Stack = deploy_stack!(client);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("pausable", &[]))?;
    let uses = [Use::CommercialInference, Use::FineTuning];
    let transferable = offer_terms(PRICE, LicenseDuration::Period(30 * DAY), &uses, None, true);
    client.call(&ink_e2e::alice(), &market.create_offer(1, transferable.clone())).submit().await?;
    let halves = vec![
        Recipient { account: account(Alice), share: 500_000 },
        Recipient { account: account(Dave), share: 500_000 },
    ];
    client.call(&ink_e2e::alice(), &market.set_split(1, halves.clone())).submit().await?;
    client.call(&ink_e2e::dave(), &market.accept_split(1)).submit().await?;
    let buy = market.buy(1, 1, PRICE);
    client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    client.call(&ink_e2e::charlie(), &buy).value(PRICE).submit().await?;

    // when: the administrator pauses the market
    client.call(&ink_e2e::alice(), &market.set_paused(true)).submit().await?;

    // then: whatever creates an obligation is refused, reverts, moves nothing
    let paused = Err(MarketError::Admin(AdminError::Paused));
    let solvency = client.call(&ink_e2e::eve(), &market.solvency()).dry_run().await?;
    let refused = client.call(&ink_e2e::eve(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(refused.return_value().map(drop), paused);
    assert_reverted!(client.call(&ink_e2e::eve(), &buy).value(PRICE).submit().await);
    let renew = market.renew(1, PRICE);
    let refused = client.call(&ink_e2e::bob(), &renew).value(PRICE).dry_run().await?;
    assert_eq!(refused.return_value(), paused);
    let refused = client.call(&ink_e2e::eve(), &market.deposit(1)).value(1).dry_run().await?;
    assert_eq!(refused.return_value(), paused);
    let gateway_pays = market.deposit_use(1, account(Bob), Use::CommercialInference);
    let refused = client.call(&ink_e2e::eve(), &gateway_pays).value(1).dry_run().await?;
    assert_eq!(refused.return_value(), paused);
    let offer = market.create_offer(1, transferable);
    let refused = client.call(&ink_e2e::alice(), &offer).dry_run().await?;
    assert_eq!(refused.return_value().map(drop), paused);
    let resplit = market.set_split(1, halves);
    assert_eq!(client.call(&ink_e2e::alice(), &resplit).dry_run().await?.return_value(), paused);
    let unchanged = client.call(&ink_e2e::eve(), &market.solvency()).dry_run().await?;
    assert_eq!(unchanged.return_value(), solvency.return_value());
    let check = market.is_licensed(1, account(Bob), Use::CommercialInference);
    assert!(client.call(&ink_e2e::eve(), &check).dry_run().await?.return_value(), "reads work");

    // and every way out works: a recipient withdraws its half of the round
    // and leaves, holders hand on and release licenses, the owner closes its
    // offer, anyone ends the round, the owner clears its split and takes its
    // money, and the registry's pushes (a token sale, a resync) are recorded
    macro_rules! works {
        ($signer:expr, $message:expr) => {
            client.call(&$signer, &$message).submit().await?.return_value()
        };
    }
    assert_eq!(works!(ink_e2e::dave(), market.withdraw(Vec::new())), Ok(PRICE));
    assert_eq!(works!(ink_e2e::dave(), market.leave_split(1)), Ok(()));
    assert_eq!(works!(ink_e2e::bob(), market.transfer_license(1, Some(account(Eve)))), Ok(()));
    assert_eq!(works!(ink_e2e::eve(), market.accept_license(1)), Ok(()));
    assert_eq!(works!(ink_e2e::charlie(), market.release_license(2)), Ok(()));
    assert_eq!(works!(ink_e2e::alice(), market.set_offer_state(1, OfferState::Closed)), Ok(()));
    assert_eq!(works!(ink_e2e::eve(), market.distribute(1)), Ok(()));
    assert_eq!(works!(ink_e2e::alice(), market.clear_split(1)), Ok(()));
    assert_eq!(works!(ink_e2e::alice(), market.withdraw(vec![1])), Ok(PRICE));
    let sale = registry.transfer(account(Charlie), Id::U64(1), Vec::new());
    assert_eq!(works!(ink_e2e::alice(), sale), Ok(()));
    assert_eq!(works!(ink_e2e::bob(), registry.resync(1)), Ok(()));
    let record = client.call(&ink_e2e::eve(), &market.model(1)).dry_run().await?.return_value();
    let record = record.expect("model 1 is known");
    assert_eq!((record.owner, record.epoch), (account(Charlie), 1));
    let eves = client.call(&ink_e2e::eve(), &market.licenses_of(1, account(Eve))).dry_run().await?;
    assert_eq!(eves.return_value(), vec![1]);
    let released = client.call(&ink_e2e::eve(), &market.license(2)).dry_run().await?;
    assert_eq!(released.return_value(), None);

    // when: resumed, the new owner sells again
    client.call(&ink_e2e::alice(), &market.set_paused(false)).submit().await?;
    let offer = offer_terms(PRICE, LicenseDuration::Perpetual, &uses, None, false);
    assert_eq!(works!(ink_e2e::charlie(), market.create_offer(1, offer)), Ok(2));
    let bought =
        client.call(&ink_e2e::bob(), &market.buy(1, 2, PRICE)).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(3));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
