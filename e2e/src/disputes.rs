//! Disputes on the node: a model squatted by someone who did not make it is
//! flagged by the arbiter (no new licenses or derivatives, sold licenses stay
//! valid) and then reassigned to its rightful owner, who may have the
//! arbiter void every license the squatter sold; spam costs its deposit,
//! which goes to the owner who had to answer it; only the arbiter rules. A
//! dispute needs an arbiter: none is raised without one, and an open one is
//! taken back with its deposit once the administrator unwires the arbiter.

use crate::stack::{
    arbiter, commercial_offer, costs_of, model_draft, Stack, E2E_DISPUTE_DEPOSIT, UNIT,
};
use crate::stack::{deposits_moved, offer_terms, DAY};
use crate::support::{account, decode_event, E2EResult};
use crate::{assert_reverted, commit, deploy_gateway, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ChainBackend, ContractsBackend,
};
use modelmint_cli::Receipt;
use modelmint_common::admin::{Admin, AdminAction, Wiring};
use modelmint_common::licensing::{DerivativeRights, LicenseCheck, LicenseDuration, Use};
use modelmint_common::psp34::{Id, PSP34Error, PSP34};
use modelmint_common::registry::ModelRegistry;
use modelmint_common::{Balance, EpochRange, ModelStatus, ParentLink, Relation};
use modelmint_gateway::{Gateway, GatewayError};
use modelmint_market::{Market, MarketError};
use modelmint_registry::{DisputeRaised, DisputeState, Registry, RegistryError, Ruling};

const PRICE: Balance = UNIT;
const EVIDENCE: [u8; 32] = [0xE7; 32];

/// Upholds a claim, keeping every license sold: the model is flagged.
const FLAG: Ruling = Ruling::Uphold { reassign: false, void_from: None };
/// Upholds a claim and moves the model to its claimant, keeping every
/// license sold.
const REASSIGN: Ruling = Ruling::Uphold { reassign: true, void_from: None };

#[e2e::test]
async fn a_squatted_model_is_flagged_then_reassigned_by_the_arbiter<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Eve registered Alice's published weights first and sells
    // licenses of them; Bob bought one
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::eve(), model_draft("alices-weights", &[]))?;
    client.call(&ink_e2e::eve(), &market.create_offer(1, commercial_offer(PRICE))).submit().await?;
    let buy = market.buy(1, 1, PRICE);
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

    // when: the arbiter upholds Alice's dispute: the model is flagged, and
    // the registry pushes the new status to the market in the same call
    let alice_before = client.free_balance(account(Alice)).await?;
    let upheld =
        client.call(&ink_e2e::ferdie(), &registry.resolve_dispute(2, FLAG)).submit().await?;
    assert_no_deposit_moves(&Receipt::of(&upheld.events, &arbiter()));

    // then: Alice has her deposit back; no license is sold or renewed and no
    // derivative registered; Bob's license stays valid; Eve cannot lift it
    assert_eq!(client.free_balance(account(Alice)).await?, alice_before + E2E_DISPUTE_DEPOSIT);
    let summary = client.call(&ink_e2e::bob(), &registry.model_summary(1)).dry_run().await?;
    assert_eq!(summary.return_value().map(|s| s.status), Some(ModelStatus::Disputed));
    let known = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(known.map(|m| m.status), Some(ModelStatus::Disputed));
    let disputed = MarketError::ModelDisputed { model: 1 };
    let bought = client.call(&ink_e2e::charlie(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(disputed.clone()));
    let renewed =
        client.call(&ink_e2e::bob(), &market.renew(1, PRICE)).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(disputed));
    let check = market.is_licensed(1, account(Bob), Use::CommercialInference);
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
    // asks again, and the arbiter reassigns the token to her, keeping the
    // licenses Eve sold
    let fake = registry.set_uri(1, "ipfs://eve/fake-card".into());
    client.call(&ink_e2e::eve(), &fake).submit().await?;
    client.call(&ink_e2e::eve(), &registry.freeze_metadata(1)).submit().await?;
    client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let reassign = registry.resolve_dispute(3, REASSIGN);
    let resolved = client.call(&ink_e2e::ferdie(), &reassign).submit().await?;
    // The push moves the model's owner epoch on, which ends its round: held
    // in escrow since Alice's dispute, Bob's price goes to Alice, the
    // rightful owner, not to Eve. The arbiter pays only for the new owner's
    // bookkeeping, as any PSP34 transfer's signer does: Alice's balance cell
    // in the market (she had none), while her new token cells in the
    // registry are the size of those Eve's token no longer needs. The
    // arbiter collects nothing.
    let (held, released) = deposits_moved(&resolved.events, arbiter());
    assert_eq!(released, 0, "the arbiter collects no one's deposit");
    assert_eq!(held, one_balance_cell(), "Alice's balance cell, nothing of Eve's");
    let owed = client.call(&ink_e2e::bob(), &market.owed_to(account(Eve))).dry_run().await?;
    assert_eq!(owed.return_value(), 0, "the squatter keeps nothing of the held round");
    let owed = client.call(&ink_e2e::bob(), &market.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), PRICE, "the held round went to the rightful owner");
    let pending = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(pending.return_value(), 0);

    // then: Alice owns the model, it is active again, and Eve's offer and
    // owner-only rights are gone; Bob's license stays valid
    let owner = client.call(&ink_e2e::bob(), &registry.owner_of_model(1)).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Alice)));
    let balance =
        client.call(&ink_e2e::bob(), &registry.balance_of(account(Eve))).dry_run().await?;
    assert_eq!(balance.return_value(), 0);
    let summary = client.call(&ink_e2e::bob(), &registry.model_summary(1)).dry_run().await?;
    let summary = summary.return_value().expect("model 1 exists");
    assert_eq!((summary.status, summary.owner_epoch), (ModelStatus::Active, 1));
    let known = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?.return_value();
    let known = known.expect("model 1 is known to the market");
    assert_eq!((known.owner, known.epoch, known.status), (account(Alice), 1, ModelStatus::Active));
    assert!(known.voided.is_empty(), "nothing voided without `void_from`");
    let bought = client.call(&ink_e2e::charlie(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(MarketError::OfferOfPreviousOwner { offer: 1 }));
    assert!(client.call(&ink_e2e::bob(), &check).dry_run().await?.return_value());
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
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

/// The storage deposit of one owed balance in the market: one item holding a
/// 16-byte `Balance` (the dev chain charges 10^11 per item and 5·10^6 per byte
/// of value).
fn one_balance_cell() -> u128 {
    100_000_000_000 + 5_000_000 * 16
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
async fn a_reassigning_ruling_with_void_from_voids_every_license_the_squatter_sold<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Eve squats Alice's weights and sells Bob and Charlie perpetual,
    // transferable licenses for commercial inference and derivatives at 0 %;
    // a gateway serves the model, and serves Bob
    const FEE: Balance = UNIT / 10;
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    let gateway = deploy_gateway!(client, stack.market);
    let mut gateway_call = ink_e2e::create_call_builder::<Gateway>(gateway);
    client.call(&ink_e2e::alice(), &gateway_call.set_fee(1, Some(FEE))).submit().await?;
    register!(client, stack.registry, ink_e2e::eve(), model_draft("alices-weights", &[]))?;
    let uses = [Use::CommercialInference, Use::FineTuning];
    let squatters = offer_terms(PRICE, LicenseDuration::Period(30 * DAY), &uses, Some(0), true);
    client.call(&ink_e2e::eve(), &market.create_offer(1, squatters)).submit().await?;
    for buyer in [ink_e2e::bob(), ink_e2e::charlie()] {
        client.call(&buyer, &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    }
    let infer = gateway_call.infer(1, [0x5A; 32]);
    let served = client.call(&ink_e2e::bob(), &infer).value(FEE).dry_run().await?;
    assert_eq!(served.return_value(), Ok(1), "Bob is served while his license holds");

    // when: Alice's claim is upheld with a reassignment that voids the
    // licenses sold from Eve's first epoch on
    let raise = registry.raise_dispute(1, EVIDENCE, "ipfs://alice/training-logs".into());
    client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    let voiding = Ruling::Uphold { reassign: true, void_from: Some(0) };
    let wrong = Ruling::Uphold { reassign: false, void_from: Some(0) };
    let wrong = registry.resolve_dispute(1, wrong);
    let invalid = client.call(&ink_e2e::ferdie(), &wrong).dry_run().await?;
    assert_eq!(invalid.return_value(), Err(RegistryError::InvalidRuling));
    client.call(&ink_e2e::ferdie(), &registry.resolve_dispute(1, voiding)).submit().await?;

    // then: both registry and market record epoch 0 as voided, Alice's epoch 1
    let voided = vec![EpochRange { from: 0, to: 1 }];
    let record = client.call(&ink_e2e::dave(), &registry.model(1)).dry_run().await?;
    assert_eq!(record.return_value().map(|m| m.voided), Some(voided.clone()));
    let known = client.call(&ink_e2e::dave(), &market.model(1)).dry_run().await?.return_value();
    let known = known.expect("model 1 is known to the market");
    assert_eq!((known.owner, known.epoch, known.voided), (account(Alice), 1, voided));

    // and the squatter's licenses grant nothing: no use, no gateway request,
    // no derivative, no renewal, no transfer
    for who in [Bob, Charlie] {
        for use_ in uses {
            let check = market.is_licensed(1, account(who), use_);
            assert!(!client.call(&ink_e2e::dave(), &check).dry_run().await?.return_value());
        }
    }
    let refused = client.call(&ink_e2e::bob(), &infer).value(FEE).dry_run().await?;
    assert_eq!(refused.return_value(), Err(GatewayError::NotLicensed { model: 1 }));
    assert_reverted!(client.call(&ink_e2e::bob(), &infer).value(FEE).submit().await);
    let derivative = model_draft("alices-weights-ft", &[1]);
    let salt = commit!(client, stack.registry, ink_e2e::bob(), derivative);
    let derive = registry.register(derivative, salt);
    let refused = client.call(&ink_e2e::bob(), &derive).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));
    let renew = market.renew(1, PRICE);
    let renewed = client.call(&ink_e2e::bob(), &renew).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(MarketError::LicenseVoided { license: 1 }));
    let hand_on = market.transfer_license(2, Some(account(Dave)));
    let handed = client.call(&ink_e2e::charlie(), &hand_on).dry_run().await?;
    assert_eq!(handed.return_value(), Err(MarketError::LicenseVoided { license: 2 }));
    assert_reverted!(client.call(&ink_e2e::charlie(), &hand_on).submit().await);
    let offered = client.call(&ink_e2e::dave(), &market.transfer_offer(2)).dry_run().await?;
    assert_eq!(offered.return_value(), None);
    // (a voided license is still its holder's to release)
    let released = client.call(&ink_e2e::charlie(), &market.release_license(2)).submit().await?;
    assert_eq!(released.return_value(), Ok(()));

    // when: Alice sells licenses herself
    let alices = offer_terms(PRICE, LicenseDuration::Period(30 * DAY), &uses, Some(1_000), true);
    let created = client.call(&ink_e2e::alice(), &market.create_offer(1, alices)).submit().await?;
    assert_eq!(created.return_value(), Ok(2));
    let buy = market.buy(1, 2, PRICE);
    let bought = client.call(&ink_e2e::dave(), &buy).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(3));

    // then: they are valid: used, served, derived from
    let license = client.call(&ink_e2e::dave(), &market.license(3)).dry_run().await?.return_value();
    assert_eq!(license.map(|l| (l.holder, l.epoch)), Some((account(Dave), 1)));
    for use_ in uses {
        let check = market.is_licensed(1, account(Dave), use_);
        assert!(client.call(&ink_e2e::dave(), &check).dry_run().await?.return_value());
    }
    let served = client.call(&ink_e2e::dave(), &infer).value(FEE).submit().await?;
    assert_eq!(served.return_value(), Ok(1));
    let royalty = market.derivative_royalty(1, account(Dave));
    let royalty = client.call(&ink_e2e::dave(), &royalty).dry_run().await?;
    assert_eq!(royalty.return_value(), Some(1_000));
    // what was paid for the squatter's licenses was held in escrow from
    // Alice's dispute on and went to Alice with the model
    let eves = client.call(&ink_e2e::dave(), &market.owed_to(account(Eve))).dry_run().await?;
    assert_eq!(eves.return_value(), 0);
    let alices = client.call(&ink_e2e::dave(), &market.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(alices.return_value(), 2 * PRICE);
    let alices_round = client.call(&ink_e2e::dave(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(alices_round.return_value(), PRICE + FEE);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
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

#[e2e::test]
async fn a_reassignment_restores_the_squatters_versions_and_the_erased_royalty<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Dave's base model 1; Alice fine-tuned it (owing Dave 10 %), but
    // Eve registered Alice's fine-tune first as an original (model 2: no
    // parent, no royalty), then its version 3; Alice disputes model 2 and the
    // arbiter reassigns it to her
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::dave(), model_draft("daves-base", &[]))?;
    register!(client, stack.registry, ink_e2e::eve(), model_draft("alices-fine-tune", &[]))?;
    let mut version = model_draft("alices-fine-tune-v2", &[]);
    version.previous_version = Some(2);
    register!(client, stack.registry, ink_e2e::eve(), version)?;
    let raise = registry.raise_dispute(2, EVIDENCE, "ipfs://alice/training-logs".into());
    client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    client.call(&ink_e2e::ferdie(), &registry.resolve_dispute(1, REASSIGN)).submit().await?;

    // then: only the arbiter restores, and only what Eve registered from it
    let restore = registry.restore_descendant(1, 3);
    let stranger = client.call(&ink_e2e::alice(), &restore).dry_run().await?;
    assert_eq!(stranger.return_value(), Err(RegistryError::NotArbiter));
    let unrelated = registry.restore_descendant(1, 1);
    let refused = client.call(&ink_e2e::ferdie(), &unrelated).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NotRestorable { model: 1 }));

    // when: the arbiter restores Eve's version 3 to Alice and gives model 2
    // back its parent, Dave's model, at 10 %
    client.call(&ink_e2e::ferdie(), &restore).submit().await?;
    let parent = ParentLink { model: 1, relation: Relation::FineTune, royalty_bps: 1_000 };
    let set = registry.set_lineage(1, vec![parent]);
    client.call(&ink_e2e::ferdie(), &set).submit().await?;

    // then: Alice holds both, in the registry and in the market's copy
    for model in [2, 3] {
        let owner = client.call(&ink_e2e::bob(), &registry.owner_of_model(model)).dry_run().await?;
        assert_eq!(owner.return_value(), Some(account(Alice)));
        let known = client.call(&ink_e2e::bob(), &market.model(model)).dry_run().await?;
        assert_eq!(known.return_value().map(|m| m.owner), Some(account(Alice)));
    }
    let parents = client.call(&ink_e2e::bob(), &registry.parents(2)).dry_run().await?;
    assert_eq!(parents.return_value(), vec![parent]);

    // and: a sale of model 2 now pays Dave his 10 %, to the unit
    client
        .call(&ink_e2e::alice(), &market.create_offer(2, commercial_offer(PRICE)))
        .submit()
        .await?;
    client.call(&ink_e2e::bob(), &market.buy(2, 1, PRICE)).value(PRICE).submit().await?;
    let dave = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(dave.return_value(), PRICE / 10);
    let alice = client.call(&ink_e2e::bob(), &market.pending_of(2)).dry_run().await?;
    assert_eq!(alice.return_value(), PRICE - PRICE / 10);
    Ok(())
}

#[e2e::test]
async fn a_squatter_cannot_take_what_a_disputed_model_earns_and_the_ruling_pays_the_rightful_owner<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Eve registered Alice's weights and sells licenses; Bob bought one
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::eve(), model_draft("alices-weights", &[]))?;
    client.call(&ink_e2e::eve(), &market.create_offer(1, commercial_offer(PRICE))).submit().await?;
    let buy = market.buy(1, 1, PRICE);
    client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;

    // when: Alice disputes it, and Charlie buys a license meanwhile
    let raise = registry.raise_dispute(1, EVIDENCE, "ipfs://alice/training-logs".into());
    client.call(&ink_e2e::alice(), &raise).value(E2E_DISPUTE_DEPOSIT).submit().await?;
    client.call(&ink_e2e::charlie(), &buy).value(PRICE).submit().await?;

    // then: the revenue is held: Eve can neither collect it nor move the token
    let held = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(held.map(|m| (m.escrowed, m.received)), Some((true, 2 * PRICE)));
    let collect = market.withdraw(vec![1]);
    let refused = client.call(&ink_e2e::eve(), &collect).dry_run().await?;
    assert_eq!(refused.return_value(), Err(MarketError::ModelInEscrow { model: 1 }));
    assert_reverted!(client.call(&ink_e2e::eve(), &collect).submit().await);
    let escape = registry.transfer(account(Dave), Id::U64(1), Vec::new());
    let refused = client.call(&ink_e2e::eve(), &escape).dry_run().await?;
    assert_eq!(refused.return_value(), Err(PSP34Error::Custom("ModelInEscrow".into())));
    let early = client.call(&ink_e2e::bob(), &registry.release_escrow(1)).dry_run().await?;
    assert!(matches!(early.return_value(), Err(RegistryError::EscrowNotDue { model: 1, .. })));
    let pending = client.call(&ink_e2e::bob(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(pending.return_value(), 2 * PRICE, "nothing left the round");

    // when: the arbiter gives the model to Alice
    client.call(&ink_e2e::ferdie(), &registry.resolve_dispute(1, REASSIGN)).submit().await?;

    // then: the whole held round is Alice's, to the unit; Eve is owed nothing
    let alice = client.call(&ink_e2e::bob(), &market.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(alice.return_value(), 2 * PRICE);
    let eve = client.call(&ink_e2e::bob(), &market.owed_to(account(Eve))).dry_run().await?;
    assert_eq!(eve.return_value(), 0);
    let model = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(model.map(|m| (m.owner, m.escrowed, m.received)), Some((account(Alice), false, 0)));
    let before = client.free_balance(account(Alice)).await?;
    let withdrawn = client.call(&ink_e2e::alice(), &market.withdraw(Vec::new())).submit().await?;
    let cost = costs_of(&withdrawn.events, account(Alice));
    assert_eq!(withdrawn.return_value(), Ok(2 * PRICE));
    let gained =
        i128::try_from(client.free_balance(account(Alice)).await?)? - i128::try_from(before)?;
    assert_eq!(gained, i128::try_from(2 * PRICE)? - cost);
    Ok(())
}
