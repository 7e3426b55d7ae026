//! A disputed model's revenue in escrow: nobody takes it while the dispute
//! is open; a reassigning ruling pays it to the rightful owner, a dismissal
//! or the escrow's release to whoever it was owed to.

use super::*;

fn split(parts: &[(AccountId, u32)]) -> Vec<Recipient> {
    parts.iter().map(|&(account, share)| Recipient { account, share }).collect()
}

/// Alice's model 1, split 50/50 between her and Bob (who accepted), paid
/// `PRICE` once before Charlie's dispute put it in escrow and once after.
fn escrowed_with_a_split() -> MarketData {
    let mut data = market();
    data.set_split(alice(), 1, split(&[(alice(), 500_000), (bob(), 500_000)])).unwrap();
    data.accept_split(bob(), 1).unwrap();
    data.deposit(payer(), 1, PRICE).unwrap();
    // Bob takes his part of the round before the dispute
    assert_eq!(data.withdraw(bob(), &[]).map(|(amount, _)| amount), Ok(PRICE / 2));
    push(&mut data, 1, ModelRecord { escrowed: true, ..record(alice(), 0, &[]) });
    data.deposit(payer(), 1, PRICE).unwrap();
    data
}

/// Alice's model 1 without a split, paid `PRICE` while in escrow.
fn escrowed() -> MarketData {
    let mut data = market();
    push(&mut data, 1, ModelRecord { escrowed: true, ..record(alice(), 0, &[]) });
    data.deposit(payer(), 1, PRICE).unwrap();
    data
}

#[ink::test]
fn nobody_takes_an_escrowed_round() {
    let mut data = escrowed();
    let held = MarketError::ModelInEscrow { model: 1 };
    assert_refused_without_change(&mut data, held.clone(), |d| d.withdraw(alice(), &[1]));
    assert_refused_without_change(&mut data, held.clone(), |d| d.distribute(1));
    let split = split(&[(alice(), 1_000_000)]);
    assert_refused_without_change(&mut data, held, |d| d.set_split(alice(), 1, split));
    assert_eq!(data.pending_of(1), PRICE, "the round is there, held");
    // sales and payments go on: the round grows
    data.deposit(payer(), 1, PRICE).unwrap();
    assert_eq!(data.pending_of(1), 2 * PRICE);
}

#[ink::test]
fn a_split_recipient_takes_nothing_of_an_escrowed_round_and_leaves_after_it() {
    let mut data = escrowed_with_a_split();
    // Bob's withdrawal does not fail: it takes nothing of the held round
    assert_refused_without_change(&mut data, MarketError::NothingOwed, |d| d.withdraw(bob(), &[]));
    assert_eq!(data.owed_to(bob()), 0);
    let held = MarketError::ModelInEscrow { model: 1 };
    assert_refused_without_change(&mut data, held.clone(), |d| d.leave_split(bob(), 1));
    assert_refused_without_change(&mut data, held, |d| d.clear_split(alice(), 1));
    // released (a dismissal): the round is the split's again
    push(&mut data, 1, record(alice(), 0, &[]));
    assert_eq!(data.owed_to(bob()), PRICE / 2);
    data.leave_split(bob(), 1).unwrap();
}

#[ink::test]
fn a_reassignment_pays_the_escrowed_round_to_the_rightful_owner_not_the_squatter() {
    let mut data = escrowed_with_a_split();
    let liabilities = data.liabilities();

    // the ruling moves the token to Charlie and ends the escrow
    let events = push(&mut data, 1, record(charlie(), 1, &[]));

    // what the squatter's split had not taken goes to Charlie: the round less
    // Bob's pre-dispute part
    let rest = 2 * PRICE - PRICE / 2;
    assert_eq!(data.owed_of(charlie()), rest);
    assert_eq!((data.owed_of(alice()), data.owed_to(bob())), (0, 0));
    assert_eq!(data.pending_of(1), 0);
    assert_eq!(data.liabilities(), liabilities, "pending became owed, to the unit");
    assert_eq!(events, vec![MarketEvent::Distributed(Distributed { model: 1, amount: rest })]);
    assert_eq!((0..2).map(|i| data.claimed_of(1, i)).collect::<Vec<_>>(), vec![0, 0]);
}

#[ink::test]
fn without_escrow_a_change_of_owner_settles_to_the_previous_owner_as_before() {
    let mut data = market();
    data.deposit(payer(), 1, PRICE).unwrap();
    push(&mut data, 1, record(charlie(), 1, &[]));
    assert_eq!((data.owed_of(alice()), data.owed_of(charlie())), (PRICE, 0));
}

#[ink::test]
fn a_release_pays_the_owner_again() {
    let mut data = escrowed();
    push(&mut data, 1, record(alice(), 0, &[]));
    assert_eq!(data.withdraw(alice(), &[1]).map(|(amount, _)| amount), Ok(PRICE));
}
