//! Disputes on the node: a model squatted by someone who did not make it is
//! flagged by the arbiter (no new licenses or derivatives, sold licenses stay
//! valid) and then reassigned to its rightful owner; spam costs its deposit,
//! which goes to the owner who had to answer it; only the arbiter rules. A
//! dispute needs an arbiter: none is raised without one, and an open one is
//! taken back with its deposit once the administrator unwires the arbiter.

use crate::stack::{arbiter, commercial_offer, costs_of, model_draft, Stack, E2E_DISPUTE_DEPOSIT};
use crate::support::{account, decode_event, E2EResult};
use crate::{commit, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_cli::Receipt;
use modelmint_common::admin::{Admin, AdminAction, Wiring};
use modelmint_common::licensing::{LicenseCheck, Use};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::ModelRegistry;
use modelmint_common::{Balance, ModelStatus};
use modelmint_licensing::{Licensing, LicensingError};
use modelmint_registry::{DisputeRaised, DisputeState, Registry, RegistryError, Ruling};

const UNIT: Balance = 1_000_000_000_000;
const PRICE: Balance = UNIT;
const EVIDENCE: [u8; 32] = [0xE7; 32];

#[e2e::test]
async fn a_squatted_model_is_flagged_then_reassigned_by_the_arbiter<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Eve registered Alice's published weights first and sells
    // licenses of them; Bob bought one
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut licensing = ink_e2e::create_call_builder::<Licensing>(stack.licensing);
    register!(client, stack.registry, ink_e2e::eve(), model_draft("alices-weights", &[]))?;
    client
        .call(&ink_e2e::eve(), &licensing.create_offer(1, commercial_offer(PRICE)))
        .submit()
        .await?;
    let buy = licensing.buy(1, PRICE);
    client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;

    // when: Charlie raises a baseless dispute and Alice a real one, each
    // with the deposit
    let deposit = client.call(&ink_e2e::bob(), &registry.dispute_deposit()).dry_run().await?;
    assert_eq!(deposit.return_value(), E2E_DISPUTE_DEPOSIT);
    let raise = registry.raise_dispute(1, EVIDENCE, "ipfs://alice/training-logs".into());
    let cheap =
        client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT - 1).dry_run().await?;
    assert_eq!(
        cheap.return_value(),
        Err(RegistryError::WrongDisputeDeposit {
            required: E2E_DISPUTE_DEPOSIT,
            paid: E2E_DISPUTE_DEPOSIT - 1
        })
    );
    let spam = registry.raise_dispute(1, [0; 32], "ipfs://nothing".into());
    client.call(&ink_e2e::charlie(), &spam).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let raised = client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let event = decode_event::<DisputeRaised>(&raised.contract_emitted_events()?[0]);
    assert_eq!((event.dispute, event.claimant), (2, account(Alice)));
    let open = client.call(&ink_e2e::bob(), &registry.model(1)).dry_run().await?;
    assert_eq!(open.return_value().map(|m| m.open_disputes), Some(2));

    // then: nobody but the arbiter rules, not even the owner or the claimant
    let dismiss = registry.resolve_dispute(1, Ruling::Dismiss);
    for signer in [ink_e2e::eve(), ink_e2e::alice(), ink_e2e::bob()] {
        let refused = client.call(&signer, &dismiss).dry_run().await?;
        assert_eq!(refused.return_value(), Err(RegistryError::NotArbiter));
    }

    // when: the arbiter dismisses Charlie's dispute: its deposit goes to the
    // owner who had to answer it, to the unit
    let eve_before = client.free_balance(account(Eve)).await?;
    let dismissed = client.call(&ink_e2e::ferdie(), &dismiss).submit().await?;
    assert_eq!(client.free_balance(account(Eve)).await?, eve_before + E2E_DISPUTE_DEPOSIT);
    assert_no_deposit_moves(&Receipt::of(&dismissed.events, &arbiter()));

    // when: the arbiter upholds Alice's dispute: the model is flagged
    let alice_before = client.free_balance(account(Alice)).await?;
    let uphold = registry.resolve_dispute(2, Ruling::Uphold { reassign: false });
    let upheld = client.call(&ink_e2e::ferdie(), &uphold).submit().await?;
    assert_no_deposit_moves(&Receipt::of(&upheld.events, &arbiter()));

    // then: Alice has her deposit back; no license is sold or renewed and no
    // derivative registered; Bob's license stays valid; Eve cannot lift it
    assert_eq!(client.free_balance(account(Alice)).await?, alice_before + E2E_DISPUTE_DEPOSIT);
    let summary = client.call(&ink_e2e::bob(), &registry.model_summary(1)).dry_run().await?;
    assert_eq!(summary.return_value().map(|s| s.status), Some(ModelStatus::Disputed));
    let disputed = LicensingError::ModelDisputed { model: 1 };
    let bought = client.call(&ink_e2e::charlie(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(disputed.clone()));
    let renewed =
        client.call(&ink_e2e::bob(), &licensing.renew(1, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(disputed));
    let check = licensing.is_licensed(1, account(Bob), Use::CommercialInference);
    assert!(client.call(&ink_e2e::bob(), &check).dry_run().await?.return_value());
    let derivative = model_draft("alices-weights-ft", &[1]);
    let salt = commit!(client, stack.registry, ink_e2e::bob(), derivative);
    let derive = registry.register(derivative, salt);
    let refused = client.call(&ink_e2e::bob(), &derive).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::ModelDisputed { model: 1 }));
    let lift = registry.set_status(1, ModelStatus::Active);
    let lifted = client.call(&ink_e2e::eve(), &lift).dry_run().await?;
    assert_eq!(lifted.return_value(), Err(RegistryError::ModelDisputed { model: 1 }));

    // when: Eve points the model card somewhere else and freezes it, Alice
    // asks again, and the arbiter reassigns the token to her
    let fake = registry.set_uri(1, "ipfs://eve/fake-card".into());
    client.call(&ink_e2e::eve(), &fake).submit().await?;
    client.call(&ink_e2e::eve(), &registry.freeze_metadata(1)).submit().await?;
    client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let reassign = registry.resolve_dispute(3, Ruling::Uphold { reassign: true });
    let resolved = client.call(&ink_e2e::ferdie(), &reassign).submit().await?;
    // Alice's new token cells are the size of those Eve's token no longer
    // needs, as in any PSP34 transfer between accounts holding one model.
    assert_no_deposit_moves(&Receipt::of(&resolved.events, &arbiter()));

    // then: Alice owns the model, it is active again, and Eve's offer and
    // owner-only rights are gone
    let owner = client.call(&ink_e2e::bob(), &registry.owner_of_model(1)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Alice)));
    let balance =
        client.call(&ink_e2e::bob(), &registry.balance_of(account(Eve))).dry_run().await?;
    assert_eq!(balance.return_value(), 0);
    let summary = client.call(&ink_e2e::bob(), &registry.model_summary(1)).dry_run().await?;
    let summary = summary.return_value().expect("model 1 exists");
    assert_eq!((summary.status, summary.owner_epoch), (ModelStatus::Active, 1));
    let bought = client.call(&ink_e2e::charlie(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(LicensingError::OfferOfPreviousOwner { offer: 1 }));
    let taken =
        client.call(&ink_e2e::eve(), &registry.set_uri(1, "ipfs://eve".into())).dry_run().await?;
    assert_eq!(
        taken.return_value(),
        Err(RegistryError::NotModelOwner { model: 1, owner: account(Alice) })
    );
    let record = client.call(&ink_e2e::bob(), &registry.model(1)).dry_run().await?;
    let record = record.return_value().expect("model 1 exists");
    assert_eq!((record.open_disputes, record.metadata_frozen), (0, false));
    // the card Eve froze is Alice's to correct
    let corrected = registry.set_uri(1, "ipfs://alice/model-card".into());
    client.call(&ink_e2e::alice(), &corrected).submit().await?;

    // and the records stay until their claimants clear them: the storage
    // deposit Alice paid for hers comes back to her, not to the arbiter
    let ruled = client.call(&ink_e2e::bob(), &registry.dispute(3)).dry_run().await?;
    assert_eq!(ruled.return_value().map(|d| d.state), Some(DisputeState::Reassigned));
    let cleared = client.call(&ink_e2e::alice(), &registry.clear_dispute(3)).submit().await?;
    assert!(costs_of(&cleared.events, account(Alice)) < 0, "the storage deposit came back");
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}

/// pallet-contracts charges the signer for the storage a call adds and releases
/// to it the deposits of what a call frees: a ruling must do neither, or the
/// arbiter would pay for the claimant's record or collect their deposit.
fn assert_no_deposit_moves(receipt: &Receipt) {
    assert!(receipt.fee > 0, "the arbiter pays the fee: {receipt:?}");
    assert_eq!(
        (receipt.storage_deposit_held, receipt.storage_deposit_released),
        (0, 0),
        "and neither pays nor collects a storage deposit: {receipt:?}"
    );
}

#[e2e::test]
async fn a_dispute_needs_an_arbiter_and_leaves_with_its_deposit_when_none_is_wired<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Eve registered Alice's weights, and Alice disputes them
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    register!(client, stack.registry, ink_e2e::eve(), model_draft("alices-weights", &[]))?;
    let raise = registry.raise_dispute(1, EVIDENCE, "ipfs://alice/training-logs".into());
    client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let open = client.call(&ink_e2e::alice(), &registry.clear_dispute(1)).dry_run().await?;
    assert_eq!(open.return_value(), Err(RegistryError::DisputeOpen { dispute: 1 }));

    // when: the administrator rewires the registry without an arbiter
    let state = client.call(&ink_e2e::bob(), &registry.admin_state()).dry_run().await?;
    let unwired = Wiring { arbiter: None, ..state.return_value().wiring };
    let rewire = AdminAction::Rewire { wiring: unwired };
    client.call(&ink_e2e::alice(), &registry.schedule(rewire)).submit().await?;
    client.call(&ink_e2e::alice(), &registry.execute_scheduled()).submit().await?;

    // then: nobody can raise a dispute nobody could rule on
    let refused = client.call(&ink_e2e::bob(), &raise).value(E2E_DISPUTE_DEPOSIT).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NoArbiter));
    // and only Alice takes hers back, with its deposit, to the unit
    let stranger = client.call(&ink_e2e::bob(), &registry.clear_dispute(1)).dry_run().await?;
    assert_eq!(
        stranger.return_value(),
        Err(RegistryError::NotClaimant { dispute: 1, claimant: account(Alice) })
    );
    let before = client.free_balance(account(Alice)).await?;
    let cleared = client.call(&ink_e2e::alice(), &registry.clear_dispute(1)).submit().await?;
    let after = client.free_balance(account(Alice)).await?;
    let cost = costs_of(&cleared.events, account(Alice));
    assert!(cost < 0, "the storage deposit of the dispute came back too");
    assert_eq!(
        i128::try_from(after)? - i128::try_from(before)?,
        i128::try_from(E2E_DISPUTE_DEPOSIT)? - cost
    );
    let record = client.call(&ink_e2e::bob(), &registry.model(1)).dry_run().await?;
    assert_eq!(record.return_value().map(|m| m.open_disputes), Some(0));
    assert_eq!(
        client.call(&ink_e2e::bob(), &registry.dispute(1)).dry_run().await?.return_value(),
        None
    );
    Ok(())
}
