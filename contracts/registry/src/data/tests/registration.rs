use super::*;

#[ink::test]
fn register_mints_sequential_ids_and_records_the_model() {
    let mut registry = empty();

    let (first, events, push) = reveal(&mut registry, alice(), NOW, draft(1), unlicensed).unwrap();
    let (second, ..) = reveal(&mut registry, bob(), NOW + 6_000, draft(2), unlicensed).unwrap();

    assert_eq!((first, second), (1, 2));
    assert_eq!(
        registry.model(1),
        Some(Model {
            hash: hash(1),
            kind: AssetKind::Model,
            name: String::from("tiny-llama"),
            version: String::from("v1"),
            uri: String::from("ipfs://model-card"),
            registrant: alice(),
            registered_at: NOW,
            previous_version: None,
            parents: Vec::new(),
            obligations: Vec::new(),
            status: ModelStatus::Active,
            metadata_frozen: false,
            open_disputes: 0,
            voided: Vec::new(),
            escrow_until: 0,
        })
    );
    let record = ModelRecord {
        kind: AssetKind::Model,
        owner: alice(),
        epoch: 0,
        status: ModelStatus::Active,
        obligations: Vec::new(),
        voided: Vec::new(),
        escrowed: false,
    };
    assert_eq!(push, Push { model: 1, record: record.clone() });
    assert_eq!(registry.record(1), Some(record));
    assert_eq!(registry.model_id_by_hash(hash(2)), Some(2));
    assert_eq!(registry.owner_of(2), Some(bob()));
    assert_eq!((registry.balance_of(alice()), registry.balance_of(bob())), (1, 1));
    assert_eq!(registry.total_supply(), 2);
    assert_eq!(registry.parents(1), Vec::new());
    assert_eq!(
        events,
        vec![
            RegistryEvent::ModelRegistered(ModelRegistered {
                model: 1,
                hash: hash(1),
                kind: AssetKind::Model,
                owner: alice(),
                name: String::from("tiny-llama"),
                version: String::from("v1"),
                uri: String::from("ipfs://model-card"),
                previous_version: None,
                parents: Vec::new(),
            }),
            RegistryEvent::Transfer(Transfer { from: None, to: Some(alice()), id: Id::U64(1) }),
        ]
    );
}

#[ink::test]
fn error_when_registering_a_hash_twice_even_by_another_account() {
    let mut registry = registry_with_one_model();
    assert_refused_without_change(
        &mut registry,
        RegistryError::AlreadyRegistered { existing: 1 },
        |r| events_of(reveal(r, bob(), NOW, draft(1), unlicensed)),
    );
}

#[ink::test]
fn error_when_a_text_field_is_empty_or_too_long() {
    let mut registry = registry_with_one_model();
    let cases = [
        (TextField::Name, MAX_NAME_LEN),
        (TextField::Version, MAX_VERSION_LEN),
        (TextField::Uri, MAX_URI_LEN),
    ];
    for (field, max) in cases {
        let with = |text: String| {
            let mut d = draft(2);
            match field {
                TextField::Name => d.name = text,
                TextField::Version => d.version = text,
                TextField::Uri => d.uri = text,
            }
            d
        };
        let too_long = with("x".repeat(max as usize + 1));
        assert_refused_without_change(
            &mut registry,
            RegistryError::FieldTooLong { field, length: max + 1, max },
            |r| events_of(reveal(r, bob(), NOW, too_long, unlicensed)),
        );
        assert_refused_without_change(&mut registry, RegistryError::EmptyField { field }, |r| {
            events_of(reveal(r, bob(), NOW, with(String::new()), unlicensed))
        });
    }
    let longest = ModelDraft {
        name: "n".repeat(MAX_NAME_LEN as usize),
        version: "v".repeat(MAX_VERSION_LEN as usize),
        uri: "u".repeat(MAX_URI_LEN as usize),
        ..draft(2)
    };
    assert_eq!(register(&mut registry, bob(), longest), Ok(2));
}

#[ink::test]
fn lookups_of_unknown_models_are_empty() {
    let registry = registry_with_one_model();

    assert_eq!(registry.model(2), None);
    assert_eq!(registry.owner_of(0), None);
    assert_eq!(registry.model_id_by_hash(hash(9)), None);
    assert_eq!(registry.balance_of(bob()), 0);
    assert_eq!(registry.ancestors(9), Vec::<ModelId>::new());
}
