//! A disputed model's revenue in escrow, from the registry's side: the first
//! open dispute starts it, the last ruling (or taking-back) ends it, anyone
//! ends it once due, and the token does not move meanwhile.

use super::*;
use crate::events::EscrowReleased;
use crate::types::Ruling;
use modelmint_common::market::DISPUTE_ESCROW;

fn arbiter() -> AccountId {
    AccountId::from([9; 32])
}

fn raise(registry: &mut RegistryData, who: AccountId, now: Timestamp) -> (DisputeId, Option<Push>) {
    let evidence = ([1; 32], String::from("ipfs://evidence"));
    let (dispute, _, push) =
        registry.raise_dispute(who, Some(arbiter()), now, 1, evidence, DEPOSIT).unwrap();
    (dispute, push)
}

#[ink::test]
fn the_first_open_dispute_holds_the_revenue_and_later_ones_do_not_extend_it() {
    let mut registry = registry_with_one_model();
    let (_, push) = raise(&mut registry, bob(), NOW);
    let until = NOW + DISPUTE_ESCROW;
    assert_eq!(registry.model(1).map(|m| m.escrow_until), Some(until));
    assert_eq!(push.map(|p| p.record.escrowed), Some(true), "the market learns it");

    let (_, push) = raise(&mut registry, charlie(), NOW + DAY);
    assert_eq!(push, None);
    assert_eq!(registry.model(1).map(|m| m.escrow_until), Some(until), "not extended");
}

const DAY: Timestamp = 86_400_000;

#[ink::test]
fn the_token_does_not_move_while_its_revenue_is_held() {
    let mut registry = registry_with_one_model();
    raise(&mut registry, bob(), NOW);
    let until = NOW + DISPUTE_ESCROW;
    assert_refused_without_change(
        &mut registry,
        RegistryError::ModelInEscrow { model: 1, until },
        |r| r.transfer(alice(), EARLIER, dave(), 1).map(|(events, _)| events),
    );
}

#[ink::test]
fn the_last_ruling_ends_the_escrow_and_an_earlier_one_does_not() {
    let mut registry = registry_with_one_model();
    raise(&mut registry, bob(), NOW);
    raise(&mut registry, charlie(), NOW);
    let (_, _, push) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 1, Ruling::Dismiss).unwrap();
    assert_eq!(push, None, "Charlie's dispute is still open: still held");
    assert_ne!(registry.model(1).map(|m| m.escrow_until), Some(0));

    let reassign = Ruling::Uphold { reassign: true, void_from: None };
    let (_, _, push) = registry.resolve_dispute(arbiter(), Some(arbiter()), 2, reassign).unwrap();

    let record = push.map(|push| push.record);
    assert_eq!(record.map(|r| (r.owner, r.epoch, r.escrowed)), Some((charlie(), 1, false)));
    assert_eq!(registry.model(1).map(|m| m.escrow_until), Some(0));
    registry.transfer(charlie(), EARLIER, dave(), 1).unwrap();
}

#[ink::test]
fn anyone_releases_an_escrow_the_arbiter_left_past_its_due_time() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(&mut registry, RegistryError::NoEscrow { model: 1 }, |r| {
        r.release_escrow(NOW, 1).map(|(events, _)| events)
    });
    raise(&mut registry, bob(), NOW);
    let until = NOW + DISPUTE_ESCROW;
    assert_refused_without_change(
        &mut registry,
        RegistryError::EscrowNotDue { model: 1, until },
        |r| r.release_escrow(until - 1, 1).map(|(events, _)| events),
    );

    let (events, push) = registry.release_escrow(until, 1).unwrap();

    assert_eq!(events, vec![RegistryEvent::EscrowReleased(EscrowReleased { model: 1 })]);
    assert!(!push.record.escrowed);
    assert_eq!(registry.model(1).map(|m| (m.escrow_until, m.open_disputes)), Some((0, 1)));
    registry.transfer(alice(), EARLIER, dave(), 1).unwrap();
    // the dispute is still open, and ruling on it starts no new escrow
    registry.resolve_dispute(arbiter(), Some(arbiter()), 1, Ruling::Dismiss).unwrap();
    assert_eq!(registry.model(1).map(|m| m.escrow_until), Some(0));
}

#[ink::test]
fn a_dispute_taken_back_for_want_of_an_arbiter_ends_the_escrow() {
    let mut registry = registry_with_one_model();
    raise(&mut registry, bob(), NOW);
    let (refund, _, push) = registry.clear_dispute(bob(), None, 1).unwrap();
    assert_eq!(refund, Some(Payout { to: bob(), amount: DEPOSIT }));
    assert_eq!(push.map(|p| p.record.escrowed), Some(false));
}
