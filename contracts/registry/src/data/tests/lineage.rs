use super::*;

#[ink::test]
fn a_new_version_links_to_the_previous_one_of_the_same_owner() {
    let mut registry = registry_with_one_model();

    let v2 = ModelDraft { previous_version: Some(1), version: String::from("v2"), ..draft(2) };
    assert_eq!(register(&mut registry, alice(), v2), Ok(2));

    assert_eq!(registry.model(2).unwrap().previous_version, Some(1));
    assert_eq!(registry.ancestors(2), Vec::<ModelId>::new(), "a version is not a derivative");
    assert_eq!(registry.obligations(2), Vec::new());
}

#[ink::test]
fn error_when_the_previous_version_is_someone_elses_or_unknown() {
    let mut registry = registry_with_one_model();
    let stolen = ModelDraft { previous_version: Some(1), ..draft(2) };
    assert_refused_without_change(
        &mut registry,
        RegistryError::PreviousVersionNotOwned { previous: 1, owner: alice() },
        |r| events_of(reveal(r, bob(), NOW, stolen, unlicensed)),
    );
    let unknown = ModelDraft { previous_version: Some(5), ..draft(2) };
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 5 }, |r| {
        events_of(reveal(r, alice(), NOW, unknown, unlicensed))
    });
}

#[ink::test]
fn an_owner_derives_from_their_own_model_with_no_royalty() {
    let mut registry = registry_with_one_model();

    assert_eq!(register(&mut registry, alice(), derived(2, &[1])), Ok(2));

    assert_eq!(
        registry.parents(2),
        vec![ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 0 }]
    );
    assert_eq!(registry.ancestors(2), vec![1]);
    assert_eq!(registry.obligations(2), Vec::new(), "a 0 % edge is no obligation");
}

#[ink::test]
fn error_when_deriving_without_a_license_or_approval() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeRight { parent: 1 },
        |r| events_of(reveal(r, bob(), NOW, derived(2, &[1]), unlicensed)),
    );
}

#[ink::test]
fn a_license_with_derivative_rights_fixes_the_upstream_royalty() {
    let mut registry = registry_with_one_model();
    let mut asked = Vec::new();

    let result = reveal(&mut registry, bob(), NOW, derived(2, &[1]), |parent| {
        asked.push(parent);
        Ok(Some(1_500))
    });

    assert_eq!(result.map(|(model, ..)| model), Ok(2));
    assert_eq!(asked, vec![1]);
    assert_eq!(
        registry.parents(2),
        vec![ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 1_500 }]
    );
    assert_eq!(registry.obligations(2), vec![owes(1, 1_500)]);
    assert_eq!(registry.owner_of(2), Some(bob()));
}

#[ink::test]
fn an_owner_approval_grants_one_derivative_and_is_consumed() {
    let mut registry = registry_with_one_model();
    let events = registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(2_000)).unwrap();
    assert_eq!(
        events,
        vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
            parent: 1,
            account: bob(),
            royalty_bps: Some(2_000),
        })]
    );

    let registered = reveal(&mut registry, bob(), NOW, derived(2, &[1]), unlicensed);

    assert_eq!(registered.map(|(model, ..)| model), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 2_000);
    assert_eq!(registry.derivative_approval(1, bob()), None);
    assert_eq!(
        register(&mut registry, bob(), derived(3, &[1])),
        Err(RegistryError::NoDerivativeRight { parent: 1 })
    );
}

#[ink::test]
fn a_royalty_is_never_above_what_the_registrant_accepted() {
    // Alice front-runs Bob's registration with a 100 % approval
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(BPS_SCALE)).unwrap();
    let mut capped = derived(2, &[1]);
    capped.parents[0].max_royalty_bps = 1_000;
    let before = snapshot(&registry);
    assert_eq!(
        reveal(&mut registry, bob(), NOW, capped.clone(), unlicensed).map(|(model, ..)| model),
        Err(RegistryError::RoyaltyAboveMaximum {
            parent: 1,
            royalty_bps: BPS_SCALE,
            max_royalty_bps: 1_000
        })
    );
    assert!(before == snapshot(&registry), "a refused registration changed the registry");
    // within the maximum it is accepted
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(1_000)).unwrap();
    assert_eq!(register(&mut registry, bob(), capped), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 1_000);
}

#[ink::test]
fn an_approval_never_raises_the_royalty_a_license_grants() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(BPS_SCALE)).unwrap();
    let registered = reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_500)));
    assert_eq!(registered.map(|(model, ..)| model), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 1_500);
    assert_eq!(registry.derivative_approval(1, bob()), None, "the approval is consumed");
}

#[ink::test]
fn an_account_declines_an_approval_addressed_to_it() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(100)).unwrap();
    let before = snapshot(&registry);
    assert_eq!(
        registry.decline_derivative_approval(charlie(), 1),
        Err(RegistryError::NoDerivativeApproval { parent: 1 })
    );
    assert!(before == snapshot(&registry));
    assert_eq!(
        registry.decline_derivative_approval(bob(), 1),
        Ok(vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
            parent: 1,
            account: bob(),
            royalty_bps: None,
        })])
    );
    assert_eq!(registry.derivative_approval(1, bob()), None);
}

fn owes(ancestor: ModelId, bps: Bps) -> Obligation {
    Obligation { ancestor, bps }
}

/// Bob's fine-tune F owes Alice's base B 10 %. Bob lets his second account S
/// derive from F at 0 % (an approval, or a 0 % derivative license), S
/// registers a child C of F and hands it back to Bob. C's only edge is 0 %,
/// but C owes B its 10 % all the same: obligations are per ancestor, and a
/// child inherits every obligation of its parent.
#[ink::test]
fn a_zero_share_edge_to_the_owners_second_account_cannot_shed_an_upstream_share() {
    // given: B (1, Alice's) and F (2, Bob's, owing B 10 %); Charlie is Bob's
    // second account
    let mut registry = registry_with_one_model();
    reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
    assert_eq!(registry.obligations(2), vec![owes(1, 1_000)]);
    registry.approve_derivative(bob(), EARLIER, (2, charlie()), Some(0)).unwrap();

    // when: Charlie registers C (3) from F at 0 %, and gives it to Bob; and
    // again (4) with a 0 % derivative license instead of the approval
    assert_eq!(register(&mut registry, charlie(), derived(3, &[2])), Ok(3));
    let (_, push) = registry.transfer(charlie(), EARLIER, bob(), 3).unwrap();
    let licensed = reveal(&mut registry, charlie(), NOW, derived(4, &[2]), |_| Ok(Some(0)));
    assert_eq!(licensed.map(|(model, ..)| model), Ok(4));

    // then: each child's edge carries 0 %, and each owes B its 10 %
    for child in [3, 4] {
        assert_eq!(
            registry.parents(child),
            vec![ParentLink { model: 2, relation: Relation::FineTune, royalty_bps: 0 }]
        );
        assert_eq!(registry.obligations(child), vec![owes(1, 1_000)], "child {child}");
    }
    assert_eq!(push.record.owner, bob());
    assert_eq!(push.record.obligations, vec![owes(1, 1_000)], "the market learns it");
    // whatever the child's own edge: at 5 % it owes F 5 % and B still 10 %
    let five = reveal(&mut registry, alice(), NOW, derived(5, &[2]), |_| Ok(Some(500)));
    assert_eq!(five.map(|(model, ..)| model), Ok(5));
    assert_eq!(registry.obligations(5), vec![owes(1, 1_000), owes(2, 500)]);
}

#[ink::test]
fn versions_and_self_derivatives_keep_every_upstream_share_over_three_generations() {
    // Alice's base (1); Bob's licensed fine-tune owing it 10 % (2)
    let mut registry = registry_with_one_model();
    reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
    // three generations of Bob's own derivatives (3, 5, 7), each versioned
    // (4, 6, 8)
    let mut tip: ModelId = 2;
    for generation in 0..3u32 {
        let derivative = 3 + 2 * generation;
        assert_eq!(
            register(&mut registry, bob(), derived(derivative, &[tip])),
            Ok(derivative.into())
        );
        let version =
            ModelDraft { previous_version: Some(derivative.into()), ..draft(derivative + 1) };
        assert_eq!(register(&mut registry, bob(), version), Ok((derivative + 1).into()));
        tip = (derivative + 1).into();
    }

    let own = |model| ParentLink { model, relation: Relation::FineTune, royalty_bps: 0 };
    assert_eq!(registry.parents(3), vec![own(2)], "an edge is what was requested");
    // a version records no edge at all, and owes what its previous one owes
    assert_eq!(registry.parents(4), Vec::new());
    assert_eq!(registry.ancestors(4), vec![1]);
    for model in 3..=8 {
        assert_eq!(registry.obligations(model), vec![owes(1, 1_000)], "model {model}");
        assert_eq!(registry.record(model).map(|r| r.obligations), Some(vec![owes(1, 1_000)]));
    }
    // a version is no derivative of its previous version: only what it owes
    // joins the lineage
    assert_eq!(registry.ancestors(7), vec![1, 6]);
    // a license on the last generation adds its own share to the base's
    let licensed = reveal(&mut registry, charlie(), NOW, derived(9, &[8]), |_| Ok(Some(500)));
    assert_eq!(licensed.map(|(model, ..)| model), Ok(9));
    assert_eq!(registry.obligations(9), vec![owes(1, 1_000), owes(8, 500)]);
}

#[ink::test]
fn an_edge_and_an_inherited_obligation_to_the_same_ancestor_keep_the_higher_share() {
    let mut registry = registry_with_one_model();
    reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
    reveal(&mut registry, bob(), NOW, derived(3, &[2, 1]), |_| Ok(Some(300))).unwrap();
    reveal(&mut registry, bob(), NOW, derived(4, &[2, 1]), |_| Ok(Some(1_500))).unwrap();

    let royalties: Vec<(ModelId, Bps)> =
        registry.parents(3).iter().map(|link| (link.model, link.royalty_bps)).collect();
    assert_eq!(royalties, vec![(2, 0), (1, 300)], "the edges as granted");
    assert_eq!(registry.obligations(3), vec![owes(1, 1_000)], "the inherited share is higher");
    assert_eq!(registry.obligations(4), vec![owes(1, 1_500)], "the edge's share is higher");
}

#[ink::test]
fn a_diamond_owes_each_ancestor_its_highest_share_once() {
    // B (1, Alice's); F1 (2, Bob's) owes it 10 %, F2 (3, Charlie's) 20 %
    let mut registry = registry_with_one_model();
    reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(1_000))).unwrap();
    reveal(&mut registry, charlie(), NOW, derived(3, &[1]), |_| Ok(Some(2_000))).unwrap();

    // Dave merges F2 and F1 under 5 % licenses
    let merged = reveal(&mut registry, dave(), NOW, derived(4, &[3, 2]), |_| Ok(Some(500)));

    assert_eq!(merged.map(|(model, ..)| model), Ok(4));
    assert_eq!(registry.obligations(4), vec![owes(1, 2_000), owes(2, 500), owes(3, 500)]);
    assert_eq!(registry.ancestors(4), vec![1, 2, 3]);
}

#[ink::test]
fn a_revoked_approval_grants_nothing() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(100)).unwrap();

    registry.approve_derivative(alice(), EARLIER, (1, bob()), None).unwrap();

    assert_eq!(registry.derivative_approval(1, bob()), None);
    assert_eq!(
        register(&mut registry, bob(), derived(2, &[1])),
        Err(RegistryError::NoDerivativeRight { parent: 1 })
    );
}

#[ink::test]
fn error_when_approving_a_derivative_wrongly() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(
        &mut registry,
        RegistryError::NotModelOwner { model: 1, owner: alice() },
        |r| r.approve_derivative(bob(), EARLIER, (1, charlie()), Some(100)),
    );
    assert_refused_without_change(&mut registry, RegistryError::SelfApprove, |r| {
        r.approve_derivative(alice(), EARLIER, (1, alice()), Some(100))
    });
    assert_refused_without_change(
        &mut registry,
        RegistryError::RoyaltyOutOfRange { royalty_bps: BPS_SCALE + 1 },
        |r| r.approve_derivative(alice(), EARLIER, (1, bob()), Some(BPS_SCALE + 1)),
    );
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 4 }, |r| {
        r.approve_derivative(alice(), EARLIER, (4, bob()), Some(100))
    });
}

#[ink::test]
fn error_when_parents_are_duplicated_unknown_or_too_many() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(
        &mut registry,
        RegistryError::DuplicateParent { parent: 1 },
        |r| events_of(reveal(r, alice(), NOW, derived(2, &[1, 1]), unlicensed)),
    );
    // The id the new model would get is not a model yet: no self-lineage.
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 2 }, |r| {
        events_of(reveal(r, alice(), NOW, derived(2, &[2]), unlicensed))
    });
    let nine: Vec<ModelId> = vec![1; MAX_PARENTS as usize + 1];
    assert_refused_without_change(
        &mut registry,
        RegistryError::TooManyParents { count: MAX_PARENTS + 1, max: MAX_PARENTS },
        |r| events_of(reveal(r, alice(), NOW, derived(2, &nine), unlicensed)),
    );
}

#[ink::test]
fn error_when_the_royalty_stack_exceeds_one_hundred_percent() {
    let mut registry = registry_with_one_model();
    register(&mut registry, alice(), draft(2)).unwrap();
    assert_refused_without_change(
        &mut registry,
        RegistryError::RoyaltyStackTooHigh { total_bps: 10_001 },
        |r| {
            reveal(r, bob(), NOW, derived(3, &[1, 2]), |parent| {
                Ok(Some(if parent == 1 { 6_000 } else { 4_001 }))
            })
            .map(|(_, e, _)| e)
        },
    );
    let exactly_all = reveal(&mut registry, bob(), NOW, derived(3, &[1, 2]), |parent| {
        Ok(Some(if parent == 1 { 6_000 } else { 4_000 }))
    })
    .map(|(model, ..)| model);
    assert_eq!(exactly_all, Ok(3));
}

#[ink::test]
fn ancestors_are_the_union_of_all_lineages() {
    let mut registry = empty();
    for n in 1..=2 {
        register(&mut registry, alice(), draft(n)).unwrap();
    }
    register(&mut registry, alice(), derived(3, &[1])).unwrap();
    register(&mut registry, alice(), derived(4, &[3, 2])).unwrap();
    register(&mut registry, alice(), derived(5, &[4, 1])).unwrap();

    assert_eq!(registry.ancestors(3), vec![1]);
    assert_eq!(registry.ancestors(4), vec![1, 2, 3]);
    assert_eq!(registry.ancestors(5), vec![1, 2, 3, 4]);
    assert_eq!(registry.parents(5).iter().map(|l| l.model).collect::<Vec<_>>(), vec![4, 1]);
}

#[ink::test]
fn error_when_inherited_shares_push_the_stack_over_one_hundred_percent() {
    // F (2, Bob's) owes B (1) 60 %: a derivative of F may owe F at most 40 %
    let mut registry = registry_with_one_model();
    reveal(&mut registry, bob(), NOW, derived(2, &[1]), |_| Ok(Some(6_000))).unwrap();
    assert_refused_without_change(
        &mut registry,
        RegistryError::RoyaltyStackTooHigh { total_bps: 10_001 },
        |r| events_of(reveal(r, charlie(), NOW, derived(3, &[2]), |_| Ok(Some(4_001)))),
    );
    let exactly_all = reveal(&mut registry, charlie(), NOW, derived(3, &[2]), |_| Ok(Some(4_000)));
    assert_eq!(exactly_all.map(|(model, ..)| model), Ok(3));
    assert_eq!(registry.obligations(3), vec![owes(1, 6_000), owes(2, 4_000)]);
}

#[ink::test]
fn a_model_owes_at_most_max_obligations_ancestors() {
    // seventeen originals of Alice's (1..=17); Bob's X (18) derives from
    // 1..=8 and Y (19) from 9..=16, each under 0.01 % licenses
    let mut registry = empty();
    for n in 1..=17 {
        register(&mut registry, alice(), draft(n)).unwrap();
    }
    let one_bps = |_| Ok(Some(1));
    let x: Vec<ModelId> = (1..=8).collect();
    let y: Vec<ModelId> = (9..=16).collect();
    reveal(&mut registry, bob(), NOW, derived(18, &x), one_bps).unwrap();
    reveal(&mut registry, bob(), NOW, derived(19, &y), one_bps).unwrap();

    // at the bound: Bob's own merge of X and Y owes all sixteen
    assert_eq!(register(&mut registry, bob(), derived(20, &[18, 19])), Ok(20));
    assert_eq!(registry.obligations(20).len(), MAX_OBLIGATIONS as usize);
    assert_eq!(
        registry.obligations(20),
        (1..=16).map(|ancestor| owes(ancestor, 1)).collect::<Vec<_>>()
    );

    // one past it: the same merge with the seventeenth original
    let count = MAX_OBLIGATIONS + 1;
    assert_refused_without_change(
        &mut registry,
        RegistryError::TooManyObligations { count, max: MAX_OBLIGATIONS },
        |r| events_of(reveal(r, bob(), NOW, derived(21, &[18, 19, 17]), one_bps)),
    );
}

#[ink::test]
fn error_when_the_ancestor_set_would_exceed_its_cap() {
    let mut registry = empty();
    // A chain 1 <- 2 <- ... <- 65: model 65 has the 64 others as ancestors.
    register(&mut registry, alice(), draft(1)).unwrap();
    for n in 2..=MAX_ANCESTORS + 1 {
        register(&mut registry, alice(), derived(n, &[ModelId::from(n - 1)])).unwrap();
    }
    let tip = ModelId::from(MAX_ANCESTORS + 1);
    assert_eq!(registry.ancestors(tip).len(), MAX_ANCESTORS as usize);

    let result = register(&mut registry, alice(), derived(MAX_ANCESTORS + 2, &[tip]));

    assert_eq!(
        result,
        Err(RegistryError::TooManyAncestors { count: MAX_ANCESTORS + 1, max: MAX_ANCESTORS })
    );
    assert_eq!(registry.total_supply(), tip);
}

#[ink::test]
fn a_market_failure_refuses_the_registration() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(&mut registry, RegistryError::MarketUnavailable, |r| {
        events_of(reveal(r, bob(), NOW, derived(2, &[1]), |_| {
            Err(RegistryError::MarketUnavailable)
        }))
    });
}
