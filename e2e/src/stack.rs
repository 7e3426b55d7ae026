//! Deploying the ModelMint contracts wired together, and reading what an
//! extrinsic cost its signer, so tests can check balances to the last unit.
//!
//! The deploy order is the one every client follows: upload the market's
//! desk (its code hash, never an instance), instantiate the registry, the
//! market (which takes the registry and the desk's hash), wire the registry
//! to the market and the arbiter (its one immediate `wire`), and a gateway
//! on the market where a test needs one.

use ink::primitives::AccountId;
use ink_e2e::subxt::blocks::ExtrinsicEvents;
use ink_e2e::subxt::Config;
use modelmint_common::licensing::{LegalText, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::{Balance, Timestamp};
use modelmint_market::OfferTerms;

/// One unit of the dev chain's token (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;

/// Addresses of one deployment of the registry and the market, wired to each
/// other as `modelmint deploy` wires them.
#[derive(Clone, Copy, Debug)]
pub struct Stack {
    pub registry: AccountId,
    pub market: AccountId,
}

/// Uploads the market's desk as Alice and evaluates to its code hash (the
/// node keeps code it already has: the hash is the same in every test).
#[macro_export]
macro_rules! upload_desk {
    ($client:expr) => {
        $client
            .upload("modelmint_market_desk", &ink_e2e::alice())
            .submit()
            .await
            .expect("uploading the market's desk failed")
            .code_hash
    };
}

/// Instantiates a registry as Alice with `timelock` (default
/// `Timelock::Disabled`) and `grace` (default `DEFAULT_GRACE`), the e2e commit
/// window and dispute deposit, wired to nothing; evaluates to its address.
#[macro_export]
macro_rules! deploy_registry {
    ($client:expr) => {
        $crate::deploy_registry!($client, modelmint_common::admin::Timelock::Disabled)
    };
    ($client:expr, $timelock:expr) => {
        $crate::deploy_registry!($client, $timelock, modelmint_common::admin::DEFAULT_GRACE)
    };
    ($client:expr, $timelock:expr, $grace:expr) => {
        $client
            .instantiate(
                "modelmint_registry",
                &ink_e2e::alice(),
                &mut modelmint_registry::RegistryRef::new(
                    $timelock,
                    $grace,
                    $crate::stack::E2E_COMMIT_WINDOW,
                    $crate::stack::E2E_DISPUTE_DEPOSIT,
                ),
            )
            .submit()
            .await
            .expect("instantiating the registry failed")
            .account_id
    };
}

/// Instantiates a market of the registry at `$registry` as Alice with
/// `timelock` (and `grace`, default `DEFAULT_GRACE`), answering its cold
/// messages with a freshly uploaded desk; evaluates to its address. The
/// registry is not wired to it.
#[macro_export]
macro_rules! deploy_market {
    ($client:expr, $registry:expr, $timelock:expr) => {
        $crate::deploy_market!(
            $client,
            $registry,
            $timelock,
            modelmint_common::admin::DEFAULT_GRACE
        )
    };
    ($client:expr, $registry:expr, $timelock:expr, $grace:expr) => {{
        let desk = $crate::upload_desk!($client);
        $client
            .instantiate(
                "modelmint_market",
                &ink_e2e::alice(),
                &mut modelmint_market::MarketRef::new($registry, desk, $timelock, $grace),
            )
            .submit()
            .await
            .expect("instantiating the market failed")
            .account_id
    }};
}

/// Deploys the stack as Alice in the deploy order (module docs), each
/// contract with `timelock` (default `Timelock::Disabled`) and `grace`
/// (default `DEFAULT_GRACE`): the registry
/// wired to the market and to the arbiter ([`arbiter`]), the market to the
/// registry; evaluates to a [`Stack`].
#[macro_export]
macro_rules! deploy_stack {
    ($client:expr) => {
        $crate::deploy_stack!($client, modelmint_common::admin::Timelock::Disabled)
    };
    ($client:expr, $timelock:expr) => {
        $crate::deploy_stack!($client, $timelock, modelmint_common::admin::DEFAULT_GRACE)
    };
    ($client:expr, $timelock:expr, $grace:expr) => {{
        use modelmint_common::admin::{Admin, Wiring};
        let (timelock, grace) = ($timelock, $grace);
        let registry = $crate::deploy_registry!($client, timelock, grace);
        let market = $crate::deploy_market!($client, registry, timelock, grace);
        let wiring = Wiring {
            market: Some(market),
            arbiter: Some($crate::stack::arbiter()),
            registry: None,
        };
        let mut call = ink_e2e::create_call_builder::<modelmint_registry::Registry>(registry);
        $client
            .call(&ink_e2e::alice(), &call.wire(wiring))
            .submit()
            .await
            .expect("wiring the registry to the market failed");
        $crate::stack::Stack { registry, market }
    }};
}

/// Instantiates a gateway on the market at `$market` as Alice (the operator)
/// with `timelock` (default `Timelock::Disabled`) and the default grace
/// period; evaluates to its address.
#[macro_export]
macro_rules! deploy_gateway {
    ($client:expr, $market:expr) => {
        $crate::deploy_gateway!($client, $market, modelmint_common::admin::Timelock::Disabled)
    };
    ($client:expr, $market:expr, $timelock:expr) => {
        $client
            .instantiate(
                "modelmint_gateway",
                &ink_e2e::alice(),
                &mut modelmint_gateway::GatewayRef::new(
                    $market,
                    $timelock,
                    modelmint_common::admin::DEFAULT_GRACE,
                ),
            )
            .submit()
            .await
            .expect("instantiating the gateway failed")
            .account_id
    };
}

/// The commit window of the e2e registries: a registration reveals a
/// commitment at least one block old (one extra block per registration, as the
/// node seals a block per transaction).
pub const E2E_COMMIT_WINDOW: modelmint_common::registry::CommitWindow =
    modelmint_common::registry::CommitWindow { min_blocks: 1, max_blocks: 1_000 };

/// What raising a dispute costs in the e2e registries.
pub const E2E_DISPUTE_DEPOSIT: Balance = 5_000_000_000_000;

/// The arbiter of the e2e registries: Ferdie, who otherwise only seals blocks.
pub fn arbiter() -> AccountId {
    ink_e2e::account_id(ink_e2e::AccountKeyring::Ferdie)
}

/// The salt a test registration of a model with content root `root` uses. A
/// real client draws it at random and keeps it secret until the reveal; the
/// tests only need it to differ between roots.
pub fn test_salt(root: &[u8; 32]) -> [u8; 32] {
    root.map(|byte| byte ^ 0x5A)
}

/// Commits `$signer` (a `Keypair`) to registering `$draft` in the registry at
/// `$registry`, then has the node seal enough blocks for the commitment to be
/// revealed (dry runs and gas estimates then see it old enough); evaluates to
/// the salt to reveal it with.
#[macro_export]
macro_rules! commit {
    ($client:expr, $registry:expr, $signer:expr, $draft:expr) => {{
        let signer = $signer;
        let hash = $draft.hash;
        let registrant = ink::primitives::AccountId::from(signer.public_key().0);
        let salt = $crate::stack::test_salt(&hash);
        let commitment =
            modelmint_common::registry::registration_commitment(&hash, &registrant, &salt);
        let mut registry = ink_e2e::create_call_builder::<modelmint_registry::Registry>($registry);
        $client.call(&signer, &registry.commit(commitment)).submit().await.expect("commit");
        let blocks = $crate::stack::E2E_COMMIT_WINDOW.min_blocks;
        $crate::support::seal_blocks(&mut $client, blocks).await.expect("sealing blocks");
        salt
    }};
}

/// Registers `$draft` as `$signer` in the registry at `$registry` the way a
/// client does: commit, wait for the commit window, reveal. Evaluates to the
/// result of the registering extrinsic.
#[macro_export]
macro_rules! register {
    ($client:expr, $registry:expr, $signer:expr, $draft:expr) => {{
        let signer = $signer;
        let draft = $draft;
        let registry = $registry;
        let salt = $crate::commit!($client, registry, signer.clone(), draft);
        let mut call = ink_e2e::create_call_builder::<modelmint_registry::Registry>(registry);
        $client.call(&signer, &call.register(draft, salt)).submit().await
    }};
}

/// Checks that the market at `$market` is sound after a flow, reading only
/// the market:
///
/// - what it can transfer covers everything it owes (`solvency()`);
/// - what the dev accounts and any other accounts (listed after the address,
///   or a slice after `others =`) hold in settled balances (`owed_of`), plus
///   what every model of the wired registry holds in its current round
///   (`pending_of`), is exactly the liabilities: Σ owed + Σ pending ==
///   liabilities, to the unit.
///
/// Reads only: the check changes nothing, so it may run anywhere in a test.
#[macro_export]
macro_rules! assert_ledger_sound {
    ($client:expr, $market:expr, others = $others:expr) => {{
        use ink_e2e::AccountKeyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
        use modelmint_common::admin::Admin;
        use modelmint_common::psp34::PSP34;
        let call = ink_e2e::create_call_builder::<modelmint_market::Market>($market);
        macro_rules! read {
            ($message:expr) => {
                $client
                    .call(&ink_e2e::ferdie(), &$message)
                    .dry_run()
                    .await
                    .expect(stringify!($message))
                    .return_value()
            };
        }
        let solvency = read!(call.solvency());
        assert!(
            solvency.transferable >= solvency.liabilities,
            "insolvent: {} transferable for {} owed",
            solvency.transferable,
            solvency.liabilities
        );
        // Every unit owed is in a settled balance or in a model's current
        // round, and nowhere else: read-only, so the check changes nothing.
        let mut accounts: Vec<ink::primitives::AccountId> =
            [Alice, Bob, Charlie, Dave, Eve, Ferdie].into_iter().map(ink_e2e::account_id).collect();
        let others: &[ink::primitives::AccountId] = $others;
        accounts.extend_from_slice(others);
        let mut total: modelmint_common::Balance = 0;
        for account in accounts {
            total = total.checked_add(read!(call.owed_of(account))).expect("below u128::MAX");
        }
        let registry = read!(call.admin_state()).wiring.registry.expect("a wired registry");
        let registry = ink_e2e::create_call_builder::<modelmint_registry::Registry>(registry);
        let models = u64::try_from(read!(registry.total_supply())).expect("model ids are u64");
        for model in 1..=models {
            total = total.checked_add(read!(call.pending_of(model))).expect("below u128::MAX");
        }
        assert_eq!(total, solvency.liabilities, "Σ owed_of + Σ pending_of must equal the liabilities");
    }};
    ($client:expr, $market:expr $(, $other:expr)* $(,)?) => {
        $crate::assert_ledger_sound!($client, $market, others = &[$($other),*])
    };
}

/// Asserts that `$submitted` (the result of a `submit()`) is an extrinsic
/// that reached a block and failed there because the contract reverted: a
/// typed refusal, not a dry run that stopped it.
#[macro_export]
macro_rules! assert_reverted {
    ($submitted:expr) => {{
        match $submitted {
            Err(ink_e2e::Error::CallExtrinsic(error)) => {
                let error = error.to_string();
                assert!(error.contains("ContractReverted"), "failed otherwise: {error}");
            }
            Err(other) => panic!("expected a reverted extrinsic, got {other:?}"),
            Ok(_) => panic!("expected a reverted extrinsic, it succeeded"),
        }
    }};
}

/// What one extrinsic took from `payer`'s free balance besides the value it
/// transferred: the transaction fee (with tip) and the storage deposit it paid,
/// minus deposits released back to it (so it can be negative). The same reading
/// of the events as the `modelmint` command line's receipts.
pub fn costs_of<C: Config>(events: &ExtrinsicEvents<C>, payer: AccountId) -> i128 {
    modelmint_cli::Receipt::of(events, &payer).cost()
}

/// The storage deposit `payer` paid in one extrinsic, as its
/// `Contracts::StorageDepositTransferredAndHeld` events report it.
pub fn storage_deposit_held<C: Config>(events: &ExtrinsicEvents<C>, payer: AccountId) -> u128 {
    modelmint_cli::Receipt::of(events, &payer).storage_deposit_held
}

/// The storage deposits one extrinsic moved for `signer`: `(held, released)`,
/// as its `Contracts::StorageDepositTransferredAndHeld` and
/// `...TransferredAndReleased` events report them.
pub fn deposits_moved<C: Config>(events: &ExtrinsicEvents<C>, signer: AccountId) -> (u128, u128) {
    let receipt = modelmint_cli::Receipt::of(events, &signer);
    (receipt.storage_deposit_held, receipt.storage_deposit_released)
}

/// One day of the block-timestamp clock.
pub const DAY: Timestamp = 86_400_000;

/// Offer terms for `price`: `duration`, `uses`, derivatives owing
/// `derivative_royalty`, `transferable` or not, no cap, and a legal text.
pub fn offer_terms(
    price: Balance,
    duration: LicenseDuration,
    uses: &[Use],
    derivative_royalty: Option<modelmint_common::Bps>,
    transferable: bool,
) -> OfferTerms {
    OfferTerms {
        price,
        duration,
        cap: None,
        license: LicenseTerms { uses: UseSet::of(uses), derivative_royalty, transferable },
        legal: LegalText { hash: [3; 32], uri: "ipfs://modelmint/legal/commercial-v1".into() },
    }
}

/// Terms of a 30-day commercial license for `price` that permits inference
/// and fine-tuning (derivatives owe 10 %), not transferable.
pub fn commercial_offer(price: Balance) -> OfferTerms {
    let uses = [Use::CommercialInference, Use::FineTuning];
    offer_terms(price, LicenseDuration::Period(30 * DAY), &uses, Some(1_000), false)
}

/// A draft for a model whose content hash is derived from `label`, deriving from
/// `parents` by fine-tuning.
pub fn model_draft(label: &str, parents: &[u64]) -> modelmint_registry::ModelDraft {
    use modelmint_common::Relation;
    use modelmint_registry::ParentRequest;
    modelmint_registry::ModelDraft {
        hash: crate::support::hash_of(label),
        kind: modelmint_common::AssetKind::Model,
        name: label.into(),
        version: "v1".into(),
        uri: format!("ipfs://{label}/card.md"),
        previous_version: None,
        parents: parents
            .iter()
            .map(|&model| ParentRequest {
                model,
                relation: Relation::FineTune,
                max_royalty_bps: modelmint_common::BPS_SCALE,
            })
            .collect(),
    }
}

/// A draft for a dataset whose content hash is derived from `label`.
pub fn dataset_draft(label: &str) -> modelmint_registry::ModelDraft {
    modelmint_registry::ModelDraft {
        kind: modelmint_common::AssetKind::Dataset,
        uri: format!("ipfs://{label}/datacard.md"),
        ..model_draft(label, &[])
    }
}

/// A draft for a model derived from `parents` by fine-tuning and trained on
/// each `(dataset, max_royalty_bps)` of `datasets`.
pub fn trained_draft(
    label: &str,
    parents: &[u64],
    datasets: &[(u64, modelmint_common::Bps)],
) -> modelmint_registry::ModelDraft {
    let mut draft = model_draft(label, parents);
    draft.parents.extend(datasets.iter().map(|&(model, max_royalty_bps)| {
        modelmint_registry::ParentRequest {
            model,
            relation: modelmint_common::Relation::TrainedOn,
            max_royalty_bps,
        }
    }));
    draft
}
