//! Deploying the three ModelMint contracts wired together, and reading what an
//! extrinsic cost its signer, so tests can check balances to the last unit.

use ink::primitives::AccountId;
use ink_e2e::subxt::blocks::ExtrinsicEvents;
use ink_e2e::subxt::Config;

/// Addresses of one deployment of the registry, royalties and licensing
/// contracts, wired to each other as `scripts/deploy.sh` wires them.
#[derive(Clone, Copy, Debug)]
pub struct Stack {
    pub registry: AccountId,
    pub royalties: AccountId,
    pub licensing: AccountId,
}

/// Deploys registry, royalties and licensing as Alice, each with `timelock`
/// (default `Timelock::Disabled`), and wires the registry to the licensing
/// contract and to the arbiter ([`arbiter`]), and royalties to the registry
/// and to licensing, each with its one immediate `wire`; evaluates to a
/// [`Stack`].
#[macro_export]
macro_rules! deploy_stack {
    ($client:expr) => {
        $crate::deploy_stack!($client, modelmint_common::admin::Timelock::Disabled)
    };
    ($client:expr, $timelock:expr) => {{
        use modelmint_common::admin::{Admin, Wiring};
        use modelmint_licensing::LicensingRef;
        use modelmint_registry::{Registry, RegistryRef};
        use modelmint_royalties::{RoyaltiesContract, RoyaltiesContractRef};
        let timelock = $timelock;
        let window = $crate::stack::E2E_COMMIT_WINDOW;
        let registry = $client
            .instantiate(
                "modelmint_registry",
                &ink_e2e::alice(),
                &mut RegistryRef::new(timelock, window, $crate::stack::E2E_DISPUTE_DEPOSIT),
            )
            .submit()
            .await
            .expect("instantiating the registry failed");
        let mut registry_call = registry.call_builder::<Registry>();
        let royalties = $client
            .instantiate(
                "modelmint_royalties",
                &ink_e2e::alice(),
                &mut RoyaltiesContractRef::new(timelock),
            )
            .submit()
            .await
            .expect("instantiating royalties failed");
        let licensing = $client
            .instantiate(
                "modelmint_licensing",
                &ink_e2e::alice(),
                &mut LicensingRef::new(registry.account_id, royalties.account_id, timelock),
            )
            .submit()
            .await
            .expect("instantiating licensing failed");
        let wiring = Wiring {
            licensing: Some(licensing.account_id),
            arbiter: Some($crate::stack::arbiter()),
            ..Wiring::default()
        };
        $client
            .call(&ink_e2e::alice(), &registry_call.wire(wiring))
            .submit()
            .await
            .expect("wiring the registry to licensing failed");
        let royalties_wiring = Wiring {
            registry: Some(registry.account_id),
            licensing: Some(licensing.account_id),
            ..Wiring::default()
        };
        $client
            .call(
                &ink_e2e::alice(),
                &royalties.call_builder::<RoyaltiesContract>().wire(royalties_wiring),
            )
            .submit()
            .await
            .expect("wiring royalties to the registry and licensing failed");
        $crate::stack::Stack {
            registry: registry.account_id,
            royalties: royalties.account_id,
            licensing: licensing.account_id,
        }
    }};
}

/// The commit window of the e2e registries: a registration reveals a
/// commitment at least one block old (one extra block per registration, as the
/// node seals a block per transaction).
pub const E2E_COMMIT_WINDOW: modelmint_common::registry::CommitWindow =
    modelmint_common::registry::CommitWindow { min_blocks: 1, max_blocks: 1_000 };

/// What raising a dispute costs in the e2e registries.
pub const E2E_DISPUTE_DEPOSIT: modelmint_common::Balance = 5_000_000_000_000;

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

/// Checks that the royalties contract at `$royalties` is sound after a flow:
/// what it can transfer covers everything it owes (`solvency()`), and what
/// the dev accounts and any other accounts (listed after the address, or a
/// slice after `others =`) are owed (`owed_of`) plus every
/// model's pending money (`pending_of`, for every model of the wired
/// registry) is exactly its liabilities: Σ owed + Σ pending == liabilities.
#[macro_export]
macro_rules! assert_ledger_sound {
    ($client:expr, $royalties:expr, others = $others:expr) => {{
        use ink_e2e::AccountKeyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
        use modelmint_common::admin::Admin;
        use modelmint_common::psp34::PSP34;
        let call = ink_e2e::create_call_builder::<modelmint_royalties::RoyaltiesContract>($royalties);
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
        assert_eq!(total, solvency.liabilities, "Σ owed + Σ pending must equal the liabilities");
    }};
    ($client:expr, $royalties:expr $(, $other:expr)* $(,)?) => {
        $crate::assert_ledger_sound!($client, $royalties, others = &[$($other),*])
    };
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

/// Terms of a 30-day commercial license for `price` that permits inference
/// and fine-tuning (derivatives owe 10 %), not transferable.
pub fn commercial_offer(price: modelmint_common::Balance) -> modelmint_licensing::OfferTerms {
    use modelmint_common::licensing::{LicenseDuration, LicenseTerms, Use, UseSet};
    const DAY: modelmint_common::Timestamp = 86_400_000;
    modelmint_licensing::OfferTerms {
        price,
        duration: LicenseDuration::Period(30 * DAY),
        cap: None,
        license: LicenseTerms {
            uses: UseSet::of(&[Use::CommercialInference, Use::FineTuning]),
            derivative_royalty: Some(1_000),
            transferable: false,
            legal_hash: [3; 32],
            legal_uri: "ipfs://modelmint/legal/commercial-v1".into(),
        },
    }
}

/// A draft for a model whose content hash is derived from `label`, deriving from
/// `parents` by fine-tuning.
pub fn model_draft(label: &str, parents: &[u64]) -> modelmint_registry::ModelDraft {
    use modelmint_common::Relation;
    use modelmint_registry::ParentRequest;
    modelmint_registry::ModelDraft {
        hash: crate::support::hash_of(label),
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
