//! The royalties contract on a real node, wired to a real registry: deposits
//! through the `Royalties` trait message, splits, distribution, upstream
//! royalties across generations and withdrawals that move real funds.
//!
//! Balances are checked to the last unit: the contract pays no fees, so its free
//! balance moves by exactly what it receives or pays; a signer's balance moves by
//! the amount minus what the extrinsic cost it (fee, storage deposits), read from
//! the extrinsic's events.
//!
//! A refused payout is shown with `withdraw_for`, which anyone may call for a
//! recipient: paying less than the existential deposit to an account that does
//! not exist yet is refused by the chain, and the debt stays.

use crate::register;
use crate::stack::{
    costs_of, deposits_moved, model_draft as draft, storage_deposit_held, test_salt,
    E2E_COMMIT_WINDOW, E2E_DISPUTE_DEPOSIT,
};
use crate::support::{account, call_batch, decode_event, seal_blocks, E2EResult};
use ink::primitives::AccountId;
use ink_e2e::subxt::dynamic::Value;
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::{Admin, AdminError, Timelock, Wiring};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::registration_commitment;
use modelmint_common::royalties::{Payee, Recipient, Royalties, RoyaltyError};
use modelmint_common::split::ShareError;
use modelmint_common::{Balance, ModelId};
use modelmint_registry::{Registry, RegistryRef};
use modelmint_royalties::{
    Deposited, Distributed, RoyaltiesContract, RoyaltiesContractRef, SplitAccepted, SplitLeft,
    SplitSet, Swept, UpstreamCredited, Withdrawn, MAX_MEMBERSHIPS,
};

fn split(recipients: &[(AccountId, u32)]) -> Vec<Recipient> {
    recipients.iter().map(|&(account, share)| Recipient { account, share }).collect()
}

/// Deploys a registry and a royalties contract wired to it (no licensing
/// contract: every payment here is a direct deposit), both as Alice;
/// evaluates to `(registry address, registry calls, royalties address,
/// royalties calls)`.
macro_rules! deploy {
    ($client:expr) => {{
        let registry = $client
            .instantiate(
                "modelmint_registry",
                &ink_e2e::alice(),
                &mut RegistryRef::new(Timelock::Disabled, E2E_COMMIT_WINDOW, E2E_DISPUTE_DEPOSIT),
            )
            .submit()
            .await
            .expect("instantiating the registry failed");
        let royalties = $client
            .instantiate(
                "modelmint_royalties",
                &ink_e2e::alice(),
                &mut RoyaltiesContractRef::new(Timelock::Disabled),
            )
            .submit()
            .await
            .expect("instantiating royalties failed");
        let wiring = Wiring { registry: Some(registry.account_id), ..Wiring::default() };
        $client
            .call(&ink_e2e::alice(), &royalties.call_builder::<RoyaltiesContract>().wire(wiring))
            .submit()
            .await
            .expect("wiring royalties to the registry failed");
        (
            registry.account_id,
            registry.call_builder::<Registry>(),
            royalties.account_id,
            royalties.call_builder::<RoyaltiesContract>(),
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

/// Asserts that the contract's free balance covers its liabilities.
macro_rules! assert_solvent {
    ($client:expr, $address:expr, $call:expr) => {{
        let liabilities = read!($client, $call.liabilities());
        let balance = $client.free_balance($address).await?;
        assert!(balance >= liabilities, "balance {balance} below liabilities {liabilities}");
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

    // then: the money is in the contract and owed 600 000 000.6 / 400 000 000.4,
    // the leftover unit going to the larger fraction (Charlie)
    assert_eq!(
        decode_event::<Deposited>(&deposit.contract_emitted_events()?[0]),
        Deposited { model: 1, payer: account(Bob), amount }
    );
    assert_eq!(pending, amount);
    assert_eq!(client.free_balance(address).await? - contract_before, amount);
    assert_eq!(
        decode_event::<Distributed>(&distributed.contract_emitted_events()?[0]),
        Distributed { model: 1, amount }
    );
    assert_eq!(read!(client, call.owed_to(account(Charlie))), 600_000_001);
    assert_eq!(read!(client, call.owed_to(account(Dave))), 400_000_000);
    assert_solvent!(client, address, call);

    // when: both withdraw
    for (signer, who, expected) in
        [(ink_e2e::charlie(), Charlie, 600_000_001u128), (ink_e2e::dave(), Dave, 400_000_000)]
    {
        let mine_before = client.free_balance(account(who)).await?;
        let contract_before = client.free_balance(address).await?;
        let withdrawal = submit!(client, signer, call.withdraw());
        let mine_after = client.free_balance(account(who)).await?;
        let cost = costs_of(&withdrawal.events, account(who));

        // then: exactly the owed amount moved from the contract to the recipient
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
    assert_eq!(read!(client, call.liabilities()), 0);
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
    // Dave accepts the split: his withdrawals now settle it (see the consent test)
    submit!(client, ink_e2e::dave(), call.accept_split(1));
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(500).submit().await.expect("deposit");

    // then: the old money was settled under the old split first
    let events = change.contract_emitted_events()?;
    assert_eq!(decode_event::<Distributed>(&events[0]), Distributed { model: 1, amount: 1_000 });
    assert_eq!(read!(client, call.owed_to(account(Charlie))), 1_000);
    assert_eq!(read!(client, call.owed_to(account(Dave))), 500);
    assert_eq!(read!(client, call.pending_of(1)), 500);
    // Dave's withdrawal settles the pending 500 itself.
    let withdrawal = submit!(client, ink_e2e::dave(), call.withdraw());
    assert_eq!(withdrawal.return_value(), Ok(500));
    assert_eq!(read!(client, call.liabilities()), 1_000);
    assert_solvent!(client, address, call);
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn upstream_royalties_reach_two_generations_of_ancestors<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's base 1 <- Bob's 2 (owes 10 %) <- Charlie's 3 (owes 20 %)
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

    // then: 3 passes floor(2 000.2) = 2 000 to 2, which passes 200 to 1; the
    // 0.2 stays with the paying model and is carried on the edge 3 -> 2 (see
    // the next test)
    let events = deposit.contract_emitted_events()?;
    assert_eq!(events.len(), 3);
    assert_eq!(
        decode_event::<Deposited>(&events[0]),
        Deposited { model: 3, payer: account(Eve), amount: 10_001 }
    );
    assert_eq!(
        decode_event::<UpstreamCredited>(&events[1]),
        UpstreamCredited { from_model: 3, to_model: 2, amount: 2_000 }
    );
    assert_eq!(
        decode_event::<UpstreamCredited>(&events[2]),
        UpstreamCredited { from_model: 2, to_model: 1, amount: 200 }
    );
    let expected = [(Charlie, 8_001), (Bob, 1_800), (Alice, 200)];
    assert_eq!(
        quote,
        Ok(expected.map(|(who, amount)| Payee { account: account(who), amount }).to_vec())
    );
    for (who, amount) in expected {
        assert_eq!(read!(client, call.owed_to(account(who))), amount);
    }
    let withdrawal = submit!(client, ink_e2e::alice(), call.withdraw());
    assert_eq!(withdrawal.return_value(), Ok(200));
    assert_eq!(read!(client, call.liabilities()), 9_801);
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
    // given: Alice's model 1 without a split, 100 owed to Alice
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("phi-nano", &[]))
        .expect("register");
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(100).submit().await.expect("deposit");

    // when / then: each bad input has its typed error
    let zero = client.call(&ink_e2e::bob(), &call.deposit(1)).dry_run().await?;
    assert_eq!(zero.return_value(), Err(RoyaltyError::ZeroDeposit));
    let unknown = client.call(&ink_e2e::bob(), &call.deposit(99)).value(5).dry_run().await?;
    assert_eq!(unknown.return_value(), Err(RoyaltyError::UnknownModel { model: 99 }));
    let whole = split(&[(account(Bob), 1_000_000)]);
    let stranger =
        client.call(&ink_e2e::bob(), &call.set_split(1, whole.clone())).dry_run().await?;
    assert_eq!(
        stranger.return_value(),
        Err(RoyaltyError::NotModelOwner { model: 1, owner: account(Alice) })
    );
    let short = split(&[(account(Bob), 500_000), (account(Dave), 499_999)]);
    let short = client.call(&ink_e2e::alice(), &call.set_split(1, short)).dry_run().await?;
    assert_eq!(
        short.return_value(),
        Err(RoyaltyError::InvalidShares(ShareError::SharesDoNotSumToWhole { total: 999_999 }))
    );
    let twice = split(&[(account(Bob), 500_000), (account(Bob), 500_000)]);
    let twice = client.call(&ink_e2e::alice(), &call.set_split(1, twice)).dry_run().await?;
    assert_eq!(twice.return_value(), Err(RoyaltyError::DuplicateRecipient { index: 1 }));
    let nothing = client.call(&ink_e2e::bob(), &call.withdraw()).dry_run().await?;
    assert_eq!(nothing.return_value(), Err(RoyaltyError::NothingOwed));
    let no_split = client.call(&ink_e2e::alice(), &call.clear_split(1)).dry_run().await?;
    assert_eq!(no_split.return_value(), Err(RoyaltyError::NoSplit { model: 1 }));
    let not_admin = client.call(&ink_e2e::bob(), &call.set_paused(true)).dry_run().await?;
    assert_eq!(not_admin.return_value(), Err(AdminError::NotAdmin));

    // when: Alice pauses
    submit!(client, ink_e2e::alice(), call.set_paused(true));

    // then: deposits and split changes stop, withdrawals do not
    let paused = client.call(&ink_e2e::bob(), &call.deposit(1)).value(5).dry_run().await?;
    assert_eq!(paused.return_value(), Err(RoyaltyError::Admin(AdminError::Paused)));
    let paused = client.call(&ink_e2e::alice(), &call.set_split(1, whole)).dry_run().await?;
    assert_eq!(paused.return_value(), Err(RoyaltyError::Admin(AdminError::Paused)));
    let withdrawal = submit!(client, ink_e2e::alice(), call.withdraw());
    assert_eq!(withdrawal.return_value(), Ok(100));
    assert_eq!(read!(client, call.liabilities()), 0);
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
    let refused = client.call(&ink_e2e::bob(), &call.withdraw_for(cold_wallet)).dry_run().await?;
    let submitted = client.call(&ink_e2e::bob(), &call.withdraw_for(cold_wallet)).submit().await;

    // then: a typed error, the debt and the money stay
    assert_eq!(refused.return_value(), Err(RoyaltyError::TransferFailed { amount: small }));
    assert!(submitted.is_err());
    assert_eq!(read!(client, call.owed_to(cold_wallet)), small);
    assert_eq!(read!(client, call.liabilities()), small);
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
    let paid = submit!(client, ink_e2e::bob(), call.withdraw_for(cold_wallet));

    // then
    assert_eq!(paid.return_value(), Ok(small + EXISTENTIAL_DEPOSIT));
    assert_eq!(client.free_balance(cold_wallet).await?, small + EXISTENTIAL_DEPOSIT);
    assert_eq!(read!(client, call.owed_to(cold_wallet)), 0);
    assert_eq!(read!(client, call.liabilities()), 0);
    assert_solvent!(client, address, call);
    crate::assert_ledger_sound!(client, address, cold_wallet);
    Ok(())
}

#[e2e::test]
async fn only_the_surplus_can_be_swept_and_the_contract_is_never_its_own_payee<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice is owed 1 000 units; Bob sends the contract 5 units unasked
    const UNASKED: Balance = 5_000_000_000_000;
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("sweep-model", &[]))
        .expect("register");
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(1_000).submit().await?;
    let transfer =
        vec![Value::unnamed_variant("Id", [Value::from_bytes(address)]), Value::u128(UNASKED)];
    client.runtime_call(&ink_e2e::bob(), "Balances", "transfer_allow_death", transfer).await?;

    // when / then: the contract cannot be made its own payee
    let to_itself = client.call(&ink_e2e::eve(), &call.withdraw_for(address)).dry_run().await?;
    assert_eq!(to_itself.return_value(), Err(RoyaltyError::RoyaltiesContractAsPayee));
    let listed = split(&[(address, 1_000_000)]);
    let listed = client.call(&ink_e2e::alice(), &call.set_split(1, listed)).dry_run().await?;
    assert_eq!(listed.return_value(), Err(RoyaltyError::RoyaltiesContractAsPayee));

    // only the administrator sweeps, and only the surplus
    let by_bob = client.call(&ink_e2e::bob(), &call.sweep(account(Bob))).dry_run().await?;
    assert_eq!(by_bob.return_value(), Err(RoyaltyError::Admin(AdminError::NotAdmin)));
    // the surplus: the free balance less the existential deposit it keeps and
    // less what it owes; at least the unasked transfer
    let surplus = client.free_balance(address).await? - EXISTENTIAL_DEPOSIT - 1_000;
    assert!(surplus >= UNASKED);
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
    assert_eq!(again.return_value(), Err(RoyaltyError::NothingToSweep));
    assert_eq!(read!(client, call.liabilities()), 1_000);
    assert_solvent!(client, address, call);
    let withdrawn = submit!(client, ink_e2e::alice(), call.withdraw());
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

    // then: the parent got its exact share, 900 units, the edge owes nothing
    // more, and the ledger holds all 9 000
    assert_eq!(read!(client, call.owed_to(account(Alice))), 900);
    assert_eq!(read!(client, call.owed_to(account(Bob))), 8_100);
    assert_eq!(read!(client, call.upstream_carry(2, 1)), 0);
    assert_eq!(read!(client, call.liabilities()), 9_000);
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn a_stranger_cannot_fill_a_recipients_slots_and_a_recipient_can_leave<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Eve lists Dave in the splits of as many junk models as an
    // account may accept splits
    // (commits, reveals and splits each travel as one batch of calls)
    let (registry_address, mut registry, address, mut call) = deploy!(client);
    let junk = ModelId::from(MAX_MEMBERSHIPS);
    let drafts: Vec<_> = (1..=junk).map(|model| draft(&format!("junk-{model}"), &[])).collect();
    let eve = account(Eve);
    let commits: Vec<_> = drafts
        .iter()
        .map(|d| registry.commit(registration_commitment(&d.hash, &eve, &test_salt(&d.hash))))
        .collect();
    call_batch(&mut client, &ink_e2e::eve(), registry_address, &commits, 0).await?;
    seal_blocks(&mut client, E2E_COMMIT_WINDOW.min_blocks).await?;
    let reveals: Vec<_> =
        drafts.into_iter().map(|d| registry.register(d.clone(), test_salt(&d.hash))).collect();
    call_batch(&mut client, &ink_e2e::eve(), registry_address, &reveals, 0).await?;
    let splits: Vec<_> = (1..=junk)
        .map(|model| call.set_split(model, split(&[(account(Dave), 1_000_000)])))
        .collect();
    call_batch(&mut client, &ink_e2e::eve(), address, &splits, 0).await?;
    assert_eq!(
        read!(client, registry.total_supply()),
        u128::from(junk),
        "every junk model registered"
    );

    // when: Alice lists Dave in the split of her real model
    let real = junk + 1;
    register!(client, registry_address, ink_e2e::alice(), draft("real-model", &[]))
        .expect("register");
    let halves = split(&[(account(Dave), 500_000), (account(Alice), 500_000)]);
    submit!(client, ink_e2e::alice(), call.set_split(real, halves));

    // then: Dave is free to accept it (the junk invitations took no slot)
    let accepted = submit!(client, ink_e2e::dave(), call.accept_split(real));
    assert_eq!(
        decode_event::<SplitAccepted>(&accepted.contract_emitted_events()?[0]),
        SplitAccepted { model: real, account: account(Dave) }
    );
    let again = client.call(&ink_e2e::dave(), &call.accept_split(real)).dry_run().await?;
    assert_eq!(again.return_value(), Err(RoyaltyError::AlreadyAccepted { model: real }));
    let stranger = client.call(&ink_e2e::charlie(), &call.accept_split(real)).dry_run().await?;
    assert_eq!(stranger.return_value(), Err(RoyaltyError::NotARecipient { model: real }));

    // and his withdrawal settles the accepted split, not the junk ones
    client.call(&ink_e2e::bob(), &call.deposit(real)).value(1_000).submit().await?;
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(10).submit().await?;
    assert_eq!(read!(client, call.owed_to(account(Dave))), 500);
    let withdrawn = submit!(client, ink_e2e::dave(), call.withdraw());
    assert_eq!(withdrawn.return_value(), Ok(500));
    // what a junk split owes him still reaches him when anyone distributes
    submit!(client, ink_e2e::charlie(), call.distribute(1));
    assert_eq!(read!(client, call.owed_to(account(Dave))), 10);

    // when: Dave leaves Alice's split after more money came in
    client.call(&ink_e2e::bob(), &call.deposit(real)).value(100).submit().await?;
    let left = submit!(client, ink_e2e::dave(), call.leave_split(real));

    // then: he keeps his part of it and his share goes to the owner
    let events = left.contract_emitted_events()?;
    assert_eq!(
        decode_event::<SplitLeft>(&events[0]),
        SplitLeft { model: real, account: account(Dave) }
    );
    assert_eq!(read!(client, call.owed_to(account(Dave))), 60);
    // his entry passed to Alice in place: she now holds both halves
    let owner_only = split(&[(account(Alice), 500_000), (account(Alice), 500_000)]);
    assert_eq!(read!(client, call.split_of(real)), Some(owner_only));
    client.call(&ink_e2e::bob(), &call.deposit(real)).value(10).submit().await?;
    assert_eq!(read!(client, call.owed_to(account(Dave))), 60, "nothing more for Dave");
    let owner = client.call(&ink_e2e::alice(), &call.leave_split(real)).dry_run().await?;
    assert_eq!(owner.return_value(), Err(RoyaltyError::OwnerCannotLeave { model: real }));
    crate::assert_ledger_sound!(client, address);
    Ok(())
}

#[e2e::test]
async fn a_withdrawal_beside_thirty_one_recipients_pays_only_for_the_callers_own_storage<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 split 32 ways (31 accounts that never sign, and
    // Dave), and her model 2 whose only recipient is Charlie; both accepted
    let (registry_address, _, address, mut call) = deploy!(client);
    for name in ["wide-split", "narrow-split"] {
        register!(client, registry_address, ink_e2e::alice(), draft(name, &[])).expect("register");
    }
    let others: Vec<AccountId> = (100u8..131).map(|n| AccountId::from([n; 32])).collect();
    let mut wide: Vec<(AccountId, u32)> = others.iter().map(|&a| (a, 31_250)).collect();
    wide.push((account(Dave), 31_250));
    submit!(client, ink_e2e::alice(), call.set_split(1, split(&wide)));
    submit!(client, ink_e2e::alice(), call.set_split(2, split(&[(account(Charlie), 1_000_000)])));
    submit!(client, ink_e2e::dave(), call.accept_split(1));
    submit!(client, ink_e2e::charlie(), call.accept_split(2));
    let amount: Balance = 32_000_000_031;
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(amount).submit().await?;
    client.call(&ink_e2e::bob(), &call.deposit(2)).value(amount).submit().await?;
    let mut before = Vec::new();
    for other in &others {
        before.push(read!(client, call.owed_to(*other)));
    }

    // when: Dave withdraws his 1/32 of model 1, and Charlie all of model 2
    let dave = submit!(client, ink_e2e::dave(), call.withdraw());
    let charlie = submit!(client, ink_e2e::charlie(), call.withdraw());

    // then: the extrinsics' storage-deposit events show the same storage for
    // both: Dave's withdrawal beside 31 others created no cell for any of them
    let dave_held = storage_deposit_held(&dave.events, account(Dave));
    let charlie_held = storage_deposit_held(&charlie.events, account(Charlie));
    // and each is paid exactly its own part
    assert_eq!(dave.return_value(), Ok(amount / 32));
    assert_eq!(charlie.return_value(), Ok(amount));
    assert_eq!(dave_held, charlie_held, "Dave paid for more than his own claim");
    assert!(dave_held > 0, "the caller's own claim is new storage");
    // nobody else's balance was written or changed
    let mut after = Vec::new();
    for other in &others {
        assert_eq!(
            read!(client, call.owed_of(*other)),
            0,
            "an owed cell was created for {other:?}"
        );
        after.push(read!(client, call.owed_to(*other)));
    }
    assert_eq!(after, before);
    // the 31 who never sign are paid when anyone ends the round
    submit!(client, ink_e2e::eve(), call.distribute(1));
    let mut paid = amount / 32;
    for other in &others {
        paid += read!(client, call.owed_of(*other));
    }
    assert_eq!(paid, amount);
    crate::assert_ledger_sound!(client, address, others = &others);
    Ok(())
}

#[e2e::test]
async fn nobody_collects_or_pays_a_storage_deposit_that_is_anothers<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 split between Bob and Charlie, both accepted
    // (each pays for its own balance there), and Bob's first withdrawal
    // (he pays for his own claim)
    let (registry_address, _, address, mut call) = deploy!(client);
    register!(client, registry_address, ink_e2e::alice(), draft("deposits", &[]))
        .expect("register");
    let halves = split(&[(account(Bob), 500_000), (account(Charlie), 500_000)]);
    submit!(client, ink_e2e::alice(), call.set_split(1, halves));
    for signer in [ink_e2e::bob(), ink_e2e::charlie()] {
        submit!(client, signer, call.accept_split(1));
    }

    // when: Dave buys (deposits) twice, Bob withdraws, Eve ends the round,
    // withdraws for Charlie, and Alice drops Bob from the split
    let first = client.call(&ink_e2e::dave(), &call.deposit(1)).value(1_001).submit().await?;
    let bob = submit!(client, ink_e2e::bob(), call.withdraw());
    let ended = submit!(client, ink_e2e::eve(), call.distribute(1));
    let again = client.call(&ink_e2e::dave(), &call.deposit(1)).value(100).submit().await?;
    let for_charlie = submit!(client, ink_e2e::eve(), call.withdraw_for(account(Charlie)));
    // (Dave takes Bob's place: a list of the same size, so Alice's own
    // split cell keeps its deposit too)
    let without_bob = split(&[(account(Dave), 500_000), (account(Charlie), 500_000)]);
    let dropped = submit!(client, ink_e2e::alice(), call.set_split(1, without_bob));

    // then: the buyer paid for no one's storage, ending the round and
    // dropping a recipient moved no deposit, and Bob paid only for his own
    // claim
    assert_eq!(deposits_moved(&first.events, account(Dave)), (0, 0), "the buyer's first deposit");
    assert_eq!(deposits_moved(&again.events, account(Dave)), (0, 0), "the buyer's second deposit");
    assert_eq!(deposits_moved(&ended.events, account(Eve)), (0, 0), "ending the round");
    assert_eq!(deposits_moved(&dropped.events, account(Alice)), (0, 0), "dropping a recipient");
    let (held, released) = deposits_moved(&bob.events, account(Bob));
    assert!(held > 0 && released == 0, "Bob's own claim: held {held}, released {released}");
    // withdrawing for Charlie, who never withdrew, Eve chose to pay for his
    // first claim (the same cell as Bob's) and collected nothing
    assert_eq!(deposits_moved(&for_charlie.events, account(Eve)), (held, 0));
    assert_eq!(bob.return_value(), Ok(500));
    assert_eq!(for_charlie.return_value(), Ok(550));
    // Bob's acceptance is still his: he gives it up himself, and collects
    // the deposit he paid for it
    let left = submit!(client, ink_e2e::bob(), call.leave_split(1));
    assert_eq!(
        decode_event::<SplitLeft>(&left.contract_emitted_events()?[0]),
        SplitLeft { model: 1, account: account(Bob) }
    );
    let (_, released) = deposits_moved(&left.events, account(Bob));
    assert!(released > 0, "Bob's own acceptance came back to him");
    crate::assert_ledger_sound!(client, address);
    Ok(())
}
