use super::*;

#[ink::test]
fn the_owner_updates_the_uri_until_frozen() {
    let mut registry = registry_with_one_model();

    let updated = registry.set_uri(alice(), 1, String::from("ipfs://card-v2")).unwrap();
    let frozen = registry.freeze_metadata(alice(), 1).unwrap();

    assert_eq!(
        updated,
        vec![RegistryEvent::MetadataUpdated(MetadataUpdated {
            model: 1,
            uri: String::from("ipfs://card-v2")
        })]
    );
    assert_eq!(frozen, vec![RegistryEvent::MetadataFrozen(MetadataFrozen { model: 1 })]);
    let model = registry.model(1).unwrap();
    assert_eq!((model.uri.as_str(), model.metadata_frozen), ("ipfs://card-v2", true));
    assert_refused_without_change(&mut registry, RegistryError::MetadataFrozen { model: 1 }, |r| {
        r.set_uri(alice(), 1, String::from("ipfs://card-v3"))
    });
    assert_refused_without_change(&mut registry, RegistryError::MetadataFrozen { model: 1 }, |r| {
        r.freeze_metadata(alice(), 1)
    });
}

#[ink::test]
fn error_when_a_stranger_edits_metadata_or_status() {
    let mut registry = registry_with_one_model();
    let not_owner = RegistryError::NotModelOwner { model: 1, owner: alice() };
    assert_refused_without_change(&mut registry, not_owner.clone(), |r| {
        r.set_uri(bob(), 1, String::from("ipfs://defaced"))
    });
    assert_refused_without_change(&mut registry, not_owner.clone(), |r| {
        r.freeze_metadata(bob(), 1)
    });
    assert_refused_without_change(&mut registry, not_owner, |r| {
        r.set_status(bob(), 1, ModelStatus::Deprecated).map(|(e, _)| e)
    });
    assert_refused_without_change(
        &mut registry,
        RegistryError::FieldTooLong { field: TextField::Uri, length: 300, max: MAX_URI_LEN },
        |r| r.set_uri(alice(), 1, "u".repeat(300)),
    );
}

#[ink::test]
fn the_owner_deprecates_and_reactivates_a_model() {
    let mut registry = registry_with_one_model();

    let (events, push) = registry.set_status(alice(), 1, ModelStatus::Deprecated).unwrap();

    assert_eq!(
        events,
        vec![RegistryEvent::StatusChanged(StatusChanged {
            model: 1,
            status: ModelStatus::Deprecated
        })]
    );
    assert_eq!(registry.model(1).unwrap().status, ModelStatus::Deprecated);
    assert_eq!(push, Push { model: 1, record: registry.record(1).unwrap() });
    assert_eq!(push.record.status, ModelStatus::Deprecated);
    assert_refused_without_change(
        &mut registry,
        RegistryError::StatusUnchanged { model: 1, status: ModelStatus::Deprecated },
        |r| r.set_status(alice(), 1, ModelStatus::Deprecated).map(|(e, _)| e),
    );
    registry.set_status(alice(), 1, ModelStatus::Active).unwrap();
    assert_eq!(registry.model(1).unwrap().status, ModelStatus::Active);
}
