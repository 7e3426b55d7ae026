use super::*;

#[ink::test]
fn a_front_runner_who_sees_the_reveal_is_too_late_to_take_the_root() {
    let mut registry = empty();
    let alices = registration_commitment(&hash(1), &alice(), &SALT);
    registry.commit(alice(), COMMITTED, alices).unwrap();
    // Bob reads Alice's reveal (root and salt) in the pool and commits
    // to the same root for himself, salt and all
    let bobs = registration_commitment(&hash(1), &bob(), &SALT);
    assert_ne!(alices, bobs, "a commitment binds its registrant");
    registry.commit(bob(), REVEAL, bobs).unwrap();
    let before = snapshot(&registry);
    assert_eq!(
        registry.register(bob(), (NOW, REVEAL), draft(1), SALT, unlicensed),
        Err(RegistryError::CommitmentTooRecent { ready_at: REVEAL + WINDOW.min_blocks })
    );
    assert!(before == snapshot(&registry));
    // nor is Alice's commitment of any use to him
    registry.cancel_commitment(bob(), bobs).unwrap();
    assert_eq!(
        registry.register(bob(), (NOW, REVEAL), draft(1), SALT, unlicensed),
        Err(RegistryError::NoCommitment)
    );

    let (model, ..) =
        registry.register(alice(), (NOW, REVEAL), draft(1), SALT, unlicensed).unwrap();

    assert_eq!(registry.owner_of(model), Some(alice()));
    assert_eq!(registry.commitment(alice(), alices), None, "the reveal consumed it");
    registry.commit(bob(), REVEAL, bobs).unwrap();
    assert_eq!(
        registry.register(bob(), (NOW, REVEAL + 5), draft(1), SALT, unlicensed),
        Err(RegistryError::AlreadyRegistered { existing: model })
    );
}

#[ink::test]
fn a_registration_reveals_only_inside_the_commit_window() {
    let mut registry = empty();
    let commitment = registration_commitment(&hash(1), &alice(), &SALT);
    assert_eq!(
        registry.register(alice(), (NOW, REVEAL), draft(1), SALT, unlicensed),
        Err(RegistryError::NoCommitment)
    );
    registry.commit(alice(), COMMITTED, commitment).unwrap();
    let last = COMMITTED + WINDOW.max_blocks;
    let cases = [
        (COMMITTED, RegistryError::CommitmentTooRecent { ready_at: REVEAL }),
        (REVEAL - 1, RegistryError::CommitmentTooRecent { ready_at: REVEAL }),
        (last + 1, RegistryError::CommitmentExpired { expired_after: last }),
    ];
    for (block, expected) in cases {
        let before = snapshot(&registry);
        assert_eq!(
            registry.register(alice(), (NOW, block), draft(1), SALT, unlicensed),
            Err(expected)
        );
        assert!(before == snapshot(&registry));
        assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
    }
    // another salt is another commitment
    assert_eq!(
        registry.register(alice(), (NOW, REVEAL), draft(1), [8; 32], unlicensed),
        Err(RegistryError::NoCommitment)
    );
    // a refusal after the reveal keeps the commitment for a corrected draft
    let unnamed = ModelDraft { name: String::new(), ..draft(1) };
    assert_eq!(
        registry.register(alice(), (NOW, last), unnamed, SALT, unlicensed),
        Err(RegistryError::EmptyField { field: TextField::Name })
    );
    assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
    assert!(registry.register(alice(), (NOW, last), draft(1), SALT, unlicensed).is_ok());
}

#[ink::test]
fn commitments_belong_to_their_committer() {
    let mut registry = empty();
    let commitment = registration_commitment(&hash(1), &alice(), &SALT);
    let events = registry.commit(alice(), COMMITTED, commitment).unwrap();
    assert_eq!(
        events,
        vec![RegistryEvent::RegistrationCommitted(RegistrationCommitted {
            committer: alice(),
            commitment,
            block: COMMITTED,
        })]
    );
    // nobody refreshes it (which would keep it too recent for ever) ...
    assert_eq!(
        registry.commit(alice(), REVEAL, commitment),
        Err(RegistryError::CommitmentExists { block: COMMITTED })
    );
    // ... copying it into another account's name changes nothing of Alice's ...
    registry.commit(bob(), REVEAL, commitment).unwrap();
    assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
    // ... and only Alice cancels hers
    registry.cancel_commitment(bob(), commitment).unwrap();
    assert_eq!(registry.cancel_commitment(bob(), commitment), Err(RegistryError::NoCommitment));
    assert_eq!(registry.commitment(alice(), commitment), Some(COMMITTED));
    assert_eq!(
        registry.cancel_commitment(alice(), commitment),
        Ok(vec![RegistryEvent::CommitmentCancelled(CommitmentCancelled {
            committer: alice(),
            commitment,
        })])
    );
    assert_eq!(registry.commitment(alice(), commitment), None);
}

#[ink::test]
fn a_commit_window_must_be_usable() {
    for (min_blocks, max_blocks) in [(0, 5), (5, 5), (6, 5), (1, CommitWindow::LONGEST + 1)] {
        let window = CommitWindow { min_blocks, max_blocks };
        assert_eq!(
            RegistryData::new(window, DEPOSIT).err(),
            Some(RegistryError::InvalidCommitWindow { min_blocks, max_blocks })
        );
    }
    let longest = CommitWindow { min_blocks: 1, max_blocks: CommitWindow::LONGEST };
    let registry = RegistryData::new(longest, DEPOSIT);
    assert_eq!(registry.map(|r| r.commit_window()).ok(), Some(longest));
    assert_eq!(RegistryData::new(WINDOW, 0).err(), Some(RegistryError::ZeroDisputeDeposit));
}

#[test]
fn the_commitment_is_sha256_of_root_registrant_and_salt() {
    // The expected value comes from another implementation (coreutils):
    // { printf '\x01%.0s' {1..32}; printf '\x02%.0s' {1..32};
    //   printf '\x07%.0s' {1..32}; } | sha256sum
    const EXPECTED: &str = "ce93528ee94d95a2922e24d5996a7093f93c4200f81971989113b8b6b3e217a2";
    let commitment = registration_commitment(&[1; 32], &AccountId::from([2; 32]), &[7; 32]);
    let hex = commitment.iter().fold(String::new(), |mut hex, byte| {
        use core::fmt::Write;
        write!(hex, "{byte:02x}").expect("writing to a String");
        hex
    });
    assert_eq!(hex, EXPECTED);
}
