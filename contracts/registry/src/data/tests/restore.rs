//! What a reassigning ruling restores besides the model: the squatter's
//! versions and self-derivatives of it, and the lineage the squatter erased.

use super::*;
use crate::events::{LineageSet, ModelRestored};
use crate::types::Ruling;

fn arbiter() -> AccountId {
    AccountId::from([9; 32])
}

/// Alice squats model 1 (Bob's weights), registers its version 2 and its
/// fine-tune 3 (0 % to her own model), and a fine-tune 4 that she sells to
/// Charlie; Dave's unrelated model 5. Bob disputes model 1 (dispute 1).
fn squatted() -> RegistryData {
    let mut registry = registry_with_one_model();
    let version = ModelDraft { previous_version: Some(1), ..draft(2) };
    assert_eq!(register(&mut registry, alice(), version), Ok(2));
    assert_eq!(register(&mut registry, alice(), derived(3, &[1])), Ok(3));
    assert_eq!(register(&mut registry, alice(), derived(4, &[1])), Ok(4));
    registry.transfer(alice(), EARLIER, charlie(), 4).unwrap();
    assert_eq!(register(&mut registry, dave(), draft(5)), Ok(5));
    let evidence = ([1; 32], String::from("ipfs://evidence"));
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence, DEPOSIT).unwrap();
    registry
}

fn reassign(registry: &mut RegistryData) {
    let ruling = Ruling::Uphold { reassign: true, void_from: None };
    registry.resolve_dispute(arbiter(), Some(arbiter()), 1, ruling).unwrap();
}

/// Restores `model` under dispute 1 as the arbiter.
fn restore(registry: &mut RegistryData, model: ModelId) -> Result<Vec<RegistryEvent>> {
    registry.restore_descendant(arbiter(), Some(arbiter()), 1, model).map(|(events, _)| events)
}

#[ink::test]
fn a_reassignment_also_restores_the_squatters_versions_and_self_derivatives() {
    let mut registry = squatted();
    reassign(&mut registry);
    assert_eq!(registry.owner_of(1), Some(bob()));

    for model in [2, 3] {
        let (events, push) =
            registry.restore_descendant(arbiter(), Some(arbiter()), 1, model).unwrap();
        assert_eq!(registry.owner_of(model), Some(bob()));
        assert_eq!(push.record.owner, bob(), "the market learns the new owner");
        assert_eq!(push.record.epoch, 1);
        assert_eq!(
            events.last(),
            Some(&RegistryEvent::ModelRestored(ModelRestored { dispute: 1, model, to: bob() }))
        );
    }
    assert_eq!(registry.balance_of(alice()), 0);
}

#[ink::test]
fn only_the_arbiter_restores_only_what_the_loser_registered_from_the_model_and_still_holds() {
    let mut registry = squatted();
    // before the ruling: nothing to restore
    assert_refused_without_change(
        &mut registry,
        RegistryError::NotReassigned { dispute: 1 },
        |r| restore(r, 2),
    );
    reassign(&mut registry);
    assert_refused_without_change(&mut registry, RegistryError::NotArbiter, |r| {
        r.restore_descendant(bob(), Some(arbiter()), 1, 2).map(|(events, _)| events)
    });
    // sold to Charlie; Dave's own; the disputed model itself; unknown
    for model in [4, 5, 1] {
        assert_refused_without_change(&mut registry, RegistryError::NotRestorable { model }, |r| {
            restore(r, model)
        });
    }
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 9 }, |r| {
        restore(r, 9)
    });
    // restored once: it is Bob's now, not the loser's
    restore(&mut registry, 2).unwrap();
    assert_refused_without_change(&mut registry, RegistryError::NotRestorable { model: 2 }, |r| {
        restore(r, 2)
    });
}

#[ink::test]
fn the_arbiter_gives_a_reassigned_model_back_the_lineage_a_squatter_erased() {
    let mut registry = squatted();
    reassign(&mut registry);
    let parent = ParentLink { model: 5, relation: Relation::FineTune, royalty_bps: 1_000 };

    let (events, push) = registry.set_lineage(arbiter(), Some(arbiter()), 1, vec![parent]).unwrap();

    assert_eq!(registry.parents(1), vec![parent]);
    assert_eq!(registry.obligations(1), vec![Obligation { ancestor: 5, bps: 1_000 }]);
    assert_eq!(registry.ancestors(1), vec![5]);
    assert_eq!(
        push.record.obligations,
        vec![Obligation { ancestor: 5, bps: 1_000 }],
        "the market credits Dave"
    );
    assert_eq!(
        events,
        vec![RegistryEvent::LineageSet(LineageSet { dispute: 1, model: 1, parents: vec![parent] })]
    );
    // and back to an original
    registry.set_lineage(arbiter(), Some(arbiter()), 1, Vec::new()).unwrap();
    assert_eq!((registry.parents(1), registry.obligations(1)), (Vec::new(), Vec::new()));
    assert_eq!(registry.ancestors(1), Vec::<ModelId>::new());
}

#[ink::test]
fn a_lineage_is_refused_where_a_registration_would_be_and_for_a_cycle() {
    let mut registry = squatted();
    let link = |model, royalty_bps| ParentLink { model, relation: Relation::FineTune, royalty_bps };
    let set = |parents: Vec<ParentLink>| {
        move |r: &mut RegistryData| {
            r.set_lineage(arbiter(), Some(arbiter()), 1, parents).map(|(events, _)| events)
        }
    };
    assert_refused_without_change(
        &mut registry,
        RegistryError::NotReassigned { dispute: 1 },
        set(vec![link(5, 100)]),
    );
    reassign(&mut registry);
    let cases = [
        (vec![link(1, 0)], RegistryError::LineageCycle { parent: 1 }),
        (vec![link(2, 0)], RegistryError::LineageCycle { parent: 2 }),
        (vec![link(3, 100)], RegistryError::LineageCycle { parent: 3 }),
        (vec![link(5, 100), link(5, 200)], RegistryError::DuplicateParent { parent: 5 }),
        (vec![link(9, 100)], RegistryError::UnknownModel { model: 9 }),
        (
            vec![link(5, BPS_SCALE + 1)],
            RegistryError::RoyaltyOutOfRange { royalty_bps: BPS_SCALE + 1 },
        ),
        (
            (0..=MAX_PARENTS).map(|_| link(5, 0)).collect(),
            RegistryError::TooManyParents { count: MAX_PARENTS + 1, max: MAX_PARENTS },
        ),
    ];
    for (parents, expected) in cases {
        assert_refused_without_change(&mut registry, expected, set(parents));
    }
    assert_refused_without_change(&mut registry, RegistryError::NotArbiter, |r| {
        r.set_lineage(bob(), Some(arbiter()), 1, Vec::new()).map(|(events, _)| events)
    });
}

#[ink::test]
fn a_restored_lineage_names_datasets_by_training_edges_only() {
    let mut registry = squatted();
    let corpus = ModelDraft { kind: AssetKind::Dataset, ..draft(6) };
    assert_eq!(register(&mut registry, dave(), corpus), Ok(6));
    reassign(&mut registry);
    let wrong = vec![ParentLink { model: 6, relation: Relation::Merge, royalty_bps: 700 }];
    let refusal = RegistryError::RelationMismatch {
        parent: 6,
        relation: Relation::Merge,
        kind: AssetKind::Dataset,
    };
    assert_refused_without_change(&mut registry, refusal, |r| {
        r.set_lineage(arbiter(), Some(arbiter()), 1, wrong).map(|(events, _)| events)
    });
    let right = vec![ParentLink { model: 6, relation: Relation::TrainedOn, royalty_bps: 700 }];
    registry.set_lineage(arbiter(), Some(arbiter()), 1, right).unwrap();
    assert_eq!(registry.obligations(1), vec![Obligation { ancestor: 6, bps: 700 }]);
}
