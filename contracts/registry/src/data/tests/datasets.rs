//! Datasets: their kind, the training edges a model declares on them, the
//! rights those edges need and the bounds they count against.

use super::*;

/// Asset `n` registered as a dataset.
fn dataset(n: u32) -> ModelDraft {
    ModelDraft { kind: AssetKind::Dataset, name: String::from("tiny-corpus"), ..draft(n) }
}

/// Model `n`, trained on `datasets` (at most 20 % each) and derived from
/// `models` (fine-tunes).
fn trained(n: u32, datasets: &[ModelId], models: &[ModelId]) -> ModelDraft {
    let training = datasets.iter().map(|&model| ParentRequest {
        model,
        relation: Relation::TrainedOn,
        max_royalty_bps: 2_000,
    });
    let mut draft = derived(n, models);
    draft.parents.extend(training);
    draft
}

/// Dave's dataset 1 and Alice's original model 2.
fn daves_dataset_and_alices_model() -> RegistryData {
    let mut registry = empty();
    assert_eq!(register(&mut registry, dave(), dataset(1)), Ok(1));
    assert_eq!(register(&mut registry, alice(), draft(2)), Ok(2));
    registry
}

#[ink::test]
fn a_dataset_is_registered_with_its_kind_and_pushed_as_one() {
    let mut registry = empty();
    let (id, events, push) = reveal(&mut registry, dave(), NOW, dataset(1), unlicensed).unwrap();
    assert_eq!(id, 1);
    assert_eq!(registry.model(1).unwrap().kind, AssetKind::Dataset);
    assert_eq!(push.record.kind, AssetKind::Dataset);
    assert!(matches!(
        &events[0],
        RegistryEvent::ModelRegistered(ModelRegistered { kind: AssetKind::Dataset, .. })
    ));
    assert_eq!(registry.owner_of(1), Some(dave()), "a dataset is a PSP34 token too");
}

#[ink::test]
fn a_licensed_training_edge_owes_the_dataset_and_every_fine_tune_below_still_pays_it() {
    let mut registry = daves_dataset_and_alices_model();
    // Alice's model 3 is trained on Dave's dataset under a license at 7 %.
    let (model, ..) = reveal(&mut registry, alice(), NOW, trained(3, &[1], &[2]), |parent| {
        Ok((parent == 1).then_some(700))
    })
    .unwrap();
    assert_eq!(
        registry.parents(model),
        vec![
            ParentLink { model: 2, relation: Relation::FineTune, royalty_bps: 0 },
            ParentLink { model: 1, relation: Relation::TrainedOn, royalty_bps: 700 },
        ]
    );
    assert_eq!(registry.obligations(3), vec![Obligation { ancestor: 1, bps: 700 }]);
    // Bob fine-tunes model 3 under a 10 % license: his model owes Alice 10 %
    // and, flattened in, Dave his 7 %.
    reveal(&mut registry, bob(), NOW, derived(4, &[3]), |_| Ok(Some(1_000))).unwrap();
    assert_eq!(
        registry.obligations(4),
        vec![Obligation { ancestor: 1, bps: 700 }, Obligation { ancestor: 3, bps: 1_000 }]
    );
    assert_eq!(registry.ancestors(4), vec![1, 2, 3]);
}

#[ink::test]
fn a_training_edge_comes_from_owning_the_dataset_or_its_owners_approval() {
    let mut registry = daves_dataset_and_alices_model();
    // Dave trains his own model on his own data: a 0 % edge, no obligation.
    assert_eq!(register(&mut registry, dave(), trained(3, &[1], &[])), Ok(3));
    assert_eq!(registry.parents(3)[0].royalty_bps, 0);
    assert!(registry.obligations(3).is_empty());
    // Dave approves Alice at 5 %: the approval is the right, and it is used.
    registry.approve_derivative(dave(), EARLIER, (1, alice()), Some(500)).unwrap();
    assert_eq!(register(&mut registry, alice(), trained(4, &[1], &[])), Ok(4));
    assert_eq!(registry.obligations(4), vec![Obligation { ancestor: 1, bps: 500 }]);
    assert_eq!(registry.derivative_approval(1, alice()), None, "consumed");
}

#[ink::test]
fn error_when_a_training_edge_has_no_right_or_a_share_above_the_registrants_maximum() {
    let mut registry = daves_dataset_and_alices_model();
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeRight { parent: 1 },
        |r| events_of(reveal(r, alice(), NOW, trained(3, &[1], &[]), unlicensed)),
    );
    let refusal = RegistryError::RoyaltyAboveMaximum {
        parent: 1,
        royalty_bps: 2_500,
        max_royalty_bps: 2_000,
    };
    assert_refused_without_change(&mut registry, refusal, |r| {
        events_of(reveal(r, alice(), NOW, trained(3, &[1], &[]), |_| Ok(Some(2_500))))
    });
}

#[ink::test]
fn error_when_a_relation_names_the_other_kind() {
    let mut registry = daves_dataset_and_alices_model();
    // A dataset is no model's parent by a model relation...
    let refusal = RegistryError::RelationMismatch {
        parent: 1,
        relation: Relation::FineTune,
        kind: AssetKind::Dataset,
    };
    assert_refused_without_change(&mut registry, refusal, |r| {
        events_of(reveal(r, dave(), NOW, derived(3, &[1]), unlicensed))
    });
    // ... and a model is no training data.
    let refusal = RegistryError::RelationMismatch {
        parent: 2,
        relation: Relation::TrainedOn,
        kind: AssetKind::Model,
    };
    assert_refused_without_change(&mut registry, refusal, |r| {
        events_of(reveal(r, alice(), NOW, trained(3, &[2], &[]), unlicensed))
    });
}

#[ink::test]
fn error_when_a_dataset_names_parents_or_follows_a_model() {
    let mut registry = daves_dataset_and_alices_model();
    for parents in [derived(3, &[2]).parents, trained(3, &[1], &[]).parents] {
        let draft = ModelDraft { parents, ..dataset(3) };
        assert_refused_without_change(&mut registry, RegistryError::DatasetWithParents, |r| {
            events_of(reveal(r, dave(), NOW, draft, unlicensed))
        });
    }
    let refusal = RegistryError::VersionKindMismatch { previous: 2, kind: AssetKind::Model };
    let follows_a_model = ModelDraft { previous_version: Some(2), ..dataset(3) };
    assert_refused_without_change(&mut registry, refusal, |r| {
        events_of(reveal(r, alice(), NOW, follows_a_model, unlicensed))
    });
    // A new release of the corpus follows the dataset.
    let release = ModelDraft { previous_version: Some(1), ..dataset(3) };
    assert_eq!(register(&mut registry, dave(), release), Ok(3));
}

#[ink::test]
fn a_model_names_at_most_four_datasets_beside_eight_parent_models() {
    let mut registry = empty();
    let datasets: Vec<ModelId> =
        (1..=5).map(|n| register(&mut registry, alice(), dataset(n)).unwrap()).collect();
    let models: Vec<ModelId> =
        (6..=13).map(|n| register(&mut registry, alice(), draft(n)).unwrap()).collect();
    let refusal = RegistryError::TooManyDatasets { count: 5, max: MAX_DATASETS };
    assert_refused_without_change(&mut registry, refusal, |r| {
        events_of(reveal(r, alice(), NOW, trained(20, &datasets, &models), unlicensed))
    });
    let full = trained(20, &datasets[..4], &models);
    assert_eq!(register(&mut registry, alice(), full), Ok(14), "the bound is reachable");
    assert_eq!(registry.parents(14).len(), 12);
}

#[ink::test]
fn training_shares_count_against_the_obligation_bounds() {
    let mut registry = empty();
    for n in 1..=4 {
        register(&mut registry, dave(), dataset(n)).unwrap();
    }
    // Four training edges at 20 % and a parent at 30 %: 110 %, refused.
    register(&mut registry, dave(), draft(5)).unwrap();
    let stacked = trained(6, &[1, 2, 3, 4], &[5]);
    let refusal = RegistryError::RoyaltyStackTooHigh { total_bps: 11_000 };
    assert_refused_without_change(&mut registry, refusal, |r| {
        events_of(reveal(r, alice(), NOW, stacked, |parent| {
            Ok(Some(if parent == 5 { 3_000 } else { 2_000 }))
        }))
    });
}
