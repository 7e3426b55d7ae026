//! Unit tests of the registry's rules, driven on [`RegistryData`] directly.
//! Every refusal is checked to change nothing
//! ([`assert_refused_without_change`]).

mod approvals;
mod commit_reveal;
mod datasets;
mod disputes;
mod escrow;
mod lineage;
mod metadata;
mod ownership;
mod pushes;
mod registration;
mod restore;
mod sync;

use super::*;
use crate::events::{
    DerivativeApproved, DisputeCleared, DisputeRaised, DisputeResolved, ModelRegistered,
};
use modelmint_common::BPS_SCALE;

fn alice() -> AccountId {
    AccountId::from([1; 32])
}
fn bob() -> AccountId {
    AccountId::from([2; 32])
}
fn charlie() -> AccountId {
    AccountId::from([3; 32])
}
fn dave() -> AccountId {
    AccountId::from([4; 32])
}
const NOW: Timestamp = 1_700_000_000_000;

fn hash(n: u32) -> ModelHash {
    let mut hash = [0xAB; 32];
    hash[..4].copy_from_slice(&n.to_be_bytes());
    hash
}

fn draft(n: u32) -> ModelDraft {
    ModelDraft {
        hash: hash(n),
        kind: AssetKind::Model,
        name: String::from("tiny-llama"),
        version: String::from("v1"),
        uri: String::from("ipfs://model-card"),
        previous_version: None,
        parents: Vec::new(),
    }
}

fn derived(n: u32, parents: &[ModelId]) -> ModelDraft {
    ModelDraft {
        parents: parents
            .iter()
            .map(|&model| ParentRequest {
                model,
                relation: Relation::FineTune,
                max_royalty_bps: BPS_SCALE,
            })
            .collect(),
        ..draft(n)
    }
}

/// No market: nobody holds a license.
fn unlicensed(_: ModelId) -> Result<Option<Bps>> {
    Ok(None)
}

/// The salt of every test registration.
const SALT: [u8; 32] = [7; 32];
/// The commit window of the test registries.
const WINDOW: CommitWindow = CommitWindow { min_blocks: 2, max_blocks: 50 };
/// The block in which test commitments are made ...
const COMMITTED: BlockNumber = 100;
/// ... and the first block in which they can be revealed.
const REVEAL: BlockNumber = COMMITTED + WINDOW.min_blocks;
/// A block before the test commitments: approvals granted or revoked and
/// tokens sold then apply to them.
const EARLIER: BlockNumber = COMMITTED - 1;

/// The dispute deposit of the test registries.
const DEPOSIT: Balance = 1_000;

fn empty() -> RegistryData {
    RegistryData::new(WINDOW, DEPOSIT).expect("a valid configuration")
}

/// Registers `draft` for `who` as a client does: commits to it in block
/// `COMMITTED` (unless already committed), then reveals it in block `REVEAL`.
fn reveal(
    registry: &mut RegistryData,
    who: AccountId,
    now: Timestamp,
    draft: ModelDraft,
    licensed_royalty: impl FnMut(ModelId) -> Result<Option<Bps>>,
) -> Result<(ModelId, Vec<RegistryEvent>, Push)> {
    let commitment = registration_commitment(&draft.hash, &who, &SALT);
    if registry.commitment(who, commitment).is_none() {
        registry.commit(who, COMMITTED, commitment).expect("a new commitment");
    }
    registry.register(who, (now, REVEAL), draft, SALT, licensed_royalty)
}

fn register(registry: &mut RegistryData, who: AccountId, draft: ModelDraft) -> Result<ModelId> {
    reveal(registry, who, NOW, draft, unlicensed).map(|(model, ..)| model)
}

/// A registry where Alice registered model 1 (`draft(1)`).
fn registry_with_one_model() -> RegistryData {
    let mut registry = empty();
    assert_eq!(register(&mut registry, alice(), draft(1)), Ok(1));
    registry
}

/// The events of a registration.
fn events_of<T>(registered: Result<(T, Vec<RegistryEvent>, Push)>) -> Result<Vec<RegistryEvent>> {
    registered.map(|(_, events, _)| events)
}

/// Everything observable about every model (and the next two ids) and the
/// three accounts, to show a refused call changed nothing.
fn snapshot(registry: &RegistryData) -> impl PartialEq + core::fmt::Debug {
    let accounts = [alice(), bob(), charlie()];
    let last = registry.total_supply() + 2;
    let models: Vec<_> = (1..=last)
        .map(|m| {
            (
                registry.model(m),
                registry.record(m),
                registry.owner_of(m),
                registry.parents(m),
                registry.obligations(m),
                registry.ancestors(m),
                accounts.map(|a| registry.derivative_approval(m, a)),
                accounts.map(|a| registry.allowance(alice(), a, Some(m))),
            )
        })
        .collect();
    let owned: Vec<_> = accounts.iter().map(|&a| registry.models_of(a, 0, MAX_PAGE)).collect();
    (
        registry.total_supply(),
        models,
        accounts.map(|a| registry.balance_of(a)),
        owned,
        (1..=last).map(|n| registry.model_id_by_hash(hash(n as u32))).collect::<Vec<_>>(),
        (1..=10).map(|d| registry.dispute(d)).collect::<Vec<_>>(),
    )
}

fn assert_refused_without_change(
    registry: &mut RegistryData,
    expected: RegistryError,
    call: impl FnOnce(&mut RegistryData) -> Result<Vec<RegistryEvent>>,
) {
    let before = snapshot(registry);
    assert_eq!(call(registry), Err(expected));
    assert!(before == snapshot(registry), "a refused call changed the registry");
}
