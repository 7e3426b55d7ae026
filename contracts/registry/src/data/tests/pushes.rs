//! What the market is told: every change of what it keeps returns exactly
//! one push, the model's record after the change, and nothing else does.

use super::*;

fn arbiter() -> AccountId {
    AccountId::from([0xA1; 32])
}

fn evidence() -> ([u8; 32], String) {
    ([5; 32], String::from("ipfs://evidence"))
}

/// The push that tells the market what the registry now says about `model`.
fn pushed(registry: &RegistryData, model: ModelId) -> Push {
    Push { model, record: registry.record(model).expect("a registered model") }
}

/// Raises a dispute of `claimant` against model 1 and rules `ruling` on it:
/// the ruling's push.
fn rule(registry: &mut RegistryData, claimant: AccountId, ruling: Ruling) -> Option<Push> {
    let (dispute, ..) =
        registry.raise_dispute(claimant, Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    registry.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).unwrap().2
}

#[ink::test]
fn every_change_the_market_keeps_returns_one_push_of_the_record_after_it() {
    let mut registry = empty();

    // a registration, of an original and of a derivative with its obligations
    let (model, _, push) = reveal(&mut registry, alice(), NOW, draft(1), unlicensed).unwrap();
    assert_eq!(push, pushed(&registry, model));
    let (derivative, _, push) =
        reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(700))).unwrap();
    assert_eq!(push, pushed(&registry, derivative));
    assert_eq!(push.record.obligations, vec![Obligation { ancestor: 1, bps: 700 }]);

    // a transfer: the new owner and owner epoch
    let (_, push) = registry.transfer(bob(), EARLIER, charlie(), derivative).unwrap();
    assert_eq!(push, pushed(&registry, derivative));
    assert_eq!((push.record.owner, push.record.epoch), (charlie(), 1));

    // a status change
    let (_, push) = registry.set_status(charlie(), derivative, ModelStatus::Deprecated).unwrap();
    assert_eq!(push, pushed(&registry, derivative));
    assert_eq!(push.record.status, ModelStatus::Deprecated);

    // rulings: upheld (the status), reassigned and voiding (owner, epoch,
    // status, voided epochs)
    let push = rule(&mut registry, bob(), Ruling::Uphold { reassign: false, void_from: None });
    assert_eq!(push, Some(pushed(&registry, model)));
    let push = rule(&mut registry, bob(), Ruling::Uphold { reassign: true, void_from: Some(0) });
    assert_eq!(push, Some(pushed(&registry, model)));
    let record = registry.record(model).unwrap();
    assert_eq!((record.owner, record.epoch, record.status), (bob(), 1, ModelStatus::Active));
    assert_eq!(record.voided, vec![EpochRange { from: 0, to: 1 }]);
}

#[ink::test]
fn a_ruling_that_changes_nothing_the_market_keeps_pushes_nothing() {
    let mut registry = registry_with_one_model();
    // Charlie's dispute stays open: the escrow it began lasts through the
    // rulings on Bob's
    registry.raise_dispute(charlie(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    assert_eq!(rule(&mut registry, bob(), Ruling::Dismiss), None);
    let disputed = Ruling::Uphold { reassign: false, void_from: None };
    assert!(rule(&mut registry, bob(), disputed).is_some());
    assert_eq!(rule(&mut registry, bob(), disputed), None, "already disputed");
    let reassign = Ruling::Uphold { reassign: true, void_from: None };
    assert!(rule(&mut registry, bob(), reassign).is_some());
    assert_eq!(registry.record(1).map(|r| r.owner), Some(bob()));
}

#[ink::test]
fn the_record_is_what_the_registry_says_in_the_markets_form() {
    let mut registry = registry_with_one_model();
    reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
    registry.transfer(bob(), EARLIER, charlie(), 2).unwrap();
    let model = registry.model(2).unwrap();
    assert_eq!(
        registry.record(2),
        Some(ModelRecord {
            kind: model.kind,
            owner: charlie(),
            epoch: 1,
            status: model.status,
            obligations: model.obligations,
            voided: model.voided,
            escrowed: model.escrow_until != 0,
        })
    );
    assert_eq!(registry.record(3), None);
    assert_eq!(registry.record(0), None);
}

/// Storage reads of this contract so far (the off-chain engine counts
/// them per contract account).
fn storage_reads() -> usize {
    let me = ink::env::test::callee::<ink::env::DefaultEnvironment>();
    ink::env::test::get_contract_storage_rw::<ink::env::DefaultEnvironment>(&me).0
}

/// pallet-contracts charges about 10 KB of proof per storage access: a
/// record (what a resync sends) costs the model's holding and its cell.
#[ink::test]
fn a_record_reads_two_cells() {
    let registry = registry_with_one_model();
    let before = storage_reads();
    assert!(registry.record(1).is_some());
    assert_eq!(storage_reads() - before, 2);
}
