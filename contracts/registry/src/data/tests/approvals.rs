//! A derivative approval holds for the commitments made under it: the
//! parent's owner, who sees a reveal in the pool, cannot fail it by revoking,
//! changing the share or selling first, and so cannot learn the root and salt
//! from a failed reveal and commit to the root herself.

use super::*;

/// Bob's commitment to `draft`, made in block `COMMITTED`.
fn bob_commits(registry: &mut RegistryData, draft: &ModelDraft) {
    let commitment = registration_commitment(&draft.hash, &bob(), &SALT);
    registry.commit(bob(), COMMITTED, commitment).expect("a new commitment");
}

/// Bob's derivative of model 1 that accepts at most `max_royalty_bps`.
fn bobs_derivative(max_royalty_bps: Bps) -> ModelDraft {
    let mut draft = derived(2, &[1]);
    draft.parents[0].max_royalty_bps = max_royalty_bps;
    draft
}

/// The block in which the owner acts on what she saw in the pool: after
/// Bob's commitment, before his reveal lands.
const FRONT_RUN: BlockNumber = COMMITTED + 1;

#[ink::test]
fn a_revocation_seen_in_the_pool_cannot_fail_a_reveal_committed_before_it() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(1_000)).unwrap();
    let draft = bobs_derivative(1_000);
    bob_commits(&mut registry, &draft);
    registry.approve_derivative(alice(), FRONT_RUN, (1, bob()), None).unwrap();
    assert_eq!(registry.derivative_approval(1, bob()), None, "revoked for new commitments");

    let registered = reveal(&mut registry, bob(), NOW, draft, unlicensed);

    assert_eq!(registered.map(|(model, ..)| model), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 1_000);
    assert_eq!(registry.owner_of(2), Some(bob()));
    // consumed: the revoked approval's cell is gone with the registration
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeApproval { parent: 1 },
        |r| r.approve_derivative(alice(), REVEAL, (1, bob()), None),
    );
}

#[ink::test]
fn a_commitment_made_after_the_revocation_gets_nothing() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER - 1, (1, bob()), Some(1_000)).unwrap();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), None).unwrap();
    let draft = bobs_derivative(1_000);
    bob_commits(&mut registry, &draft);
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeRight { parent: 1 },
        |r| events_of(reveal(r, bob(), NOW, draft, unlicensed)),
    );
}

#[ink::test]
fn raising_the_share_and_then_revoking_cannot_fail_an_earlier_commitment() {
    // Alice raises the share above Bob's maximum and then revokes, both in
    // front of his reveal: he registers at the share he committed under.
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(1_000)).unwrap();
    let draft = bobs_derivative(1_000);
    bob_commits(&mut registry, &draft);
    registry.approve_derivative(alice(), FRONT_RUN, (1, bob()), Some(BPS_SCALE)).unwrap();
    registry.approve_derivative(alice(), FRONT_RUN, (1, bob()), None).unwrap();

    let registered = reveal(&mut registry, bob(), NOW, draft, unlicensed);

    assert_eq!(registered.map(|(model, ..)| model), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 1_000);
}

#[ink::test]
fn a_lowered_share_applies_to_an_earlier_commitment_only_if_lower() {
    // Two changes inside one window: an earlier commitment gets the lower
    // of the shares it could have relied on, never a higher one.
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(1_000)).unwrap();
    let draft = bobs_derivative(BPS_SCALE);
    bob_commits(&mut registry, &draft);
    registry.approve_derivative(alice(), FRONT_RUN, (1, bob()), Some(400)).unwrap();
    registry.approve_derivative(alice(), FRONT_RUN, (1, bob()), Some(2_000)).unwrap();

    let registered = reveal(&mut registry, bob(), NOW, draft, unlicensed);

    assert_eq!(registered.map(|(model, ..)| model), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 400);
}

#[ink::test]
fn a_sale_seen_in_the_pool_cannot_fail_an_earlier_commitment_but_voids_later_ones() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(1_000)).unwrap();
    registry.approve_derivative(alice(), EARLIER, (1, charlie()), Some(1_000)).unwrap();
    let draft = bobs_derivative(1_000);
    bob_commits(&mut registry, &draft);
    // Alice sells to Dave, who sends it back: two new epochs
    registry.transfer(alice(), FRONT_RUN, dave(), 1).unwrap();
    registry.transfer(dave(), FRONT_RUN, alice(), 1).unwrap();
    assert_eq!(registry.derivative_approval(1, bob()), None, "void for new commitments");

    let registered = reveal(&mut registry, bob(), NOW, draft, unlicensed);

    assert_eq!(registered.map(|(model, ..)| model), Ok(2));
    assert_eq!(registry.parents(2)[0].royalty_bps, 1_000);
    // Charlie commits only after the sale: the seller's approval is void.
    let late = ModelDraft { hash: hash(3), ..derived(3, &[1]) };
    let commitment = registration_commitment(&late.hash, &charlie(), &SALT);
    registry.commit(charlie(), FRONT_RUN, commitment).unwrap();
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeRight { parent: 1 },
        |r| {
            r.register(charlie(), (NOW, FRONT_RUN + WINDOW.min_blocks), late, SALT, unlicensed)
                .map(|(_, events, _)| events)
        },
    );
}

#[ink::test]
fn a_revoked_approval_keeps_its_cell_until_no_commitment_can_use_it() {
    let mut registry = registry_with_one_model();
    registry.approve_derivative(alice(), EARLIER, (1, bob()), Some(1_000)).unwrap();
    registry.approve_derivative(alice(), COMMITTED, (1, bob()), None).unwrap();
    let until = COMMITTED + WINDOW.max_blocks;
    for block in [COMMITTED, until] {
        assert_refused_without_change(
            &mut registry,
            RegistryError::ApprovalStillHeld { parent: 1, account: bob(), until },
            |r| r.approve_derivative(alice(), block, (1, bob()), None),
        );
    }

    let removed = registry.approve_derivative(alice(), until + 1, (1, bob()), None);

    assert_eq!(
        removed,
        Ok(vec![RegistryEvent::DerivativeApproved(DerivativeApproved {
            parent: 1,
            account: bob(),
            royalty_bps: None,
        })])
    );
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeApproval { parent: 1 },
        |r| r.approve_derivative(alice(), until + 2, (1, bob()), None),
    );
    // Bob can always drop it himself, at once.
    registry.approve_derivative(alice(), until + 3, (1, bob()), Some(10)).unwrap();
    registry.approve_derivative(alice(), until + 4, (1, bob()), None).unwrap();
    registry.decline_derivative_approval(bob(), 1).unwrap();
    assert_refused_without_change(
        &mut registry,
        RegistryError::NoDerivativeApproval { parent: 1 },
        |r| r.decline_derivative_approval(bob(), 1),
    );
}
