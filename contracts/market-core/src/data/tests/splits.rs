//! Splits, rounds and withdrawals.

use super::*;

fn split(parts: &[(AccountId, u32)]) -> Vec<Recipient> {
    parts.iter().map(|&(account, share)| Recipient { account, share }).collect()
}

/// Model 1 of Alice's, split 70/30 between Bob and Charlie, who both accepted.
fn split_model() -> MarketData {
    let mut data = market();
    data.set_split(alice(), 1, split(&[(bob(), 700_000), (charlie(), 300_000)])).unwrap();
    data.accept_split(bob(), 1).unwrap();
    data.accept_split(charlie(), 1).unwrap();
    data
}

#[ink::test]
fn each_recipient_withdraws_the_floor_of_its_share_and_the_round_end_pays_the_rest() {
    let mut data = split_model();
    data.deposit(payer(), 1, 1_001).unwrap();
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie())), (700, 300));
    assert_eq!(data.withdraw(bob(), &[]).unwrap().0, 700);
    assert_eq!(data.pending_of(1), 301, "the unit the floors leave stays in the round");
    let events = data.distribute(1).unwrap();
    assert_eq!(events, vec![MarketEvent::Distributed(Distributed { model: 1, amount: 301 })]);
    // 1 001 at 70/30: exact 700.7 and 300.3; the leftover unit goes to Bob
    assert_eq!((data.owed_of(bob()), data.owed_of(charlie())), (1, 300));
    assert_eq!(data.liabilities(), 301);
    assert_eq!(data.distribute(1), Ok(vec![]), "an empty round moves nothing");
}

#[ink::test]
fn an_owner_without_a_split_collects_its_models_revenue_into_a_withdrawal() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    push(&mut data, 2, record(alice(), 0, &[]));
    buy(&mut data, bob(), NOW).unwrap();
    data.deposit(payer(), 2, 70).unwrap();
    assert_refused_without_change(&mut data, MarketError::NothingOwed, |d| {
        d.withdraw(alice(), &[])
    });
    assert_refused_without_change(&mut data, MarketError::NotPayee { model: 1 }, |d| {
        d.withdraw(bob(), &[1])
    });
    let (amount, events) = data.withdraw(alice(), &[1, 2, 1]).unwrap();
    assert_eq!(amount, PRICE + 70);
    assert_eq!(events, vec![MarketEvent::Withdrawn(Withdrawn { account: alice(), amount })]);
    assert_eq!((data.pending_of(1), data.pending_of(2), data.liabilities()), (0, 0, 0));
    let too_many = vec![1; MAX_COLLECTED as usize + 1];
    assert_refused_without_change(
        &mut data,
        MarketError::TooManyModels { max: MAX_COLLECTED },
        |d| d.withdraw(alice(), &too_many),
    );
}

#[ink::test]
fn a_model_with_a_split_is_collected_by_its_recipients_not_its_owner() {
    let mut data = split_model();
    data.deposit(payer(), 1, 100).unwrap();
    assert_refused_without_change(&mut data, MarketError::NotPayee { model: 1 }, |d| {
        d.withdraw(alice(), &[1])
    });
}

#[ink::test]
fn a_split_change_settles_the_round_under_the_split_in_force() {
    let mut data = split_model();
    data.deposit(payer(), 1, 1_000).unwrap();
    let events = data.set_split(alice(), 1, split(&[(dave(), 1_000_000)])).unwrap();
    assert_eq!(events[0], MarketEvent::Distributed(Distributed { model: 1, amount: 1_000 }));
    assert_eq!((data.owed_of(bob()), data.owed_of(charlie())), (700, 300));
    data.deposit(payer(), 1, 500).unwrap();
    data.clear_split(alice(), 1).unwrap();
    assert_eq!(data.owed_of(dave()), 500, "Dave never accepted: the round's end paid him");
    data.deposit(payer(), 1, 9).unwrap();
    assert_eq!(data.withdraw(alice(), &[1]).unwrap().0, 9, "without a split, the owner's");
}

#[ink::test]
fn after_a_token_sale_the_sellers_split_gets_nothing_new() {
    let mut data = split_model();
    data.deposit(payer(), 1, 1_000).unwrap();
    data.withdraw(bob(), &[]).unwrap();
    push(&mut data, 1, record(eve(), 1, &[]));
    // the round was settled to the split in force at the sale
    assert_eq!((data.owed_of(charlie()), data.pending_of(1)), (300, 0));
    data.deposit(payer(), 1, 400).unwrap();
    assert_eq!((data.owed_to(bob()), data.owed_to(charlie())), (0, 300), "nothing new");
    assert_eq!(data.withdraw(eve(), &[1]).unwrap().0, 400);
    // the new owner sets a split of its own
    data.set_split(eve(), 1, split(&[(dave(), 1_000_000)])).unwrap();
    assert_eq!(data.model(1).unwrap().split_epoch, Some(1));
}

#[ink::test]
fn only_the_owner_changes_a_split_and_shares_must_be_whole() {
    let mut data = market();
    assert_refused_without_change(
        &mut data,
        MarketError::NotModelOwner { model: 1, owner: alice() },
        |d| d.set_split(bob(), 1, split(&[(bob(), 1_000_000)])),
    );
    assert_refused_without_change(
        &mut data,
        MarketError::InvalidShares(modelmint_common::types::ShareError::SharesDoNotSumToWhole {
            total: 999_999,
        }),
        |d| d.set_split(alice(), 1, split(&[(bob(), 999_999)])),
    );
    assert_refused_without_change(&mut data, MarketError::DuplicateRecipient { index: 1 }, |d| {
        d.set_split(alice(), 1, split(&[(bob(), 500_000), (bob(), 500_000)]))
    });
    assert_refused_without_change(&mut data, MarketError::NoSplit { model: 1 }, |d| {
        d.clear_split(alice(), 1)
    });
}

#[ink::test]
fn being_listed_is_an_invitation_and_a_recipient_leaves_with_its_part() {
    let mut data = market();
    data.set_split(alice(), 1, split(&[(bob(), 600_000), (alice(), 400_000)])).unwrap();
    assert!(data.memberships_of(bob()).is_empty(), "a listing takes no slot");
    assert_refused_without_change(&mut data, MarketError::NotARecipient { model: 1 }, |d| {
        d.accept_split(charlie(), 1)
    });
    data.accept_split(bob(), 1).unwrap();
    assert_refused_without_change(&mut data, MarketError::AlreadyAccepted { model: 1 }, |d| {
        d.accept_split(bob(), 1)
    });
    assert_refused_without_change(&mut data, MarketError::OwnerCannotLeave { model: 1 }, |d| {
        d.leave_split(alice(), 1)
    });
    data.deposit(payer(), 1, 1_000).unwrap();
    let events = data.leave_split(bob(), 1).unwrap();
    assert_eq!(events[0], MarketEvent::SplitLeft(SplitLeft { model: 1, account: bob() }));
    assert_eq!(data.owed_of(bob()), 600, "Bob's part so far is his");
    assert_eq!(data.split_of(1), Some(split(&[(alice(), 600_000), (alice(), 400_000)])));
    data.deposit(payer(), 1, 1_000).unwrap();
    data.distribute(1).unwrap();
    assert_eq!((data.owed_of(bob()), data.owed_of(alice())), (600, 1_400));
}

#[ink::test]
fn a_recipient_accepts_at_most_sixty_four_splits() {
    let mut data = MarketData::default();
    for model in 1..=u64::from(MAX_MEMBERSHIPS) + 1 {
        push(&mut data, model, record(alice(), 0, &[]));
        data.set_split(alice(), model, split(&[(bob(), 1_000_000)])).unwrap();
    }
    for model in 1..=u64::from(MAX_MEMBERSHIPS) {
        data.accept_split(bob(), model).unwrap();
    }
    let full = MarketError::RecipientMembershipsFull { account: bob(), max: MAX_MEMBERSHIPS };
    assert_refused_without_change(&mut data, full, |d| d.accept_split(bob(), 65));
    // a split that drops Bob frees his slot when he needs it
    data.set_split(alice(), 1, split(&[(charlie(), 1_000_000)])).unwrap();
    data.accept_split(bob(), 65).unwrap();
}

/// pallet-contracts hands the storage deposit of a freed or shrunk cell to
/// whoever signs the call. Whoever may call `distribute`, `withdraw_for`,
/// `deposit` and the registry's pushes must never free or shrink a balance,
/// claim or record that someone else paid for.
#[ink::test]
fn nobody_frees_or_shrinks_a_cell_another_account_paid_for() {
    let mut data = split_model();
    let census = |data: &MarketData| {
        let accounts = [alice(), bob(), charlie(), dave()];
        (
            record_size(data, 1),
            accounts.map(|a| data.owed.get(a).map(|b| ink::scale::Encode::encoded_size(&b))),
            (0..2).map(|i| data.claimed.get((1, i)).is_some()).collect::<Vec<_>>(),
        )
    };
    data.deposit(payer(), 1, 1_000).unwrap();
    data.withdraw(bob(), &[]).unwrap();
    let before = census(&data);
    data.deposit(payer(), 1, 1_000).unwrap();
    data.distribute(1).unwrap();
    data.withdraw(charlie(), &[]).unwrap();
    data.withdraw(bob(), &[]).unwrap();
    let after = census(&data);
    // every cell that existed still exists at its size
    assert_eq!(before.0, after.0);
    for (was, is) in before.1.iter().zip(after.1.iter()) {
        if was.is_some() {
            assert_eq!(was, is);
        }
    }
    for (was, is) in before.2.iter().zip(after.2.iter()) {
        assert!(!*was || *is, "a claim cell was freed");
    }
}
