//! `modelmint`: the command line for publishers, licensees and recipients of
//! ModelMint contracts. Run `modelmint --help`.

use clap::{Parser, Subcommand, ValueEnum};
use ink_e2e::Keypair;
use modelmint_cli::{
    best_block, connect, dry_run, find_event, parse_account, refused, send, send_in_next_block,
    signer_from_suri, ss58, submit, CliError, Client, Deployment, Receipt,
};
use modelmint_common::licensing::{LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::ModelRegistry;
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, ModelId};
use modelmint_hash::{hash_path, HashOptions, TerminalProgress};
use modelmint_licensing::{Licensing, OfferTerms};
use modelmint_registry::{ModelDraft, ModelRegistered, Registry, RegistryError};
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
    command: Command,
}

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
        /// Give up waiting for the commit window after this many seconds.
        #[arg(long, default_value_t = 600)]
        wait_secs: u64,
    },
    /// Read models.
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
}

#[derive(Subcommand)]
enum LicenseCommand {
    /// Buy a license from an offer; the price is checked first and never above
    /// --max-price.
    Buy {
        /// The offer id.
        offer: u64,
        /// The most you agree to pay.
        #[arg(long)]
        max_price: Balance,
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
    let deployment = Deployment::read(&cli.deployment)?;
    let mut client = connect(&cli.url).await?;
    let need_signer = || signer.clone().ok_or(CliError::NoSigner);
    // Reads are dry runs; they need an origin but no signature.
    let reader = signer.clone().unwrap_or_else(ink_e2e::alice);
    match cli.command {
        Command::Register { path, name, version, uri, wait_secs } => {
            let signer = need_signer()?;
            register(
                &cli.url,
                &mut client,
                &deployment,
                &signer,
                path,
                (name, version, uri),
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
            let (offer, receipt) = send(
                &mut client,
                &signer,
                ("licensing", "create_offer"),
                &call.create_offer(model, terms),
                0,
            )
            .await?;
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
            let (license, receipt) = send(
                &mut client,
                &signer,
                ("licensing", "buy"),
                &call.buy(offer, max_price),
                price,
            )
            .await?;
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
            let signer = need_signer()?;
            let recipients =
                to.iter().map(|entry| parse_recipient(entry)).collect::<Result<Vec<_>, _>>()?;
            let mut call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let ((), receipt) = send(
                &mut client,
                &signer,
                ("royalties", "set_split"),
                &call.set_split(model, recipients.clone()),
                0,
            )
            .await?;
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
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let ((), receipt) = send(
                &mut client,
                &signer,
                ("royalties", "accept_split"),
                &call.accept_split(model),
                0,
            )
            .await?;
            Ok(model_done(format!("accepted model {model}'s split"), model, &receipt))
        }
        Command::Split(SplitCommand::Leave { model }) => {
            let signer = need_signer()?;
            let mut call = ink_e2e::create_call_builder::<RoyaltiesContract>(deployment.royalties);
            let ((), receipt) = send(
                &mut client,
                &signer,
                ("royalties", "leave_split"),
                &call.leave_split(model),
                0,
            )
            .await?;
            Ok(model_done(format!("left model {model}'s split"), model, &receipt))
        }
    }
}

/// `ADDRESS=PPM` as a split recipient.
fn parse_recipient(entry: &str) -> Result<Recipient, CliError> {
    let bad =
        || CliError::Other(format!("{entry:?} is not ADDRESS=PPM (a share in parts per million)"));
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

/// Hashes `path`, commits to its root, waits for the commit window, registers.
async fn register(
    url: &str,
    client: &mut Client,
    deployment: &Deployment,
    signer: &Keypair,
    path: PathBuf,
    (name, version, uri): (String, String, String),
    wait_secs: u64,
) -> Result<Output, CliError> {
    let progress = TerminalProgress::new(std::io::stderr().is_terminal());
    let manifest = hash_path(&path, &HashOptions::default().with_progress(&progress))
        .map_err(|error| CliError::Hashing(error.to_string()))?;
    progress.clear();
    let root = manifest.root();
    let registrant = ink::primitives::AccountId::from(signer.public_key().0);
    let mut salt = [0u8; 32];
    getrandom::getrandom(&mut salt)
        .map_err(|error| CliError::Other(format!("no randomness for the salt: {error}")))?;
    let commitment = modelmint_common::registry::registration_commitment(&root, &registrant, &salt);
    let mut call = ink_e2e::create_call_builder::<Registry>(deployment.registry);
    let (_, commit_receipt) =
        send(client, signer, ("registry", "commit"), &call.commit(commitment), 0).await?;

    let draft =
        ModelDraft { hash: root, name, version, uri, previous_version: None, parents: Vec::new() };
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
                break submit(
                    client,
                    signer,
                    ("registry", "register"),
                    &call.register(draft, salt),
                    0,
                )
                .await?;
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
                return Err(refused(("registry", "register"), &error));
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
    let bad = || CliError::Other(format!("{text:?} is not a sha256 (64 hex digits)"));
    let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|_| bad())?;
    bytes.try_into().map_err(|_| bad())
}
