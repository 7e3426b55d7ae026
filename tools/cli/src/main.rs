//! `modelmint`: the command line for publishers, licensees and recipients of
//! ModelMint contracts (the registry, the market and the example gateway).
//! Run `modelmint --help`.

mod cmd;

use clap::{Parser, Subcommand};
use cmd::args::{
    AdminCommand, DatasetCommand, DisputeCommand, LicenseCommand, ModelCommand, OfferCommand,
    RegisterArgs, RoyaltiesCommand, SplitCommand,
};
use cmd::{Ctx, Output};
use ink::primitives::AccountId;
use modelmint_cli::{
    connect, deploy, free_balance, parse_account, signer_from_suri, ss58, verify, CliError,
    Deployment,
};
use modelmint_common::Balance;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// The deployment manifest `modelmint deploy` (scripts/deploy.sh) wrote.
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
    /// Upload the market's desk and instantiate every contract from the
    /// cargo-contract artifacts (or reuse the recorded deployment if its code,
    /// wiring and settings are unchanged), wire them, and write
    /// deployments/NETWORK.json.
    Deploy(DeployArgs),
    /// Check that deployed contracts run the code this checkout builds: builds
    /// the contracts (scripts/build.sh; path-independent, so any machine gets
    /// the same code hashes), reads each contract's code hash from the chain,
    /// and says per contract "verified" (and the commit) or "DIFFERENT" (with
    /// both hashes). Checks the --deployment manifest's contracts and the
    /// market's desk, or the contracts at ADDRESS... Exit code 4 if any
    /// contract runs other code or is missing.
    Verify(VerifyArgs),
    /// Follow the chain's finalized blocks into an index (SQLite by default,
    /// PostgreSQL with --database postgres://...): every event of the
    /// deployment's contracts, one transaction per block, resuming after the
    /// last indexed block; with --serve, answer the read API (docs/index.md).
    Index(cmd::index::IndexArgs),
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
    /// A scheduled upgrade or rewiring stays executable this many milliseconds
    /// once ready (default 7 days); then it must be scheduled again.
    #[arg(long, default_value_t = modelmint_common::admin::DEFAULT_GRACE)]
    grace_ms: u64,
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

#[derive(clap::Args)]
struct VerifyArgs {
    /// Contracts to check (SS58) instead of the manifest's; the code at each
    /// tells which contract it is (and a market's desk is checked with it).
    addresses: Vec<String>,
    /// Do not build: use the artifacts scripts/build.sh left in
    /// $CARGO_TARGET_DIR/ink (default ~/.cache/modelmint/target/ink), which
    /// must be of the current commit and working tree.
    #[arg(long)]
    no_build: bool,
}

/// The commands that work on a deployment.
#[derive(Subcommand)]
enum Command {
    /// Hash a model file or folder, commit to its content root, then register it
    /// (the reveal waits for the registry's commit window).
    Register(RegisterArgs),
    /// Register training data as a dataset.
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// Read models, edit their metadata, resync the market's copy.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Sell licenses.
    #[command(subcommand)]
    Offer(OfferCommand),
    /// Buy and hold licenses.
    #[command(subcommand)]
    License(LicenseCommand),
    /// Royalty balances and withdrawals.
    #[command(subcommand)]
    Royalties(RoyaltiesCommand),
    /// Revenue splits.
    #[command(subcommand)]
    Split(SplitCommand),
    /// Disputes over who a model belongs to, and the arbiter's rulings.
    #[command(subcommand)]
    Dispute(DisputeCommand),
    /// The shared administration of every contract: timelocked upgrades and
    /// rewiring, pausing.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// An account's address and free balance (default: the signer).
    Account {
        /// SS58 address.
        account: Option<String>,
    },
    /// Serve a model's files over HTTP to accounts holding a valid license
    /// (sign-in by the account's key, checked on chain); refuses to start
    /// unless DIR's content root is the model's root on chain.
    Serve(cmd::delivery::ServeArgs),
    /// Sign in to a `modelmint serve` server as the signer and download a
    /// model, resuming partial files; every sha256 and the root are checked
    /// against the chain before a file gets its final name.
    Fetch(cmd::delivery::FetchArgs),
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
        // A verification that failed still prints its report.
        Err(CliError::Unverified { text, json: report }) => {
            if json {
                println!("{report}");
            } else {
                println!("{text}");
            }
            ExitCode::from(4)
        }
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

async fn run(cli: Cli) -> Result<Output, CliError> {
    let signer = cli.suri.as_deref().map(signer_from_suri).transpose()?;
    let command = match cli.command {
        TopCommand::Deployed(command) => command,
        TopCommand::Verify(args) => {
            let reader = signer.unwrap_or_else(ink_e2e::alice);
            return verify_deployment(&cli.url, &cli.deployment, args, &reader).await;
        }
        TopCommand::Index(args) => {
            let deployment = Deployment::read(&cli.deployment)?;
            return cmd::index::index(&cli.url, &deployment, args).await;
        }
        TopCommand::Deploy(DeployArgs {
            network,
            redeploy,
            timelock_ms,
            no_timelock,
            grace_ms,
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
            if grace_ms == 0 || grace_ms > modelmint_common::admin::MAX_DELAY {
                // Refused here, before the desk is uploaded, in the
                // contracts' own words.
                let refusal = modelmint_common::admin::AdminError::GraceOutOfRange {
                    max: modelmint_common::admin::MAX_DELAY,
                };
                return Err(CliError::Input(format!(
                    "--grace-ms: {}",
                    modelmint_cli::errors::sentence(&refusal.into())
                )));
            }
            if dispute_deposit == 0 {
                return Err(CliError::Input("--dispute-deposit takes a positive amount".into()));
            }
            let network = network.unwrap_or_else(|| deploy::network_of(&cli.url));
            let settings = deploy::Settings {
                url: cli.url.clone(),
                timelock_ms: if no_timelock { 0 } else { timelock_ms },
                grace_ms,
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
    let client = connect(&cli.url).await?;
    // Reads are dry runs; they need an origin but no signature.
    let reader = signer.clone().unwrap_or_else(ink_e2e::alice);
    let mut ctx = Ctx { url: cli.url, client, deployment, signer, reader };
    match command {
        Command::Register(args) => cmd::models::register(&mut ctx, args).await,
        Command::Dataset(DatasetCommand::Register(args)) => {
            cmd::models::register_dataset(&mut ctx, args).await
        }
        Command::Model(command) => cmd::models::run(&mut ctx, command).await,
        Command::Offer(command) => cmd::market::offers(&mut ctx, command).await,
        Command::License(command) => cmd::market::licenses(&mut ctx, command).await,
        Command::Royalties(command) => cmd::royalties::royalties(&mut ctx, command).await,
        Command::Split(command) => cmd::royalties::splits(&mut ctx, command).await,
        Command::Dispute(command) => cmd::models::dispute(&mut ctx, command).await,
        Command::Admin(command) => cmd::admin::run(&mut ctx, command).await,
        Command::Serve(args) => cmd::delivery::serve(&mut ctx, args).await,
        Command::Fetch(args) => cmd::delivery::fetch(&mut ctx, args, cli.json).await,
        Command::Account { account } => {
            let account: AccountId = ctx.account_or_signer(account.as_deref())?;
            let free = free_balance(&mut ctx.client, &account).await?;
            Ok(Output {
                text: format!("{} has {free} free", ss58(&account)),
                json: json!({ "account": ss58(&account), "free": free.to_string() }),
            })
        }
    }
}

/// `modelmint verify`: a fresh build of this checkout against the chain.
async fn verify_deployment(
    url: &str,
    deployment: &std::path::Path,
    args: VerifyArgs,
    reader: &ink_e2e::Keypair,
) -> Result<Output, CliError> {
    let targets = if args.addresses.is_empty() {
        verify::Targets::manifest(deployment)?
    } else {
        verify::Targets::Addresses(
            args.addresses
                .iter()
                .map(|address| parse_account(address))
                .collect::<Result<_, _>>()?,
        )
    };
    let root = verify::repository()?;
    let artifacts = verify::artifacts_dir();
    if !args.no_build {
        verify::build(&root, &artifacts)?;
    }
    let build = verify::Build::read(&artifacts)?;
    if let Some(reason) = build.stale(&verify::SourceState::of(&root)?) {
        return Err(CliError::Input(format!(
            "the contracts in {} are not a build of this checkout ({reason}): run scripts/build.sh{}",
            artifacts.display(),
            if args.no_build { " or drop --no-build" } else { "" }
        )));
    }
    // Reachable before anything else is read.
    connect(url).await?;
    let checks = verify::check(url, reader, &build, &targets).await?;
    let (text, json, verified) = verify::report(&build, &targets, &checks);
    if verified {
        Ok(Output { text, json })
    } else {
        Err(CliError::Unverified { text, json })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_group_of_commands_is_there() {
        let cli = Cli::command();
        let names: Vec<&str> = cli.get_subcommands().map(|command| command.get_name()).collect();
        assert_eq!(
            names,
            [
                "deploy",
                "verify",
                "index",
                "register",
                "dataset",
                "model",
                "offer",
                "license",
                "royalties",
                "split",
                "dispute",
                "admin",
                "account",
                "serve",
                "fetch"
            ]
        );
    }
}
