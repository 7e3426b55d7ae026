//! The market's revenue side on a real node, wired to a real registry:
//! deposits through the `Royalties` trait message, splits, distribution,
//! upstream shares paid per ancestor, and withdrawals that move real funds.
//!
//! Balances are checked to the last unit: the market pays no fees, so its free
//! balance moves by exactly what it receives or pays; a signer's balance moves by
//! the amount minus what the extrinsic cost it (fee, storage deposits), read from
//! the extrinsic's events.
//!
//! A refused payout is shown with `withdraw_for`, which anyone may call for a
//! recipient: paying less than the existential deposit to an account that does
//! not exist yet is refused by the chain, and the debt stays. Who may take a
//! place in a split, and who pays for which cell, is `splits.rs`.

use crate::stack::{costs_of, model_draft as draft};
use crate::support::{account, call_batch, decode_event, emitters, E2EResult};
use crate::{assert_reverted, deploy_stack, register};
use ink::primitives::AccountId;
use ink_e2e::subxt::dynamic::Value;
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::{Admin, AdminError};
use modelmint_common::royalties::{Payee, Recipient, Royalties};
use modelmint_common::split::ShareError;
use modelmint_common::Balance;
use modelmint_market::{
    Debt, Deposited, Distributed, Market, MarketError, SplitSet, Swept, UpstreamCut, Withdrawn,
    MAX_COLLECTED,
};
use modelmint_registry::Registry;

fn split(recipients: &[(AccountId, u32)]) -> Vec<Recipient> {
    recipients.iter().map(|&(account, share)| Recipient { account, share }).collect()
}

/// Deploys the stack as Alice (every payment here is a direct deposit, as a
/// gateway or a marketplace makes it); evaluates to `(registry address,
/// registry calls, market address, market calls)`.
macro_rules! deploy {
    ($client:expr) => {{
        let stack = deploy_stack!($client);
        (
            stack.registry,
            ink_e2e::create_call_builder::<Registry>(stack.registry),
            stack.market,
            ink_e2e::create_call_builder::<Market>(stack.market),
        )
    }};
}

/// Submits `$message` signed by `$signer` and expects it to succeed.
macro_rules! submit {
    ($client:expr, $signer:expr, $message:expr) => {
        $client.call(&$signer, &$message).submit().await.expect(stringify!($message))
    };
}

/// Reads `$message` with a dry run as Eve and evaluates to its return value.
macro_rules! read {
    ($client:expr, $message:expr) => {
        $client.call(&ink_e2e::eve(), &$message).dry_run().await?.return_value()
    };
}

/// What the market owes in total.
macro_rules! liabilities {
    ($client:expr, $call:expr) => {
        read!($client, $call.solvency()).liabilities
    };
}

/// Asserts that what the market can transfer covers its liabilities, and
/// that its free balance does.
macro_rules! assert_solvent {
    ($client:expr, $address:expr, $call:expr) => {{
        let solvency = read!($client, $call.solvency());
        let balance = $client.free_balance($address).await?;
        assert!(solvency.transferable >= solvency.liabilities, "insolvent: {solvency:?}");
        assert!(balance >= solvency.liabilities, "balance {balance} below {solvency:?}");
    }};
}

#[e2e::test]
async fn a_deposit_is_split_and_each_recipient_withdraws_exactly_its_share<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 with a 60/40 split between Charlie and Dave
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("llama-tiny", &[]))
        .expect("register");
    let recipients = split(&[(account(Charlie), 600_000), (account(Dave), 400_000)]);
    let set = submit!(client, ink_e2e::alice(), call.set_split(1, recipients.clone()));
    assert_eq!(
        decode_event::<SplitSet>(&set.contract_emitted_events()?[0]),
        SplitSet { model: 1, recipients }
    );
    let amount = 1_000_000_001;
    let contract_before = client.free_balance(address).await?;

    // when: Bob pays through the trait message and Eve distributes
    let deposit = client
        .call(&ink_e2e::bob(), &call.deposit(1))
        .value(amount)
        .submit()
        .await
        .expect("deposit");
    let pending = read!(client, call.pending_of(1));
    let distributed = submit!(client, ink_e2e::eve(), call.distribute(1));

    // then: the money is in the market and owed 600 000 000.6 / 400 000 000.4,
    // the leftover unit going to the larger fraction (Charlie)
    let emitted = deposit.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![address]);
    assert_eq!(
        decode_event::<Deposited>(&emitted[0]),
        Deposited { model: 1, payer: account(Bob), amount, upstream: Vec::new() }
    );
    assert_eq!(pending, amount);
    assert_eq!(client.free_balance(address).await? - contract_before, amount);
    assert_eq!(
        decode_event::<Distributed>(&distributed.contract_emitted_events()?[0]),
        Distributed { model: 1, amount }
    );
    assert_eq!(read!(client, call.owed_to(account(Charlie))), 600_000_001);
    assert_eq!(read!(client, call.owed_to(account(Dave))), 400_000_000);
    assert_eq!(read!(client, call.pending_of(1)), 0);
    assert_solvent!(client, address, call);

    // when: both withdraw
    for (signer, who, expected) in
        [(ink_e2e::charlie(), Charlie, 600_000_001u128), (ink_e2e::dave(), Dave, 400_000_000)]
    {
        let mine_before = client.free_balance(account(who)).await?;
        let contract_before = client.free_balance(address).await?;
        let withdrawal = submit!(client, signer, call.withdraw(Vec::new()));
        let mine_after = client.free_balance(account(who)).await?;
        let cost = costs_of(&withdrawal.events, account(who));

        // then: exactly the owed amount moved from the market to the recipient
        assert_eq!(
            decode_event::<Withdrawn>(&withdrawal.contract_emitted_events()?[0]),
            Withdrawn { account: account(who), amount: expected }
        );
        assert_eq!(withdrawal.return_value(), Ok(expected));
        assert_eq!(contract_before - client.free_balance(address).await?, expected);
        let received = i128::try_from(mine_after).unwrap() - i128::try_from(mine_before).unwrap();
        assert_eq!(received + cost, i128::try_from(expected).unwrap());
        assert_eq!(read!(client, call.owed_to(account(who))), 0);
        assert_solvent!(client, address, call);
    }
    // The last withdrawal emptied the ledger: nothing is locked.
    assert_eq!(liabilities!(client, call), 0);
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn money_deposited_before_a_split_change_stays_under_the_old_split<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model with all revenue to Charlie, and 1 000 deposited
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("mistral-mini", &[]))
        .expect("register");
    submit!(client, ink_e2e::alice(), call.set_split(1, split(&[(account(Charlie), 1_000_000)])));
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(1_000).submit().await.expect("deposit");

    // when: the split moves to Dave, then 500 more arrive
    let change =
        submit!(client, ink_e2e::alice(), call.set_split(1, split(&[(account(Dave), 1_000_000)])));
    // Dave accepts the split: his withdrawals now take his part of it
    submit!(client, ink_e2e::dave(), call.accept_split(1));
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(500).submit().await.expect("deposit");

    // then: the old money was settled under the old split first
    let events = change.contract_emitted_events()?;
    assert_eq!(decode_event::<Distributed>(&events[0]), Distributed { model: 1, amount: 1_000 });
    assert_eq!(read!(client, call.owed_to(account(Charlie))), 1_000);
    assert_eq!(read!(client, call.owed_to(account(Dave))), 500);
    assert_eq!(read!(client, call.pending_of(1)), 500);
    // Dave's withdrawal takes his part of the current round itself.
    let withdrawal = submit!(client, ink_e2e::dave(), call.withdraw(Vec::new()));
    assert_eq!(withdrawal.return_value(), Ok(500));
    assert_eq!(read!(client, call.pending_of(1)), 0);
    assert_eq!(liabilities!(client, call), 1_000);
    assert_solvent!(client, address, call);
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn upstream_shares_reach_every_ancestor_directly<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's base 1 <- Bob's 2 (owes 1 10 %) <- Charlie's 3 (owes 2
    // 20 %): 3 owes 2 its 20 % and, flattened in from 2, 1 its 10 %
    let (registry_address, mut registry, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("base-7b", &[])).expect("register");
    submit!(client, ink_e2e::alice(), registry.approve_derivative(1, account(Bob), Some(1_000)));
    register!(client, registry_address, ink_e2e::bob(), draft("base-7b-chat", &[1]))
        .expect("register");
    submit!(client, ink_e2e::bob(), registry.approve_derivative(2, account(Charlie), Some(2_000)));
    register!(client, registry_address, ink_e2e::charlie(), draft("base-7b-chat-q4", &[2]))
        .expect("register");
    let quote = read!(client, call.royalty_info(3, 10_001));

    // when: Eve pays 10 001 for model 3
    let deposit = client
        .call(&ink_e2e::eve(), &call.deposit(3))
        .value(10_001)
        .submit()
        .await
        .expect("deposit");

    // then: 1 gets floor(1 000.1) = 1 000 and 2 gets floor(2 000.2) = 2 000,
    // each straight from 3 (not 10 % of 2's cut: 200); 3 keeps 7 001; the
    // fractions stay with 3 as carries (0.1 and 0.2 of a unit, in 1/10 000)
    let events = deposit.contract_emitted_events()?;
    assert_eq!(events.len(), 1, "one event for the whole payment");
    let upstream = vec![
        UpstreamCut { ancestor: 1, amount: 1_000 },
        UpstreamCut { ancestor: 2, amount: 2_000 },
    ];
    assert_eq!(
        decode_event::<Deposited>(&events[0]),
        Deposited { model: 3, payer: account(Eve), amount: 10_001, upstream }
    );
    let expected = [(Charlie, 7_001), (Alice, 1_000), (Bob, 2_000)];
    assert_eq!(
        quote,
        Ok(expected.map(|(who, amount)| Payee { account: account(who), amount }).to_vec())
    );
    for (model, amount) in [(1, 1_000), (2, 2_000), (3, 7_001)] {
        assert_eq!(read!(client, call.pending_of(model)), amount, "model {model}");
    }
    let debts = read!(client, call.model(3)).expect("model 3 is known").debts;
    assert_eq!(
        debts,
        vec![
            Debt { ancestor: 1, bps: 1_000, carry: 1_000 },
            Debt { ancestor: 2, bps: 2_000, carry: 2_000 },
        ]
    );
    let withdrawal = submit!(client, ink_e2e::alice(), call.withdraw(vec![1]));
    assert_eq!(withdrawal.return_value(), Ok(1_000));
    assert_eq!(liabilities!(client, call), 9_001);
    assert_solvent!(client, address, call);
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn bad_inputs_are_refused_with_typed_errors_and_pausing_spares_withdrawals<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 without a split, 100 in its round
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("phi-nano", &[]))
        .expect("register");
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(100).submit().await.expect("deposit");

    // when / then: each bad input has its typed error
    let zero = client.call(&ink_e2e::bob(), &call.deposit(1)).dry_run().await?;
    assert_eq!(zero.return_value(), Err(MarketError::ZeroDeposit));
    let unknown = client.call(&ink_e2e::bob(), &call.deposit(99)).value(5).dry_run().await?;
    assert_eq!(unknown.return_value(), Err(MarketError::UnknownModel { model: 99 }));
    let whole = split(&[(account(Bob), 1_000_000)]);
    let stranger =
        client.call(&ink_e2e::bob(), &call.set_split(1, whole.clone())).dry_run().await?;
    assert_eq!(
        stranger.return_value(),
        Err(MarketError::NotModelOwner { model: 1, owner: account(Alice) })
    );
    let short = split(&[(account(Bob), 500_000), (account(Dave), 499_999)]);
    let short = client.call(&ink_e2e::alice(), &call.set_split(1, short)).dry_run().await?;
    assert_eq!(
        short.return_value(),
        Err(MarketError::InvalidShares(ShareError::SharesDoNotSumToWhole { total: 999_999 }))
    );
    let twice = split(&[(account(Bob), 500_000), (account(Bob), 500_000)]);
    let twice = client.call(&ink_e2e::alice(), &call.set_split(1, twice)).dry_run().await?;
    assert_eq!(twice.return_value(), Err(MarketError::DuplicateRecipient { index: 1 }));
    let nothing = client.call(&ink_e2e::bob(), &call.withdraw(Vec::new())).dry_run().await?;
    assert_eq!(nothing.return_value(), Err(MarketError::NothingOwed));
    // only the owner collects a model's round, and a bounded number at once
    let not_payee = client.call(&ink_e2e::bob(), &call.withdraw(vec![1])).dry_run().await?;
    assert_eq!(not_payee.return_value(), Err(MarketError::NotPayee { model: 1 }));
    let too_many = vec![1; usize::try_from(MAX_COLLECTED)? + 1];
    let too_many = client.call(&ink_e2e::alice(), &call.withdraw(too_many)).dry_run().await?;
    assert_eq!(too_many.return_value(), Err(MarketError::TooManyModels { max: MAX_COLLECTED }));
    let no_split = client.call(&ink_e2e::alice(), &call.clear_split(1)).dry_run().await?;
    assert_eq!(no_split.return_value(), Err(MarketError::NoSplit { model: 1 }));
    let not_admin = client.call(&ink_e2e::bob(), &call.set_paused(true)).dry_run().await?;
    assert_eq!(not_admin.return_value(), Err(AdminError::NotAdmin));

    // when: Alice pauses
    submit!(client, ink_e2e::alice(), call.set_paused(true));

    // then: deposits and split changes stop, withdrawals do not
    let paused = client.call(&ink_e2e::bob(), &call.deposit(1)).value(5).dry_run().await?;
    assert_eq!(paused.return_value(), Err(MarketError::Admin(AdminError::Paused)));
    let paused = client.call(&ink_e2e::alice(), &call.set_split(1, whole)).dry_run().await?;
    assert_eq!(paused.return_value(), Err(MarketError::Admin(AdminError::Paused)));
    let withdrawal = submit!(client, ink_e2e::alice(), call.withdraw(vec![1]));
    assert_eq!(withdrawal.return_value(), Ok(100));
    assert_eq!(liabilities!(client, call), 0);
    assert_solvent!(client, address, call);
    let state = read!(client, call.admin_state());
    assert_eq!((state.admin, state.paused, state.layout_version), (Some(account(Alice)), true, 1));
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

/// The dev runtime's existential deposit (contracts-node-runtime 0.42.0: MILLIUNIT).
const EXISTENTIAL_DEPOSIT: u128 = 1_000_000_000;

#[e2e::test]
async fn a_payout_the_chain_refuses_keeps_the_debt_until_it_can_be_paid<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model pays everything to an account that does not exist on
    // chain yet (a cold wallet), and Bob pays it less than the existential deposit
    let (registry_address, _, address, mut call) = deploy!(client);
    let cold_wallet = AccountId::from([0x42; 32]);
    register!(client, registry_address, ink_e2e::alice(), draft("cold-wallet-model", &[]))
        .expect("register");
    submit!(client, ink_e2e::alice(), call.set_split(1, split(&[(cold_wallet, 1_000_000)])));
    let small = EXISTENTIAL_DEPOSIT / 2;
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(small).submit().await.expect("deposit");
    // (a cold wallet cannot accept the split; anyone distributes for it)
    submit!(client, ink_e2e::bob(), call.distribute(1));

    // when: Bob asks for the payout
    let payout = call.withdraw_for(cold_wallet, Vec::new());
    let refused = client.call(&ink_e2e::bob(), &payout).dry_run().await?;
    let submitted = client.call(&ink_e2e::bob(), &payout).submit().await;

    // then: a typed error, the debt and the money stay
    assert_eq!(refused.return_value(), Err(MarketError::TransferFailed { amount: small }));
    assert_reverted!(submitted);
    assert_eq!(read!(client, call.owed_to(cold_wallet)), small);
    assert_eq!(liabilities!(client, call), small);
    assert_eq!(client.free_balance(cold_wallet).await?, 0);
    assert_solvent!(client, address, call);

    // when: enough has come in to open the account, the same call pays all of it
    client
        .call(&ink_e2e::bob(), &call.deposit(1))
        .value(EXISTENTIAL_DEPOSIT)
        .submit()
        .await
        .expect("second deposit");
    submit!(client, ink_e2e::bob(), call.distribute(1));
    let paid = submit!(client, ink_e2e::bob(), payout);

    // then
    assert_eq!(paid.return_value(), Ok(small + EXISTENTIAL_DEPOSIT));
    assert_eq!(client.free_balance(cold_wallet).await?, small + EXISTENTIAL_DEPOSIT);
    assert_eq!(read!(client, call.owed_to(cold_wallet)), 0);
    assert_eq!(liabilities!(client, call), 0);
    assert_solvent!(client, address, call);
    crate::assert_ledger_sound!(client, address, cold_wallet);
    Ok(())
}

#[e2e::test]
async fn only_the_surplus_can_be_swept_and_the_market_is_never_its_own_payee<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model holds 1 000 units; Bob sends the market 5 units unasked
    const UNASKED: Balance = 5_000_000_000_000;
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("sweep-model", &[]))
        .expect("register");
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(1_000).submit().await?;
    let transfer =
        vec![Value::unnamed_variant("Id", [Value::from_bytes(address)]), Value::u128(UNASKED)];
    client.runtime_call(&ink_e2e::bob(), "Balances", "transfer_allow_death", transfer).await?;

    // when / then: the market cannot be made its own payee
    let to_itself = call.withdraw_for(address, Vec::new());
    let to_itself = client.call(&ink_e2e::eve(), &to_itself).dry_run().await?;
    assert_eq!(to_itself.return_value(), Err(MarketError::MarketAsPayee));
    let listed = split(&[(address, 1_000_000)]);
    let listed = client.call(&ink_e2e::alice(), &call.set_split(1, listed)).dry_run().await?;
    assert_eq!(listed.return_value(), Err(MarketError::MarketAsPayee));

    // only the administrator sweeps, and only the surplus
    let by_bob = client.call(&ink_e2e::bob(), &call.sweep(account(Bob))).dry_run().await?;
    assert_eq!(by_bob.return_value(), Err(MarketError::Admin(AdminError::NotAdmin)));
    // the surplus: the free balance less the existential deposit it keeps and
    // less what it owes; at least the unasked transfer
    let surplus = client.free_balance(address).await? - EXISTENTIAL_DEPOSIT - 1_000;
    assert!(surplus >= UNASKED);
    let solvency = read!(client, call.solvency());
    assert_eq!(solvency.transferable - solvency.liabilities, surplus);
    let dave_before = client.free_balance(account(Dave)).await?;
    let swept = submit!(client, ink_e2e::alice(), call.sweep(account(Dave)));
    assert_eq!(
        decode_event::<Swept>(&swept.contract_emitted_events()?[0]),
        Swept { to: account(Dave), amount: surplus }
    );
    assert_eq!(swept.return_value(), Ok(surplus));
    assert_eq!(client.free_balance(account(Dave)).await?, dave_before + surplus);
    assert_eq!(client.free_balance(address).await?, EXISTENTIAL_DEPOSIT + 1_000);
    let again = client.call(&ink_e2e::alice(), &call.sweep(account(Dave))).dry_run().await?;
    assert_eq!(again.return_value(), Err(MarketError::NothingToSweep));
    assert_eq!(liabilities!(client, call), 1_000);
    assert_solvent!(client, address, call);
    let withdrawn = submit!(client, ink_e2e::alice(), call.withdraw(vec![1]));
    assert_eq!(withdrawn.return_value(), Ok(1_000));
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn a_thousand_small_payments_still_reach_the_parent<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob's model 2 owes Alice's model 1 10 %
    let (registry_address, mut registry, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("base", &[])).expect("register");
    submit!(client, ink_e2e::alice(), registry.approve_derivative(1, account(Bob), Some(1_000)));
    register!(client, registry_address, ink_e2e::bob(), draft("base-ft", &[1])).expect("register");

    // when: Charlie pays 9 units for model 2, a thousand times (each payment
    // owes the parent 0.9 of a unit: flooring each would pass nothing). Each
    // payment is its own call of `deposit`; they travel 100 to a transaction.
    let payments = vec![call.deposit(2); 1_000];
    call_batch(&mut client, &ink_e2e::charlie(), address, &payments, 9).await?;

    // then: the parent got its exact share, 900 units, the debt carries
    // nothing more, and the ledger holds all 9 000
    assert_eq!(read!(client, call.pending_of(1)), 900);
    assert_eq!(read!(client, call.pending_of(2)), 8_100);
    let debts = read!(client, call.model(2)).expect("model 2 is known").debts;
    assert_eq!(debts, vec![Debt { ancestor: 1, bps: 1_000, carry: 0 }]);
    assert_eq!(liabilities!(client, call), 9_000);
    crate::assert_ledger_sound!(client, address);
    Ok(())
}
