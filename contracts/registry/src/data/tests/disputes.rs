use super::*;

fn evidence() -> ([u8; 32], String) {
    ([5; 32], String::from("ipfs://evidence/original-training-logs"))
}

fn arbiter() -> AccountId {
    AccountId::from([0xA1; 32])
}

/// A squatter's own accounts raising disputes against its model must not
/// keep the real author from raising one: with a cap per model they could
/// hold every slot, and a dismissal pays the deposit back to the owner, so
/// holding them cost nothing.
#[ink::test]
fn an_owners_accounts_cannot_crowd_a_claimant_out_of_disputing_its_model() {
    const CROWD: u32 = 64;
    let mut registry = registry_with_one_model();
    // Alice's other accounts, each with a dispute against her model.
    for n in 0..CROWD {
        let account = AccountId::from([0x40 + u8::try_from(n).unwrap(); 32]);
        registry.raise_dispute(account, Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    }
    let (dispute, ..) =
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    assert_eq!(dispute, u64::from(CROWD) + 1);
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(CROWD + 1));
    let (payout, ..) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 1, Ruling::Dismiss).unwrap();
    assert_eq!(payout, Payout { to: alice(), amount: DEPOSIT });
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(CROWD));
    registry
        .resolve_dispute(
            arbiter(),
            Some(arbiter()),
            dispute,
            Ruling::Uphold { reassign: true, void_from: None },
        )
        .unwrap();
    assert_eq!(registry.owner_of(1), Some(bob()));
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(CROWD - 1));
}

/// Without an arbiter nobody can rule, so a deposit taken then would wait
/// for the administrator to rewire one (or for ever, once renounced).
#[ink::test]
fn no_dispute_is_raised_without_an_arbiter_and_one_left_without_one_is_taken_back() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(&mut registry, RegistryError::NoArbiter, |r| {
        r.raise_dispute(bob(), None, NOW, 1, evidence(), DEPOSIT).map(|(_, e, _)| e)
    });
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    // While an arbiter is wired, an open dispute waits for its ruling.
    assert_refused_without_change(&mut registry, RegistryError::DisputeOpen { dispute: 1 }, |r| {
        r.clear_dispute(bob(), Some(arbiter()), 1).map(|(_, e, _)| e)
    });
    // The administrator rewired the arbiter away: the claimant leaves
    // with its deposit, and nobody else can take it.
    assert_refused_without_change(
        &mut registry,
        RegistryError::NotClaimant { dispute: 1, claimant: bob() },
        |r| r.clear_dispute(alice(), None, 1).map(|(_, e, _)| e),
    );
    assert_eq!(
        registry.clear_dispute(bob(), None, 1).map(|(payout, events, _)| (payout, events)),
        Ok((
            Some(Payout { to: bob(), amount: DEPOSIT }),
            vec![RegistryEvent::DisputeCleared(DisputeCleared { dispute: 1 })]
        ))
    );
    assert_eq!(registry.dispute(1), None);
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(0));
}

/// A squatter who froze its fake model card before losing the token must
/// not leave the rightful owner unable to correct it.
#[ink::test]
fn a_reassignment_lifts_the_previous_owners_metadata_freeze() {
    let mut registry = registry_with_one_model();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    registry.set_uri(alice(), 1, String::from("ipfs://fake-card")).unwrap();
    registry.freeze_metadata(alice(), 1).unwrap();
    registry
        .resolve_dispute(
            arbiter(),
            Some(arbiter()),
            1,
            Ruling::Uphold { reassign: true, void_from: None },
        )
        .unwrap();
    assert_eq!(registry.model(1).map(|m| m.metadata_frozen), Some(false));
    // The squatter can neither rewrite nor refreeze the card it lost.
    let not_owner = RegistryError::NotModelOwner { model: 1, owner: bob() };
    assert_refused_without_change(&mut registry, not_owner.clone(), |r| {
        r.set_uri(alice(), 1, String::from("ipfs://fake-again"))
    });
    assert_refused_without_change(&mut registry, not_owner, |r| r.freeze_metadata(alice(), 1));
    registry.set_uri(bob(), 1, String::from("ipfs://real-card")).unwrap();
    assert_eq!(registry.model(1).map(|m| m.uri), Some(String::from("ipfs://real-card")));
    // Upheld without reassignment, the token stays and so does the freeze.
    registry.freeze_metadata(bob(), 1).unwrap();
    registry.raise_dispute(charlie(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    registry
        .resolve_dispute(
            arbiter(),
            Some(arbiter()),
            2,
            Ruling::Uphold { reassign: false, void_from: None },
        )
        .unwrap();
    assert_eq!(registry.model(1).map(|m| m.metadata_frozen), Some(true));
}

#[ink::test]
fn a_dispute_costs_its_deposit() {
    let mut registry = registry_with_one_model();
    let raise = |r: &mut RegistryData, who: AccountId, model: ModelId, paid: Balance| {
        r.raise_dispute(who, Some(arbiter()), NOW, model, evidence(), paid).map(|(_, e, _)| e)
    };
    for paid in [0, DEPOSIT - 1, DEPOSIT + 1] {
        assert_refused_without_change(
            &mut registry,
            RegistryError::WrongDisputeDeposit { required: DEPOSIT, paid },
            |r| raise(r, bob(), 1, paid),
        );
    }
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 9 }, |r| {
        raise(r, bob(), 9, DEPOSIT)
    });
    assert_refused_without_change(
        &mut registry,
        RegistryError::OwnModelDisputed { model: 1 },
        |r| raise(r, alice(), 1, DEPOSIT),
    );
    let (dispute, events, _) =
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    assert_eq!(dispute, 1);
    assert_eq!(
        events,
        vec![RegistryEvent::DisputeRaised(DisputeRaised {
            dispute: 1,
            model: 1,
            claimant: bob(),
            evidence_hash: evidence().0,
            evidence_uri: evidence().1,
        })]
    );
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(1));
    assert_eq!(registry.dispute(1).map(|d| (d.claimant, d.deposit)), Some((bob(), DEPOSIT)));
}

#[ink::test]
fn only_the_arbiter_rules_and_a_dismissal_pays_the_owner() {
    let mut registry = registry_with_one_model();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    let dismiss = Ruling::Dismiss;
    for (caller, wired) in [(bob(), Some(arbiter())), (arbiter(), None), (alice(), Some(arbiter()))]
    {
        assert_refused_without_change(&mut registry, RegistryError::NotArbiter, |r| {
            r.resolve_dispute(caller, wired, 1, dismiss).map(|(_, e, _)| e)
        });
    }
    assert_refused_without_change(
        &mut registry,
        RegistryError::UnknownDispute { dispute: 7 },
        |r| r.resolve_dispute(arbiter(), Some(arbiter()), 7, dismiss).map(|(_, e, _)| e),
    );

    let (payout, events, push) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 1, dismiss).unwrap();
    // The dismissal of the last open dispute only ends the escrow.
    assert_eq!(push, Some(Push { model: 1, record: registry.record(1).unwrap() }));
    assert_eq!(push.map(|push| push.record.escrowed), Some(false));

    assert_eq!(payout, Payout { to: alice(), amount: DEPOSIT });
    assert_eq!(
        events,
        vec![RegistryEvent::DisputeResolved(DisputeResolved {
            dispute: 1,
            model: 1,
            ruling: dismiss
        })]
    );
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(0));
    assert_eq!(registry.dispute(1).map(|d| d.state), Some(DisputeState::Dismissed));
    assert_eq!(registry.model(1).map(|m| m.status), Some(ModelStatus::Active));
    assert_refused_without_change(
        &mut registry,
        RegistryError::DisputeClosed { dispute: 1 },
        |r| r.resolve_dispute(arbiter(), Some(arbiter()), 1, dismiss).map(|(_, e, _)| e),
    );
    // the record stays until its claimant, who paid its storage, clears it
    assert_eq!(
        registry.clear_dispute(alice(), Some(arbiter()), 1),
        Err(RegistryError::NotClaimant { dispute: 1, claimant: bob() })
    );
    assert_eq!(
        registry
            .clear_dispute(bob(), Some(arbiter()), 1)
            .map(|(payout, events, _)| (payout, events)),
        Ok((None, vec![RegistryEvent::DisputeCleared(DisputeCleared { dispute: 1 })]))
    );
    assert_eq!(registry.dispute(1), None);
    assert_eq!(
        registry.clear_dispute(bob(), Some(arbiter()), 1),
        Err(RegistryError::UnknownDispute { dispute: 1 })
    );
}

#[ink::test]
fn an_upheld_dispute_stops_derivatives_and_only_the_arbiter_lifts_it() {
    let mut registry = registry_with_one_model();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    registry.raise_dispute(charlie(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    registry.approve_derivative(alice(), EARLIER, (1, charlie()), Some(100)).unwrap();
    assert_eq!(
        registry.clear_dispute(bob(), Some(arbiter()), 1),
        Err(RegistryError::DisputeOpen { dispute: 1 })
    );

    let uphold = Ruling::Uphold { reassign: false, void_from: None };
    let (payout, events, push) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 1, uphold).unwrap();
    assert_eq!(push, Some(Push { model: 1, record: registry.record(1).unwrap() }));

    assert_eq!(payout, Payout { to: bob(), amount: DEPOSIT });
    assert_eq!(
        events,
        vec![
            RegistryEvent::DisputeResolved(DisputeResolved {
                dispute: 1,
                model: 1,
                ruling: uphold
            }),
            RegistryEvent::StatusChanged(StatusChanged { model: 1, status: ModelStatus::Disputed }),
        ]
    );
    assert_refused_without_change(&mut registry, RegistryError::ModelDisputed { model: 1 }, |r| {
        events_of(reveal(r, charlie(), NOW, derived(2, &[1]), unlicensed))
    });
    let version = ModelDraft { previous_version: Some(1), ..draft(3) };
    assert_refused_without_change(&mut registry, RegistryError::ModelDisputed { model: 1 }, |r| {
        events_of(reveal(r, alice(), NOW, version, unlicensed))
    });
    for status in [ModelStatus::Active, ModelStatus::Deprecated] {
        assert_refused_without_change(
            &mut registry,
            RegistryError::ModelDisputed { model: 1 },
            |r| r.set_status(alice(), 1, status).map(|(e, _)| e),
        );
    }
    // the second claim, upheld with a reassignment, moves the token and
    // lifts the status: Charlie owns model 1 in a new owner epoch
    let reassign = Ruling::Uphold { reassign: true, void_from: None };
    let (payout, events, push) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 2, reassign).unwrap();
    assert_eq!(payout, Payout { to: charlie(), amount: DEPOSIT });
    assert_eq!(
        events,
        vec![
            RegistryEvent::DisputeResolved(DisputeResolved {
                dispute: 2,
                model: 1,
                ruling: reassign
            }),
            RegistryEvent::Transfer(Transfer {
                from: Some(alice()),
                to: Some(charlie()),
                id: Id::U64(1)
            }),
            RegistryEvent::StatusChanged(StatusChanged { model: 1, status: ModelStatus::Active }),
        ]
    );
    assert_eq!(push, Some(Push { model: 1, record: registry.record(1).unwrap() }));
    assert_eq!(registry.owner_of(1), Some(charlie()));
    assert_eq!((registry.balance_of(alice()), registry.balance_of(charlie())), (0, 1));
    assert_eq!(registry.owner_epoch(1), 1);
    assert_eq!(registry.derivative_approval(1, charlie()), None);
    assert_eq!(registry.dispute(2).map(|d| d.state), Some(DisputeState::Reassigned));
}

#[ink::test]
fn a_reassignment_to_the_holder_keeps_the_model_active_and_moves_nothing() {
    // given: two of Bob's claims on Alice's model; the first moves it to him
    let mut registry = registry_with_one_model();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    let reassign = Ruling::Uphold { reassign: true, void_from: None };
    registry.resolve_dispute(arbiter(), Some(arbiter()), 1, reassign).unwrap();

    // when: the arbiter upholds the second one with a reassignment too
    let (payout, events, push) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 2, reassign).unwrap();

    // then: Bob keeps the model, active, in the same owner epoch: the
    // market learns only that the escrow ended
    let record = push.map(|push| push.record);
    assert_eq!(record.map(|r| (r.owner, r.epoch, r.escrowed)), Some((bob(), 1, false)));
    assert_eq!(payout, Payout { to: bob(), amount: DEPOSIT });
    assert_eq!(
        events,
        vec![RegistryEvent::DisputeResolved(DisputeResolved {
            dispute: 2,
            model: 1,
            ruling: reassign
        })]
    );
    assert_eq!((registry.owner_of(1), registry.owner_epoch(1)), (Some(bob()), 1));
    assert_eq!(registry.model(1).map(|m| m.status), Some(ModelStatus::Active));
    assert_eq!(registry.model(1).map(|m| m.open_disputes), Some(0));
}

#[ink::test]
fn raising_and_ruling_keep_the_size_of_every_record_they_rewrite() {
    // pallet-contracts charges the signer for the bytes a call adds and
    // releases to it those a call frees: a claimant must not pay for the
    // model's record, nor an arbiter for the claimant's, nor collect it
    use ink::scale::Encode;
    let mut registry = registry_with_one_model();
    let model_size = |r: &RegistryData| r.model(1).map(|m| m.encoded_size());
    let registered = model_size(&registry);
    for claimant in [bob(), charlie(), bob(), charlie()] {
        registry.raise_dispute(claimant, Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
        assert_eq!(model_size(&registry), registered);
    }
    let open_size = registry.dispute(1).map(|d| d.encoded_size());
    let rulings = [
        Ruling::Dismiss,
        Ruling::Uphold { reassign: false, void_from: None },
        Ruling::Uphold { reassign: true, void_from: None },
        Ruling::Dismiss,
    ];
    for (dispute, ruling) in (1..).zip(rulings) {
        registry.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).unwrap();
        assert_eq!(model_size(&registry), registered, "{ruling:?}");
        let record = registry.dispute(dispute).unwrap();
        assert_eq!(Some(record.encoded_size()), open_size, "{ruling:?}");
        assert_eq!(record.state, DisputeState::from(ruling));
    }
    // and the model takes new disputes, its record still the same size
    registry.raise_dispute(alice(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    assert_eq!(
        registry.model(1).map(|m| (m.open_disputes, m.encoded_size())),
        Some((1, registered.unwrap()))
    );
}
/// A squatter whose model is reassigned must not keep what it sold: the
/// ruling voids the licenses of the losing owners' epochs.
#[ink::test]
fn a_reassigning_ruling_voids_the_licenses_of_the_losing_owners_epochs() {
    // given: Alice squats Bob's model (epoch 0) and passes it to Charlie, her
    // second account (epoch 1); Bob disputes it
    use ink::scale::Encode;
    let mut registry = registry_with_one_model();
    registry.transfer(alice(), EARLIER, charlie(), 1).unwrap();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    let size = |r: &RegistryData| r.model(1).map(|m| m.encoded_size()).unwrap();
    let (registered, open) = (size(&registry), registry.dispute(1).unwrap().encoded_size());

    // when: the arbiter gives it to Bob and voids epochs 0 and 1
    let ruling = Ruling::Uphold { reassign: true, void_from: Some(0) };
    let (payout, events, push) =
        registry.resolve_dispute(arbiter(), Some(arbiter()), 1, ruling).unwrap();

    // then: Bob holds it in epoch 2, and the market learns epochs 0..2 are void
    assert_eq!(payout, Payout { to: bob(), amount: DEPOSIT });
    assert_eq!(
        events,
        vec![
            RegistryEvent::DisputeResolved(DisputeResolved { dispute: 1, model: 1, ruling }),
            RegistryEvent::Transfer(Transfer {
                from: Some(charlie()),
                to: Some(bob()),
                id: Id::U64(1)
            }),
        ]
    );
    assert_eq!((registry.owner_of(1), registry.owner_epoch(1)), (Some(bob()), 2));
    let voided = vec![EpochRange { from: 0, to: 2 }];
    assert_eq!(registry.model(1).map(|m| m.voided), Some(voided.clone()));
    assert_eq!(push, Some(Push { model: 1, record: registry.record(1).unwrap() }));
    assert_eq!(push.map(|p| p.record.voided), Some(voided));
    assert_eq!(registry.dispute(1).map(|d| d.state), Some(DisputeState::Reassigned));
    // the one record that grows: the model's, by one range the arbiter pays for
    assert_eq!(size(&registry), registered + 8);
    assert_eq!(registry.dispute(1).map(|d| d.encoded_size()), Some(open));
}

#[ink::test]
fn a_ruling_voids_only_with_a_reassignment_and_only_epochs_before_the_new_one() {
    // given: Alice's model, passed to Charlie (epoch 1); two claims of Bob's
    let mut registry = registry_with_one_model();
    registry.transfer(alice(), EARLIER, charlie(), 1).unwrap();
    for _ in 0..2 {
        registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    }
    let rule = |r: &mut RegistryData, dispute, reassign, void_from| {
        let ruling = Ruling::Uphold { reassign, void_from };
        r.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).map(|(_, e, _)| e)
    };
    // an owner who keeps the model keeps every license it sold
    assert_refused_without_change(&mut registry, RegistryError::InvalidRuling, |r| {
        rule(r, 1, false, Some(0))
    });
    // no epoch after the current one (1)
    assert_refused_without_change(&mut registry, RegistryError::InvalidRuling, |r| {
        rule(r, 1, true, Some(2))
    });

    // at the current epoch: Charlie's sales are void, Alice's (epoch 0) stay
    rule(&mut registry, 1, true, Some(1)).unwrap();
    assert_eq!(registry.model(1).map(|m| m.voided), Some(vec![EpochRange { from: 1, to: 2 }]));

    // Bob already holds it (epoch 2): a second ruling voids up to his epoch,
    // never into it
    assert_refused_without_change(&mut registry, RegistryError::InvalidRuling, |r| {
        rule(r, 2, true, Some(2))
    });
    let (_, events, push) = registry
        .resolve_dispute(
            arbiter(),
            Some(arbiter()),
            2,
            Ruling::Uphold { reassign: true, void_from: Some(0) },
        )
        .unwrap();
    assert_eq!(events.len(), 1, "nothing moves, the status stays");
    let voided = vec![EpochRange { from: 1, to: 2 }, EpochRange { from: 0, to: 2 }];
    assert_eq!(registry.model(1).map(|m| m.voided), Some(voided));
    assert_eq!(push, Some(Push { model: 1, record: registry.record(1).unwrap() }));
    assert_eq!((registry.owner_of(1), registry.owner_epoch(1)), (Some(bob()), 2));
}

#[ink::test]
fn a_model_carries_at_most_max_voided_ranges() {
    // the model changes hands by ruling MAX_VOIDED_RANGES times, each ruling
    // voiding the losing owner's epoch
    let mut registry = registry_with_one_model();
    let claimants = [bob(), alice()];
    let raise = |r: &mut RegistryData, n: u32| {
        let claimant = claimants[(n % 2) as usize];
        r.raise_dispute(claimant, Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap().0
    };
    for n in 0..MAX_VOIDED_RANGES {
        let dispute = raise(&mut registry, n);
        let ruling = Ruling::Uphold { reassign: true, void_from: Some(registry.owner_epoch(1)) };
        registry.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).unwrap();
    }
    let voided = registry.model(1).map(|m| m.voided).unwrap();
    assert_eq!(voided.len(), MAX_VOIDED_RANGES as usize);
    assert_eq!(voided.last(), Some(&EpochRange { from: 7, to: 8 }));

    // one more voiding ruling is refused ...
    let dispute = raise(&mut registry, MAX_VOIDED_RANGES);
    let epoch = registry.owner_epoch(1);
    assert_refused_without_change(
        &mut registry,
        RegistryError::TooManyVoidedRanges { max: MAX_VOIDED_RANGES },
        |r| {
            let ruling = Ruling::Uphold { reassign: true, void_from: Some(epoch) };
            r.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).map(|(_, e, _)| e)
        },
    );
    // ... a reassignment that voids nothing is not
    let ruling = Ruling::Uphold { reassign: true, void_from: None };
    registry.resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling).unwrap();
    assert_eq!(registry.owner_epoch(1), epoch + 1);
}

#[ink::test]
fn a_squatters_approvals_hold_for_no_commitment_once_a_ruling_moves_the_model() {
    // Alice squats model 1 and approves Charlie; Charlie commits; the
    // arbiter gives the model to Bob before Charlie reveals.
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, charlie()), Some(0)).unwrap();
    let draft = derived(2, &[1]);
    let commitment = registration_commitment(&draft.hash, &charlie(), &SALT);
    registry.commit(charlie(), COMMITTED, commitment).unwrap();
    registry.raise_dispute(bob(), Some(arbiter()), NOW, 1, evidence(), DEPOSIT).unwrap();
    let reassign = Ruling::Uphold { reassign: true, void_from: None };
    registry.resolve_dispute(arbiter(), Some(arbiter()), 1, reassign).unwrap();
    assert_eq!(registry.owner_of(1), Some(bob()));

    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeRight { parent: 1 },
        |r| events_of(reveal(r, charlie(), NOW, draft, unlicensed)),
    );
}
