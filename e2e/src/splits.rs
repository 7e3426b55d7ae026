//! Splits on a real node, and who pays for which cell: a stranger cannot
//! fill a recipient's slots, a recipient leaves when it wants, a withdrawal
//! beside thirty-one other recipients writes only the caller's own cells, and
//! nobody collects or pays a storage deposit that is another's.

use crate::register;
use crate::stack::{
    deposits_moved, model_draft as draft, storage_deposit_held, test_salt, E2E_COMMIT_WINDOW,
};
use crate::support::{account, call_batch, decode_event, seal_blocks, E2EResult};
use ink::primitives::AccountId;
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ContractsBackend,
};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::registration_commitment;
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_common::{Balance, ModelId};
use modelmint_market::{Market, MarketError, SplitAccepted, SplitLeft, MAX_MEMBERSHIPS};
use modelmint_registry::Registry;

fn split(recipients: &[(AccountId, u32)]) -> Vec<Recipient> {
    recipients.iter().map(|&(account, share)| Recipient { account, share }).collect()
}

/// Deploys the stack as Alice; evaluates to `(registry address, registry
/// calls, market address, market calls)`.
macro_rules! deploy {
    ($client:expr) => {{
        let stack = crate::deploy_stack!($client);
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
    assert!(read!(client, call.memberships_of(account(Dave))).is_empty());

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
    assert_eq!(read!(client, call.memberships_of(account(Dave))), vec![real]);
    let again = client.call(&ink_e2e::dave(), &call.accept_split(real)).dry_run().await?;
    assert_eq!(again.return_value(), Err(MarketError::AlreadyAccepted { model: real }));
    let stranger = client.call(&ink_e2e::charlie(), &call.accept_split(real)).dry_run().await?;
    assert_eq!(stranger.return_value(), Err(MarketError::NotARecipient { model: real }));

    // and his withdrawal takes his part of the accepted split, not the junk ones
    client.call(&ink_e2e::bob(), &call.deposit(real)).value(1_000).submit().await?;
    client.call(&ink_e2e::bob(), &call.deposit(1)).value(10).submit().await?;
    assert_eq!(read!(client, call.owed_to(account(Dave))), 500);
    let withdrawn = submit!(client, ink_e2e::dave(), call.withdraw(Vec::new()));
    assert_eq!(withdrawn.return_value(), Ok(500));
    // what a junk split owes him still reaches him when anyone distributes
    submit!(client, ink_e2e::charlie(), call.distribute(1));
    assert_eq!(read!(client, call.owed_to(account(Dave))), 10);

    // when: Dave leaves Alice's split after more money came in
    client.call(&ink_e2e::bob(), &call.deposit(real)).value(100).submit().await?;
    let left = submit!(client, ink_e2e::dave(), call.leave_split(real));

    // then: he keeps his part of it (half of 1 100, less the 500 he took)
    // and his share goes to the owner
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
    assert_eq!(owner.return_value(), Err(MarketError::OwnerCannotLeave { model: real }));
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
    let dave = submit!(client, ink_e2e::dave(), call.withdraw(Vec::new()));
    let charlie = submit!(client, ink_e2e::charlie(), call.withdraw(Vec::new()));

    // then: the extrinsics' storage-deposit events show the same storage for
    // both: Dave's withdrawal beside 31 others created no cell for any of them
    let dave_held = storage_deposit_held(&dave.events, account(Dave));
    let charlie_held = storage_deposit_held(&charlie.events, account(Charlie));
    // and each is paid exactly its own part
    assert_eq!(dave.return_value(), Ok(amount / 32));
    assert_eq!(charlie.return_value(), Ok(amount));
    assert_eq!(dave_held, charlie_held, "Dave paid for more than his own claim");
    assert!(dave_held > 0, "the caller's own claim is new storage");
    // nobody else's balance was written or changed: the 31 never accepted,
    // so nothing is owed to them before the round ends
    let mut after = Vec::new();
    for other in &others {
        let owed = read!(client, call.owed_to(*other));
        assert_eq!(owed, 0, "an owed balance was created for {other:?}");
        after.push(owed);
    }
    assert_eq!(after, before);
    // the 31 who never sign are paid when anyone ends the round
    submit!(client, ink_e2e::eve(), call.distribute(1));
    let mut paid = amount / 32;
    for other in &others {
        paid += read!(client, call.owed_to(*other));
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
    let bob = submit!(client, ink_e2e::bob(), call.withdraw(Vec::new()));
    let ended = submit!(client, ink_e2e::eve(), call.distribute(1));
    let again = client.call(&ink_e2e::dave(), &call.deposit(1)).value(100).submit().await?;
    let for_charlie =
        submit!(client, ink_e2e::eve(), call.withdraw_for(account(Charlie), Vec::new()));
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
