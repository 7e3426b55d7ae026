//! What the benchmark does on the chain: the demo's story with every
//! state-changing message of the registry, the market and the gateway
//! measured once (this module), `Royalties::deposit` against split size and
//! `withdraw` against split memberships ([`crate::scaling`]), and every
//! contract's administration ([`crate::administration`]).
//!
//! The market is one address with two codes: `buy`, `renew`, `deposit`,
//! `deposit_use` and the license checks run in its own code; every other
//! message is forwarded to its desk by delegate call, so its figures include
//! the desk's code and one delegate frame.

use crate::report::UNIT;
use crate::runner::{Bench, Signer};
use crate::targets::{
    BUY_CASE, BUY_DERIVATIVE_CASE, BUY_HOLDER_CASE, RENEW_CASE, RESYNC_CASE, TRANSFER_CASE,
    TRANSFER_SETTLING_CASE,
};
use ink::codegen::TraitCallBuilder;
use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use modelmint_cli::CliError;
use modelmint_common::licensing::{LegalText, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::registry::registration_commitment;
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_common::{Bps, LicenseId, ModelId, ModelStatus, OfferId, Relation};
use modelmint_gateway::Gateway;
use modelmint_market::{Market, OfferState, OfferTerms};
use modelmint_registry::{ModelDraft, ParentRequest, Registry, Ruling};
use serde_json::Value;
use std::path::Path;

/// A plain original model's price.
pub const BASE_PRICE: u128 = 5 * UNIT;
/// The fine-tune's price.
const TUNE_PRICE: u128 = 10 * UNIT;
const THIRTY_DAYS_MS: u64 = 30 * 24 * 3600 * 1000;
/// How many licenses of the model the buyer of [`BUY_HOLDER_CASE`] holds.
const HELD: usize = 7;

pub(crate) type AdminRef = ink::contract_ref!(modelmint_common::admin::Admin, DefaultEnvironment);
pub(crate) type RoyaltiesRef = ink::contract_ref!(Royalties, DefaultEnvironment);
type Psp34Ref = ink::contract_ref!(PSP34, DefaultEnvironment);

/// sha256 of `bytes`.
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Sha2x256>(bytes, &mut out);
    out
}

/// A split of `n` distinct accounts with equal shares (ppm). The accounts
/// never sign, so any 32 bytes will do: hashes of their number.
pub(crate) fn recipients(n: u32) -> Vec<Recipient> {
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
        license: LicenseTerms { uses: UseSet::of(uses), derivative_royalty, transferable: true },
        legal: LegalText {
            hash: sha256(b"ModelMint commercial license v1"),
            uri: "ipfs://modelmint/legal/commercial-v1.md".into(),
        },
    }
}

/// The deployed contracts, from the deployment manifest
/// (`deployments/<network>.json`: `contracts.<name>.address`).
#[derive(Clone, Debug)]
pub struct Stack {
    pub registry: AccountId,
    pub market: AccountId,
    pub gateway: AccountId,
}

impl Stack {
    /// The addresses `manifest` (read from `path`) records.
    ///
    /// # Errors
    /// [`CliError::Input`] if one is missing, [`CliError::BadAddress`].
    pub fn read(manifest: &Value, path: &Path) -> Result<Self, CliError> {
        let address = |name: &str| {
            let text = manifest["contracts"][name]["address"].as_str().ok_or_else(|| {
                CliError::Input(format!("{} records no address of {name}", path.display()))
            })?;
            modelmint_cli::parse_account(text)
        };
        Ok(Self {
            registry: address("registry")?,
            market: address("market")?,
            gateway: address("gateway")?,
        })
    }
}

/// The models, offers and licenses of the story, as they are made.
struct Story {
    base: ModelId,
    tune: ModelId,
    approved: ModelId,
    base_offer: OfferId,
    charlie_license: LicenseId,
}

/// The scenario on one deployment.
pub struct Scenario<'a> {
    pub(crate) bench: &'a mut Bench,
    pub(crate) at: Stack,
    /// Makes this run's content roots its own: a chain may be reused.
    run: u128,
}

impl<'a> Scenario<'a> {
    /// The scenario on the contracts of `at`.
    pub fn new(bench: &'a mut Bench, at: Stack) -> Self {
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
    pub(crate) fn commitment(
        &self,
        signer: Signer,
        name: &str,
    ) -> Result<([u8; 32], [u8; 32]), CliError> {
        let mut salt = [0u8; 32];
        getrandom::getrandom(&mut salt)
            .map_err(|error| CliError::Other(format!("no randomness for a salt: {error}")))?;
        Ok((registration_commitment(&self.root_of(name), &signer.account(), &salt), salt))
    }

    /// `signer` commits (measured) to registering `name`; returns the salt.
    pub(crate) async fn commit_measured(
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
    pub(crate) fn draft(&self, name: &str, uri: String, parents: Vec<ParentRequest>) -> ModelDraft {
        ModelDraft {
            hash: self.root_of(name),
            kind: modelmint_common::AssetKind::Model,
            name: name.into(),
            version: "v1".into(),
            uri,
            previous_version: None,
            parents,
        }
    }

    /// `signer` registers (measured) the model `name`, revealing the
    /// commitment made with `salt`; returns its id.
    pub(crate) async fn register_measured(
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
        self.bench.stage(
            "realistic scenario: every state-changing message dry-run, then submitted",
            None,
        );
        let story = self.registrations_and_sales().await?;
        self.licenses_and_payments(&story).await?;
        self.gateway_and_disputes(&story).await?;
        self.tokens_and_rulings(&story).await
    }

    /// Alice registers a model and sells Bob a license; Bob registers a
    /// fine-tune, Charlie (approved by Alice) a distillation; Bob splits the
    /// fine-tune with Dave and sells Charlie a license of it; both renew, and
    /// Ferdie buys an eighth license of Alice's model.
    async fn registrations_and_sales(&mut self) -> Result<Story, CliError> {
        use Signer::{Alice, Bob, Charlie, Dave, Ferdie};
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
        let mut market = ink_e2e::create_call_builder::<Market>(self.at.market);
        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        let uses = [Use::Research, Use::CommercialInference, Use::FineTuning];
        let base_offer = self
            .bench
            .measure(
                "original, 30-day offer with derivative royalty",
                Alice,
                ("market", "create_offer"),
                &market.create_offer(base, offer_terms(BASE_PRICE, &uses, Some(1000))),
                0,
            )
            .await?;
        let buy_base = market.buy(base, base_offer, BASE_PRICE);
        let bob_license =
            self.bench.measure(BUY_CASE, Bob, ("market", "buy"), &buy_base, BASE_PRICE).await?;

        let fine_tune =
            ParentRequest { model: base, relation: Relation::FineTune, max_royalty_bps: 1000 };
        let tune = self
            .register_measured(
                "derivative, right from a license",
                Bob,
                "bench-fine-tune",
                tune_salt,
                vec![fine_tune],
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
        let distillation =
            ParentRequest { model: base, relation: Relation::Distillation, max_royalty_bps: 500 };
        let approved = self
            .register_measured(
                "derivative, right from an approval",
                Charlie,
                "bench-distilled",
                distilled_salt,
                vec![distillation],
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
                ("market", "set_split"),
                &market.set_split(tune, split),
                0,
            )
            .await?;
        bench
            .measure(
                "recipient accepts the split (Dave)",
                Dave,
                ("market", "accept_split"),
                &market.accept_split(tune),
                0,
            )
            .await?;
        bench.call(Bob, ("market", "accept_split"), &market.accept_split(tune), 0).await?;
        let tune_terms = offer_terms(TUNE_PRICE, &[Use::CommercialInference], None);
        let tune_offer = bench
            .measure(
                "derivative, inference only",
                Bob,
                ("market", "create_offer"),
                &market.create_offer(tune, tune_terms),
                0,
            )
            .await?;
        let buy_tune = market.buy(tune, tune_offer, TUNE_PRICE);
        let charlie_license = bench
            .measure(BUY_DERIVATIVE_CASE, Charlie, ("market", "buy"), &buy_tune, TUNE_PRICE)
            .await?;
        bench
            .measure(
                "derivative license, one more period",
                Charlie,
                ("market", "renew"),
                &market.renew(charlie_license, TUNE_PRICE),
                TUNE_PRICE,
            )
            .await?;
        bench
            .measure(
                RENEW_CASE,
                Bob,
                ("market", "renew"),
                &market.renew(bob_license, BASE_PRICE),
                BASE_PRICE,
            )
            .await?;
        // A buyer who already holds seven licenses of the model buys an
        // eighth: each is an entry of the list the purchase reads and writes.
        bench.doing(format!("Ferdie buys {HELD} licenses of the original model"));
        for _ in 0..HELD {
            bench.call(Ferdie, ("market", "buy"), &buy_base, BASE_PRICE).await?;
        }
        bench.measure(BUY_HOLDER_CASE, Ferdie, ("market", "buy"), &buy_base, BASE_PRICE).await?;
        Ok(Story { base, tune, approved, base_offer, charlie_license })
    }

    /// A license handed on; payments to the split fine-tune, its distribution
    /// and withdrawals; the split left and removed; a paid use.
    async fn licenses_and_payments(&mut self, story: &Story) -> Result<(), CliError> {
        use Signer::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
        let Story { base, tune, charlie_license, .. } = *story;
        let mut market = ink_e2e::create_call_builder::<Market>(self.at.market);
        let mut pay: RoyaltiesRef = self.at.market.into();
        let bench = &mut *self.bench;
        bench
            .measure(
                "Charlie offers to Eve",
                Charlie,
                ("market", "transfer_license"),
                &market.transfer_license(charlie_license, Some(Eve.account())),
                0,
            )
            .await?;
        bench
            .measure(
                "Eve accepts",
                Eve,
                ("market", "accept_license"),
                &market.accept_license(charlie_license),
                0,
            )
            .await?;

        let deposit = pay.call_mut().deposit(tune);
        let deposit_label = ("market", "Royalties::deposit");
        let direct = "direct payment, derivative with 2-way split";
        bench.measure(direct, Ferdie, deposit_label, &deposit, UNIT).await?;
        bench
            .measure(
                "derivative's pending money, 2 recipients",
                Ferdie,
                ("market", "distribute"),
                &market.distribute(tune),
                0,
            )
            .await?;
        bench
            .measure(
                "recipient of one split (Dave)",
                Dave,
                ("market", "withdraw"),
                &market.withdraw(Vec::new()),
                0,
            )
            .await?;
        bench
            .measure(
                "owner without split collects its model's round and upstream credits (Alice)",
                Alice,
                ("market", "withdraw"),
                &market.withdraw(vec![base]),
                0,
            )
            .await?;
        bench.call(Ferdie, deposit_label, &deposit, UNIT).await?;
        bench
            .measure(
                "recipient leaves a 2-way split (Dave)",
                Dave,
                ("market", "leave_split"),
                &market.leave_split(tune),
                0,
            )
            .await?;
        bench
            .measure(
                "owner removes the split",
                Bob,
                ("market", "clear_split"),
                &market.clear_split(tune),
                0,
            )
            .await?;
        bench
            .measure(
                "anyone pays a recipient out (Ferdie for Dave)",
                Ferdie,
                ("market", "withdraw_for"),
                &market.withdraw_for(Dave.account(), Vec::new()),
                0,
            )
            .await?;
        bench
            .measure(
                "a service pays for a licensed use (Ferdie for Bob's research)",
                Ferdie,
                ("market", "Royalties::deposit_use"),
                &pay.call_mut().deposit_use(base, Bob.account(), Use::Research),
                UNIT / 100,
            )
            .await?;
        Ok(())
    }

    /// The inference gateway; a commitment given up; a dispute raised,
    /// dismissed and cleared; an approval declined and a license given up.
    async fn gateway_and_disputes(&mut self, story: &Story) -> Result<(), CliError> {
        use Signer::{Alice, Bob, Eve, Ferdie};
        let Story { base, approved, charlie_license, .. } = *story;
        let mut gateway = ink_e2e::create_call_builder::<Gateway>(self.at.gateway);
        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        let mut market = ink_e2e::create_call_builder::<Market>(self.at.market);
        // Its operator (the deployer) serves the base model, and Bob, licensed
        // for commercial inference, sends a request with its fee.
        let fee = UNIT / 100;
        self.bench
            .measure(
                "operator serves the base model",
                Alice,
                ("gateway", "set_fee"),
                &gateway.set_fee(base, Some(fee)),
                0,
            )
            .await?;
        self.bench
            .measure(
                "licensed request, fee to the market in one call",
                Bob,
                ("gateway", "infer"),
                &gateway.infer(base, sha256(b"bench request")),
                fee,
            )
            .await?;

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
        let evidence = "ipfs://modelmint-bench/evidence.md";
        let dispute = bench
            .measure(
                "claimant disputes a model",
                Eve,
                ("registry", "raise_dispute"),
                &registry.raise_dispute(approved, sha256(b"bench evidence"), evidence.into()),
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

        let approve = registry.approve_derivative(base, Eve.account(), Some(500));
        bench.call(Alice, ("registry", "approve_derivative"), &approve, 0).await?;
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
                ("market", "release_license"),
                &market.release_license(charlie_license),
                0,
            )
            .await?;
        Ok(())
    }

    /// Token approvals and transfers (each pushing to the market), an offer
    /// paused, a model deprecated and frozen, a record pushed again, and a
    /// dispute upheld with a reassignment that voids the loser's licenses.
    async fn tokens_and_rulings(&mut self, story: &Story) -> Result<(), CliError> {
        use Signer::{Alice, Bob, Charlie, Eve, Ferdie};
        let Story { base, tune, approved, base_offer, .. } = *story;
        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        let mut market = ink_e2e::create_call_builder::<Market>(self.at.market);
        let mut token: Psp34Ref = self.at.registry.into();
        let bench = &mut *self.bench;
        bench
            .measure(
                "owner approves an operator for one token",
                Bob,
                ("registry", "PSP34::approve"),
                &token.call_mut().approve(Eve.account(), Some(Id::U64(tune)), true),
                0,
            )
            .await?;
        let transfer = ("registry", "PSP34::transfer");
        let move_approved = token.call_mut().transfer(Ferdie.account(), Id::U64(approved), vec![]);
        bench.measure(TRANSFER_CASE, Charlie, transfer, &move_approved, 0).await?;
        bench
            .measure(
                "pause an offer",
                Alice,
                ("market", "set_offer_state"),
                &market.set_offer_state(base_offer, OfferState::Paused),
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
        // The base model has earned the gateway's fee and the paid use since
        // Alice last collected: its sale ends that round.
        let pending = bench.query(("market", "pending_of"), &market.pending_of(base)).await?;
        if pending == 0 {
            return Err(CliError::Other(format!(
                "the transfer case \"{TRANSFER_SETTLING_CASE}\" needs revenue to settle, and model {base} has none"
            )));
        }
        let sell_base = token.call_mut().transfer(Eve.account(), Id::U64(base), vec![]);
        bench.measure(TRANSFER_SETTLING_CASE, Alice, transfer, &sell_base, 0).await?;
        bench
            .measure(RESYNC_CASE, Ferdie, ("registry", "resync"), &registry.resync(base), 0)
            .await?;

        let dispute_deposit =
            bench.query(("registry", "dispute_deposit"), &registry.dispute_deposit()).await?;
        let claim = registry.raise_dispute(
            tune,
            sha256(b"bench evidence: squatted"),
            "ipfs://modelmint-bench/evidence-squatted.md".into(),
        );
        let dispute =
            bench.call(Eve, ("registry", "raise_dispute"), &claim, dispute_deposit).await?;
        let ruling = Ruling::Uphold { reassign: true, void_from: Some(0) };
        bench
            .measure(
                "arbiter upholds the claim, reassigns the model and voids the licenses sold before",
                Ferdie,
                ("registry", "resolve_dispute"),
                &registry.resolve_dispute(dispute, ruling),
                0,
            )
            .await?;
        Ok(())
    }
}
