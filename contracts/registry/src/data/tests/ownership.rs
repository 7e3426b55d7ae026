use super::*;

#[ink::test]
fn owner_transfers_a_model_and_balances_and_pages_follow() {
    let mut registry = registry_with_one_model();
    register(&mut registry, alice(), draft(2)).unwrap();
    register(&mut registry, alice(), draft(3)).unwrap();

    let (events, push) = registry.transfer(alice(), EARLIER, bob(), 1).unwrap();

    assert_eq!(registry.owner_of(1), Some(bob()));
    assert_eq!((registry.balance_of(alice()), registry.balance_of(bob())), (2, 1));
    assert_eq!(registry.models_of(alice(), 0, 10), Ok(vec![3, 2]), "last model fills the gap");
    assert_eq!(registry.models_of(bob(), 0, 10), Ok(vec![1]));
    assert_eq!(registry.model(1).unwrap().registrant, alice());
    assert_eq!(push, Push { model: 1, record: registry.record(1).unwrap() });
    assert_eq!((push.record.owner, push.record.epoch), (bob(), 1));
    assert_eq!(
        events,
        vec![RegistryEvent::Transfer(Transfer {
            from: Some(alice()),
            to: Some(bob()),
            id: Id::U64(1)
        })]
    );
    registry.transfer(alice(), EARLIER, bob(), 3).unwrap();
    registry.transfer(alice(), EARLIER, bob(), 2).unwrap();
    assert_eq!(registry.models_of(alice(), 0, 10), Ok(vec![]));
    assert_eq!(registry.models_of(bob(), 0, 10), Ok(vec![1, 3, 2]));
}

#[ink::test]
fn models_of_pages_through_an_owners_models() {
    let mut registry = empty();
    for n in 1..=5 {
        register(&mut registry, alice(), draft(n)).unwrap();
    }

    assert_eq!(registry.models_of(alice(), 0, 2), Ok(vec![1, 2]));
    assert_eq!(registry.models_of(alice(), 2, 2), Ok(vec![3, 4]));
    assert_eq!(registry.models_of(alice(), 4, 2), Ok(vec![5]));
    assert_eq!(registry.models_of(alice(), 9, 2), Ok(vec![]));
    assert_eq!(registry.models_of(alice(), u32::MAX, MAX_PAGE), Ok(vec![]));
    assert_eq!(
        registry.models_of(alice(), 0, 0),
        Err(RegistryError::InvalidPageSize { limit: 0, max: MAX_PAGE })
    );
    assert_eq!(
        registry.models_of(alice(), 0, MAX_PAGE + 1),
        Err(RegistryError::InvalidPageSize { limit: MAX_PAGE + 1, max: MAX_PAGE })
    );
}

#[ink::test]
fn a_sale_starts_a_new_owner_epoch_and_voids_the_sellers_derivative_approvals() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(500)).unwrap();
    assert_eq!(registry.owner_epoch(1), 0);
    assert_eq!(registry.derivative_approval(1, bob()), Some(500));

    registry.transfer(alice(), EARLIER, charlie(), 1).unwrap();

    assert_eq!(registry.owner_epoch(1), 1);
    assert_eq!(registry.derivative_approval(1, bob()), None, "the seller's approval is void");
    let record = registry.record(1).unwrap();
    assert_eq!((record.owner, record.epoch), (charlie(), 1));
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeRight { parent: 1 },
        |r| events_of(reveal(r, bob(), NOW, derived(2, &[1]), unlicensed)),
    );
    // Bob can still clear the void approval (and its storage) ...
    registry.decline_derivative_approval(bob(), 1).unwrap();
    // ... and the new owner's own approval works
    registry.approve_derivative(charlie(), EARLIER, (1, bob()), Some(700)).unwrap();
    assert_eq!(register(&mut registry, bob(), derived(2, &[1])), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 700);
    // selling back and forth keeps counting
    registry.transfer(charlie(), EARLIER, alice(), 1).unwrap();
    assert_eq!(registry.owner_epoch(1), 2);
    assert_eq!(registry.owner_epoch(2), 0);
}

#[ink::test]
fn error_when_a_stranger_transfers_a_model() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(&mut registry, RegistryError::NotApproved, |r| {
        r.transfer(bob(), EARLIER, bob(), 1).map(|(e, _)| e)
    });
    assert_refused_without_change(&mut registry, RegistryError::NotApproved, |r| {
        r.transfer(bob(), EARLIER, charlie(), 1).map(|(e, _)| e)
    });
}

#[ink::test]
fn error_when_transferring_to_the_owner_or_an_unknown_model() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(&mut registry, RegistryError::TransferToSelf, |r| {
        r.transfer(alice(), EARLIER, alice(), 1).map(|(e, _)| e)
    });
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 7 }, |r| {
        r.transfer(alice(), EARLIER, bob(), 7).map(|(e, _)| e)
    });
}

#[ink::test]
fn a_model_approval_allows_one_transfer_and_is_then_cleared() {
    let mut registry = registry_with_one_model();

    let events = registry.approve(alice(), bob(), Some(1), true).unwrap();
    assert_eq!(
        events,
        vec![RegistryEvent::Approval(Approval {
            owner: alice(),
            operator: bob(),
            id: Some(Id::U64(1)),
            approved: true,
        })]
    );
    assert!(registry.allowance(alice(), bob(), Some(1)));
    assert!(!registry.allowance(alice(), bob(), None));

    registry.transfer(bob(), EARLIER, charlie(), 1).unwrap();

    assert_eq!(registry.owner_of(1), Some(charlie()));
    assert!(!registry.allowance(charlie(), bob(), Some(1)));
    assert_eq!(registry.transfer(bob(), EARLIER, bob(), 1), Err(RegistryError::NotApproved));
}

#[ink::test]
fn an_operator_approval_covers_every_model_until_revoked() {
    let mut registry = registry_with_one_model();
    register(&mut registry, alice(), draft(2)).unwrap();

    registry.approve(alice(), bob(), None, true).unwrap();
    assert!(registry.allowance(alice(), bob(), None));
    assert!(registry.allowance(alice(), bob(), Some(2)));
    registry.transfer(bob(), EARLIER, charlie(), 2).unwrap();

    registry.approve(alice(), bob(), None, false).unwrap();
    assert!(!registry.allowance(alice(), bob(), Some(1)));
    assert_eq!(registry.transfer(bob(), EARLIER, charlie(), 1), Err(RegistryError::NotApproved));
    assert_eq!(registry.owner_of(2), Some(charlie()));
}

#[ink::test]
fn revoking_a_model_approval_of_another_operator_keeps_the_current_one() {
    let mut registry = registry_with_one_model();
    registry.approve(alice(), bob(), Some(1), true).unwrap();

    registry.approve(alice(), charlie(), Some(1), false).unwrap();

    assert!(registry.allowance(alice(), bob(), Some(1)));
}

#[ink::test]
fn error_when_approving_oneself_a_strangers_model_or_an_unknown_one() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(&mut registry, RegistryError::SelfApprove, |r| {
        r.approve(alice(), alice(), Some(1), true)
    });
    assert_refused_without_change(&mut registry, RegistryError::SelfApprove, |r| {
        r.approve(alice(), alice(), None, true)
    });
    assert_refused_without_change(&mut registry, RegistryError::NotApproved, |r| {
        r.approve(bob(), charlie(), Some(1), true)
    });
    assert_refused_without_change(&mut registry, RegistryError::UnknownModel { model: 9 }, |r| {
        r.approve(alice(), bob(), Some(9), true)
    });
}

#[ink::test]
fn only_u64_token_ids_name_models() {
    assert_eq!(model_of_token(&Id::U64(5)), Some(5));
    assert_eq!(model_of_token(&Id::U32(5)), None);
    assert_eq!(model_of_token(&Id::Bytes(vec![5])), None);
}
