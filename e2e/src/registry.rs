//! The model registry on a real node: registration, lookups, duplicate rejection,
//! PSP34 ownership.

use crate::support::{account, decode_event, hash_of, E2EResult};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie},
    ContractsBackend,
};
use modelmint_common::psp34::{Approval, Id, Transfer, PSP34};
use modelmint_registry::{Model, ModelRegistered, Registry, RegistryError, RegistryRef};

#[ink_e2e::test]
async fn register_emits_events_and_the_model_is_found_by_id_and_hash<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let registry = client
        .instantiate("modelmint_registry", &ink_e2e::alice(), &mut RegistryRef::new())
        .submit()
        .await
        .expect("instantiating the registry failed");
    let mut call = registry.call_builder::<Registry>();
    let hash = hash_of("llama-tiny-v1");
    let uri = String::from("ipfs://bafy-model-card");

    // when
    let result = client
        .call(&ink_e2e::alice(), &call.register(hash, uri.clone()))
        .submit()
        .await
        .expect("register failed");

    // then
    assert_eq!(result.return_value(), Ok(1));
    let events = result.contract_emitted_events()?;
    assert_eq!(events.len(), 2);
    assert_eq!(
        decode_event::<ModelRegistered>(&events[0]),
        ModelRegistered { model: 1, hash, owner: account(Alice), uri: uri.clone() }
    );
    assert_eq!(
        decode_event::<Transfer>(&events[1]),
        Transfer { from: None, to: Some(account(Alice)), id: Id::U64(1) }
    );

    let model = client.call(&ink_e2e::bob(), &call.model(1)).dry_run().await?.return_value();
    let model: Model = model.expect("model 1 exists");
    assert_eq!((model.hash, model.uri, model.registrant), (hash, uri, account(Alice)));
    assert!(model.registered_at > 0, "the node's block timestamp is recorded");

    let by_hash =
        client.call(&ink_e2e::bob(), &call.model_id_by_hash(hash)).dry_run().await?.return_value();
    assert_eq!(by_hash, Some(1));
    let owner =
        client.call(&ink_e2e::bob(), &call.owner_of(Id::U64(1))).dry_run().await?.return_value();
    assert_eq!(owner, Some(account(Alice)));
    let supply = client.call(&ink_e2e::bob(), &call.total_supply()).dry_run().await?.return_value();
    assert_eq!(supply, 1);
    Ok(())
}

#[ink_e2e::test]
async fn a_duplicate_hash_is_rejected_with_a_typed_error_and_changes_nothing<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let registry = client
        .instantiate("modelmint_registry", &ink_e2e::alice(), &mut RegistryRef::new())
        .submit()
        .await
        .expect("instantiating the registry failed");
    let mut call = registry.call_builder::<Registry>();
    let hash = hash_of("mistral-mini");
    client
        .call(&ink_e2e::alice(), &call.register(hash, "ipfs://original".into()))
        .submit()
        .await
        .expect("first registration failed");

    // when
    let duplicate = call.register(hash, "ipfs://copycat".into());
    let dry_run = client.call(&ink_e2e::bob(), &duplicate).dry_run().await?;
    let submitted = client.call(&ink_e2e::bob(), &duplicate).submit().await;

    // then
    assert_eq!(dry_run.return_value(), Err(RegistryError::AlreadyRegistered { existing: 1 }));
    assert!(submitted.is_err(), "an Err result reverts the extrinsic");
    let supply = client.call(&ink_e2e::bob(), &call.total_supply()).dry_run().await?.return_value();
    assert_eq!(supply, 1);
    let model = client.call(&ink_e2e::bob(), &call.model(1)).dry_run().await?.return_value();
    assert_eq!(model.map(|m| m.uri), Some(String::from("ipfs://original")));
    let bobs = client.call(&ink_e2e::bob(), &call.balance_of(account(Bob))).dry_run().await?;
    assert_eq!(bobs.return_value(), 0);
    Ok(())
}

#[ink_e2e::test]
async fn an_approved_operator_transfers_a_model_token<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let registry = client
        .instantiate("modelmint_registry", &ink_e2e::alice(), &mut RegistryRef::new())
        .submit()
        .await
        .expect("instantiating the registry failed");
    let mut call = registry.call_builder::<Registry>();
    client
        .call(&ink_e2e::alice(), &call.register(hash_of("phi-nano"), "ipfs://phi".into()))
        .submit()
        .await
        .expect("registration failed");

    // when: a stranger's transfer fails, then Alice approves Bob, who transfers to Charlie
    let stranger =
        client.call(&ink_e2e::bob(), &call.transfer(account(Charlie), Id::U64(1), Vec::new()));
    let refused = stranger.dry_run().await?.return_value();
    let approval = client
        .call(&ink_e2e::alice(), &call.approve(account(Bob), Some(Id::U64(1)), true))
        .submit()
        .await
        .expect("approve failed");
    let transfer = client
        .call(&ink_e2e::bob(), &call.transfer(account(Charlie), Id::U64(1), Vec::new()))
        .submit()
        .await
        .expect("transfer by the approved operator failed");

    // then
    assert_eq!(refused, Err(modelmint_common::psp34::PSP34Error::NotApproved));
    assert_eq!(
        decode_event::<Approval>(&approval.contract_emitted_events()?[0]),
        Approval {
            owner: account(Alice),
            operator: account(Bob),
            id: Some(Id::U64(1)),
            approved: true
        }
    );
    assert_eq!(
        decode_event::<Transfer>(&transfer.contract_emitted_events()?[0]),
        Transfer { from: Some(account(Alice)), to: Some(account(Charlie)), id: Id::U64(1) }
    );
    let owner =
        client.call(&ink_e2e::bob(), &call.owner_of(Id::U64(1))).dry_run().await?.return_value();
    assert_eq!(owner, Some(account(Charlie)));
    let alices = client.call(&ink_e2e::bob(), &call.balance_of(account(Alice))).dry_run().await?;
    assert_eq!(alices.return_value(), 0);
    let still_approved = client
        .call(&ink_e2e::bob(), &call.allowance(account(Charlie), account(Bob), Some(Id::U64(1))))
        .dry_run()
        .await?;
    assert!(!still_approved.return_value(), "a transfer clears the model approval");
    Ok(())
}
