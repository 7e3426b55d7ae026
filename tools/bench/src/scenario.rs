//! What the benchmark does on the chain: the demo's story with every
//! state-changing message measured once, `Royalties::deposit` against split
//! size, and `withdraw` against split memberships. Cases, signers and values
//! are the ones BENCHMARKS.md has always reported.

use crate::report::UNIT;
use crate::runner::{Bench, Signer};
use ink::codegen::TraitCallBuilder;
use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use modelmint_cli::deploy::instantiate;
use modelmint_cli::{CliError, Deployment};
use modelmint_common::admin::{Admin, AdminAction, AdminError, Timelock, Wiring};
use modelmint_common::licensing::{LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::registry::registration_commitment;
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_common::{Bps, ModelId, ModelStatus, Relation};
use modelmint_gateway::Gateway;
use modelmint_licensing::{Licensing, OfferState, OfferTerms};
use modelmint_registry::{ModelDraft, ParentRequest, Registry, RegistryError, RegistryRef, Ruling};
use modelmint_royalties::{RoyaltiesContract, RoyaltiesContractRef};

/// A plain original model's price.
pub const BASE_PRICE: u128 = 5 * UNIT;
/// The fine-tune's price.
const TUNE_PRICE: u128 = 10 * UNIT;
const THIRTY_DAYS_MS: u64 = 30 * 24 * 3600 * 1000;
/// The split sizes `Royalties::deposit` is measured with.
const DEPOSIT_SIZES: [u32; 3] = [1, 8, 32];
/// Dave's split memberships `withdraw` is measured with; 64 is the most an
/// account may accept.
const WITHDRAW_MEMBERSHIPS: [usize; 4] = [1, 8, 32, 64];

type AdminRef = ink::contract_ref!(Admin, DefaultEnvironment);
type RoyaltiesRef = ink::contract_ref!(Royalties, DefaultEnvironment);
type Psp34Ref = ink::contract_ref!(PSP34, DefaultEnvironment);

/// sha256 of `bytes`.
fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Sha2x256>(bytes, &mut out);
    out
}

/// A split of `n` distinct accounts with equal shares (ppm). The accounts
/// never sign, so any 32 bytes will do: hashes of their number.
fn recipients(n: u32) -> Vec<Recipient> {
    (1..=n)
        .map(|i| Recipient {
            account: AccountId::from(sha256(format!("modelmint-bench recipient {i}").as_bytes())),
            share: 1_000_000 / n,
        })
        .collect()
}

/// The terms of a 30-day, transferable offer at `price` for `uses`.
fn offer_terms(price: u128, uses: &[Use], derivative_royalty: Option<Bps>) -> OfferTerms {
    OfferTerms {
        price,
        duration: LicenseDuration::Period(THIRTY_DAYS_MS),
        cap: None,
        license: LicenseTerms {
            uses: UseSet::of(uses),
            derivative_royalty,
            transferable: true,
            legal_hash: sha256(b"ModelMint commercial license v1"),
            legal_uri: "ipfs://modelmint/legal/commercial-v1.md".into(),
        },
    }
}

/// The scenario on one deployment.
pub struct Scenario<'a> {
    bench: &'a mut Bench,
    at: Deployment,
    /// Makes this run's content roots its own: a chain may be reused.
    run: u128,
}

impl<'a> Scenario<'a> {
    /// The scenario on the contracts of `at`.
    pub fn new(bench: &'a mut Bench, at: Deployment) -> Self {
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        Self { bench, at, run }
    }

    /// A content root unique to this run and `name`.
    fn root_of(&self, name: &str) -> [u8; 32] {
        sha256(format!("modelmint-bench {name} {}", self.run).as_bytes())
    }

    /// A fresh secret salt and the commitment of `signer` to registering the
    /// model `name` with it.
    fn commitment(&self, signer: Signer, name: &str) -> Result<([u8; 32], [u8; 32]), CliError> {
        let mut salt = [0u8; 32];
        getrandom::getrandom(&mut salt)
            .map_err(|error| CliError::Other(format!("no randomness for a salt: {error}")))?;
        Ok((registration_commitment(&self.root_of(name), &signer.account(), &salt), salt))
    }

    /// `signer` commits (measured) to registering `name`; returns the salt.
    async fn commit_measured(
        &mut self,
        case: &str,
        signer: Signer,
        name: &str,
    ) -> Result<[u8; 32], CliError> {
        let (commitment, salt) = self.commitment(signer, name)?;
        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        self.bench
            .measure(case, signer, ("registry", "commit"), &registry.commit(commitment), 0)
            .await?;
        Ok(salt)
    }

    /// What registering `name` reveals.
    fn draft(&self, name: &str, uri: String, parents: Vec<ParentRequest>) -> ModelDraft {
        ModelDraft {
            hash: self.root_of(name),
            name: name.into(),
            version: "v1".into(),
            uri,
            previous_version: None,
            parents,
        }
    }

    /// `signer` registers (measured) the model `name`, revealing the
    /// commitment made with `salt`; returns its id.
    async fn register_measured(
        &mut self,
        case: &str,
        signer: Signer,
        name: &str,
        salt: [u8; 32],
        parents: Vec<ParentRequest>,
    ) -> Result<ModelId, CliError> {
        let draft = self.draft(name, format!("ipfs://modelmint-bench/{name}/card.md"), parents);
        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        self.bench
            .measure(case, signer, ("registry", "register"), &registry.register(draft, salt), 0)
            .await
    }

    /// The demo's story, with every state-changing message measured once.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn story(&mut self) -> Result<(), CliError> {
        use Signer::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
        self.bench.stage(
            "realistic scenario: every state-changing message dry-run, then submitted",
            None,
        );
        let at = self.at.clone();
        let mut registry = ink_e2e::create_call_builder::<Registry>(at.registry);
        let mut licensing = ink_e2e::create_call_builder::<Licensing>(at.licensing);
        let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(at.royalties);
        let mut gateway = ink_e2e::create_call_builder::<Gateway>(at.gateway);
        let mut deposit_to: RoyaltiesRef = at.royalties.into();
        let mut token: Psp34Ref = at.registry.into();

        // Each registrant first commits to its content root; the reveal comes
        // at least one block later (the commits themselves seal those blocks).
        let base_salt =
            self.commit_measured("commitment to the original model", Alice, "bench-base").await?;
        let tune_salt = self
            .commit_measured("commitment to a derivative (fine-tune)", Bob, "bench-fine-tune")
            .await?;
        let distilled_salt = self
            .commit_measured(
                "commitment to a derivative (distillation)",
                Charlie,
                "bench-distilled",
            )
            .await?;
        let base = self
            .register_measured("original model", Alice, "bench-base", base_salt, vec![])
            .await?;
        let bench = &mut *self.bench;
        let base_offer = bench
            .measure(
                "original, 30-day offer with derivative royalty",
                Alice,
                ("licensing", "create_offer"),
                &licensing.create_offer(
                    base,
                    offer_terms(
                        BASE_PRICE,
                        &[Use::Research, Use::CommercialInference, Use::FineTuning],
                        Some(1000),
                    ),
                ),
                0,
            )
            .await?;
        let bob_license = bench
            .measure(
                crate::report::BUY_CASE,
                Bob,
                ("licensing", "buy"),
                &licensing.buy(base_offer, BASE_PRICE),
                BASE_PRICE,
            )
            .await?;

        let tune = self
            .register_measured(
                "derivative, right from a license",
                Bob,
                "bench-fine-tune",
                tune_salt,
                vec![ParentRequest {
                    model: base,
                    relation: Relation::FineTune,
                    max_royalty_bps: 1000,
                }],
            )
            .await?;
        self.bench
            .measure(
                "owner approves Charlie for 5 %",
                Alice,
                ("registry", "approve_derivative"),
                &registry.approve_derivative(base, Charlie.account(), Some(500)),
                0,
            )
            .await?;
        let approved = self
            .register_measured(
                "derivative, right from an approval",
                Charlie,
                "bench-distilled",
                distilled_salt,
                vec![ParentRequest {
                    model: base,
                    relation: Relation::Distillation,
                    max_royalty_bps: 500,
                }],
            )
            .await?;
        let bench = &mut *self.bench;
        bench
            .measure(
                "owner replaces the model card",
                Alice,
                ("registry", "set_uri"),
                &registry.set_uri(base, "ipfs://modelmint-bench/bench-base/card-v2.md".into()),
                0,
            )
            .await?;

        let split = vec![
            Recipient { account: Bob.account(), share: 700_000 },
            Recipient { account: Dave.account(), share: 300_000 },
        ];
        bench
            .measure(
                "2 recipients (70/30)",
                Bob,
                ("royalties", "set_split"),
                &royalties.set_split(tune, split),
                0,
            )
            .await?;
        bench
            .measure(
                "recipient accepts the split (Dave)",
                Dave,
                ("royalties", "accept_split"),
                &royalties.accept_split(tune),
                0,
            )
            .await?;
        bench.call(Bob, ("royalties", "accept_split"), &royalties.accept_split(tune), 0).await?;
        let tune_offer = bench
            .measure(
                "derivative, inference only",
                Bob,
                ("licensing", "create_offer"),
                &licensing
                    .create_offer(tune, offer_terms(TUNE_PRICE, &[Use::CommercialInference], None)),
                0,
            )
            .await?;
        let charlie_license = bench
            .measure(
                "derivative: upstream share + 2-way split",
                Charlie,
                ("licensing", "buy"),
                &licensing.buy(tune_offer, TUNE_PRICE),
                TUNE_PRICE,
            )
            .await?;
        bench
            .measure(
                "derivative license, one more period",
                Charlie,
                ("licensing", "renew"),
                &licensing.renew(charlie_license, TUNE_PRICE),
                TUNE_PRICE,
            )
            .await?;
        bench
            .measure(
                "original license, one more period",
                Bob,
                ("licensing", "renew"),
                &licensing.renew(bob_license, BASE_PRICE),
                BASE_PRICE,
            )
            .await?;
        bench
            .measure(
                "Charlie offers to Eve",
                Charlie,
                ("licensing", "transfer_license"),
                &licensing.transfer_license(charlie_license, Some(Eve.account())),
                0,
            )
            .await?;
        bench
            .measure(
                "Eve accepts",
                Eve,
                ("licensing", "accept_license"),
                &licensing.accept_license(charlie_license),
                0,
            )
            .await?;

        bench
            .measure(
                "direct payment, derivative with 2-way split",
                Ferdie,
                ("royalties", "Royalties::deposit"),
                &deposit_to.call_mut().deposit(tune),
                UNIT,
            )
            .await?;
        bench
            .measure(
                "derivative's pending money, 2 recipients",
                Ferdie,
                ("royalties", "distribute"),
                &royalties.distribute(tune),
                0,
            )
            .await?;
        bench
            .measure(
                "recipient of one split (Dave)",
                Dave,
                ("royalties", "withdraw"),
                &royalties.withdraw(),
                0,
            )
            .await?;
        bench
            .measure(
                "owner without split, upstream credits (Alice)",
                Alice,
                ("royalties", "withdraw"),
                &royalties.withdraw(),
                0,
            )
            .await?;
        bench
            .call(
                Ferdie,
                ("royalties", "Royalties::deposit"),
                &deposit_to.call_mut().deposit(tune),
                UNIT,
            )
            .await?;
        bench
            .measure(
                "recipient leaves a 2-way split (Dave)",
                Dave,
                ("royalties", "leave_split"),
                &royalties.leave_split(tune),
                0,
            )
            .await?;
        bench
            .measure(
                "owner removes the split",
                Bob,
                ("royalties", "clear_split"),
                &royalties.clear_split(tune),
                0,
            )
            .await?;
        bench
            .measure(
                "anyone pays a recipient out (Ferdie for Dave)",
                Ferdie,
                ("royalties", "withdraw_for"),
                &royalties.withdraw_for(Dave.account()),
                0,
            )
            .await?;

        // The inference gateway: its operator (the deployer) serves the base
        // model, and Bob, licensed for commercial inference, sends a request
        // with its fee.
        let fee = UNIT / 100;
        bench
            .measure(
                "operator serves the base model",
                Alice,
                ("gateway", "set_fee"),
                &gateway.set_fee(base, Some(fee)),
                0,
            )
            .await?;
        bench
            .measure(
                "licensed request, fee to royalties",
                Bob,
                ("gateway", "infer"),
                &gateway.infer(base, sha256(b"bench request")),
                fee,
            )
            .await?;

        // A commitment given up, and a dispute raised, ruled on and cleared.
        let (abandoned, _salt) = self.commitment(Eve, "bench-abandoned")?;
        let bench = &mut *self.bench;
        bench.call(Eve, ("registry", "commit"), &registry.commit(abandoned), 0).await?;
        bench
            .measure(
                "committer takes its deposit back",
                Eve,
                ("registry", "cancel_commitment"),
                &registry.cancel_commitment(abandoned),
                0,
            )
            .await?;
        let dispute_deposit =
            bench.query(("registry", "dispute_deposit"), &registry.dispute_deposit()).await?;
        let dispute = bench
            .measure(
                "claimant disputes a model",
                Eve,
                ("registry", "raise_dispute"),
                &registry.raise_dispute(
                    approved,
                    sha256(b"bench evidence"),
                    "ipfs://modelmint-bench/evidence.md".into(),
                ),
                dispute_deposit,
            )
            .await?;
        bench
            .measure(
                "arbiter dismisses the claim",
                Ferdie,
                ("registry", "resolve_dispute"),
                &registry.resolve_dispute(dispute, Ruling::Dismiss),
                0,
            )
            .await?;
        bench
            .measure(
                "claimant clears its ruled dispute",
                Eve,
                ("registry", "clear_dispute"),
                &registry.clear_dispute(dispute),
                0,
            )
            .await?;

        // An approval declined by the account it names, and a license given up.
        bench
            .call(
                Alice,
                ("registry", "approve_derivative"),
                &registry.approve_derivative(base, Eve.account(), Some(500)),
                0,
            )
            .await?;
        bench
            .measure(
                "the approved account declines",
                Eve,
                ("registry", "decline_derivative_approval"),
                &registry.decline_derivative_approval(base),
                0,
            )
            .await?;
        bench
            .measure(
                "the holder gives up a license (Eve)",
                Eve,
                ("licensing", "release_license"),
                &licensing.release_license(charlie_license),
                0,
            )
            .await?;

        bench
            .measure(
                "owner approves an operator for one token",
                Bob,
                ("registry", "PSP34::approve"),
                &token.call_mut().approve(Eve.account(), Some(Id::U64(tune)), true),
                0,
            )
            .await?;
        bench
            .measure(
                "owner transfers the token",
                Charlie,
                ("registry", "PSP34::transfer"),
                &token.call_mut().transfer(Ferdie.account(), Id::U64(approved), Vec::new()),
                0,
            )
            .await?;
        bench
            .measure(
                "pause an offer",
                Alice,
                ("licensing", "set_offer_state"),
                &licensing.set_offer_state(base_offer, OfferState::Paused),
                0,
            )
            .await?;
        bench
            .measure(
                "deprecate a model",
                Alice,
                ("registry", "set_status"),
                &registry.set_status(base, ModelStatus::Deprecated),
                0,
            )
            .await?;
        bench
            .measure(
                "freeze a model's metadata",
                Alice,
                ("registry", "freeze_metadata"),
                &registry.freeze_metadata(base),
                0,
            )
            .await?;
        Ok(())
    }

    /// `Royalties::deposit` (and `set_split`, `distribute`) with 1, 8 and 32
    /// split recipients, one fresh model of Alice's each; Ferdie deposits 1
    /// unit twice, then distributes.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn deposit_scaling(&mut self) -> Result<(), CliError> {
        use Signer::{Alice, Ferdie};
        self.bench.stage(
            "Royalties::deposit with 1, 8 and 32 split recipients (one fresh model each)",
            None,
        );
        let mut salts = Vec::new();
        for n in DEPOSIT_SIZES {
            salts.push(
                self.commit_measured(
                    &format!("split model {n}"),
                    Alice,
                    &format!("bench-split-{n}"),
                )
                .await?,
            );
        }
        let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(self.at.royalties);
        let mut deposit_to: RoyaltiesRef = self.at.royalties.into();
        for (n, salt) in DEPOSIT_SIZES.into_iter().zip(salts) {
            let model = self
                .register_measured(
                    &format!("split model {n}"),
                    Alice,
                    &format!("bench-split-{n}"),
                    salt,
                    vec![],
                )
                .await?;
            let case = format!("{n} recipients");
            let bench = &mut *self.bench;
            bench
                .measure(
                    &case,
                    Alice,
                    ("royalties", "set_split"),
                    &royalties.set_split(model, recipients(n)),
                    0,
                )
                .await?;
            let deposit = deposit_to.call_mut().deposit(model);
            bench
                .measure(&case, Ferdie, ("royalties", "Royalties::deposit"), &deposit, UNIT)
                .await?;
            bench
                .measure(
                    &format!("{case}, second deposit"),
                    Ferdie,
                    ("royalties", "Royalties::deposit"),
                    &deposit,
                    UNIT,
                )
                .await?;
            bench
                .measure(
                    &case,
                    Ferdie,
                    ("royalties", "distribute"),
                    &royalties.distribute(model),
                    0,
                )
                .await?;
        }
        Ok(())
    }

    /// The weight of `withdraw` grows with the splits the caller accepted,
    /// each with money to take: Dave is listed in the splits of 1, 8, 32, then
    /// 64 fresh models of Alice's, each split the largest allowed (Dave and 31
    /// accounts, 1/32 each), and accepts each; 1 unit is deposited for each,
    /// and Dave's withdrawal, which takes his part of all of them (and writes
    /// only his own cells), is measured. 64 × 32 is the worst case.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn withdraw_scaling(&mut self) -> Result<(), CliError> {
        use Signer::{Alice, Dave, Ferdie};
        let last = WITHDRAW_MEMBERSHIPS[WITHDRAW_MEMBERSHIPS.len() - 1];
        let deposits: usize = WITHDRAW_MEMBERSHIPS.iter().sum();
        let steps = 4 * last + deposits + WITHDRAW_MEMBERSHIPS.len();
        self.bench.stage(
            "royalties.withdraw with 1, 8, 32 and 64 memberships of 32-recipient splits",
            u64::try_from(steps).ok(),
        );
        let share = 1_000_000 / 32;
        let mut split = vec![Recipient { account: Dave.account(), share }];
        split.extend(recipients(31).into_iter().map(|recipient| Recipient { share, ..recipient }));

        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        let mut salts = Vec::new();
        self.bench.doing("Alice commits to 64 models");
        for i in 1..=last {
            let (commitment, salt) = self.commitment(Alice, &format!("withdraw-{i}"))?;
            self.bench.call(Alice, ("registry", "commit"), &registry.commit(commitment), 0).await?;
            self.bench.step();
            salts.push(salt);
        }
        self.bench.doing("Alice registers them");
        let mut models = Vec::new();
        for (i, salt) in (1..=last).zip(salts) {
            let name = format!("withdraw-{i}");
            let draft = self.draft(&name, format!("ipfs://modelmint-bench/{name}"), vec![]);
            let model = self
                .bench
                .call(Alice, ("registry", "register"), &registry.register(draft, salt), 0)
                .await?;
            self.bench.step();
            models.push(model);
        }

        let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(self.at.royalties);
        let mut deposit_to: RoyaltiesRef = self.at.royalties.into();
        let bench = &mut *self.bench;
        let mut listed = 0;
        for n in WITHDRAW_MEMBERSHIPS {
            // Dave joins splits until he is listed in exactly n of them.
            bench.doing(format!("Dave joins splits up to {n}"));
            for &model in &models[listed..n] {
                bench
                    .call(
                        Alice,
                        ("royalties", "set_split"),
                        &royalties.set_split(model, split.clone()),
                        0,
                    )
                    .await?;
                bench
                    .call(Dave, ("royalties", "accept_split"), &royalties.accept_split(model), 0)
                    .await?;
                bench.step();
                bench.step();
            }
            listed = n;
            bench.doing(format!("Ferdie deposits for {n} models"));
            for &model in &models[..n] {
                bench
                    .call(
                        Ferdie,
                        ("royalties", "Royalties::deposit"),
                        &deposit_to.call_mut().deposit(model),
                        UNIT,
                    )
                    .await?;
                bench.step();
            }
            bench
                .measure(
                    &format!("{n} memberships"),
                    Dave,
                    ("royalties", "withdraw"),
                    &royalties.withdraw(),
                    0,
                )
                .await?;
            bench.step();
        }
        Ok(())
    }

    /// The administration, one implementation in every contract, measured on
    /// each of them (their code sizes differ, and with them the weights):
    /// a registry and a royalties contract instantiated here get their one
    /// immediate wiring (`Admin::wire`; licensing and the gateway are wired by
    /// their constructors, see [`crate::report::ONLY_REFUSED`]); then, on each
    /// deployed contract, a pause and a resume, a rewiring scheduled and
    /// cancelled, one scheduled and executed (to the same links: the bench
    /// deployment has no timelock), for royalties a sweep of money sent to it
    /// outside any split, and a hand-over to Bob, who renounces. It runs last:
    /// every contract ends without an administrator.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn administration(&mut self) -> Result<(), CliError> {
        use Signer::Alice;
        let at = self.at.clone();
        let bench = &mut *self.bench;
        bench.stage(
            "administration: the first wiring, then every contract's admin messages",
            Some(6),
        );
        let registry = ink_e2e::create_call_builder::<Registry>(at.registry);
        let commit_window =
            bench.query(("registry", "commit_window"), &registry.commit_window()).await?;
        let dispute_deposit =
            bench.query(("registry", "dispute_deposit"), &registry.dispute_deposit()).await?;
        let (fresh_registry, _) = instantiate::<RegistryError, _, _, _>(
            bench.client(),
            &Alice.keypair(),
            "registry",
            &mut RegistryRef::new(Timelock::Disabled, commit_window, dispute_deposit),
        )
        .await?;
        let (fresh_royalties, _) = instantiate::<AdminError, _, _, _>(
            bench.client(),
            &Alice.keypair(),
            "royalties",
            &mut RoyaltiesContractRef::new(Timelock::Disabled),
        )
        .await?;
        for (contract, fresh, deployed) in [
            ("registry", fresh_registry, at.registry),
            ("royalties", fresh_royalties, at.royalties),
        ] {
            let wiring = Self::wiring_of(bench, contract, deployed).await?;
            let mut admin: AdminRef = fresh.into();
            bench
                .measure(
                    "complete a deployment: the one immediate wiring",
                    Alice,
                    (contract, "Admin::wire"),
                    &admin.call_mut().wire(wiring),
                    0,
                )
                .await?;
            bench.step();
        }
        for (contract, address) in [
            ("registry", at.registry),
            ("licensing", at.licensing),
            ("royalties", at.royalties),
            ("gateway", at.gateway),
        ] {
            self.administer(contract, address).await?;
            self.bench.step();
        }
        Ok(())
    }

    /// The wiring of the deployed `contract` at `address`.
    async fn wiring_of(
        bench: &mut Bench,
        contract: &'static str,
        address: AccountId,
    ) -> Result<Wiring, CliError> {
        let admin: AdminRef = address.into();
        Ok(bench.query((contract, "Admin::admin_state"), &admin.call().admin_state()).await?.wiring)
    }

    /// Every administration message of `contract` at `address`, measured (see
    /// [`Self::administration`]).
    async fn administer(
        &mut self,
        contract: &'static str,
        address: AccountId,
    ) -> Result<(), CliError> {
        use Signer::{Alice, Bob};
        let bench = &mut *self.bench;
        let mut admin: AdminRef = address.into();
        let paused = (contract, "Admin::set_paused");
        bench.measure("pause", Alice, paused, &admin.call_mut().set_paused(true), 0).await?;
        bench.measure("resume", Alice, paused, &admin.call_mut().set_paused(false), 0).await?;
        let rewire =
            AdminAction::Rewire { wiring: Self::wiring_of(bench, contract, address).await? };
        let schedule = (contract, "Admin::schedule");
        bench
            .measure("schedule a rewiring", Alice, schedule, &admin.call_mut().schedule(rewire), 0)
            .await?;
        bench
            .measure(
                "cancel it",
                Alice,
                (contract, "Admin::cancel_scheduled"),
                &admin.call_mut().cancel_scheduled(),
                0,
            )
            .await?;
        bench.call(Alice, schedule, &admin.call_mut().schedule(rewire), 0).await?;
        bench
            .measure(
                "execute a rewiring to the same links",
                Alice,
                (contract, "Admin::execute_scheduled"),
                &admin.call_mut().execute_scheduled(),
                0,
            )
            .await?;
        if contract == "royalties" {
            // Money sent to the contract outside any split is surplus: only
            // the administrator can move it, and only it.
            modelmint_cli::transfer(bench.client(), &Signer::Dave.keypair(), &address, UNIT)
                .await?;
            let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(address);
            bench
                .measure(
                    "sweep money sent outside any split",
                    Alice,
                    ("royalties", "sweep"),
                    &royalties.sweep(Alice.account()),
                    0,
                )
                .await?;
        }
        // The administrator hands over (two steps), and the successor renounces.
        bench
            .measure(
                "propose a successor (Bob)",
                Alice,
                (contract, "Admin::propose_admin"),
                &admin.call_mut().propose_admin(Some(Bob.account())),
                0,
            )
            .await?;
        bench
            .measure(
                "the successor accepts",
                Bob,
                (contract, "Admin::accept_admin"),
                &admin.call_mut().accept_admin(),
                0,
            )
            .await?;
        bench
            .measure(
                "the administrator renounces",
                Bob,
                (contract, "Admin::renounce_admin"),
                &admin.call_mut().renounce_admin(),
                0,
            )
            .await?;
        Ok(())
    }
}
