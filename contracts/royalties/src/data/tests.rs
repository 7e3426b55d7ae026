//! Unit tests of the ledger rules (examples) and property tests of its
//! exactness (random sequences of deposits, split changes and withdrawals).

use super::*;
use modelmint_common::types::ShareError;
use modelmint_common::{Bps, OwnerEpoch, ParentLink, Relation};

fn account(byte: u8) -> AccountId {
    AccountId::from([byte; 32])
}
fn alice() -> AccountId {
    account(1)
}
fn bob() -> AccountId {
    account(2)
}
fn charlie() -> AccountId {
    account(3)
}
fn dave() -> AccountId {
    account(4)
}
fn payer() -> AccountId {
    account(9)
}

/// A lineage node: `model` owned by `owner`, owing each `(parent, bps)`.
fn node(model: ModelId, owner: AccountId, parents: &[(ModelId, Bps)]) -> LineageNode {
    LineageNode {
        model,
        owner,
        owner_epoch: 0,
        parents: parents
            .iter()
            .map(|&(model, royalty_bps)| ParentLink {
                model,
                relation: Relation::FineTune,
                royalty_bps,
            })
            .collect(),
    }
}

/// An original model with no parents.
fn original(model: ModelId, owner: AccountId) -> Vec<LineageNode> {
    vec![node(model, owner, &[])]
}

fn split(recipients: &[(AccountId, Share)]) -> Vec<Recipient> {
    recipients.iter().map(|&(account, share)| Recipient { account, share }).collect()
}

fn half_and_half() -> Vec<Recipient> {
    split(&[(bob(), 500_000), (charlie(), 500_000)])
}

/// Everything observable about models 1..=4 and accounts 1..=4, to show that a
/// refused call changed nothing.
fn snapshot(data: &RoyaltiesData) -> impl PartialEq + core::fmt::Debug {
    let accounts = [alice(), bob(), charlie(), dave()];
    (
        data.liabilities(),
        (1..=4).map(|m| (data.split_of(m), data.pending_of(m))).collect::<Vec<_>>(),
        accounts.map(|a| (data.owed_of(a), data.owed_to(a), data.memberships_of(a))),
    )
}

fn assert_refused_without_change<T: core::fmt::Debug>(
    data: &mut RoyaltiesData,
    expected: RoyaltyError,
    action: impl FnOnce(&mut RoyaltiesData) -> Result<T>,
) {
    let before = snapshot(data);
    let result = action(data);
    assert_eq!(result.map(|_| ()), Err(expected));
    assert_eq!(snapshot(data), before, "a refused call changed the ledger");
}

/// Sets `model`'s split for its `owner` (owner epoch 0) and has every
/// recipient accept it.
fn accepted_split(
    data: &mut RoyaltiesData,
    owner: AccountId,
    model: ModelId,
    recipients: Vec<Recipient>,
) {
    data.set_split(owner, model, (owner, 0), recipients.clone()).unwrap();
    for recipient in recipients {
        data.accept_split(recipient.account, model).unwrap();
    }
}

/// Alice's model 1 with a 50/50 split between Bob and Charlie, both accepted.
fn ledger_with_a_split() -> RoyaltiesData {
    let mut data = RoyaltiesData::default();
    accepted_split(&mut data, alice(), 1, half_and_half());
    data
}

// --- refusals ---------------------------------------------------------------

#[ink::test]
fn error_when_depositing_nothing() {
    let mut data = ledger_with_a_split();
    assert_refused_without_change(&mut data, RoyaltyError::ZeroDeposit, |d| {
        d.deposit(payer(), 1, 0, &original(1, alice()))
    });
}

#[ink::test]
fn error_when_the_lineage_is_not_the_models_own() {
    let mut data = ledger_with_a_split();
    assert_refused_without_change(&mut data, RoyaltyError::UnknownModel { model: 1 }, |d| {
        d.deposit(payer(), 1, 100, &original(2, alice()))
    });
    assert_refused_without_change(&mut data, RoyaltyError::UnknownModel { model: 1 }, |d| {
        d.deposit(payer(), 1, 100, &[])
    });
    // A parent missing from the lineage (an inconsistent registry) is refused too.
    assert_refused_without_change(&mut data, RoyaltyError::UnknownModel { model: 7 }, |d| {
        d.deposit(payer(), 1, 100, &[node(1, alice(), &[(7, 1_000)])])
    });
}

#[ink::test]
fn error_when_the_royalty_stack_exceeds_everything_received() {
    let mut data = RoyaltiesData::default();
    let lineage =
        [node(2, bob(), &[(1, 6_000), (3, 6_000)]), node(3, dave(), &[]), node(1, alice(), &[])];
    assert_refused_without_change(&mut data, RoyaltyError::Overflow, |d| {
        d.deposit(payer(), 2, 100, &lineage)
    });
}

#[ink::test]
fn error_when_a_stranger_sets_or_clears_a_split() {
    let mut data = ledger_with_a_split();
    assert_refused_without_change(
        &mut data,
        RoyaltyError::NotModelOwner { model: 1, owner: alice() },
        |d| d.set_split(bob(), 1, (alice(), 0), split(&[(bob(), SHARE_SCALE)])),
    );
    assert_refused_without_change(
        &mut data,
        RoyaltyError::NotModelOwner { model: 1, owner: alice() },
        |d| d.clear_split(bob(), 1, alice()),
    );
}

#[ink::test]
fn error_when_the_shares_are_not_a_valid_split() {
    let mut data = ledger_with_a_split();
    data.deposit(payer(), 1, 101, &original(1, alice())).unwrap();
    let cases = [
        (split(&[]), ShareError::NoRecipients),
        (
            split(&[(bob(), 500_000), (dave(), 499_999)]),
            ShareError::SharesDoNotSumToWhole { total: 999_999 },
        ),
        (
            split(&[(bob(), SHARE_SCALE), (dave(), 1)]),
            ShareError::SharesDoNotSumToWhole { total: 1_000_001 },
        ),
        (split(&[(bob(), SHARE_SCALE), (dave(), 0)]), ShareError::ZeroShare { index: 1 }),
        (
            (1..=33).map(|n| Recipient { account: account(n), share: 1 }).collect(),
            ShareError::TooManyRecipients { count: 33, max: MAX_RECIPIENTS },
        ),
    ];
    for (recipients, reason) in cases {
        assert_refused_without_change(&mut data, RoyaltyError::InvalidShares(reason), |d| {
            d.set_split(alice(), 1, (alice(), 0), recipients)
        });
    }
}

#[ink::test]
fn error_when_a_recipient_is_listed_twice() {
    let mut data = ledger_with_a_split();
    let twice = split(&[(bob(), 400_000), (dave(), 300_000), (bob(), 300_000)]);
    assert_refused_without_change(&mut data, RoyaltyError::DuplicateRecipient { index: 2 }, |d| {
        d.set_split(alice(), 1, (alice(), 0), twice)
    });
}

#[ink::test]
fn a_listing_is_an_invitation_and_only_accepted_splits_take_membership_slots() {
    let mut data = RoyaltiesData::default();
    let models = ModelId::from(MAX_MEMBERSHIPS);
    // a stranger lists Bob in as many splits as an account may accept
    for model in 1..=models {
        data.set_split(charlie(), model, (charlie(), 0), split(&[(bob(), SHARE_SCALE)])).unwrap();
    }
    assert!(data.memberships_of(bob()).is_empty(), "invitations take no slot");
    // so Bob is free to accept a real split
    accepted_split(&mut data, alice(), models + 1, split(&[(bob(), SHARE_SCALE)]));
    assert_eq!(data.memberships_of(bob()), vec![models + 1]);
    // the money of a split he did not accept still reaches him when distributed
    data.deposit(payer(), 1, 10, &original(1, charlie())).unwrap();
    assert_eq!((data.owed_to(bob()), data.pending_of(1)), (0, 10));
    data.distribute(1).unwrap();
    assert_eq!(data.owed_to(bob()), 10);

    // accepting is what is bounded: the next acceptance beyond the maximum is refused
    for model in 1..models {
        data.accept_split(bob(), model).unwrap();
    }
    assert_eq!(data.memberships_of(bob()).len(), MAX_MEMBERSHIPS as usize);
    assert_refused_without_change(
        &mut data,
        RoyaltyError::RecipientMembershipsFull { account: bob(), max: MAX_MEMBERSHIPS },
        |d| d.accept_split(bob(), models),
    );
    assert_refused_without_change(&mut data, RoyaltyError::AlreadyAccepted { model: 1 }, |d| {
        d.accept_split(bob(), 1)
    });
    assert_refused_without_change(&mut data, RoyaltyError::NotARecipient { model: 1 }, |d| {
        d.accept_split(dave(), 1)
    });
    assert_refused_without_change(&mut data, RoyaltyError::NoSplit { model: 999 }, |d| {
        d.accept_split(bob(), 999)
    });
    // and one more invitation is still no problem for anyone
    data.set_split(dave(), 999, (dave(), 0), split(&[(bob(), SHARE_SCALE)])).unwrap();
}

#[ink::test]
fn a_recipient_leaves_a_split_keeping_its_part_of_what_came_before() {
    let mut data = ledger_with_a_split();
    data.deposit(payer(), 1, 100, &original(1, alice())).unwrap();

    data.withdraw(charlie()).unwrap();
    let contract = ink::env::test::callee::<ink::env::DefaultEnvironment>();
    let writes =
        || ink::env::test::get_contract_storage_rw::<ink::env::DefaultEnvironment>(&contract).1;
    let before = (writes(), data.owed_of(charlie()), data.claimed_of(1, 1));

    let events = data.leave_split(bob(), 1, alice()).unwrap();

    // Bob's entry (the first) passes to Alice, the owner, in place.
    let rest = split(&[(alice(), 500_000), (charlie(), 500_000)]);
    assert_eq!(
        events,
        vec![
            RoyaltiesEvent::SplitLeft(SplitLeft { model: 1, account: bob() }),
            RoyaltiesEvent::SplitSet(SplitSet { model: 1, recipients: rest.clone() }),
        ]
    );
    assert_eq!(data.split_of(1), Some(rest));
    assert_eq!(data.owed_to(bob()), 50, "Bob keeps his part of what came before");
    assert!(data.memberships_of(bob()).is_empty());
    // Only Bob's cells: his owed balance, his entry's claim, his memberships;
    // and the split's entry list (now naming Alice). Charlie's are untouched.
    assert_eq!(writes() - before.0, 4);
    assert_eq!((data.owed_of(charlie()), data.claimed_of(1, 1)), (before.1, before.2));
    assert_eq!(data.owed_to(alice()), 0, "Alice receives what the entry earns from now on");
    data.deposit(payer(), 1, 10, &original(1, alice())).unwrap();
    data.distribute(1).unwrap();
    // Charlie had already taken his 50 of the first 100.
    assert_eq!([bob(), charlie(), alice()].map(|a| data.owed_to(a)), [50, 5, 5]);

    assert_refused_without_change(&mut data, RoyaltyError::NotARecipient { model: 1 }, |d| {
        d.leave_split(bob(), 1, alice())
    });
    assert_refused_without_change(&mut data, RoyaltyError::OwnerCannotLeave { model: 1 }, |d| {
        d.leave_split(alice(), 1, alice())
    });
    assert_refused_without_change(&mut data, RoyaltyError::NoSplit { model: 2 }, |d| {
        d.leave_split(bob(), 2, alice())
    });
}

#[ink::test]
fn error_when_withdrawing_with_nothing_owed() {
    let mut data = ledger_with_a_split();
    assert_refused_without_change(&mut data, RoyaltyError::NothingOwed, |d| d.withdraw(bob()));
    // One unit is half a unit each: neither floor is a unit yet, so neither can
    // take anything until the round ends.
    data.deposit(payer(), 1, 1, &original(1, alice())).unwrap();
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie()), data.pending_of(1)), (0, 0, 1));
    assert_refused_without_change(&mut data, RoyaltyError::NothingOwed, |d| d.withdraw(charlie()));
    assert_refused_without_change(&mut data, RoyaltyError::NothingOwed, |d| d.withdraw(bob()));
    // Ending the round gives the unit to Bob (equal fractions: listed first).
    data.distribute(1).unwrap();
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie())), (1, 0));
}

#[ink::test]
fn error_when_clearing_a_split_that_does_not_exist() {
    let mut data = ledger_with_a_split();
    assert_refused_without_change(&mut data, RoyaltyError::NoSplit { model: 2 }, |d| {
        d.clear_split(alice(), 2, alice())
    });
}

// --- deposits and distribution ----------------------------------------------

#[ink::test]
fn a_model_without_a_split_pays_its_owner_at_deposit_time() {
    let mut data = RoyaltiesData::default();

    let events = data.deposit(payer(), 1, 250, &original(1, alice())).unwrap();
    // The model changed hands: later money goes to the new owner, earlier stays.
    data.deposit(payer(), 1, 50, &original(1, dave())).unwrap();

    assert_eq!(
        events,
        vec![RoyaltiesEvent::Deposited(Deposited { model: 1, payer: payer(), amount: 250 })]
    );
    assert_eq!((data.owed_to(alice()), data.owed_to(dave())), (250, 50));
    assert_eq!((data.pending_of(1), data.liabilities()), (0, 300));
}

#[ink::test]
fn a_deposit_on_a_split_model_is_pending_until_distributed_exactly() {
    let mut data = RoyaltiesData::default();
    let thirds = split(&[(bob(), 333_334), (charlie(), 333_333), (dave(), 333_333)]);
    accepted_split(&mut data, alice(), 1, thirds);

    data.deposit(payer(), 1, 10, &original(1, alice())).unwrap();
    data.deposit(payer(), 1, 11, &original(1, alice())).unwrap();
    assert_eq!((data.pending_of(1), data.owed_of(bob())), (21, 0));
    // What a withdrawal would pay now: the floor of each exact share of the
    // round (7.000014, 6.999993, 6.999993); the 2 units the floors leave wait
    // for the round's end.
    assert_eq!([bob(), charlie(), dave()].map(|a| data.owed_to(a)), [7, 6, 6]);

    let events = data.distribute(1).unwrap();

    assert_eq!(events, vec![RoyaltiesEvent::Distributed(Distributed { model: 1, amount: 21 })]);
    // 21 / 3 = 7 each exactly: pooled deposits are apportioned as one amount.
    assert_eq!([bob(), charlie(), dave()].map(|a| data.owed_of(a)), [7, 7, 7]);
    assert_eq!((data.pending_of(1), data.liabilities()), (0, 21));
    assert_eq!(data.distribute(1), Ok(vec![]), "nothing pending: no event");
}

#[ink::test]
fn the_rounding_remainder_goes_to_the_largest_fraction_then_the_first_listed() {
    let mut data = RoyaltiesData::default();
    accepted_split(&mut data, alice(), 1, split(&[(bob(), 700_000), (charlie(), 300_000)]));

    data.deposit(payer(), 1, 5, &original(1, alice())).unwrap();
    data.distribute(1).unwrap();

    // Exact shares 3.5 and 1.5: equal fractions, the unit goes to Bob, listed first.
    assert_eq!((data.owed_of(bob()), data.owed_of(charlie())), (4, 1));
}

#[ink::test]
fn money_deposited_before_a_split_change_is_owed_under_the_old_split() {
    let mut data = ledger_with_a_split();
    data.deposit(payer(), 1, 100, &original(1, alice())).unwrap();

    let events = data.set_split(alice(), 1, (alice(), 0), split(&[(dave(), SHARE_SCALE)])).unwrap();
    data.accept_split(dave(), 1).unwrap();
    data.deposit(payer(), 1, 10, &original(1, alice())).unwrap();

    assert_eq!(
        events,
        vec![
            RoyaltiesEvent::Distributed(Distributed { model: 1, amount: 100 }),
            RoyaltiesEvent::SplitSet(SplitSet {
                model: 1,
                recipients: split(&[(dave(), SHARE_SCALE)])
            }),
        ]
    );
    assert_eq!([bob(), charlie(), dave()].map(|a| data.owed_to(a)), [50, 50, 10]);
    assert_eq!(data.memberships_of(bob()), Vec::<ModelId>::new(), "Bob left the split");
    assert_eq!(data.memberships_of(dave()), vec![1]);
    assert_eq!(data.liabilities(), 110);
}

#[ink::test]
fn clearing_a_split_settles_it_and_later_deposits_go_to_the_owner() {
    let mut data = ledger_with_a_split();
    data.deposit(payer(), 1, 30, &original(1, alice())).unwrap();

    let events = data.clear_split(alice(), 1, alice()).unwrap();
    data.deposit(payer(), 1, 7, &original(1, alice())).unwrap();

    assert_eq!(
        events,
        vec![
            RoyaltiesEvent::Distributed(Distributed { model: 1, amount: 30 }),
            RoyaltiesEvent::SplitCleared(SplitCleared { model: 1 }),
        ]
    );
    assert_eq!([alice(), bob(), charlie()].map(|a| data.owed_to(a)), [7, 15, 15]);
    assert_eq!((data.split_of(1), data.pending_of(1)), (None, 0));
    assert!(data.memberships_of(bob()).is_empty() && data.memberships_of(charlie()).is_empty());
}

#[ink::test]
fn upstream_royalties_cross_two_generations_with_exact_amounts() {
    // Alice's base 1 <- Bob's fine-tune 2 (owes 10 %) <- Charlie's 3 (owes 20 %).
    let lineage =
        [node(3, charlie(), &[(2, 2_000)]), node(2, bob(), &[(1, 1_000)]), node(1, alice(), &[])];
    let mut data = RoyaltiesData::default();

    let events = data.deposit(payer(), 3, 1_000, &lineage).unwrap();

    assert_eq!(
        events,
        vec![
            RoyaltiesEvent::Deposited(Deposited { model: 3, payer: payer(), amount: 1_000 }),
            RoyaltiesEvent::UpstreamCredited(UpstreamCredited {
                from_model: 3,
                to_model: 2,
                amount: 200
            }),
            RoyaltiesEvent::UpstreamCredited(UpstreamCredited {
                from_model: 2,
                to_model: 1,
                amount: 20
            }),
        ]
    );
    assert_eq!([charlie(), bob(), alice()].map(|a| data.owed_to(a)), [800, 180, 20]);

    // 7 units: 3 passes floor(1.4) = 1 to 2, which passes floor(0.1) = 0 to 1.
    let events = data.deposit(payer(), 3, 7, &lineage).unwrap();
    assert_eq!(events.len(), 2, "no event for a zero cut");
    assert_eq!([charlie(), bob(), alice()].map(|a| data.owed_to(a)), [806, 181, 20]);
    assert_eq!(data.liabilities(), 1_007);
}

#[ink::test]
fn upstream_money_reaching_a_model_with_a_split_waits_for_its_distribution() {
    // Diamond: 3 derives from 1 (10 %) and 2 (30 %); 2 derives from 1 (50 %).
    let lineage = [
        node(3, charlie(), &[(1, 1_000), (2, 3_000)]),
        node(2, bob(), &[(1, 5_000)]),
        node(1, alice(), &[]),
    ];
    let mut data = RoyaltiesData::default();
    accepted_split(&mut data, alice(), 1, split(&[(alice(), 250_000), (dave(), 750_000)]));

    data.deposit(payer(), 3, 1_000, &lineage).unwrap();

    // 3 keeps 600, passes 100 to 1 and 300 to 2; 2 keeps 150 and passes 150 to 1.
    assert_eq!(data.pending_of(1), 250);
    assert_eq!((data.owed_of(charlie()), data.owed_of(bob())), (600, 150));
    // 62.5 and 187.5: the floors are withdrawable now; at the round's end the
    // unit left goes to Alice (equal fractions, listed first).
    assert_eq!((data.owed_to(alice()), data.owed_to(dave())), (62, 187));
    assert_eq!(
        data.royalty_info(3, 1_000, &lineage),
        Ok(vec![
            Payee { account: charlie(), amount: 600 },
            Payee { account: bob(), amount: 150 },
            Payee { account: alice(), amount: 63 },
            Payee { account: dave(), amount: 187 },
        ])
    );
    data.distribute(1).unwrap();
    assert_eq!((data.owed_to(alice()), data.owed_to(dave()), data.pending_of(1)), (63, 187, 0));
}

#[ink::test]
fn an_owner_of_several_models_in_a_lineage_is_credited_once() {
    let lineage = [node(2, alice(), &[(1, 2_500)]), node(1, alice(), &[])];
    let mut data = RoyaltiesData::default();

    data.deposit(payer(), 2, 99, &lineage).unwrap();

    assert_eq!((data.owed_of(alice()), data.liabilities()), (99, 99));
    assert_eq!(
        data.royalty_info(2, 99, &lineage),
        Ok(vec![Payee { account: alice(), amount: 99 }])
    );
}

// --- withdrawals --------------------------------------------------------------

#[ink::test]
fn a_withdrawal_takes_the_callers_part_of_every_split_and_writes_nothing_for_others() {
    let mut data = ledger_with_a_split();
    accepted_split(&mut data, dave(), 2, split(&[(bob(), 100_000), (dave(), 900_000)]));
    data.deposit(payer(), 1, 101, &original(1, alice())).unwrap();
    data.deposit(payer(), 2, 1_000, &original(2, dave())).unwrap();
    data.deposit(payer(), 3, 5, &original(3, bob())).unwrap();
    let expected = data.owed_to(bob());

    let (amount, events) = data.withdraw(bob()).unwrap();

    // floor(50.5) of model 1, 100 of model 2, 5 of Bob's own model 3
    assert_eq!((expected, amount), (50 + 100 + 5, 155));
    assert_eq!(events, vec![RoyaltiesEvent::Withdrawn(Withdrawn { account: bob(), amount: 155 })]);
    assert_eq!(data.owed_to(bob()), 0);
    // Nothing was written for the others: their parts wait in the splits.
    assert_eq!((data.owed_of(charlie()), data.owed_of(dave())), (0, 0));
    assert_eq!((data.owed_to(charlie()), data.owed_to(dave())), (50, 900));
    assert_eq!((data.pending_of(1), data.pending_of(2)), (51, 900));
    assert_eq!(data.liabilities(), 1_106 - 155);
    assert_eq!(data.withdraw(bob()), Err(RoyaltyError::NothingOwed));
    // The half unit left in model 1's round reaches Bob when the round ends.
    data.distribute(1).unwrap();
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie())), (1, 50));
}

#[ink::test]
fn a_failed_transfer_is_credited_back_in_full() {
    let mut data = ledger_with_a_split();
    data.deposit(payer(), 1, 40, &original(1, alice())).unwrap();
    let (amount, _) = data.withdraw(bob()).unwrap();

    data.recredit(bob(), amount).unwrap();

    assert_eq!((amount, data.owed_to(bob()), data.liabilities()), (20, 20, 40));
    assert_eq!(data.withdraw(bob()).map(|(amount, _)| amount), Ok(20));
}

#[ink::test]
fn royalty_info_adds_up_to_the_price_and_lists_nothing_for_zero() {
    let lineage = [node(2, charlie(), &[(1, 3_333)]), node(1, alice(), &[])];
    let mut data = RoyaltiesData::default();
    accepted_split(&mut data, charlie(), 2, split(&[(bob(), 1), (dave(), 999_999)]));

    let payees = data.royalty_info(2, 10, &lineage).unwrap();

    // 2 passes floor(3.333) = 3 to 1 and keeps 7: 0.000007 to Bob (0), 6.99 to Dave (7).
    assert_eq!(
        payees,
        vec![Payee { account: dave(), amount: 7 }, Payee { account: alice(), amount: 3 }]
    );
    assert_eq!(data.royalty_info(2, 0, &lineage), Ok(vec![]));
    assert_eq!(data.royalty_info(1, 10, &lineage), Err(RoyaltyError::UnknownModel { model: 1 }));
    assert_eq!(data.liabilities(), 0, "a query writes nothing");
}

#[ink::test]
fn the_largest_amounts_are_refused_rather_than_overflowing() {
    let mut data = RoyaltiesData::default();
    data.deposit(payer(), 1, Balance::MAX, &original(1, alice())).unwrap();
    assert_refused_without_change(&mut data, RoyaltyError::Overflow, |d| {
        d.deposit(payer(), 1, 1, &original(1, bob()))
    });
    assert_eq!(data.withdraw(alice()).map(|(amount, _)| amount), Ok(Balance::MAX));
}

mod properties;

// --- sales ------------------------------------------------------------------

/// `model` owned by `owner` in its `owner_epoch`-th ownership.
fn owned(model: ModelId, owner: AccountId, owner_epoch: OwnerEpoch) -> Vec<LineageNode> {
    vec![LineageNode { owner_epoch, ..node(model, owner, &[]) }]
}

#[ink::test]
fn a_sellers_split_settles_what_came_before_the_sale_and_nothing_after() {
    let mut data = RoyaltiesData::default();
    accepted_split(&mut data, alice(), 1, half_and_half());
    data.deposit(payer(), 1, 100, &original(1, alice())).unwrap();
    assert_eq!(data.split_epoch(1), Some(0));

    // Alice sells model 1 to Dave: the registry now reports epoch 1
    let after_sale = owned(1, dave(), 1);
    data.deposit(payer(), 1, 60, &after_sale).unwrap();

    assert_eq!(data.owed_to(dave()), 60, "new revenue goes to the new owner");
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie())), (50, 50));
    assert_eq!(
        data.royalty_info(1, 10, &after_sale),
        Ok(vec![Payee { account: dave(), amount: 10 }])
    );
    assert_refused_without_change(
        &mut data,
        RoyaltyError::NotModelOwner { model: 1, owner: dave() },
        |d| d.set_split(alice(), 1, (dave(), 1), half_and_half()),
    );

    // Dave's own split applies from now on; the old one's money was settled
    data.set_split(dave(), 1, (dave(), 1), split(&[(dave(), 500_000), (alice(), 500_000)]))
        .unwrap();
    data.accept_split(dave(), 1).unwrap();
    data.accept_split(alice(), 1).unwrap();
    assert_eq!((data.owed_of(bob()), data.owed_of(charlie())), (50, 50));
    data.deposit(payer(), 1, 10, &after_sale).unwrap();
    assert_eq!((data.owed_to(dave()), data.owed_to(alice())), (65, 5));
    assert_eq!(data.liabilities(), 170);
}

// --- cost -------------------------------------------------------------------

#[ink::test]
fn a_deposit_writes_the_same_storage_cells_whatever_the_split_size() {
    use ink::env::DefaultEnvironment;
    let contract = ink::env::test::callee::<DefaultEnvironment>();
    let mut data = RoyaltiesData::default();
    accepted_split(&mut data, alice(), 1, split(&[(bob(), SHARE_SCALE)]));
    let thirty_two: Vec<(AccountId, Share)> =
        (10..42).map(|n| (account(n), SHARE_SCALE / 32)).collect();
    accepted_split(&mut data, alice(), 2, split(&thirty_two));

    // (reads, writes) of the contract's storage during one call
    let cost = |data: &mut RoyaltiesData, model: ModelId| {
        let before = ink::env::test::get_contract_storage_rw::<DefaultEnvironment>(&contract);
        data.deposit(payer(), model, 1_000_000, &original(model, alice())).unwrap();
        let after = ink::env::test::get_contract_storage_rw::<DefaultEnvironment>(&contract);
        (after.0 - before.0, after.1 - before.1)
    };
    let (first_1, first_32) = (cost(&mut data, 1), cost(&mut data, 2));
    let (again_1, again_32) = (cost(&mut data, 1), cost(&mut data, 2));

    assert_eq!(first_1, first_32, "first deposit: the same cells for 1 and 32 recipients");
    assert_eq!(again_1, again_32, "later deposits: the same cells for 1 and 32 recipients");
    assert!(first_1.1 >= 1, "a deposit writes the model's pending balance");
    assert_eq!(data.pending_of(2), 2_000_000, "nothing was apportioned yet");
}

#[ink::test]
fn a_withdrawal_writes_only_the_callers_cells_whatever_the_split_size() {
    use ink::env::DefaultEnvironment;
    let contract = ink::env::test::callee::<DefaultEnvironment>();
    let mut data = RoyaltiesData::default();
    // Bob is one of 2 recipients of model 1 and one of 32 of model 2.
    accepted_split(&mut data, alice(), 1, split(&[(bob(), 500_000), (dave(), 500_000)]));
    let mut thirty_two: Vec<(AccountId, Share)> =
        (10..41).map(|n| (account(n), SHARE_SCALE / 32)).collect();
    thirty_two.push((bob(), SHARE_SCALE - 31 * (SHARE_SCALE / 32)));
    accepted_split(&mut data, alice(), 2, split(&thirty_two));
    let others: Vec<AccountId> =
        thirty_two.iter().map(|(a, _)| *a).filter(|a| *a != bob()).collect();
    let owed_to_others = |data: &RoyaltiesData| {
        others.iter().chain([dave()].iter()).map(|a| data.owed_to(*a)).collect::<Vec<_>>()
    };

    // (reads, writes) of the contract's storage during one withdrawal
    let cost = |data: &mut RoyaltiesData, model: ModelId| {
        data.deposit(payer(), model, 1_000_000, &original(model, alice())).unwrap();
        let before = ink::env::test::get_contract_storage_rw::<DefaultEnvironment>(&contract);
        data.withdraw(bob()).unwrap();
        let after = ink::env::test::get_contract_storage_rw::<DefaultEnvironment>(&contract);
        after.1 - before.1
    };
    let others_before = owed_to_others(&data);
    let (with_2, with_32) = (cost(&mut data, 1), cost(&mut data, 2));
    let (again_2, again_32) = (cost(&mut data, 1), cost(&mut data, 2));

    assert_eq!(with_2, with_32, "the same cells written beside 1 or 31 other recipients");
    assert_eq!(again_2, again_32);
    assert!(with_2 <= 3, "Bob's claim, his owed balance and the ledger total: {with_2}");
    let others_after = owed_to_others(&data);
    assert!(others_after.iter().zip(&others_before).all(|(after, before)| after >= before));
    assert_eq!(
        others.iter().map(|a| data.owed_of(*a)).sum::<Balance>() + data.owed_of(dave()),
        0,
        "no owed cell was created for anyone else"
    );
}

// --- upstream carry -----------------------------------------------------------

#[ink::test]
fn a_thousand_payments_of_nine_units_pay_a_ten_percent_parent_nine_hundred() {
    let mut data = RoyaltiesData::default();
    // model 2 (Bob's) owes its parent, model 1 (Alice's), 10 %
    let lineage = vec![node(2, bob(), &[(1, 1_000)]), node(1, alice(), &[])];
    let mut passed: Balance = 0;
    for _ in 0..1_000 {
        for event in data.deposit(payer(), 2, 9, &lineage).unwrap() {
            if let RoyaltiesEvent::UpstreamCredited(cut) = event {
                passed += cut.amount;
            }
        }
    }
    // flooring each payment would have passed 0; the carry passes the exact 900
    assert_eq!((passed, data.owed_to(alice()), data.owed_to(bob())), (900, 900, 8_100));
    assert_eq!(data.carry(2, 1), 0);
    // one more payment leaves 0.9 of a unit owed on the edge, visible as its carry
    data.deposit(payer(), 2, 9, &lineage).unwrap();
    assert_eq!((data.owed_to(alice()), data.carry(2, 1)), (900, 9_000));
    // and royalty_info counts it: the next 9 units pay the parent 1
    assert_eq!(
        data.royalty_info(2, 9, &lineage),
        Ok(vec![Payee { account: bob(), amount: 8 }, Payee { account: alice(), amount: 1 }])
    );
}

// --- storage deposits ---------------------------------------------------------
//
// pallet-contracts releases the deposit of a freed cell (or of freed bytes) to
// whoever signs the call that frees it. Anyone may deposit, distribute and
// withdraw for an account, and an owner's split changes reach its recipients'
// accounts: none of these may free or resize a round's or an account's cell.

/// The encoded size of every round and account cell of models 1..=4, entries
/// 0..32 and the accounts named in these tests (absent cells left out).
fn cells(data: &RoyaltiesData) -> std::collections::BTreeMap<String, u32> {
    let accounts = [alice(), bob(), charlie(), dave(), payer()];
    let mut cells = std::collections::BTreeMap::new();
    let mut add = |name: String, size: Option<u32>| {
        if let Some(size) = size {
            cells.insert(name, size);
        }
    };
    for model in 1..=4 {
        add(format!("received[{model}]"), data.received.size(model));
        for index in 0..MAX_RECIPIENTS {
            add(format!("claimed[{model}, {index}]"), data.claimed.size((model, index)));
        }
        for parent in 1..=4 {
            add(format!("carries[{model}, {parent}]"), data.carries.size((model, parent)));
        }
    }
    for (n, account) in accounts.into_iter().enumerate() {
        add(format!("owed[account {n}]"), data.owed.size(account));
        add(format!("memberships[account {n}]"), data.memberships.size(account));
    }
    cells
}

/// Runs `action` and fails if it freed or resized any cell of [`cells`].
fn assert_frees_no_cell<T: core::fmt::Debug>(
    data: &mut RoyaltiesData,
    what: &str,
    action: impl FnOnce(&mut RoyaltiesData) -> Result<T>,
) {
    let before = cells(data);
    action(data).unwrap_or_else(|error| panic!("{what}: {error:?}"));
    let after = cells(data);
    for (cell, size) in &before {
        assert_eq!(after.get(cell), Some(size), "{what} freed or resized {cell}");
    }
}

#[ink::test]
fn nobody_frees_or_resizes_a_cell_another_account_paid_for() {
    let mut data = ledger_with_a_split();
    // model 2: Dave's fine-tune of model 1, owing it 10 %, without a split
    let child = vec![node(2, dave(), &[(1, 1_000)]), node(1, alice(), &[])];

    assert_frees_no_cell(&mut data, "a deposit leaving an upstream carry", |d| {
        d.deposit(payer(), 2, 15, &child)
    });
    assert_eq!(data.carry(2, 1), 5_000);
    assert_frees_no_cell(&mut data, "a deposit settling the carry", |d| {
        d.deposit(payer(), 2, 5, &child)
    });
    assert_eq!(data.carry(2, 1), 0);
    data.deposit(payer(), 1, 1_001, &original(1, alice())).unwrap();
    assert_frees_no_cell(&mut data, "a withdrawal (anyone may withdraw for Bob)", |d| {
        d.withdraw(bob())
    });
    assert_frees_no_cell(&mut data, "a distribution (anyone may call it)", |d| d.distribute(1));
    data.deposit(payer(), 1, 100, &original(1, alice())).unwrap();
    assert_frees_no_cell(&mut data, "a withdrawal for Charlie", |d| d.withdraw(charlie()));
    assert_frees_no_cell(&mut data, "a withdrawal for Dave", |d| d.withdraw(dave()));
    assert_frees_no_cell(&mut data, "a split change dropping Bob", |d| {
        d.set_split(alice(), 1, (alice(), 0), split(&[(charlie(), 500_000), (dave(), 500_000)]))
    });
    data.deposit(payer(), 1, 100, &original(1, alice())).unwrap();
    data.withdraw(charlie()).unwrap();
    assert_frees_no_cell(&mut data, "clearing the split", |d| d.clear_split(alice(), 1, alice()));
    // and the money is all there: everything was paid out or is still owed
    let owed: Balance = [alice(), bob(), charlie(), dave()].map(|a| data.owed_to(a)).iter().sum();
    assert_eq!(owed, data.liabilities());
}

#[ink::test]
fn a_deposit_into_an_accepted_split_creates_no_cell_for_the_buyer_to_pay() {
    // the owner's set_split creates the round's cell and each recipient's
    // acceptance its own owed balance: a buyer pays for none of them
    let mut data = ledger_with_a_split();
    let before = cells(&data);
    assert!(before.contains_key("received[1]"), "set_split created the round");
    assert!(before.contains_key("owed[account 1]") && before.contains_key("owed[account 2]"));
    data.deposit(payer(), 1, 1_000, &original(1, alice())).unwrap();
    data.distribute(1).unwrap();
    assert_eq!(cells(&data), before, "no cell was created or resized");
}

#[ink::test]
fn a_dropped_recipient_keeps_its_acceptance_until_it_leaves() {
    let mut data = ledger_with_a_split();
    // Alice drops Bob: his acceptance is his storage, and stays, inert
    data.set_split(alice(), 1, (alice(), 0), split(&[(charlie(), SHARE_SCALE)])).unwrap();
    assert!(data.memberships_of(bob()).is_empty(), "a split that dropped him is not his");
    data.deposit(payer(), 1, 100, &original(1, alice())).unwrap();
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie())), (0, 100));
    // listed again, his acceptance still stands
    data.set_split(alice(), 1, (alice(), 0), half_and_half()).unwrap();
    assert_eq!(data.memberships_of(bob()), vec![1]);
    assert_refused_without_change(&mut data, RoyaltyError::AlreadyAccepted { model: 1 }, |d| {
        d.accept_split(bob(), 1)
    });
    // dropped again, he gives it up himself
    data.clear_split(alice(), 1, alice()).unwrap();
    let events = data.leave_split(bob(), 1, alice()).unwrap();
    assert_eq!(events, vec![RoyaltiesEvent::SplitLeft(SplitLeft { model: 1, account: bob() })]);
    assert_eq!(data.memberships.get(bob()), None, "his own cell, freed by his own call");
    assert_refused_without_change(&mut data, RoyaltyError::NoSplit { model: 1 }, |d| {
        d.leave_split(bob(), 1, alice())
    });
}

#[ink::test]
fn acceptances_of_splits_that_dropped_the_account_make_room_for_a_new_one() {
    let mut data = RoyaltiesData::default();
    let models = ModelId::from(MAX_MEMBERSHIPS);
    for model in 1..=models {
        accepted_split(&mut data, charlie(), model, split(&[(bob(), SHARE_SCALE)]));
    }
    data.set_split(alice(), models + 1, (alice(), 0), split(&[(bob(), SHARE_SCALE)])).unwrap();
    assert_refused_without_change(
        &mut data,
        RoyaltyError::RecipientMembershipsFull { account: bob(), max: MAX_MEMBERSHIPS },
        |d| d.accept_split(bob(), models + 1),
    );
    // Charlie drops Bob from two of his splits: Bob's next acceptance fits
    data.clear_split(charlie(), 1, charlie()).unwrap();
    data.set_split(charlie(), 2, (charlie(), 0), split(&[(dave(), SHARE_SCALE)])).unwrap();
    data.accept_split(bob(), models + 1).unwrap();
    let mut expected: Vec<ModelId> = (3..=models + 1).collect();
    assert_eq!(data.memberships_of(bob()), expected);
    expected.sort_unstable();
    assert_eq!(data.memberships.get(bob()).map(|m| m.len()), Some(expected.len()));
}
