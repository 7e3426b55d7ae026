//! An in-place upgrade chain of a live market holding real money, through its
//! administration (each upgrade is scheduled and executed by the
//! administrator; the desk runs `set_code_hash` for the market):
//!
//! - version 1 → version 2 (`modelmint-market-v2`): a new hot shell that
//!   keeps version 1's desk and layout (its own `buy` and license checks,
//!   everything else forwarded to the same desk);
//! - version 2 → version 3 (`modelmint-market-v3`): a new layout (owed
//!   balances move to a new mapping, a new root cell) with its own cold code;
//!   every state change waits for its migration, which moves balances and
//!   releases version 1's desk.
//!
//! Money is paid in, settled and withdrawn between every step, and every
//! balance is checked to the unit: each account's, the market's and the
//! ledger's. Each fixture declares its own storage types, so a change of
//! version 1's layout fails this test.

use crate::stack::{costs_of, deposits_moved, model_draft, offer_terms, Stack, UNIT};
use crate::support::{account, decode_event, E2EResult};
use crate::{deploy_stack, register};
use ink::codegen::TraitCallBuilder;
use ink::primitives::{AccountId, Hash};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::events::LayoutMigrated;
use modelmint_common::admin::{Admin, AdminAction, AdminError};
use modelmint_common::licensing::{LicenseCheck, LicenseDuration, Use};
use modelmint_common::market::MarketError;
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::Balance;
use modelmint_market::{Market, OfferTerms};
use modelmint_market_v3::AccountsMigrated;
use modelmint_registry::Registry;

const PRICE: Balance = 2 * UNIT;
/// What model 2 owes model 1 of every payment: 10 %.
const UPSTREAM: Balance = PRICE / 10;

fn perpetual_offer() -> OfferTerms {
    offer_terms(PRICE, LicenseDuration::Perpetual, &[Use::CommercialInference], None, false)
}

/// Installs the uploaded `contract`'s code over the market at `address`:
/// scheduled and executed by the administrator (the stack has no timelock;
/// the timelock itself is tested in `admin.rs`).
macro_rules! install {
    ($client:expr, $address:expr, $contract:literal) => {{
        let code_hash = $client.upload($contract, &ink_e2e::alice()).submit().await?.code_hash;
        let mut admin: ink::contract_ref!(Admin, ink::env::DefaultEnvironment) = $address.into();
        let upgrade = AdminAction::Upgrade { code_hash };
        $client.call(&ink_e2e::alice(), &admin.call_mut().schedule(upgrade)).submit().await?;
        $client.call(&ink_e2e::alice(), &admin.call_mut().execute_scheduled()).submit().await?;
    }};
}

/// Withdraws as `signer` with `call` and checks that its free balance grew by
/// exactly `expected` minus what the extrinsic cost it.
macro_rules! withdraw_exactly {
    ($client:expr, $signer:expr, $who:expr, $call:expr, $expected:expr) => {{
        let before = $client.free_balance(account($who)).await?;
        let withdrawn = $client.call(&$signer, &$call).submit().await?;
        let cost = costs_of(&withdrawn.events, account($who));
        assert_eq!(withdrawn.return_value(), Ok($expected));
        let after = $client.free_balance(account($who)).await?;
        assert_eq!(
            i128::try_from(after)? - i128::try_from(before)?,
            i128::try_from($expected)? - cost
        );
    }};
}

#[e2e::test]
async fn the_market_upgrades_v1_v2_v3_in_place_and_keeps_every_balance<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: version 1 in use. Alice's model 1; Bob's model 2 owes it 10 %.
    // Charlie bought a license of 1, Dave one of 2 (whose price passed 10 %
    // to 1); Eve ended both rounds: Alice is owed the price and 10 % of it,
    // Bob 90 %, all in version 1's owed balances.
    let stack: Stack = deploy_stack!(client);
    let address: AccountId = stack.market;
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut v1 = ink_e2e::create_call_builder::<Market>(address);
    let mut v2 = ink_e2e::create_call_builder::<modelmint_market_v2::Market>(address);
    let mut v3 = ink_e2e::create_call_builder::<modelmint_market_v3::Market>(address);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    let approve = registry.approve_derivative(1, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    register!(client, stack.registry, ink_e2e::bob(), model_draft("base-ft", &[1]))?;
    client.call(&ink_e2e::alice(), &v1.create_offer(1, perpetual_offer())).submit().await?;
    client.call(&ink_e2e::bob(), &v1.create_offer(2, perpetual_offer())).submit().await?;
    client.call(&ink_e2e::charlie(), &v1.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    client.call(&ink_e2e::dave(), &v1.buy(2, 2, PRICE)).value(PRICE).submit().await?;
    for model in [1, 2] {
        client.call(&ink_e2e::eve(), &v1.distribute(model)).submit().await?;
    }
    macro_rules! read {
        ($message:expr) => {
            client.call(&ink_e2e::eve(), &$message).dry_run().await?.return_value()
        };
    }
    let start = client.free_balance(address).await?;
    assert_eq!(read!(v1.owed_to(account(Alice))), PRICE + UPSTREAM);
    assert_eq!(read!(v1.owed_to(account(Bob))), PRICE - UPSTREAM);
    assert_eq!(read!(v1.solvency()).liabilities, 2 * PRICE);
    let desk = read!(v1.desk_code());
    let license_before = read!(v1.license(1));
    let model_before = read!(v1.model(2)).expect("model 2 is known");

    // when: version 2 is installed
    install!(client, address, "modelmint_market_v2");

    // then: it runs on version 1's storage and desk: the same desk, records,
    // licenses and balances
    assert_eq!(read!(v2.version()), 2);
    // (version 2's root has one more field: on version 1's root it reads as
    // its default, and nothing traps)
    assert_eq!(read!(v2.sales_since_upgrade()), 0);
    assert_eq!(read!(v2.desk_code()), desk);
    assert_eq!(read!(v2.license(1)), license_before);
    let model = read!(v2.model(2)).expect("model 2 is still known");
    assert_eq!((model.owner, model.epoch, model.received), (account(Bob), 0, 0));
    let debts: Vec<_> = model.debts.iter().map(|d| (d.ancestor, d.bps, d.carry)).collect();
    let debts_before: Vec<_> =
        model_before.debts.iter().map(|d| (d.ancestor, d.bps, d.carry)).collect();
    assert_eq!(debts, debts_before);
    assert_eq!(debts, vec![(1, 1_000, 0)]);
    let offers: Vec<_> = model.offers.iter().map(|slot| (slot.offer, slot.sold)).collect();
    assert_eq!(offers, vec![(2, 1)]);
    for (who, owed) in [(Alice, PRICE + UPSTREAM), (Bob, PRICE - UPSTREAM)] {
        assert_eq!(read!(v2.owed_to(account(who))), owed);
    }
    assert_eq!(read!(v2.solvency()).liabilities, 2 * PRICE);
    let view = read!(v1.admin_state());
    assert_eq!((view.layout_version, view.code_layout_version), (1, 1), "the desk's layout");

    // money moves on version 2: Alice withdraws (the desk pays), Charlie buys
    // a license of model 2 (version 2's own code credits model 1 its 10 %),
    // and Bob sells model 2's token to Eve (the registry's push reaches the
    // desk through the new shell, and settles model 2's round to Bob)
    withdraw_exactly!(client, ink_e2e::alice(), Alice, v2.withdraw(Vec::new()), PRICE + UPSTREAM);
    let bought =
        client.call(&ink_e2e::charlie(), &v2.buy(2, 2, PRICE)).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(3));
    assert_eq!(read!(v2.sales_since_upgrade()), 1, "version 2 wrote its root field");
    assert!(read!(v2.is_licensed(2, account(Charlie), Use::CommercialInference)));
    assert_eq!((read!(v2.pending_of(1)), read!(v2.pending_of(2))), (UPSTREAM, PRICE - UPSTREAM));
    let sale = registry.transfer(account(Eve), Id::U64(2), Vec::new());
    client.call(&ink_e2e::bob(), &sale).submit().await?;
    let model = read!(v2.model(2)).expect("model 2 is known");
    assert_eq!((model.owner, model.epoch, model.received), (account(Eve), 1, 0));
    assert_eq!(read!(v2.owed_to(account(Bob))), 2 * (PRICE - UPSTREAM));
    assert_eq!(read!(v2.solvency()).liabilities, UPSTREAM + 2 * (PRICE - UPSTREAM));
    assert_eq!(client.free_balance(address).await?, start + PRICE - (PRICE + UPSTREAM));
    // (the push ran in version 1's desk, which read version 2's root and
    // wrote it back with version 2's field unchanged)
    assert_eq!(read!(v2.sales_since_upgrade()), 1);

    // when: version 3 (a new layout, its own cold code) is installed
    install!(client, address, "modelmint_market_v3");

    // then: the old balances read through the fallback, state changes wait
    assert_eq!(read!(v3.version()), 3);
    assert_eq!(read!(v3.guardian()), None);
    assert_eq!(read!(v3.desk_code()), desk);
    for (who, owed) in [(Alice, 0), (Bob, 2 * (PRICE - UPSTREAM))] {
        assert_eq!(read!(v3.owed_to(account(who))), owed);
        assert!(read!(v3.in_old_layout(account(who))), "{who:?}'s balance is in layout 1");
    }
    let mismatch = MarketError::Admin(AdminError::LayoutMismatch { stored: 1, code: 2 });
    let early = client.call(&ink_e2e::bob(), &v3.withdraw(Vec::new())).dry_run().await?;
    assert_eq!(early.return_value(), Err(mismatch.clone()));
    let early = client.call(&ink_e2e::dave(), &v3.deposit(1)).value(UNIT).dry_run().await?;
    assert_eq!(early.return_value(), Err(mismatch));
    let by_stranger = client.call(&ink_e2e::dave(), &v3.migrate(Vec::new())).dry_run().await?;
    assert_eq!(by_stranger.return_value(), Err(MarketError::Admin(AdminError::NotAdmin)));

    // when: the administrator migrates: layout 2 is recorded and the lock
    // the market took on version 1's desk is released (pallet-contracts traps
    // the unlock of a dependency a contract does not hold, so this call
    // succeeds only because the market held it); then Bob's entry moves
    let migrated = client.call(&ink_e2e::alice(), &v3.migrate(Vec::new())).submit().await?;
    let events = migrated.contract_emitted_events()?;
    assert_eq!(decode_event::<LayoutMigrated>(&events[0]), LayoutMigrated { from: 1, to: 2 });
    assert_eq!(decode_event::<AccountsMigrated>(&events[1]), AccountsMigrated { moved: 0 });
    // (the lock's deposit goes back to the caller, here 0: the dev runtime's
    // `CodeHashLockupDepositPercent` is 0 %; the root keeps its size)
    assert_eq!(deposits_moved(&migrated.events, account(Alice)), (0, 0));
    assert_eq!(read!(v3.desk_code()), Hash::from([0; 32]));
    let moved = client.call(&ink_e2e::alice(), &v3.migrate(vec![account(Bob)])).submit().await?;
    let events = moved.contract_emitted_events()?;
    assert_eq!(moved.return_value(), Ok(1));
    assert_eq!(events.len(), 1, "the layout was recorded once");
    assert_eq!(decode_event::<AccountsMigrated>(&events[0]), AccountsMigrated { moved: 1 });
    assert!(!read!(v3.in_old_layout(account(Bob))));
    assert_eq!(read!(v3.owed_to(account(Bob))), 2 * (PRICE - UPSTREAM));

    // money moves on version 3 to the unit: Bob takes what he was owed, Eve
    // pays model 2 (10 % to model 1), Alice and Eve collect their rounds
    withdraw_exactly!(client, ink_e2e::bob(), Bob, v3.withdraw(Vec::new()), 2 * (PRICE - UPSTREAM));
    assert_eq!(read!(v3.withdrawn_by(account(Bob))), 2 * (PRICE - UPSTREAM));
    client.call(&ink_e2e::eve(), &v3.deposit(2)).value(UNIT).submit().await?;
    assert_eq!(
        (read!(v3.pending_of(1)), read!(v3.pending_of(2))),
        (UPSTREAM + UNIT / 10, UNIT - UNIT / 10)
    );
    withdraw_exactly!(client, ink_e2e::alice(), Alice, v3.withdraw(vec![1]), UPSTREAM + UNIT / 10);
    withdraw_exactly!(client, ink_e2e::eve(), Eve, v3.withdraw(vec![2]), UNIT - UNIT / 10);
    assert!(!read!(v3.in_old_layout(account(Alice))), "written, so moved");
    assert_eq!(read!(v3.solvency()).liabilities, 0);
    // everything paid in since the start went out again, and what was owed then
    assert_eq!(client.free_balance(address).await?, start - 2 * PRICE);
    for who in [Alice, Bob, Charlie, Dave, Eve] {
        assert_eq!(read!(v3.owed_to(account(who))), 0);
    }
    assert_eq!(read!(v3.license(1)), license_before);
    assert!(read!(v3.is_licensed(1, account(Charlie), Use::CommercialInference)));
    let state = read!(v3.admin_state());
    assert_eq!((state.layout_version, state.code_layout_version), (2, 2));
    Ok(())
}
