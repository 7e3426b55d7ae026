//! Tests of the contract shell: the PSP34 and administration conformance
//! suites, and the pushes to the market. Without a chain no contract can be
//! called, so the pushes reach [`crate::calls::fake`], which records them (or
//! fails them, as a trapping market would).

use crate::calls::fake;
use crate::data::{ModelDraft, Push};
use crate::{Registry, RegistryError, Ruling};
use ink::env::DefaultEnvironment as Env;
use ink::prelude::{string::String, vec, vec::Vec};
use ink::primitives::AccountId;
use modelmint_common::admin::{Admin, AdminError, Timelock, Wiring, DEFAULT_GRACE};
use modelmint_common::market::ModelRecord;
use modelmint_common::psp34::{Id, PSP34Error, PSP34};
use modelmint_common::registry::{registration_commitment, CommitWindow};
use modelmint_common::{AssetKind, EpochRange, ModelId, ModelStatus};

pub(crate) fn test_draft() -> ModelDraft {
    ModelDraft {
        hash: [0xAB; 32],
        kind: AssetKind::Model,
        name: String::from("tiny-llama"),
        version: String::from("v1"),
        uri: String::from("ipfs://model-card"),
        previous_version: None,
        parents: Vec::new(),
    }
}

/// The registry of the conformance suite, whose `new` takes a timelock
/// only and fails with administration errors only.
pub(crate) fn new_for_conformance(timelock: Timelock) -> Result<Registry, AdminError> {
    let window = CommitWindow { min_blocks: 1, max_blocks: 100 };
    Registry::new(timelock, DEFAULT_GRACE, window, DEPOSIT).map_err(|error| match error {
        RegistryError::Admin(error) => error,
        other => panic!("a valid commit window was refused: {other:?}"),
    })
}

/// Mints a model token to the caller the way a client registers:
/// commit, wait a block, reveal.
fn mint_for_conformance(contract: &mut Registry) -> Id {
    let mut hash = [0xCD; 32];
    hash[..16].copy_from_slice(&contract.total_supply().to_be_bytes());
    let draft = ModelDraft { hash, ..test_draft() };
    let caller = ink::env::caller::<Env>();
    let salt = [1; 32];
    contract.commit(registration_commitment(&hash, &caller, &salt)).expect("a new commitment");
    ink::env::test::advance_block::<Env>();
    Id::U64(contract.register(draft, salt).expect("the registration succeeds"))
}

modelmint_common::psp34_conformance_tests! {
    contract: Registry,
    new: || {
        let window = CommitWindow { min_blocks: 1, max_blocks: 100 };
        Registry::new(Timelock::Disabled, DEFAULT_GRACE, window, DEPOSIT).expect("the registry instantiates")
    },
    mint: mint_for_conformance,
}

/// A PSP34 message's result in the registry's error type, for the
/// administration suite, which asks one question: did the administration
/// guard refuse it (paused, another layout)? PSP34 carries those refusals as
/// `Custom` names; they come back as themselves. Any other outcome, a PSP34
/// refusal included (no token 1), means the message got past the guard: `Ok`.
fn psp34_in_registry_terms(
    registry: &Registry,
    result: Result<(), PSP34Error>,
) -> Result<(), RegistryError> {
    let Err(error) = result else { return Ok(()) };
    let view = registry.admin_state();
    let layout =
        AdminError::LayoutMismatch { stored: view.layout_version, code: view.code_layout_version };
    match [AdminError::Paused, layout]
        .into_iter()
        .map(RegistryError::from)
        .find(|refusal| PSP34Error::from(refusal.clone()) == error)
    {
        Some(refusal) => Err(refusal),
        None => Ok(()),
    }
}

modelmint_common::admin_conformance_tests! {
    contract: Registry,
    error: RegistryError,
    new: new_for_conformance,
    pausable: [
        "commit" => |c: &mut Registry| c.commit([9; 32]),
        "register" => |c: &mut Registry| c.register(test_draft(), [7; 32]).map(drop),
        "approve_derivative" => |c: &mut Registry| c.approve_derivative(1, [5; 32].into(), Some(100)),
    ],
    unpausable: [
        "cancel_commitment" => |c: &mut Registry| c.cancel_commitment([9; 32]),
        "raise_dispute" => |c: &mut Registry| c.raise_dispute(1, [4; 32], String::from("ipfs://evidence")).map(drop),
        "resolve_dispute" => |c: &mut Registry| c.resolve_dispute(1, Ruling::Dismiss),
        "clear_dispute" => |c: &mut Registry| c.clear_dispute(1),
        "set_uri" => |c: &mut Registry| c.set_uri(1, String::from("ipfs://new")),
        "freeze_metadata" => |c: &mut Registry| c.freeze_metadata(1),
        "set_status" => |c: &mut Registry| c.set_status(1, ModelStatus::Deprecated),
        "decline_derivative_approval" => |c: &mut Registry| c.decline_derivative_approval(1),
        // withdrawing an approval is a way out: never paused
        "approve_derivative" => |c: &mut Registry| c.approve_derivative(1, [5; 32].into(), None),
        "restore_descendant" => |c: &mut Registry| c.restore_descendant(1, 2),
        "release_escrow" => |c: &mut Registry| c.release_escrow(1),
        "set_lineage" => |c: &mut Registry| c.set_lineage(1, Vec::new()),
        "resync" => |c: &mut Registry| c.resync(1),
        // a model token changes hands while paused: pausing stops new models, not trade
        "PSP34::transfer" => |c: &mut Registry| {
            let result = PSP34::transfer(c, accounts().bob, Id::U64(1), Vec::new());
            psp34_in_registry_terms(c, result)
        },
        "PSP34::approve" => |c: &mut Registry| {
            let result = PSP34::approve(c, accounts().bob, None, true);
            psp34_in_registry_terms(c, result)
        },
    ],
}

// --- pushes to the market ---------------------------------------------------------

/// The dispute deposit of the test registries.
const DEPOSIT: u128 = 1_000;

fn accounts() -> ink::env::test::DefaultAccounts<Env> {
    ink::env::test::default_accounts::<Env>()
}

fn act_as(account: AccountId) {
    ink::env::test::set_caller::<Env>(account);
}

fn market() -> AccountId {
    AccountId::from([0x3A; 32])
}

/// A registry Alice instantiated (and administers), wired to `wiring`
/// unless it is the default.
fn registry(wiring: Wiring) -> Registry {
    act_as(accounts().alice);
    let mut registry = new_for_conformance(Timelock::Disabled).expect("the registry instantiates");
    if wiring != Wiring::default() {
        registry.wire(wiring).expect("the first wiring");
    }
    registry
}

fn with_market() -> Wiring {
    Wiring { market: Some(market()), ..Wiring::default() }
}

/// Registers model `n` for the caller, as a client does.
fn register(registry: &mut Registry, n: u8) -> Result<ModelId, RegistryError> {
    let draft = ModelDraft { hash: [n; 32], ..test_draft() };
    let (caller, salt) = (ink::env::caller::<Env>(), [n; 32]);
    registry.commit(registration_commitment(&draft.hash, &caller, &salt))?;
    ink::env::test::advance_block::<Env>();
    registry.register(draft, salt)
}

/// What the registry's messages say about `model`, in the market's form.
fn says(registry: &Registry, model: ModelId) -> ModelRecord {
    use modelmint_common::registry::ModelRegistry;
    let record = registry.model(model).expect("a registered model");
    ModelRecord {
        kind: record.kind,
        owner: registry.owner_of_model(model).expect("an owner"),
        epoch: registry.owner_epoch(model),
        status: record.status,
        obligations: registry.obligations(model),
        voided: record.voided,
        escrowed: record.escrow_until != 0,
    }
}

/// The one push `registry` sent for `model` since the last check.
fn assert_pushed_once(registry: &Registry, model: ModelId) {
    let record = says(registry, model);
    assert_eq!(fake::take_pushes(), vec![(market(), Push { model, record })]);
}

#[ink::test]
fn every_change_pushes_the_models_record_to_the_wired_market() {
    let mut registry = registry(with_market());
    let (alice, bob) = (accounts().alice, accounts().bob);

    let model = register(&mut registry, 1).unwrap();
    assert_pushed_once(&registry, model);
    assert_eq!(says(&registry, model).owner, alice);

    PSP34::transfer(&mut registry, bob, Id::U64(model), Vec::new()).unwrap();
    assert_pushed_once(&registry, model);
    assert_eq!((says(&registry, model).owner, says(&registry, model).epoch), (bob, 1));

    act_as(bob);
    registry.set_status(model, ModelStatus::Deprecated).unwrap();
    assert_pushed_once(&registry, model);
    assert_eq!(says(&registry, model).status, ModelStatus::Deprecated);

    // what the market does not keep pushes nothing
    registry.set_uri(model, String::from("ipfs://card-v2")).unwrap();
    registry.freeze_metadata(model).unwrap();
    PSP34::approve(&mut registry, alice, Some(Id::U64(model)), true).unwrap();
    assert_eq!(fake::take_pushes(), Vec::new());
}

#[ink::test]
fn a_ruling_pushes_the_reassignment_and_the_voided_epochs() {
    let (bob, django) = (accounts().bob, accounts().django);
    let mut registry = registry(Wiring { arbiter: Some(django), ..with_market() });
    let model = register(&mut registry, 1).unwrap();
    fake::take_pushes();
    let me = ink::env::test::callee::<Env>();
    ink::env::test::set_account_balance::<Env>(me, 1_000_000_000);
    act_as(bob);
    for _ in 0..2 {
        ink::env::test::set_value_transferred::<Env>(DEPOSIT);
        registry.raise_dispute(model, [4; 32], String::from("ipfs://evidence")).unwrap();
    }
    ink::env::test::set_value_transferred::<Env>(0);
    // the first dispute holds the model's revenue in escrow
    assert_pushed_once(&registry, model);
    assert!(says(&registry, model).escrowed);

    // a dismissal while another dispute is open changes nothing the market keeps
    act_as(django);
    registry.resolve_dispute(1, Ruling::Dismiss).unwrap();
    assert_eq!(fake::take_pushes(), Vec::new());

    // Alice squatted Bob's model: it moves to him, and what she sold is void
    let ruling = Ruling::Uphold { reassign: true, void_from: Some(0) };
    registry.resolve_dispute(2, ruling).unwrap();
    assert_pushed_once(&registry, model);
    let record = says(&registry, model);
    assert_eq!((record.owner, record.epoch), (bob, 1));
    assert_eq!(record.voided, vec![EpochRange { from: 0, to: 1 }]);
}

#[ink::test]
fn resync_pushes_while_paused_for_anyone_and_repairs_a_late_wiring() {
    // given: a model registered before any market was wired (nothing pushed)
    let mut registry = registry(Wiring::default());
    let model = register(&mut registry, 1).unwrap();
    assert_eq!(fake::take_pushes(), Vec::new());
    assert_eq!(registry.resync(model), Err(RegistryError::MarketUnavailable));
    registry.wire(with_market()).unwrap();
    registry.set_paused(true).unwrap();

    // when: a stranger resyncs it while the registry is paused
    act_as(accounts().charlie);
    let resynced = registry.resync(model);

    // then: the market receives the registry's record
    assert_eq!(resynced, Ok(()));
    assert_pushed_once(&registry, model);
    assert_eq!(registry.resync(9), Err(RegistryError::UnknownModel { model: 9 }));
    assert_eq!(fake::take_pushes(), Vec::new());
}

/// On a chain the error reverts every write of the message (the end-to-end
/// suite runs it there); the off-chain engine does not revert, so only the
/// error is checked here.
#[ink::test]
fn a_market_that_fails_the_push_fails_the_message() {
    let mut registry = registry(with_market());
    let model = register(&mut registry, 1).unwrap();
    fake::take_pushes();
    fake::set_failing(true);

    assert_eq!(register(&mut registry, 2), Err(RegistryError::MarketUnavailable));
    assert_eq!(
        registry.set_status(model, ModelStatus::Deprecated),
        Err(RegistryError::MarketUnavailable)
    );
    assert_eq!(registry.resync(model), Err(RegistryError::MarketUnavailable));
    assert_eq!(
        PSP34::transfer(&mut registry, accounts().bob, Id::U64(model), Vec::new()),
        Err(PSP34Error::Custom(String::from("MarketUnavailable")))
    );
    assert_eq!(fake::take_pushes(), Vec::new());
}

/// A ModelMint contract cannot spend what a model earns: a model token sent to
/// the wired market or to the registry itself would strand the model's
/// revenue (and its offers and splits) for good, so the registry refuses such
/// a transfer, whoever sends it, and changes nothing.
#[ink::test]
fn a_model_token_cannot_be_sent_to_the_market_or_the_registry_itself() {
    let mut registry = registry(with_market());
    let model = register(&mut registry, 1).unwrap();
    fake::take_pushes();
    let itself = ink::env::account_id::<Env>();
    let before = says(&registry, model);
    let events = ink::env::test::recorded_events().count();

    for recipient in [market(), itself] {
        assert_eq!(
            PSP34::transfer(&mut registry, recipient, Id::U64(model), Vec::new()),
            Err(PSP34Error::Custom(String::from("StrandingRecipient"))),
            "a transfer to {recipient:?}"
        );
    }

    assert_eq!(says(&registry, model), before);
    assert_eq!(fake::take_pushes(), Vec::new());
    assert_eq!(ink::env::test::recorded_events().count(), events, "a refusal emits nothing");
    // any other account still receives it
    PSP34::transfer(&mut registry, accounts().bob, Id::U64(model), Vec::new()).unwrap();
    assert_eq!(says(&registry, model).owner, accounts().bob);
}
