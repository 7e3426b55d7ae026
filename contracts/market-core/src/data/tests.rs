//! Tests of the market's rules, without a chain: fixtures here, one module
//! per family of rules below.

use super::*;
use crate::events::*;
use crate::types::{OfferState, OfferTerms};
use modelmint_common::licensing::{LegalText, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::{AssetKind, Bps, EpochRange, ModelStatus, Obligation, OwnerEpoch};

mod escrow;
mod licenses;
mod offers;
mod properties;
mod sales;
mod splits;

pub const NOW: Timestamp = 1_700_000_000_000;
pub const DAY: Timestamp = 86_400_000;
pub const PRICE: Balance = 5_000;

pub fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
pub fn alice() -> AccountId {
    account(1)
}
pub fn bob() -> AccountId {
    account(2)
}
pub fn charlie() -> AccountId {
    account(3)
}
pub fn dave() -> AccountId {
    account(4)
}
pub fn eve() -> AccountId {
    account(5)
}
/// Someone who pays for a model without holding anything: a gateway, a
/// marketplace.
pub fn payer() -> AccountId {
    account(99)
}

/// What the registry pushes for a model owned by `owner` in `epoch`, owing
/// `obligations`.
pub fn record(owner: AccountId, epoch: OwnerEpoch, obligations: &[(ModelId, Bps)]) -> ModelRecord {
    ModelRecord {
        kind: AssetKind::Model,
        owner,
        epoch,
        status: ModelStatus::Active,
        obligations: obligations
            .iter()
            .map(|&(ancestor, bps)| Obligation { ancestor, bps })
            .collect(),
        voided: Vec::new(),
        escrowed: false,
    }
}

/// Pushes `record` for `model` as the registry does, expecting it to hold.
pub fn push(data: &mut MarketData, model: ModelId, record: ModelRecord) -> Vec<MarketEvent> {
    data.sync_model(model, record).expect("the market records the registry's push")
}

/// A market where Alice registered model 1, an original.
pub fn market() -> MarketData {
    let mut data = MarketData::default();
    push(&mut data, 1, record(alice(), 0, &[]));
    data
}

pub fn terms(duration: LicenseDuration) -> OfferTerms {
    OfferTerms {
        price: PRICE,
        duration,
        cap: None,
        license: LicenseTerms {
            uses: UseSet::of(&[Use::Research, Use::CommercialInference, Use::FineTuning]),
            derivative_royalty: Some(1_000),
            transferable: true,
        },
        legal: LegalText { hash: [9; 32], uri: String::from("ipfs://legal/v1") },
    }
}

/// Alice owns model 1 and sells `terms` as offer 1.
pub fn with_offer(terms: OfferTerms) -> MarketData {
    let mut data = market();
    data.create_offer(alice(), 1, terms).expect("the owner publishes an offer");
    data
}

/// `who` buys a license of model 1 from offer 1 at `now`.
pub fn buy(data: &mut MarketData, who: AccountId, now: Timestamp) -> Result<LicenseId> {
    data.buy(who, now, (1, 1), PRICE, PRICE).map(|(license, _)| license)
}

use ink::prelude::string::String;

/// Everything a call could change, read back for comparison.
pub fn snapshot(data: &MarketData) -> impl PartialEq + core::fmt::Debug {
    let accounts = [alice(), bob(), charlie(), dave(), eve(), payer()];
    (
        (data.last_offer, data.last_license, data.liabilities),
        (1..=4).map(|m| data.model(m)).collect::<Vec<_>>(),
        (1..=4).map(|o| data.offer(o)).collect::<Vec<_>>(),
        (1..=4).map(|l| (data.license(l), data.transfer_offer(l))).collect::<Vec<_>>(),
        (1..=4).map(|m| accounts.map(|a| data.holdings.get((m, a)))).collect::<Vec<_>>(),
        (1..=4)
            .map(|m| (data.split_of(m), (0..4).map(|i| data.claimed_of(m, i)).collect::<Vec<_>>()))
            .collect::<Vec<_>>(),
        accounts.map(|a| (data.owed.get(a), data.memberships.get(a))),
    )
}

/// Asserts that `call` is refused with `expected` and changes nothing.
pub fn assert_refused_without_change<T: core::fmt::Debug>(
    data: &mut MarketData,
    expected: MarketError,
    call: impl FnOnce(&mut MarketData) -> Result<T>,
) {
    let before = snapshot(data);
    assert_eq!(call(data).err(), Some(expected));
    assert!(before == snapshot(data), "a refused call changed the market's state");
}

/// Storage reads and writes of the off-chain contract so far. The contract's
/// dispatcher adds one root read to every message and one root write to
/// every state change: `ROOT` below.
pub fn accesses() -> (usize, usize) {
    let me = ink::env::test::callee::<ink::env::DefaultEnvironment>();
    ink::env::test::get_contract_storage_rw::<ink::env::DefaultEnvironment>(&me)
}

/// The accesses `f` makes.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, (usize, usize)) {
    let before = accesses();
    let result = f();
    let after = accesses();
    (result, (after.0 - before.0, after.1 - before.1))
}

/// The encoded size of a model's record: what its storage deposit is for.
pub fn record_size(data: &MarketData, model: ModelId) -> usize {
    data.model(model).map_or(0, |state| ink::scale::Encode::encoded_size(&state))
}

/// A voided epoch range, for the registry's push of a ruling.
pub fn voided(from: OwnerEpoch, to: OwnerEpoch) -> EpochRange {
    EpochRange { from, to }
}

#[ink::test]
fn the_registrys_push_creates_a_record_and_keeps_carries_across_updates() {
    let mut data = MarketData::default();
    push(&mut data, 1, record(alice(), 0, &[]));
    push(&mut data, 2, record(bob(), 0, &[(1, 1_000)]));
    let state = data.model(2).expect("pushed");
    assert_eq!((state.owner, state.epoch, state.status), (bob(), 0, ModelStatus::Active));
    assert_eq!(state.debts, vec![Debt { ancestor: 1, bps: 1_000, carry: 0 }]);

    // a payment of 9 leaves 0.9 of a unit owed to model 1
    data.deposit(payer(), 2, 9).unwrap();
    assert_eq!(data.model(2).unwrap().debts[0].carry, 9_000);
    // a status push keeps the carry; a new obligation starts at none
    let mut deprecated = record(bob(), 0, &[(1, 1_000)]);
    deprecated.status = ModelStatus::Deprecated;
    push(&mut data, 2, deprecated);
    assert_eq!(data.model(2).unwrap().debts[0].carry, 9_000);
    assert_eq!(data.model(2).unwrap().status, ModelStatus::Deprecated);
}

#[ink::test]
fn a_token_sale_settles_the_sellers_revenue_before_the_buyer_earns() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    buy(&mut data, bob(), NOW).unwrap();
    assert_eq!(data.pending_of(1), PRICE);

    // Alice sells the token to Charlie: the registry pushes epoch 1
    let events = push(&mut data, 1, record(charlie(), 1, &[]));
    assert_eq!(events, vec![MarketEvent::Distributed(Distributed { model: 1, amount: PRICE })]);
    assert_eq!((data.owed_of(alice()), data.pending_of(1)), (PRICE, 0));

    // Charlie reopens the offer and earns the next sale, Alice nothing more
    data.set_offer_state(charlie(), 1, OfferState::Open).unwrap();
    buy(&mut data, dave(), NOW).unwrap();
    assert_eq!((data.owed_of(alice()), data.pending_of(1)), (PRICE, PRICE));
    let (paid, _) = data.withdraw(charlie(), &[1]).unwrap();
    assert_eq!(paid, PRICE);
    assert_eq!(data.withdraw(alice(), &[]).unwrap().0, PRICE);
    assert_eq!(data.liabilities(), 0);
}

#[ink::test]
fn a_push_of_an_unchanged_epoch_settles_nothing() {
    let mut data = with_offer(terms(LicenseDuration::Perpetual));
    buy(&mut data, bob(), NOW).unwrap();
    let mut disputed = record(alice(), 0, &[]);
    disputed.status = ModelStatus::Disputed;
    assert_eq!(push(&mut data, 1, disputed), vec![]);
    assert_eq!((data.pending_of(1), data.owed_of(alice())), (PRICE, 0));
}

/// A push that moves the owner epoch settles the round into the previous
/// owner's balance: that cell must already exist (created when the account
/// became the owner), so that whoever signs the transfer, or the arbiter who
/// reassigns a squatted model, pays for no cell of the previous owner's.
#[ink::test]
fn an_owners_balance_cell_exists_from_the_push_that_makes_it_owner() {
    let mut data = MarketData::default();
    push(&mut data, 1, record(alice(), 0, &[]));
    assert_eq!(data.owed.get(alice()), Some(0), "the registrant's, paid at its registration");
    data.deposit(payer(), 1, 70).unwrap();
    let (_, (reads, writes)) = counted(|| push(&mut data, 1, record(bob(), 1, &[])));
    assert_eq!(data.owed.get(alice()), Some(70), "settled into Alice's existing cell");
    assert_eq!(data.owed.get(bob()), Some(0), "the new owner's, with the token");
    assert_eq!((reads, writes), (3, 3), "record, Alice's and Bob's balances");
    // a push that keeps the owner creates nothing
    let (_, (_, writes)) = counted(|| push(&mut data, 1, record(bob(), 1, &[])));
    assert_eq!(writes, 1, "the record only");
}
