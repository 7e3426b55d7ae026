//! `modelmint`: the command line for publishers, licensees and recipients of
//! ModelMint contracts. Run `modelmint --help`.

use clap::{Parser, Subcommand, ValueEnum};
use ink::codegen::TraitCallBuilder;

use ink::primitives::AccountId;
use ink_e2e::Keypair;
use modelmint_cli::{
    best_block, connect, deploy, dry_run, errors::link_name, find_event, free_balance,
    parse_account, refused, send, send_for_event, send_in_next_block, signer_from_suri, ss58,
    submit_for_event, utc, CliError, Client, Deployment, Receipt,
};
use modelmint_common::admin::events::ActionScheduled;
use modelmint_common::admin::{Admin, AdminAction, AdminView, Link, Wiring};
use modelmint_common::licensing::{LicenseCheck, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::ModelRegistry;
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, LicenseId, ModelId, ModelStatus, OfferId, Relation};
use modelmint_hash::{hash_path, HashOptions, TerminalProgress};
use modelmint_licensing::{LicensePurchased, Licensing, OfferCreated, OfferState, OfferTerms};
use modelmint_registry::{ModelDraft, ModelRegistered, ParentRequest, Registry, RegistryError};
use modelmint_royalties::RoyaltiesContract;
use serde_json::json;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Gas for a reveal sent without a successful dry run: well above what a
/// registration with the most parents costs (BENCHMARKS.md); unused gas is
/// refunded.
const REGISTER_GAS_LIMIT: sp_weights::Weight =
    sp_weights::Weight::from_parts(50_000_000_000, 4 << 20);

#[derive(Parser)]
#[command(
    name = "modelmint",
    version,
    about = "Register AI models, sell and buy licenses, collect royalties on ModelMint contracts."
)]
struct Cli {
    /// WebSocket URL of the node.
    #[arg(long, global = true, env = "MODELMINT_URL", default_value = "ws://127.0.0.1:9944")]
    url: String,
    /// Secret URI of the signing account (a mnemonic, a 0x seed, or //Alice on
    /// a dev chain). Prefer MODELMINT_SURI: it is never printed.
    #[arg(long, global = true, env = "MODELMINT_SURI", hide_env_values = true)]
    suri: Option<String>,
    /// The deployment manifest scripts/deploy.sh wrote.
    #[arg(
        long,
        global = true,
        env = "MODELMINT_DEPLOYMENT",
        default_value = "deployments/local.json"
    )]
    deployment: PathBuf,
    /// Print results as JSON on standard output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: TopCommand,
}

#[derive(Subcommand)]
enum TopCommand {
    /// Instantiate every contract from the cargo-contract artifacts (or reuse
    /// the recorded deployment if its code and settings are unchanged), wire
    /// them, and write deployments/NETWORK.json.
    Deploy(DeployArgs),
    #[command(flatten)]
    Deployed(Command),
}

#[derive(clap::Args)]
struct DeployArgs {
    /// The deployment's name (default: "local" for a loopback URL, else the URL's host).
    #[arg(long)]
    network: Option<String>,
    /// Instantiate anew even if the recorded deployment could be reused.
    #[arg(long)]
    redeploy: bool,
    /// Upgrades and rewiring wait this many milliseconds after they are scheduled.
    #[arg(long, default_value_t = 172_800_000, conflicts_with = "no_timelock")]
    timelock_ms: u64,
    /// No timelock: for local dev chains only, asked for by name.
    #[arg(long)]
    no_timelock: bool,
    /// A registration reveals a commitment at least MIN and at most MAX blocks old.
    #[arg(long, default_value = "10:14400")]
    commit_window: String,
    /// What raising a dispute costs (held until the arbiter rules).
    #[arg(long, default_value_t = 10_000_000_000_000)]
    dispute_deposit: Balance,
    /// The arbiter of disputes (SS58); without it nobody rules until one is
    /// wired through the timelock.
    #[arg(long)]
    arbiter: Option<String>,
    /// The cargo-contract artifacts (default: $CARGO_TARGET_DIR/ink, else target/ink).
    #[arg(long)]
    artifacts: Option<PathBuf>,
    /// Where to write the manifest (default: deployments/NETWORK.json).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The commands that work on a deployment.
#[derive(Subcommand)]
enum Command {
    /// Hash a model file or folder, commit to its content root, then register it
    /// (the reveal waits for the registry's commit window).
    Register {
        /// The model's file or folder.
        path: PathBuf,
        /// Human-readable name.
        #[arg(long)]
        name: String,
        /// Version label.
        #[arg(long, default_value = "v1")]
        version: String,
        /// Metadata URI (the model card).
        #[arg(long)]
        uri: String,
        /// A parent this model derives from, as MODEL:RELATION:MAX_BPS (relation
        /// fine-tune, quantization, distillation, merge or other; MAX_BPS the
        /// highest royalty you accept to owe it); repeat it for each parent.
        #[arg(long = "parent")]
        parents: Vec<String>,
        /// The previous version of the same model line (you must own it).
        #[arg(long)]
        previous_version: Option<ModelId>,
        /// Give up waiting for the commit window after this many seconds.
        #[arg(long, default_value_t = 600)]
        wait_secs: u64,
    },
    /// Read models and edit their metadata.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Sell licenses.
    #[command(subcommand)]
    Offer(OfferCommand),
    /// Buy licenses.
    #[command(subcommand)]
    License(LicenseCommand),
    /// Royalty balances.
    #[command(subcommand)]
    Royalties(RoyaltiesCommand),
    /// Revenue splits.
    #[command(subcommand)]
    Split(SplitCommand),
    /// The shared administration of every contract: timelocked upgrades and
    /// rewiring, pausing.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// An account's address and free balance (default: the signer).
    Account {
        /// SS58 address.
        account: Option<String>,
    },
}

#[derive(Subcommand)]
enum ModelCommand {
    /// A model's record, owner and status.
    Show {
        /// The model id.
        model: ModelId,
    },
    /// Every registered model, one line each.
    List,
    /// A model and its ancestors, with what each owes its parents.
    Lineage {
        /// The model id.
        model: ModelId,
    },
    /// Change a model's metadata URI (you must own it; not once frozen).
    SetUri {
        /// The model id.
        model: ModelId,
        /// The new metadata URI (the model card).
        uri: String,
    },
    /// Freeze a model's metadata for good: its URI never changes again.
    Freeze {
        /// The model id.
        model: ModelId,
    },
    /// Deprecate a model: no new licenses are sold (existing ones are untouched).
    Deprecate {
        /// The model id.
        model: ModelId,
    },
    /// Make a deprecated model active again: its offers sell again.
    Activate {
        /// The model id.
        model: ModelId,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum UseArg {
    Research,
    Inference,
    FineTuning,
    Redistribution,
}

impl From<UseArg> for Use {
    fn from(use_: UseArg) -> Self {
        match use_ {
            UseArg::Research => Use::Research,
            UseArg::Inference => Use::CommercialInference,
            UseArg::FineTuning => Use::FineTuning,
            UseArg::Redistribution => Use::Redistribution,
        }
    }
}

#[derive(Subcommand)]
enum OfferCommand {
    /// A model's offers with their terms, state and sales.
    List {
        /// The model id.
        model: ModelId,
    },
    /// Offer licenses of a model you own.
    Create {
        /// The model id.
        model: ModelId,
        /// Price of one license, in the chain's smallest unit.
        #[arg(long)]
        price: Balance,
        /// How many days a license lasts (omit for perpetual licenses).
        #[arg(long)]
        days: Option<u64>,
        /// What licensees may do with the model.
        #[arg(long, value_delimiter = ',', required = true)]
        uses: Vec<UseArg>,
        /// Royalty (basis points) a licensee's derivative owes this model; omit
        /// to grant no derivative right.
        #[arg(long)]
        derivative_royalty_bps: Option<u16>,
        /// Licenses may be passed on to another account.
        #[arg(long)]
        transferable: bool,
        /// URI of the legal text.
        #[arg(long)]
        legal_uri: String,
        /// sha256 of the legal text, hex.
        #[arg(long)]
        legal_sha256: String,
    },
    /// Stop an offer from selling for now (you must own its model).
    Pause {
        /// The offer id.
        offer: OfferId,
    },
    /// Open an offer again (also one opened by the model's previous owner).
    Resume {
        /// The offer id.
        offer: OfferId,
    },
    /// Close an offer for good; licenses sold from it stay valid.
    Close {
        /// The offer id.
        offer: OfferId,
    },
}

#[derive(Subcommand)]
enum LicenseCommand {
    /// Buy a license from an offer; the price is checked first and never above
    /// --max-price.
    Buy {
        /// The offer id.
        offer: OfferId,
        /// The most you agree to pay.
        #[arg(long)]
        max_price: Balance,
    },
    /// An account's licenses on a model (default: the signer's), oldest first.
    List {
        /// The model id.
        model: ModelId,
        /// The holder's SS58 address.
        #[arg(long)]
        holder: Option<String>,
    },
    /// Whether an account holds a license on a model, valid now, for a use.
    Check {
        /// The model id.
        model: ModelId,
        /// The account's SS58 address.
        account: String,
        /// The use to check.
        #[arg(long = "use")]
        use_: UseArg,
    },
    /// Renew a time-limited license for one more period of its offer; the
    /// price is checked first and never above --max-price.
    Renew {
        /// The license id.
        license: LicenseId,
        /// The most you agree to pay.
        #[arg(long)]
        max_price: Balance,
    },
    /// Offer a license you hold to another account (it moves when that account
    /// accepts), or withdraw the offer with --cancel.
    Transfer {
        /// The license id.
        license: LicenseId,
        /// The SS58 address of the account to offer it to.
        #[arg(long, required_unless_present = "cancel")]
        to: Option<String>,
        /// Withdraw the transfer offer instead.
        #[arg(long, conflicts_with = "to")]
        cancel: bool,
    },
    /// Accept a license offered to you.
    Accept {
        /// The license id.
        license: LicenseId,
    },
    /// Give up a license you hold, for good (its storage deposit comes back).
    Release {
        /// The license id.
        license: LicenseId,
    },
}

#[derive(Subcommand)]
enum RoyaltiesCommand {
    /// What an account can withdraw now (default: the signer).
    Owed {
        /// SS58 address.
        account: Option<String>,
    },
    /// Withdraw everything the signer is owed.
    Withdraw,
    /// Pay an account everything it is owed (the money only goes to it: for
    /// recipients that cannot sign, such as contracts or cold wallets).
    WithdrawFor {
        /// SS58 address.
        account: String,
    },
    /// End the current round of a model's split: every recipient's part moves
    /// to its withdrawable balance (you pay for the balances this creates).
    Distribute {
        /// The model id.
        model: ModelId,
    },
    /// What the royalties contract holds and owes.
    Solvency,
}

#[derive(Subcommand)]
enum SplitCommand {
    /// Split a model's revenue (you must own it); recipients must accept.
    Set {
        /// The model id.
        model: ModelId,
        /// A recipient and its share in parts per million, as ADDRESS=PPM;
        /// repeat it, the shares must add up to 1000000.
        #[arg(long = "to", required = true)]
        to: Vec<String>,
    },
    /// A model's split.
    Show {
        /// The model id.
        model: ModelId,
    },
    /// Accept your listing in a model's split: your withdrawals then take your
    /// part of it.
    Accept {
        /// The model id.
        model: ModelId,
    },
    /// Leave a model's split, keeping your part of what it received so far.
    Leave {
        /// The model id.
        model: ModelId,
    },
    /// Remove a model's split (you must own it): its revenue goes to its owner again.
    Clear {
        /// The model id.
        model: ModelId,
    },
}

/// A ModelMint contract of the deployment.
#[derive(Clone, Copy, ValueEnum)]
enum ContractArg {
    Registry,
    Licensing,
    Royalties,
    Gateway,
}

impl ContractArg {
    const ALL: [Self; 4] = [Self::Registry, Self::Licensing, Self::Royalties, Self::Gateway];

    /// The contract's name, as the deployment manifest and errors name it.
    fn name(self) -> &'static str {
        match self {
            Self::Registry => "registry",
            Self::Licensing => "licensing",
            Self::Royalties => "royalties",
            Self::Gateway => "gateway",
        }
    }

    fn address(self, deployment: &Deployment) -> AccountId {
        match self {
            Self::Registry => deployment.registry,
            Self::Licensing => deployment.licensing,
            Self::Royalties => deployment.royalties,
            Self::Gateway => deployment.gateway,
        }
    }
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Administrator, proposal, pause state, timelock, scheduled action and
    /// wiring of each contract (or of one).
    Status {
        /// Only this contract.
        contract: Option<ContractArg>,
    },
    /// Schedule an upgrade (--upgrade) or a rewiring (--registry, --licensing,
    /// --royalties, --arbiter: the links not named stay as they are; `none`
    /// unsets one); it is executable once the contract's timelock has passed.
    Schedule {
        /// The contract.
        contract: ContractArg,
        /// The hash of uploaded code to upgrade to (0x + 64 hex digits).
        #[arg(long, conflicts_with_all = ["registry", "licensing", "royalties", "arbiter"])]
        upgrade: Option<String>,
        /// The registry to wire (SS58 address or `none`).
        #[arg(long)]
        registry: Option<String>,
        /// The licensing contract to wire (SS58 address or `none`).
        #[arg(long)]
        licensing: Option<String>,
        /// The royalties contract to wire (SS58 address or `none`).
        #[arg(long)]
        royalties: Option<String>,
        /// The arbiter of disputes to wire (SS58 address or `none`).
        #[arg(long)]
        arbiter: Option<String>,
    },
    /// Cancel the contract's scheduled action.
    Cancel {
        /// The contract.
        contract: ContractArg,
    },
    /// Execute the contract's scheduled action (its timelock must have passed).
    Execute {
        /// The contract.
        contract: ContractArg,
    },
    /// Pause what the contract documents as pausable (new obligations only).
    Pause {
        /// The contract.
        contract: ContractArg,
    },
    /// Resume a paused contract.
    Resume {
        /// The contract.
        contract: ContractArg,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match ink_e2e::tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    let json = cli.json;
    // The chain client panics on some transport failures: run the command in a
    // task so that such a panic becomes a readable error, not a backtrace.
    let outcome = runtime.block_on(async move {
        ink_e2e::tokio::spawn(run(cli)).await.unwrap_or_else(|panic| {
            Err(CliError::Other(format!("the node connection failed: {panic}")))
        })
    });
    match outcome {
        Ok(output) => {
            if json {
                println!("{}", output.json);
            } else {
                println!("{}", output.text);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// What a command prints: a sentence for people, JSON for programs.
struct Output {
    text: String,
    json: serde_json::Value,
}

/// What a transaction on a model that returns nothing prints: `what` it did
/// and its receipt.
fn model_done(what: String, model: ModelId, receipt: &Receipt) -> Output {
    Output {
        text: format!("{what} ({})", receipt_text(receipt)),
        json: json!({ "model": model, "receipt": receipt }),
    }
}

fn receipt_text(receipt: &Receipt) -> String {
    format!(
        "fee {} · storage deposit held {} · released {}",
        receipt.fee, receipt.storage_deposit_held, receipt.storage_deposit_released
    )
}

async fn run(cli: Cli) -> Result<Output, CliError> {
    let signer = cli.suri.as_deref().map(signer_from_suri).transpose()?;
    let command = match cli.command {
        TopCommand::Deployed(command) => command,
        TopCommand::Deploy(DeployArgs {
            network,
            redeploy,
            timelock_ms,
            no_timelock,
            commit_window,
            dispute_deposit,
            arbiter,
            artifacts,
            out,
        }) => {
            let signer = signer.ok_or(CliError::NoSigner)?;
            if !no_timelock && timelock_ms == 0 {
                return Err(CliError::Input(
                "--timelock-ms takes a positive number of milliseconds (for no delay, say --no-timelock)".into(),
            ));
            }
            if dispute_deposit == 0 {
                return Err(CliError::Input("--dispute-deposit takes a positive amount".into()));
            }
            let network = network.unwrap_or_else(|| deploy::network_of(&cli.url));
            let settings = deploy::Settings {
                url: cli.url.clone(),
                timelock_ms: if no_timelock { 0 } else { timelock_ms },
                commit_window: deploy::parse_commit_window(&commit_window)?,
                dispute_deposit,
                arbiter: arbiter.as_deref().map(parse_account).transpose()?,
                redeploy,
                artifacts: artifacts.unwrap_or_else(|| {
                    std::env::var_os("CARGO_TARGET_DIR")
                        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
                        .join("ink")
                }),
                // Only a public dev path is written down; a real key never is.
                deployer_suri: cli.suri.filter(|suri| {
                    suri.starts_with("//") && suri[2..].chars().all(|c| c.is_ascii_alphanumeric())
                }),
                network,
            };
            let out = out.unwrap_or_else(|| {
                PathBuf::from("deployments").join(format!("{}.json", settings.network))
            });
            // Reachable before anything else is read.
            connect(&cli.url).await?;
            let deployed = deploy::deploy(&settings, &signer, &out).await?;
            return Ok(Output { text: deployed.lines.join("\n"), json: deployed.manifest });
        }
    };
    let deployment = Deployment::read(&cli.deployment)?;
    let mut client = connect(&cli.url).await?;
    let need_signer = || signer.clone().ok_or(CliError::NoSigner);
    // Sends one of the deployment's contracts a message that takes no payment
    // and answers `Ok(())`, as this command's signer, and evaluates to what the
    // transaction cost: `send_unit!(registry, freeze_metadata(model))`. The
    // message's name in errors is the method's.
    macro_rules! send_unit {
        (registry, $($message:tt)+) => {
            send_unit!(@ "registry", Registry, deployment.registry, $($message)+)
        };
        (licensing, $($message:tt)+) => {
            send_unit!(@ "licensing", Licensing, deployment.licensing, $($message)+)
        };
        (royalties, $($message:tt)+) => {
            send_unit!(@ "royalties", RoyaltiesContract, deployment.royalties, $($message)+)
        };
        (@ $contract:literal, $ty:ident, $address:expr, $message:ident($($arg:expr),*)) => {{
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<$ty>($address);
            let message = call.$message($($arg),*);
            let what = ($contract, stringify!($message));
            let ((), receipt) = send(&mut client, &signer, what, &message, 0).await?;
            receipt
        }};
    }
    // Reads are dry runs; they need an origin but no signature.
    let reader = signer.clone().unwrap_or_else(ink_e2e::alice);
    match command {
        Command::Register { path, name, version, uri, parents, previous_version, wait_secs } => {
            let signer = need_signer()?;
            let parents =
                parents.iter().map(|parent| parse_parent(parent)).collect::<Result<Vec<_>, _>>()?;
            register(
                &cli.url,
                &mut client,
                &deployment,
                &signer,
                path,
                Metadata { name, version, uri, previous_version, parents },
                wait_secs,
            )
            .await
        }
        Command::Model(ModelCommand::Show { model }) => {
            let call = ink_e2e::create_call_builder::<Registry>(deployment.registry);
            let record =
                dry_run(&mut client, &reader, ("registry", "model"), &call.model(model), 0).await?;
            let Some(record) = record else {
                return Err(CliError::NotFound(format!("no model has id {model}")));
            };
            let summary = dry_run(
                &mut client,
                &reader,
                ("registry", "model_summary"),
                &call.model_summary(model),
                0,
            )
            .await?;
            let owner = summary.map(|summary| ss58(&summary.owner)).unwrap_or_default();
            Ok(Output {
                text: format!(
                    "model {model}: {} {} · root 0x{} · owner {owner} · status {:?} · uri {}",
                    record.name,
                    record.version,
                    hex::encode(record.hash),
                    record.status,
                    record.uri
                ),
                json: json!({
                    "model": model, "name": record.name, "version": record.version,
                    "root": format!("0x{}", hex::encode(record.hash)), "owner": owner,
                    "status": format!("{:?}", record.status), "uri": record.uri,
                }),
            })
        }
        Command::Model(ModelCommand::List) => {
            let call = ink_e2e::create_call_builder::<Registry>(deployment.registry);
            let supply = dry_run(
                &mut client,
                &reader,
                ("registry", "total_supply"),
                &call.total_supply(),
                0,
            )
            .await?;
            // Models are numbered from 1 and never burned.
            let count = u64::try_from(supply).unwrap_or(u64::MAX);
            let (mut lines, mut rows) = (Vec::new(), Vec::new());
            for model in 1..=count {
                let Some(record) =
                    dry_run(&mut client, &reader, ("registry", "model"), &call.model(model), 0)
                        .await?
                else {
                    continue;
                };
                lines.push(format!(
                    "{model}\t{} {}\t{:?}\t0x{}",
                    record.name,
                    record.version,
                    record.status,
                    hex::encode(record.hash)
                ));
                rows.push(json!({
                    "model": model, "name": record.name, "version": record.version,
                    "status": format!("{:?}", record.status), "root": format!("0x{}", hex::encode(record.hash)),
                }));
            }
            Ok(Output {
                text: if lines.is_empty() { "no models yet".into() } else { lines.join("\n") },
                json: serde_json::Value::Array(rows),
            })
        }
        Command::Model(ModelCommand::Lineage { model }) => {
            let call = ink_e2e::create_call_builder::<Registry>(deployment.registry);
            let lineage = dry_run(
                &mut client,
                &reader,
                ("registry", "revenue_lineage"),
                &call.revenue_lineage(model),
                0,
            )
            .await?
            .ok_or_else(|| CliError::NotFound(format!("no model has id {model}")))?;
            let mut lines = Vec::new();
            let mut rows = Vec::new();
            for node in &lineage {
                let owes: Vec<String> = node
                    .parents
                    .iter()
                    .map(|parent| {
                        format!(
                            "{} bps to model {} ({:?})",
                            parent.royalty_bps, parent.model, parent.relation
                        )
                    })
                    .collect();
                lines.push(format!(
                    "model {} (owner {}): {}",
                    node.model,
                    ss58(&node.owner),
                    if owes.is_empty() { "an original".to_string() } else { owes.join(", ") }
                ));
                rows.push(json!({
                    "model": node.model, "owner": ss58(&node.owner),
                    "parents": node.parents.iter().map(|parent| json!({
                        "model": parent.model, "royalty_bps": parent.royalty_bps,
                        "relation": format!("{:?}", parent.relation),
                    })).collect::<Vec<_>>(),
                }));
            }
            Ok(Output { text: lines.join("\n"), json: serde_json::Value::Array(rows) })
        }
        Command::Offer(OfferCommand::List { model }) => {
            let call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
            let ids = dry_run(
                &mut client,
                &reader,
                ("licensing", "offers_of"),
                &call.offers_of(model),
                0,
            )
            .await?;
            let (mut lines, mut rows) = (Vec::new(), Vec::new());
            for id in ids {
                let Some(offer) =
                    dry_run(&mut client, &reader, ("licensing", "offer"), &call.offer(id), 0)
                        .await?
                else {
                    continue;
                };
                let duration = match offer.terms.duration {
                    LicenseDuration::Perpetual => "perpetual".to_string(),
                    LicenseDuration::Period(ms) => format!("{} days", ms / DAY_MS),
                };
                lines.push(format!(
                    "offer {id}: {} for {duration}, {:?}, {} sold",
                    offer.terms.price, offer.state, offer.sold
                ));
                rows.push(json!({
                    "offer": id, "price": offer.terms.price.to_string(), "duration": duration,
                    "state": format!("{:?}", offer.state), "sold": offer.sold,
                }));
            }
            Ok(Output {
                text: if lines.is_empty() {
                    format!("model {model} has no offers")
                } else {
                    lines.join("\n")
                },
                json: serde_json::Value::Array(rows),
            })
        }
        Command::Offer(OfferCommand::Create {
            model,
            price,
            days,
            uses,
            derivative_royalty_bps,
            transferable,
            legal_uri,
            legal_sha256,
        }) => {
            let signer = need_signer()?;
            let legal_hash = parse_hash(&legal_sha256)?;
            let duration = match days {
                None => LicenseDuration::Perpetual,
                Some(days) => LicenseDuration::Period(days.saturating_mul(DAY_MS)),
            };
            let uses: Vec<Use> = uses.into_iter().map(Use::from).collect();
            let terms = OfferTerms {
                price,
                duration,
                cap: None,
                license: LicenseTerms {
                    uses: UseSet::of(&uses),
                    derivative_royalty: derivative_royalty_bps,
                    transferable,
                    legal_hash,
                    legal_uri,
                },
            };
            let mut call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
            let (created, receipt) = send_for_event::<OfferCreated, _, _, _>(
                &mut client,
                &signer,
                ("licensing", "create_offer"),
                &call.create_offer(model, terms),
                0,
            )
            .await?;
            let offer = created.offer;
            Ok(Output {
                text: format!(
                    "offer {offer} on model {model} at {price} ({})",
                    receipt_text(&receipt)
                ),
                json: json!({ "offer": offer, "model": model, "price": price.to_string(), "receipt": receipt }),
            })
        }
        Command::License(LicenseCommand::Buy { offer, max_price }) => {
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
            let terms =
                dry_run(&mut client, &reader, ("licensing", "offer"), &call.offer(offer), 0)
                    .await?;
            let Some(terms) = terms else {
                return Err(CliError::NotFound(format!(
                    "no offer has id {offer}; nothing was sent"
                )));
            };
            // The exact price is attached; the contract refuses anything above max_price.
            let price = terms.terms.price;
            let (purchased, receipt) = send_for_event::<LicensePurchased, _, _, _>(
                &mut client,
                &signer,
                ("licensing", "buy"),
                &call.buy(offer, max_price),
                price,
            )
            .await?;
            let license = purchased.license;
            Ok(Output {
                text: format!(
                    "license {license} bought from offer {offer} for {price} ({})",
                    receipt_text(&receipt)
                ),
                json: json!({ "license": license, "offer": offer, "price": price.to_string(), "receipt": receipt }),
            })
        }
        Command::Royalties(RoyaltiesCommand::Owed { account }) => {
            let account = match account {
                Some(address) => parse_account(&address)?,
                None => ink::primitives::AccountId::from(need_signer()?.public_key().0),
            };
            let call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let owed =
                dry_run(&mut client, &reader, ("royalties", "owed_to"), &call.owed_to(account), 0)
                    .await?;
            Ok(Output {
                text: format!("{} can withdraw {owed}", ss58(&account)),
                json: json!({ "account": ss58(&account), "owed": owed.to_string() }),
            })
        }
        Command::Royalties(RoyaltiesCommand::Withdraw) => {
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let (amount, receipt) =
                send(&mut client, &signer, ("royalties", "withdraw"), &call.withdraw(), 0).await?;
            Ok(Output {
                text: format!("withdrew {amount} ({})", receipt_text(&receipt)),
                json: json!({ "withdrawn": amount.to_string(), "receipt": receipt }),
            })
        }
        Command::Royalties(RoyaltiesCommand::WithdrawFor { account }) => {
            let signer = need_signer()?;
            let account = parse_account(&account)?;
            let mut call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let (amount, receipt) = send(
                &mut client,
                &signer,
                ("royalties", "withdraw_for"),
                &call.withdraw_for(account),
                0,
            )
            .await?;
            Ok(Output {
                text: format!("paid {amount} to {} ({})", ss58(&account), receipt_text(&receipt)),
                json: json!({ "account": ss58(&account), "paid": amount.to_string(), "receipt": receipt }),
            })
        }
        Command::Royalties(RoyaltiesCommand::Distribute { model }) => {
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let ((), receipt) =
                send(&mut client, &signer, ("royalties", "distribute"), &call.distribute(model), 0)
                    .await?;
            Ok(model_done(format!("ended the round of model {model}'s split"), model, &receipt))
        }
        Command::Split(SplitCommand::Set { model, to }) => {
            let recipients =
                to.iter().map(|entry| parse_recipient(entry)).collect::<Result<Vec<_>, _>>()?;
            let receipt = send_unit!(royalties, set_split(model, recipients.clone()));
            Ok(Output {
                text: format!(
                    "model {model} split {} ({})",
                    describe_split(&recipients),
                    receipt_text(&receipt)
                ),
                json: json!({ "model": model, "recipients": split_json(&recipients), "receipt": receipt }),
            })
        }
        Command::Split(SplitCommand::Show { model }) => {
            let call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let split =
                dry_run(&mut client, &reader, ("royalties", "split_of"), &call.split_of(model), 0)
                    .await?;
            let pending = dry_run(
                &mut client,
                &reader,
                ("royalties", "pending_of"),
                &call.pending_of(model),
                0,
            )
            .await?;
            let recipients = split.unwrap_or_default();
            Ok(Output {
                text: if recipients.is_empty() {
                    format!("model {model} has no split: its revenue goes to its owner")
                } else {
                    format!(
                        "model {model} split {}; {pending} held for it",
                        describe_split(&recipients)
                    )
                },
                json: json!({ "model": model, "recipients": split_json(&recipients), "pending": pending.to_string() }),
            })
        }
        Command::Split(SplitCommand::Accept { model }) => {
            let receipt = send_unit!(royalties, accept_split(model));
            Ok(model_done(format!("accepted model {model}'s split"), model, &receipt))
        }
        Command::Split(SplitCommand::Leave { model }) => {
            let receipt = send_unit!(royalties, leave_split(model));
            Ok(model_done(format!("left model {model}'s split"), model, &receipt))
        }
        Command::Split(SplitCommand::Clear { model }) => {
            let receipt = send_unit!(royalties, clear_split(model));
            Ok(model_done(
                format!("cleared model {model}'s split: its revenue goes to its owner"),
                model,
                &receipt,
            ))
        }
        Command::Royalties(RoyaltiesCommand::Solvency) => {
            let call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let solvency =
                dry_run(&mut client, &reader, ("royalties", "solvency"), &call.solvency(), 0)
                    .await?;
            Ok(Output {
                text: format!(
                    "the royalties contract can transfer {} and owes {}",
                    solvency.transferable, solvency.liabilities
                ),
                json: json!({
                    "transferable": solvency.transferable.to_string(),
                    "liabilities": solvency.liabilities.to_string(),
                }),
            })
        }
        Command::Model(ModelCommand::SetUri { model, uri }) => {
            let receipt = send_unit!(registry, set_uri(model, uri.clone()));
            Ok(model_done(format!("model {model}'s metadata URI is now {uri}"), model, &receipt))
        }
        Command::Model(ModelCommand::Freeze { model }) => {
            let receipt = send_unit!(registry, freeze_metadata(model));
            Ok(model_done(format!("froze model {model}'s metadata for good"), model, &receipt))
        }
        Command::Model(ModelCommand::Deprecate { model }) => {
            let receipt = send_unit!(registry, set_status(model, ModelStatus::Deprecated));
            Ok(model_done(
                format!("deprecated model {model}: no new licenses are sold"),
                model,
                &receipt,
            ))
        }
        Command::Model(ModelCommand::Activate { model }) => {
            let receipt = send_unit!(registry, set_status(model, ModelStatus::Active));
            Ok(model_done(format!("model {model} is active again"), model, &receipt))
        }
        Command::Offer(OfferCommand::Pause { offer }) => {
            set_offer_state(&mut client, &deployment, need_signer()?, offer, OfferState::Paused)
                .await
        }
        Command::Offer(OfferCommand::Resume { offer }) => {
            set_offer_state(&mut client, &deployment, need_signer()?, offer, OfferState::Open).await
        }
        Command::Offer(OfferCommand::Close { offer }) => {
            set_offer_state(&mut client, &deployment, need_signer()?, offer, OfferState::Closed)
                .await
        }
        Command::License(LicenseCommand::List { model, holder }) => {
            let holder = match holder {
                Some(address) => parse_account(&address)?,
                None => AccountId::from(need_signer()?.public_key().0),
            };
            let call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
            let ids = dry_run(
                &mut client,
                &reader,
                ("licensing", "licenses_of"),
                &call.licenses_of(model, holder),
                0,
            )
            .await?;
            let (mut lines, mut rows) = (Vec::new(), Vec::new());
            for id in ids {
                let Some(license) =
                    dry_run(&mut client, &reader, ("licensing", "license"), &call.license(id), 0)
                        .await?
                else {
                    continue;
                };
                let offered_to = dry_run(
                    &mut client,
                    &reader,
                    ("licensing", "transfer_offer"),
                    &call.transfer_offer(id),
                    0,
                )
                .await?;
                let expires = license.expires_at.map_or_else(|| "never".to_string(), utc);
                let uses = uses_of(license.terms.uses);
                lines.push(format!(
                    "license {id}: offer {}, {}, expires {expires}, paid {}{}",
                    license.offer,
                    uses.join(", "),
                    license.total_paid,
                    offered_to.map(|to| format!(", offered to {}", ss58(&to))).unwrap_or_default()
                ));
                rows.push(json!({
                    "license": id, "model": license.model, "offer": license.offer,
                    "holder": ss58(&license.holder), "uses": uses,
                    "derivative_royalty_bps": license.terms.derivative_royalty,
                    "transferable": license.terms.transferable,
                    "total_paid": license.total_paid.to_string(), "start": license.start,
                    "expires_at": license.expires_at,
                    "offered_to": offered_to.map(|to| ss58(&to)),
                }));
            }
            Ok(Output {
                text: if lines.is_empty() {
                    format!("{} holds no license on model {model}", ss58(&holder))
                } else {
                    lines.join("\n")
                },
                json: serde_json::Value::Array(rows),
            })
        }
        Command::License(LicenseCommand::Check { model, account, use_ }) => {
            let account = parse_account(&account)?;
            let use_ = Use::from(use_);
            let call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
            let licensed = dry_run(
                &mut client,
                &reader,
                ("licensing", "is_licensed"),
                &call.is_licensed(model, account, use_),
                0,
            )
            .await?;
            Ok(Output {
                text: format!(
                    "{} {} licensed for {use_:?} on model {model}",
                    ss58(&account),
                    if licensed { "is" } else { "is not" }
                ),
                json: json!({
                    "model": model, "account": ss58(&account),
                    "use": format!("{use_:?}"), "licensed": licensed,
                }),
            })
        }
        Command::License(LicenseCommand::Renew { license, max_price }) => {
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
            let held =
                dry_run(&mut client, &reader, ("licensing", "license"), &call.license(license), 0)
                    .await?
                    .ok_or_else(|| {
                        CliError::NotFound(format!("no license has id {license}; nothing was sent"))
                    })?;
            let offer =
                dry_run(&mut client, &reader, ("licensing", "offer"), &call.offer(held.offer), 0)
                    .await?
                    .ok_or_else(|| {
                        CliError::NotFound(format!(
                            "license {license}'s offer {} is gone; nothing was sent",
                            held.offer
                        ))
                    })?;
            // A renewal carries exactly the offer's price; the contract refuses
            // anything above max_price, in the dry run before anything is sent.
            let price = offer.terms.price;
            let ((), receipt) = send(
                &mut client,
                &signer,
                ("licensing", "renew"),
                &call.renew(license, max_price),
                price,
            )
            .await?;
            let renewed =
                dry_run(&mut client, &reader, ("licensing", "license"), &call.license(license), 0)
                    .await?;
            let expires_at = renewed.and_then(|renewed| renewed.expires_at);
            Ok(Output {
                text: format!(
                    "renewed license {license} for {price}, now valid until {} ({})",
                    expires_at.map_or_else(|| "never".to_string(), utc),
                    receipt_text(&receipt)
                ),
                json: json!({
                    "license": license, "price": price.to_string(),
                    "expires_at": expires_at, "receipt": receipt,
                }),
            })
        }
        Command::License(LicenseCommand::Transfer { license, to, cancel: _ }) => {
            // clap requires --to unless --cancel is given, and refuses both.
            let to = to.as_deref().map(parse_account).transpose()?;
            let receipt = send_unit!(licensing, transfer_license(license, to));
            Ok(Output {
                text: match to {
                    Some(to) => format!(
                        "offered license {license} to {}: it moves when they accept ({})",
                        ss58(&to),
                        receipt_text(&receipt)
                    ),
                    None => format!(
                        "withdrew the transfer offer of license {license} ({})",
                        receipt_text(&receipt)
                    ),
                },
                json: json!({
                    "license": license, "offered_to": to.map(|to| ss58(&to)), "receipt": receipt,
                }),
            })
        }
        Command::License(LicenseCommand::Accept { license }) => {
            let receipt = send_unit!(licensing, accept_license(license));
            Ok(license_done(format!("license {license} is yours"), license, &receipt))
        }
        Command::License(LicenseCommand::Release { license }) => {
            let receipt = send_unit!(licensing, release_license(license));
            Ok(license_done(format!("released license {license} for good"), license, &receipt))
        }
        Command::Account { account } => {
            let account = match account {
                Some(address) => parse_account(&address)?,
                None => AccountId::from(need_signer()?.public_key().0),
            };
            let free = free_balance(&mut client, &account).await?;
            Ok(Output {
                text: format!("{} has {free} free", ss58(&account)),
                json: json!({ "account": ss58(&account), "free": free.to_string() }),
            })
        }
        Command::Admin(command) => {
            admin(&mut client, &deployment, &reader, need_signer, command).await
        }
    }
}

/// What a transaction on a license that returns nothing prints.
fn license_done(what: String, license: LicenseId, receipt: &Receipt) -> Output {
    Output {
        text: format!("{what} ({})", receipt_text(receipt)),
        json: json!({ "license": license, "receipt": receipt }),
    }
}

/// Pauses, resumes or closes an offer.
async fn set_offer_state(
    client: &mut Client,
    deployment: &Deployment,
    signer: Keypair,
    offer: OfferId,
    state: OfferState,
) -> Result<Output, CliError> {
    let mut call = ink_e2e::create_call_builder::<Licensing>(deployment.licensing);
    let ((), receipt) = send(
        client,
        &signer,
        ("licensing", "set_offer_state"),
        &call.set_offer_state(offer, state),
        0,
    )
    .await?;
    let what = match state {
        OfferState::Open => "is open: it sells again",
        OfferState::Paused => "is paused: it sells nothing until resumed",
        OfferState::Closed => "is closed for good",
    };
    Ok(Output {
        text: format!("offer {offer} {what} ({})", receipt_text(&receipt)),
        json: json!({ "offer": offer, "state": format!("{state:?}"), "receipt": receipt }),
    })
}

/// The `admin` commands: every contract answers the one `Admin` interface.
async fn admin(
    client: &mut Client,
    deployment: &Deployment,
    reader: &Keypair,
    need_signer: impl Fn() -> Result<Keypair, CliError>,
    command: AdminCommand,
) -> Result<Output, CliError> {
    let admin_at = |contract: ContractArg| -> AdminRef { contract.address(deployment).into() };
    match command {
        AdminCommand::Status { contract } => {
            let contracts = contract.map_or_else(|| ContractArg::ALL.to_vec(), |one| vec![one]);
            let (mut lines, mut rows) = (Vec::new(), serde_json::Map::new());
            for contract in contracts {
                let admin = admin_at(contract);
                let view = dry_run(
                    client,
                    reader,
                    (contract.name(), "admin_state"),
                    &admin.call().admin_state(),
                    0,
                )
                .await?;
                lines.push(describe_admin(contract, &contract.address(deployment), &view));
                rows.insert(
                    contract.name().into(),
                    admin_json(&contract.address(deployment), &view),
                );
            }
            Ok(Output { text: lines.join("\n"), json: serde_json::Value::Object(rows) })
        }
        AdminCommand::Schedule { contract, upgrade, registry, licensing, royalties, arbiter } => {
            let signer = need_signer()?;
            let mut admin = admin_at(contract);
            let action = match upgrade {
                Some(code_hash) => {
                    AdminAction::Upgrade { code_hash: parse_hash(&code_hash)?.into() }
                }
                None => {
                    if registry.is_none()
                        && licensing.is_none()
                        && royalties.is_none()
                        && arbiter.is_none()
                    {
                        return Err(CliError::Input(
                            "say what to schedule: --upgrade CODE_HASH, or the links to rewire (--registry, --licensing, --royalties, --arbiter)".into(),
                        ));
                    }
                    // A rewiring replaces the whole wiring: start from the current one.
                    let view = dry_run(
                        client,
                        reader,
                        (contract.name(), "admin_state"),
                        &admin.call().admin_state(),
                        0,
                    )
                    .await?;
                    let mut wiring = view.wiring;
                    let link = |given: Option<String>, current: Option<AccountId>| match given {
                        None => Ok(current),
                        Some(text) if text == "none" => Ok(None),
                        Some(address) => parse_account(&address).map(Some),
                    };
                    wiring.registry = link(registry, wiring.registry)?;
                    wiring.licensing = link(licensing, wiring.licensing)?;
                    wiring.royalties = link(royalties, wiring.royalties)?;
                    wiring.arbiter = link(arbiter, wiring.arbiter)?;
                    AdminAction::Rewire { wiring }
                }
            };
            let (scheduled, receipt) = send_for_event::<ActionScheduled, _, _, _>(
                client,
                &signer,
                (contract.name(), "schedule"),
                &admin.call_mut().schedule(action),
                0,
            )
            .await?;
            let ready_at = scheduled.scheduled.ready_at;
            Ok(Output {
                text: format!(
                    "scheduled on the {} contract: {}; executable from {} ({})",
                    contract.name(),
                    describe_action(&action),
                    utc(ready_at),
                    receipt_text(&receipt)
                ),
                json: json!({
                    "contract": contract.name(), "action": action_json(&action),
                    "ready_at": ready_at, "receipt": receipt,
                }),
            })
        }
        AdminCommand::Cancel { contract } => {
            let signer = need_signer()?;
            let mut admin = admin_at(contract);
            let ((), receipt) = send(
                client,
                &signer,
                (contract.name(), "cancel_scheduled"),
                &admin.call_mut().cancel_scheduled(),
                0,
            )
            .await?;
            Ok(admin_done(contract, "cancelled the scheduled action", &receipt))
        }
        AdminCommand::Execute { contract } => {
            let signer = need_signer()?;
            let mut admin = admin_at(contract);
            let ((), receipt) = send(
                client,
                &signer,
                (contract.name(), "execute_scheduled"),
                &admin.call_mut().execute_scheduled(),
                0,
            )
            .await?;
            Ok(admin_done(contract, "executed the scheduled action", &receipt))
        }
        AdminCommand::Pause { contract } | AdminCommand::Resume { contract } => {
            let paused = matches!(command, AdminCommand::Pause { .. });
            let signer = need_signer()?;
            let mut admin = admin_at(contract);
            let ((), receipt) = send(
                client,
                &signer,
                (contract.name(), "set_paused"),
                &admin.call_mut().set_paused(paused),
                0,
            )
            .await?;
            Ok(admin_done(contract, if paused { "paused" } else { "resumed" }, &receipt))
        }
    }
}

/// The `Admin` interface of a contract at an address, whatever contract it is.
type AdminRef = ink::contract_ref!(Admin, ink::env::DefaultEnvironment);

fn admin_done(contract: ContractArg, what: &str, receipt: &Receipt) -> Output {
    Output {
        text: format!("{}: {what} ({})", contract.name(), receipt_text(receipt)),
        json: json!({ "contract": contract.name(), "receipt": receipt }),
    }
}

fn describe_admin(contract: ContractArg, address: &AccountId, view: &AdminView) -> String {
    let links: Vec<String> = view
        .links
        .iter()
        .map(|link| {
            let wired =
                view.wiring.get(*link).map_or_else(|| "not wired".to_string(), |to| ss58(&to));
            format!("{} {wired}", link_name(*link))
        })
        .collect();
    format!(
        "{} {}: admin {}{} · {} · timelock {} · scheduled: {} · wiring: {} · layout {}{}",
        contract.name(),
        ss58(address),
        view.admin.map_or_else(|| "renounced".to_string(), |admin| ss58(&admin)),
        view.proposed.map(|next| format!(" (proposed: {})", ss58(&next))).unwrap_or_default(),
        if view.paused { "PAUSED" } else { "running" },
        describe_delay(view.delay),
        view.scheduled.as_ref().map_or_else(
            || "nothing".to_string(),
            |scheduled| format!(
                "{}, executable from {}",
                describe_action(&scheduled.action),
                utc(scheduled.ready_at)
            )
        ),
        if links.is_empty() { "none".to_string() } else { links.join(", ") },
        view.layout_version,
        if view.layout_version == view.code_layout_version {
            String::new()
        } else {
            format!(" (the code reads {}: waiting for its migration)", view.code_layout_version)
        },
    )
}

fn admin_json(address: &AccountId, view: &AdminView) -> serde_json::Value {
    json!({
        "address": ss58(address),
        "admin": view.admin.map(|admin| ss58(&admin)),
        "proposed": view.proposed.map(|next| ss58(&next)),
        "paused": view.paused,
        "timelock_ms": view.delay,
        "scheduled": view.scheduled.as_ref().map(|scheduled| json!({
            "action": action_json(&scheduled.action),
            "scheduled_at": scheduled.scheduled_at,
            "ready_at": scheduled.ready_at,
        })),
        "wiring": wiring_json(&view.wiring, &view.links),
        "layout_version": view.layout_version,
        "code_layout_version": view.code_layout_version,
    })
}

fn wiring_json(wiring: &Wiring, links: &[Link]) -> serde_json::Value {
    links
        .iter()
        .map(|link| (link_name(*link).to_string(), json!(wiring.get(*link).map(|to| ss58(&to)))))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn describe_action(action: &AdminAction) -> String {
    match action {
        AdminAction::Upgrade { code_hash } => {
            format!("upgrade to code 0x{}", hex::encode(code_hash.as_ref()))
        }
        AdminAction::Rewire { wiring } => {
            let all = [Link::Registry, Link::Licensing, Link::Royalties, Link::Arbiter];
            let links: Vec<String> = all
                .iter()
                .filter_map(|link| {
                    wiring.get(*link).map(|to| format!("{} {}", link_name(*link), ss58(&to)))
                })
                .collect();
            format!(
                "rewire to {}",
                if links.is_empty() { "nothing".to_string() } else { links.join(", ") }
            )
        }
    }
}

fn action_json(action: &AdminAction) -> serde_json::Value {
    match action {
        AdminAction::Upgrade { code_hash } => {
            json!({ "upgrade": format!("0x{}", hex::encode(code_hash.as_ref())) })
        }
        AdminAction::Rewire { wiring } => json!({
            "rewire": wiring_json(wiring, &[Link::Registry, Link::Licensing, Link::Royalties, Link::Arbiter]),
        }),
    }
}

fn describe_delay(ms: u64) -> String {
    if ms == 0 {
        "disabled".to_string()
    } else if ms % 3_600_000 == 0 {
        format!("{} h", ms / 3_600_000)
    } else {
        format!("{ms} ms")
    }
}

/// The names of the uses a set permits.
fn uses_of(set: UseSet) -> Vec<String> {
    Use::ALL.iter().filter(|use_| set.contains(**use_)).map(|use_| format!("{use_:?}")).collect()
}

/// `MODEL:RELATION:MAX_BPS` as a parent of a registration.
fn parse_parent(entry: &str) -> Result<ParentRequest, CliError> {
    let bad = || {
        CliError::Input(format!(
            "{entry:?} is not MODEL:RELATION:MAX_BPS (relation fine-tune, quantization, distillation, merge or other)"
        ))
    };
    let mut parts = entry.split(':');
    let (Some(model), Some(relation), Some(max_royalty_bps), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let relation = match relation {
        "fine-tune" => Relation::FineTune,
        "quantization" => Relation::Quantization,
        "distillation" => Relation::Distillation,
        "merge" => Relation::Merge,
        "other" => Relation::Other,
        _ => return Err(bad()),
    };
    Ok(ParentRequest {
        model: model.parse().map_err(|_| bad())?,
        relation,
        max_royalty_bps: max_royalty_bps.parse().map_err(|_| bad())?,
    })
}

/// `ADDRESS=PPM` as a split recipient.
fn parse_recipient(entry: &str) -> Result<Recipient, CliError> {
    let bad =
        || CliError::Input(format!("{entry:?} is not ADDRESS=PPM (a share in parts per million)"));
    let (address, share) = entry.split_once('=').ok_or_else(bad)?;
    Ok(Recipient { account: parse_account(address)?, share: share.parse().map_err(|_| bad())? })
}

fn describe_split(recipients: &[Recipient]) -> String {
    recipients
        .iter()
        .map(|recipient| format!("{} {} ppm", ss58(&recipient.account), recipient.share))
        .collect::<Vec<_>>()
        .join(", ")
}

fn split_json(recipients: &[Recipient]) -> serde_json::Value {
    recipients
        .iter()
        .map(|recipient| json!({ "account": ss58(&recipient.account), "share": recipient.share }))
        .collect()
}

/// What a registration records besides the content root.
struct Metadata {
    name: String,
    version: String,
    uri: String,
    previous_version: Option<ModelId>,
    parents: Vec<ParentRequest>,
}

/// Hashes `path`, commits to its root, waits for the commit window, registers.
async fn register(
    url: &str,
    client: &mut Client,
    deployment: &Deployment,
    signer: &Keypair,
    path: PathBuf,
    metadata: Metadata,
    wait_secs: u64,
) -> Result<Output, CliError> {
    let progress = TerminalProgress::new(std::io::stderr().is_terminal());
    let manifest = hash_path(&path, &HashOptions::default().with_progress(&progress))
        .map_err(|error| CliError::Hashing(error.to_string()))?;
    progress.clear();
    let root = manifest.root();
    let mut call = ink_e2e::create_call_builder::<Registry>(deployment.registry);
    // A root registered already would pass the commit and fail only at the
    // reveal, a block later: refuse it before anything is sent.
    if let Some(existing) =
        dry_run(client, signer, ("registry", "model_id_by_hash"), &call.model_id_by_hash(root), 0)
            .await?
    {
        return Err(refused(
            ("registry", "register"),
            RegistryError::AlreadyRegistered { existing },
        ));
    }
    let registrant = ink::primitives::AccountId::from(signer.public_key().0);
    let mut salt = [0u8; 32];
    getrandom::getrandom(&mut salt)
        .map_err(|error| CliError::Other(format!("no randomness for the salt: {error}")))?;
    let commitment = modelmint_common::registry::registration_commitment(&root, &registrant, &salt);
    let (_, commit_receipt) =
        send(client, signer, ("registry", "commit"), &call.commit(commitment), 0).await?;

    let Metadata { name, version, uri, previous_version, parents } = metadata;
    let draft = ModelDraft { hash: root, name, version, uri, previous_version, parents };
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(Duration::from_millis(120));
    let started = Instant::now();
    // The reveal is valid from the commit window's first block on. A dry run
    // runs in the best block; the reveal will run in a later one, so it may
    // go out as soon as the next block is the first valid one.
    let (model, receipt) = loop {
        let planned = dry_run(
            client,
            signer,
            ("registry", "register"),
            &call.register(draft.clone(), salt),
            0,
        )
        .await?;
        match planned {
            Ok(_) => {
                spinner.finish_and_clear();
                let (registered, receipt) = submit_for_event::<ModelRegistered, _, _, _>(
                    client,
                    signer,
                    ("registry", "register"),
                    &call.register(draft, salt),
                    0,
                )
                .await?;
                break (registered.model, receipt);
            }
            Err(RegistryError::CommitmentTooRecent { ready_at }) => {
                let best = best_block(url).await?;
                if u64::from(ready_at) <= best.saturating_add(1) {
                    spinner.finish_and_clear();
                    let (events, receipt) = send_in_next_block(
                        client,
                        signer,
                        ("registry", "register"),
                        &call.register(draft, salt),
                        REGISTER_GAS_LIMIT,
                    )
                    .await?;
                    let registered = find_event::<ModelRegistered>(&events).ok_or_else(|| {
                        CliError::Other(
                            "the registration ran but emitted no ModelRegistered event".into(),
                        )
                    })?;
                    break (registered.model, receipt);
                }
                if started.elapsed() > Duration::from_secs(wait_secs) {
                    spinner.finish_and_clear();
                    return Err(CliError::Other(format!(
                        "the commit window did not open within {wait_secs} s (it opens at block {ready_at}, the chain is at {best}); the commitment stays on chain: rerun later"
                    )));
                }
                spinner.set_message(format!(
                    "waiting for block {ready_at} (now {best}) to reveal the registration"
                ));
                ink_e2e::tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(error) => {
                spinner.finish_and_clear();
                return Err(refused(("registry", "register"), error));
            }
        }
    };
    Ok(Output {
        text: format!(
            "registered model {model}: root 0x{} ({} files, {} bytes); commit: {}; register: {}",
            hex::encode(root),
            manifest.entries().len(),
            manifest.total_size(),
            receipt_text(&commit_receipt),
            receipt_text(&receipt)
        ),
        json: json!({
            "model": model, "root": format!("0x{}", hex::encode(root)),
            "files": manifest.entries().len(), "bytes": manifest.total_size(),
            "commit_receipt": commit_receipt, "register_receipt": receipt,
        }),
    })
}

fn parse_hash(text: &str) -> Result<[u8; 32], CliError> {
    let bad = || CliError::Input(format!("{text:?} is not a sha256 (64 hex digits)"));
    let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|_| bad())?;
    bytes.try_into().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_is_model_relation_and_the_highest_royalty_accepted() {
        let parent = parse_parent("3:fine-tune:1000").unwrap();
        assert_eq!(
            (parent.model, parent.relation, parent.max_royalty_bps),
            (3, Relation::FineTune, 1000)
        );
        assert_eq!(parse_parent("1:merge:0").unwrap().relation, Relation::Merge);
        for bad in
            ["3:sibling:100", "3:fine-tune", "x:fine-tune:1", "3:fine-tune:1:2", "3:other:-1"]
        {
            assert!(matches!(parse_parent(bad), Err(CliError::Input(_))), "{bad}");
        }
    }

    #[test]
    fn a_recipient_is_an_address_and_a_share_in_parts_per_million() {
        let dave = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
        let recipient = parse_recipient(&format!("{dave}=300000")).unwrap();
        assert_eq!((ss58(&recipient.account), recipient.share), (dave.to_string(), 300_000));
        assert!(matches!(parse_recipient(dave), Err(CliError::Input(_))));
        assert!(matches!(parse_recipient("nobody=1"), Err(CliError::BadAddress { .. })));
    }

    #[test]
    fn hashes_are_64_hex_digits_with_or_without_0x() {
        let hex = "ab".repeat(32);
        assert_eq!(parse_hash(&hex).unwrap(), [0xab; 32]);
        assert_eq!(parse_hash(&format!("0x{hex}")).unwrap(), [0xab; 32]);
        assert!(matches!(parse_hash("0xabcd"), Err(CliError::Input(_))));
    }
}
