//! The model registry on a real node: registration, lookups, duplicate rejection,
//! PSP34 ownership, derivative lineage and metadata, and its pause, which
//! stops registrations only (the market keeps taking and paying out money).

use crate::stack::{costs_of, model_draft, Stack, E2E_DISPUTE_DEPOSIT};
use crate::support::{account, decode_event, seal_blocks, E2EResult};
use crate::{assert_reverted, commit, deploy_registry, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::{Admin, AdminError, Timelock};
use modelmint_common::psp34::{Approval, Id, PSP34Error, Transfer, PSP34};
use modelmint_common::registry::{registration_commitment, CommitWindow, ModelRegistry};
use modelmint_common::royalties::Royalties;
use modelmint_common::{ModelStatus, ParentLink, Relation};
use modelmint_market::Market;
use modelmint_registry::{
    MetadataFrozen, Model, ModelDraft, ModelRegistered, ParentRequest, RegistrationCommitted,
    Registry, RegistryError, RegistryRef,
};

/// A draft for an original model whose hash is derived from `label`.
fn draft(label: &str) -> ModelDraft {
    model_draft(label, &[])
}

/// Deploys a fresh registry as Alice, wired to no market; evaluates to its
/// address and call builder.
macro_rules! fresh_registry {
    ($client:expr) => {{
        let registry = deploy_registry!($client);
        (registry, ink_e2e::create_call_builder::<Registry>(registry))
    }};
}

#[e2e::test]
async fn register_emits_events_and_the_model_is_found_by_id_and_hash<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let (registry, call) = fresh_registry!(client);
    let model = draft("llama-tiny");

    // when
    let result =
        register!(client, registry, ink_e2e::alice(), model.clone()).expect("register failed");

    // then
    let events = result.contract_emitted_events()?;
    assert_eq!(result.return_value(), Ok(1));
    assert_eq!(events.len(), 2);
    assert_eq!(
        decode_event::<ModelRegistered>(&events[0]),
        ModelRegistered {
            model: 1,
            hash: model.hash,
            kind: model.kind,
            owner: account(Alice),
            name: model.name.clone(),
            version: model.version.clone(),
            uri: model.uri.clone(),
            previous_version: None,
            parents: Vec::new(),
        }
    );
    assert_eq!(
        decode_event::<Transfer>(&events[1]),
        Transfer { from: None, to: Some(account(Alice)), id: Id::U64(1) }
    );

    let stored = client.call(&ink_e2e::bob(), &call.model(1)).dry_run().await?.return_value();
    let stored: Model = stored.expect("model 1 exists");
    assert_eq!(
        (stored.hash, stored.uri, stored.registrant, stored.status),
        (model.hash, model.uri, account(Alice), ModelStatus::Active)
    );
    assert!(stored.registered_at > 0, "the node's block timestamp is recorded");

    let by_hash =
        client.call(&ink_e2e::bob(), &call.model_id_by_hash(model.hash)).dry_run().await?;
    assert_eq!(by_hash.return_value(), Some(1));
    let owner = client.call(&ink_e2e::bob(), &call.owner_of(Id::U64(1))).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Alice)));
    let supply = client.call(&ink_e2e::bob(), &call.total_supply()).dry_run().await?;
    assert_eq!(supply.return_value(), 1);
    let page =
        client.call(&ink_e2e::bob(), &call.models_of(account(Alice), 0, 10)).dry_run().await?;
    assert_eq!(page.return_value(), Ok(vec![1]));
    Ok(())
}

#[e2e::test]
async fn a_front_runner_who_sees_the_reveal_cannot_register_the_root_first<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: a registry whose commitments must be 3 blocks old; Alice
    // committed to her model's root, secretly salted
    const WINDOW: CommitWindow = CommitWindow { min_blocks: 3, max_blocks: 100 };
    let registry = client
        .instantiate(
            "modelmint_registry",
            &ink_e2e::alice(),
            &mut RegistryRef::new(
                Timelock::Disabled,
                modelmint_common::admin::DEFAULT_GRACE,
                WINDOW,
                E2E_DISPUTE_DEPOSIT,
            ),
        )
        .submit()
        .await?
        .account_id;
    let mut call = ink_e2e::create_call_builder::<Registry>(registry);
    let read = client.call(&ink_e2e::eve(), &call.commit_window()).dry_run().await?;
    assert_eq!(read.return_value(), WINDOW);
    let model = draft("llama-secret");
    let salt: [u8; 32] = *b"alice's secret 32-byte salt....!";
    let alices = registration_commitment(&model.hash, &account(Alice), &salt);
    let committed = client.call(&ink_e2e::alice(), &call.commit(alices)).submit().await?;
    let event = decode_event::<RegistrationCommitted>(&committed.contract_emitted_events()?[0]);
    assert_eq!((event.committer, event.commitment), (account(Alice), alices));
    seal_blocks(&mut client, WINDOW.min_blocks).await?;

    // when: Alice reveals, and Eve, who reads the reveal (root and salt) in the
    // transaction pool, replays it as her own and commits to the root herself
    let reveal = call.register(model.clone(), salt);
    let replayed = client.call(&ink_e2e::eve(), &reveal).dry_run().await?;
    let eves = registration_commitment(&model.hash, &account(Eve), &salt);
    let eve_committed = client.call(&ink_e2e::eve(), &call.commit(eves)).submit().await?;
    let eve_block =
        decode_event::<RegistrationCommitted>(&eve_committed.contract_emitted_events()?[0]).block;
    let too_recent = client.call(&ink_e2e::eve(), &reveal).dry_run().await?;
    let eve_submitted = client.call(&ink_e2e::eve(), &reveal).submit().await;

    // then: Eve is refused with typed errors and nothing changed ...
    assert_eq!(replayed.return_value(), Err(RegistryError::NoCommitment));
    assert_eq!(
        too_recent.return_value(),
        Err(RegistryError::CommitmentTooRecent { ready_at: eve_block + WINDOW.min_blocks })
    );
    assert_reverted!(eve_submitted);
    let supply = client.call(&ink_e2e::eve(), &call.total_supply()).dry_run().await?;
    assert_eq!(supply.return_value(), 0);

    // ... Alice's reveal goes through and consumes her commitment ...
    let registered = client.call(&ink_e2e::alice(), &reveal).submit().await?;
    assert_eq!(registered.return_value(), Ok(1));
    let owner = client.call(&ink_e2e::eve(), &call.owner_of_model(1)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Alice)));
    let pending = call.commitment(account(Alice), alices);
    assert_eq!(client.call(&ink_e2e::eve(), &pending).dry_run().await?.return_value(), None);

    // ... and once Eve's commitment is old enough the root is taken; she
    // cancels it and gets her deposit back
    seal_blocks(&mut client, WINDOW.min_blocks).await?;
    let late = client.call(&ink_e2e::eve(), &reveal).dry_run().await?;
    assert_eq!(late.return_value(), Err(RegistryError::AlreadyRegistered { existing: 1 }));
    let cancelled = client.call(&ink_e2e::eve(), &call.cancel_commitment(eves)).submit().await?;
    assert!(costs_of(&cancelled.events, account(Eve)) < 0, "the deposit came back");
    let gone = call.commitment(account(Eve), eves);
    assert_eq!(client.call(&ink_e2e::eve(), &gone).dry_run().await?.return_value(), None);
    Ok(())
}

#[e2e::test]
async fn a_duplicate_hash_is_rejected_with_a_typed_error_and_changes_nothing<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let (registry, mut call) = fresh_registry!(client);
    let original = draft("mistral-mini");
    register!(client, registry, ink_e2e::alice(), original.clone())
        .expect("first registration failed");

    // when: Bob, with a commitment of his own, registers the same content root
    let copycat = ModelDraft { uri: "ipfs://copycat".into(), ..original.clone() };
    let salt = commit!(client, registry, ink_e2e::bob(), copycat);
    let duplicate = call.register(copycat, salt);
    let dry_run = client.call(&ink_e2e::bob(), &duplicate).dry_run().await?;
    let submitted = client.call(&ink_e2e::bob(), &duplicate).submit().await;

    // then
    assert_eq!(dry_run.return_value(), Err(RegistryError::AlreadyRegistered { existing: 1 }));
    assert_reverted!(submitted);
    let supply = client.call(&ink_e2e::bob(), &call.total_supply()).dry_run().await?;
    assert_eq!(supply.return_value(), 1);
    let model = client.call(&ink_e2e::bob(), &call.model(1)).dry_run().await?.return_value();
    assert_eq!(model.map(|m| m.uri), Some(original.uri));
    let bobs = client.call(&ink_e2e::bob(), &call.balance_of(account(Bob))).dry_run().await?;
    assert_eq!(bobs.return_value(), 0);
    Ok(())
}

#[e2e::test]
async fn an_approved_operator_transfers_a_model_token<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let (registry, mut call) = fresh_registry!(client);
    register!(client, registry, ink_e2e::alice(), draft("phi-nano")).expect("registration failed");

    // when: a stranger's transfer fails, then Alice approves Bob, who transfers to Charlie
    let to_charlie = call.transfer(account(Charlie), Id::U64(1), Vec::new());
    let refused = client.call(&ink_e2e::bob(), &to_charlie).dry_run().await?.return_value();
    let approval = client
        .call(&ink_e2e::alice(), &call.approve(account(Bob), Some(Id::U64(1)), true))
        .submit()
        .await
        .expect("approve failed");
    let transfer = client
        .call(&ink_e2e::bob(), &to_charlie)
        .submit()
        .await
        .expect("transfer by the approved operator failed");

    // then
    assert_eq!(refused, Err(PSP34Error::NotApproved));
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
    let owner = client.call(&ink_e2e::bob(), &call.owner_of_model(1)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Charlie)));
    let alices = client.call(&ink_e2e::bob(), &call.balance_of(account(Alice))).dry_run().await?;
    assert_eq!(alices.return_value(), 0);
    let still_approved = client
        .call(&ink_e2e::bob(), &call.allowance(account(Charlie), account(Bob), Some(Id::U64(1))))
        .dry_run()
        .await?;
    assert!(!still_approved.return_value(), "a transfer clears the model approval");
    Ok(())
}

/// A model token sent to a ModelMint contract would strand the model's
/// revenue: neither the market nor the registry can sell, split or withdraw
/// for it. The registry refuses both recipients, on a submitted extrinsic too,
/// and the model stays its owner's, in the registry and in the market.
#[e2e::test]
async fn a_model_token_sent_to_the_market_or_the_registry_is_refused<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 on a registry wired to a market
    let stack: Stack = deploy_stack!(client);
    let mut call = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), draft("gemma-pico"))?;

    for recipient in [stack.market, stack.registry] {
        // when: she sends its token to the contract
        let send = call.transfer(recipient, Id::U64(1), Vec::new());
        let dry_run = client.call(&ink_e2e::alice(), &send).dry_run().await?;
        let submitted = client.call(&ink_e2e::alice(), &send).submit().await;

        // then: refused, and nothing moved
        let refusal = PSP34Error::Custom("StrandingRecipient".into());
        assert_eq!(dry_run.return_value(), Err(refusal), "to {recipient:?}");
        assert_reverted!(submitted);
        let owner = client.call(&ink_e2e::bob(), &call.owner_of_model(1)).dry_run().await?;
        assert_eq!(owner.return_value(), Some(account(Alice)));
        let held = client.call(&ink_e2e::bob(), &call.balance_of(recipient)).dry_run().await?;
        assert_eq!(held.return_value(), 0);
        let state = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?;
        assert_eq!(state.return_value().map(|model| model.owner), Some(account(Alice)));
    }
    Ok(())
}

#[e2e::test]
async fn a_derivative_needs_a_right_and_owes_no_more_than_its_registrant_accepted<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's base model; Bob will accept owing it at most 12.5 %
    let (registry, mut call) = fresh_registry!(client);
    register!(client, registry, ink_e2e::alice(), draft("base-7b"))
        .expect("registering the base model failed");
    let fine_tune = ModelDraft {
        parents: vec![ParentRequest {
            model: 1,
            relation: Relation::FineTune,
            max_royalty_bps: 1_250,
        }],
        ..draft("base-7b-chat")
    };
    let salt = commit!(client, registry, ink_e2e::bob(), fine_tune);
    let register = call.register(fine_tune, salt);

    // when: Bob tries without a right
    let refused = client.call(&ink_e2e::bob(), &register).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));

    // when: Alice approves him at 100 % (as a front-runner would): refused, and
    // Bob clears the approval addressed to him
    let greedy = call.approve_derivative(1, account(Bob), Some(10_000));
    client.call(&ink_e2e::alice(), &greedy).submit().await?;
    let above = client.call(&ink_e2e::bob(), &register).dry_run().await?;
    assert_eq!(
        above.return_value(),
        Err(RegistryError::RoyaltyAboveMaximum {
            parent: 1,
            royalty_bps: 10_000,
            max_royalty_bps: 1_250
        })
    );
    assert_reverted!(client.call(&ink_e2e::bob(), &register).submit().await);
    client.call(&ink_e2e::bob(), &call.decline_derivative_approval(1)).submit().await?;
    let cleared = call.derivative_approval(1, account(Bob));
    assert_eq!(client.call(&ink_e2e::charlie(), &cleared).dry_run().await?.return_value(), None);
    let again =
        client.call(&ink_e2e::bob(), &call.decline_derivative_approval(1)).dry_run().await?;
    assert_eq!(again.return_value(), Err(RegistryError::NoDerivativeApproval { parent: 1 }));

    // when: Alice approves one derivative at 12.5 %
    client
        .call(&ink_e2e::alice(), &call.approve_derivative(1, account(Bob), Some(1_250)))
        .submit()
        .await
        .expect("approve_derivative failed");
    let registered = client
        .call(&ink_e2e::bob(), &register)
        .submit()
        .await
        .expect("registering the approved derivative failed");

    // then
    assert_eq!(registered.return_value(), Ok(2));
    let link = ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 1_250 };
    let parents = client.call(&ink_e2e::charlie(), &call.parents(2)).dry_run().await?;
    assert_eq!(parents.return_value(), vec![link]);
    let ancestors = client.call(&ink_e2e::charlie(), &call.ancestors(2)).dry_run().await?;
    assert_eq!(ancestors.return_value(), vec![1]);
    let approval = client
        .call(&ink_e2e::charlie(), &call.derivative_approval(1, account(Bob)))
        .dry_run()
        .await?;
    assert_eq!(approval.return_value(), None, "the approval was consumed");
    Ok(())
}

#[e2e::test]
async fn an_owner_who_sees_the_reveal_cannot_fail_it_by_revoking_or_raising_the_approval<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice approves Bob's derivative at 10 %, and Bob commits to it
    // (accepting at most 10 %)
    let (registry, mut call) = fresh_registry!(client);
    register!(client, registry, ink_e2e::alice(), draft("base-7b"))
        .expect("registering the base model failed");
    let approve = call.approve_derivative(1, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    let mut fine_tune = model_draft("bobs-fine-tune", &[1]);
    fine_tune.parents[0].max_royalty_bps = 1_000;
    let salt = commit!(client, registry, ink_e2e::bob(), fine_tune);

    // when: Alice, who sees his reveal in the pool, raises the share to
    // 100 % and then revokes it, both before his reveal lands
    let raise = call.approve_derivative(1, account(Bob), Some(10_000));
    client.call(&ink_e2e::alice(), &raise).submit().await?;
    let revoke = call.approve_derivative(1, account(Bob), None);
    client.call(&ink_e2e::alice(), &revoke).submit().await?;
    let for_new = call.derivative_approval(1, account(Bob));
    let for_new = client.call(&ink_e2e::charlie(), &for_new).dry_run().await?;
    assert_eq!(for_new.return_value(), None, "revoked for commitments made from now on");
    let registered =
        client.call(&ink_e2e::bob(), &call.register(fine_tune.clone(), salt)).submit().await?;

    // then: Bob's registration stands, at the share he committed under
    assert_eq!(registered.return_value(), Ok(2));
    let parents = client.call(&ink_e2e::charlie(), &call.parents(2)).dry_run().await?;
    assert_eq!(parents.return_value()[0].royalty_bps, 1_000);
    let owner = client.call(&ink_e2e::charlie(), &call.owner_of_model(2)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Bob)));

    // and: a commitment made after the revocation gets nothing from it
    let approve = call.approve_derivative(1, account(Charlie), Some(500));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    let revoke = call.approve_derivative(1, account(Charlie), None);
    client.call(&ink_e2e::alice(), &revoke).submit().await?;
    let late = model_draft("charlies-fine-tune", &[1]);
    let salt = commit!(client, registry, ink_e2e::charlie(), late);
    let refused =
        client.call(&ink_e2e::charlie(), &call.register(late.clone(), salt)).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));
    // and the revoked cell stays (Alice's deposit) while an earlier
    // commitment could still use it
    let again = client.call(&ink_e2e::alice(), &revoke).dry_run().await?.return_value();
    assert!(
        matches!(again, Err(RegistryError::ApprovalStillHeld { parent: 1, .. })),
        "got {again:?}"
    );
    Ok(())
}

#[e2e::test]
async fn frozen_metadata_cannot_change_and_deprecation_is_recorded<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given
    let (registry, mut call) = fresh_registry!(client);
    register!(client, registry, ink_e2e::alice(), draft("gemma-mini"))
        .expect("registration failed");

    // when
    client
        .call(&ink_e2e::alice(), &call.set_uri(1, "ipfs://gemma-mini/card-v2.md".into()))
        .submit()
        .await
        .expect("set_uri failed");
    let frozen = client
        .call(&ink_e2e::alice(), &call.freeze_metadata(1))
        .submit()
        .await
        .expect("freeze_metadata failed");
    let after_freeze =
        client.call(&ink_e2e::alice(), &call.set_uri(1, "ipfs://late".into())).dry_run().await?;
    let by_stranger = client
        .call(&ink_e2e::bob(), &call.set_status(1, ModelStatus::Deprecated))
        .dry_run()
        .await?;
    client
        .call(&ink_e2e::alice(), &call.set_status(1, ModelStatus::Deprecated))
        .submit()
        .await
        .expect("set_status failed");

    // then
    assert_eq!(
        decode_event::<MetadataFrozen>(&frozen.contract_emitted_events()?[0]),
        MetadataFrozen { model: 1 }
    );
    assert_eq!(after_freeze.return_value(), Err(RegistryError::MetadataFrozen { model: 1 }));
    assert_eq!(
        by_stranger.return_value(),
        Err(RegistryError::NotModelOwner { model: 1, owner: account(Alice) })
    );
    let model = client.call(&ink_e2e::bob(), &call.model(1)).dry_run().await?.return_value();
    let model = model.expect("model 1 exists");
    assert_eq!(model.uri, "ipfs://gemma-mini/card-v2.md");
    assert!(model.metadata_frozen);
    let summary = client.call(&ink_e2e::bob(), &call.model_summary(1)).dry_run().await?;
    assert_eq!(summary.return_value().map(|s| s.status), Some(ModelStatus::Deprecated));
    Ok(())
}

#[e2e::test]
async fn a_pause_stops_registrations_but_not_transfers_edits_deposits_or_withdrawals<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1, paused registry
    const AMOUNT: u128 = 1_000_000_000;
    let stack: Stack = deploy_stack!(client);
    let mut call = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), draft("qwen-small"))?;
    let salt = commit!(client, stack.registry, ink_e2e::bob(), draft("qwen-small-2"));
    let grant = call.approve_derivative(1, account(Charlie), Some(500));
    client.call(&ink_e2e::alice(), &grant).submit().await?;
    client.call(&ink_e2e::alice(), &call.set_paused(true)).submit().await?;

    // when / then: new registrations and derivative approvals are refused
    let paused = RegistryError::Admin(AdminError::Paused);
    let register = call.register(draft("qwen-small-2"), salt);
    let refused = client.call(&ink_e2e::bob(), &register).dry_run().await?;
    assert_eq!(refused.return_value(), Err(paused.clone()));
    let approve = call.approve_derivative(1, account(Bob), Some(500));
    let refused = client.call(&ink_e2e::alice(), &approve).dry_run().await?;
    assert_eq!(refused.return_value(), Err(paused));

    // what people already own keeps working: withdrawing an approval is a
    // way out, as is everything below
    let revoke = call.approve_derivative(1, account(Charlie), None);
    let revoked = client.call(&ink_e2e::alice(), &revoke).submit().await?;
    assert_eq!(revoked.return_value(), Ok(()));
    let approval = call.derivative_approval(1, account(Charlie));
    let approval = client.call(&ink_e2e::charlie(), &approval).dry_run().await?;
    assert_eq!(approval.return_value(), None);
    client
        .call(&ink_e2e::alice(), &call.set_uri(1, "ipfs://qwen-small/v2.md".into()))
        .submit()
        .await?;
    client
        .call(&ink_e2e::alice(), &call.transfer(account(Bob), Id::U64(1), Vec::new()))
        .submit()
        .await?;
    let owner = client.call(&ink_e2e::charlie(), &call.owner_of_model(1)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Bob)));
    client.call(&ink_e2e::charlie(), &market.deposit(1)).value(AMOUNT).submit().await?;
    let bob_before = client.free_balance(account(Bob)).await?;
    let withdrawn = client.call(&ink_e2e::bob(), &market.withdraw(vec![1])).submit().await?;
    let cost = crate::stack::costs_of(&withdrawn.events, account(Bob));
    assert_eq!(withdrawn.return_value(), Ok(AMOUNT));
    let gained =
        i128::try_from(client.free_balance(account(Bob)).await?)? - i128::try_from(bob_before)?;
    assert_eq!(gained, i128::try_from(AMOUNT)? - cost);

    // and resuming lets registrations through again
    client.call(&ink_e2e::alice(), &call.set_paused(false)).submit().await?;
    let registered = client.call(&ink_e2e::bob(), &register).submit().await?;
    assert_eq!(registered.return_value(), Ok(2));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
