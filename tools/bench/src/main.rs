//! `modelmint-bench`: the benchmark runner `scripts/bench.sh` starts once the
//! node runs, the contracts are deployed (the market's desk code uploaded,
//! the registry, the market and the gateway instantiated, the registry wired)
//! and the floors are built. It instantiates and measures the floors, runs the
//! benchmark scenario (every measured message dry-run as its signer right
//! before it is submitted, all through the contracts' own message types),
//! reads the weight of a plain transfer from the node's runtime API, then
//! writes `benchmarks/latest.json` and renders BENCHMARKS.md from it.

mod administration;
mod baseline;
mod cost;
mod floors;
mod markdown;
mod obligations;
mod report;
mod runner;
mod scaling;
mod scenario;
mod targets;

use clap::Parser;
use modelmint_cli::CliError;
use report::{ChainFigures, Environment, Git, Machine, Report, Versions};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

#[derive(Parser)]
#[command(
    name = "modelmint-bench",
    about = "Measure ModelMint on a node and write the benchmark report."
)]
struct Args {
    /// WebSocket URL of the node (a fresh `--dev` chain of the benchmark's own).
    #[arg(long, default_value = "ws://127.0.0.1:9966")]
    url: String,
    /// The deployment manifest `scripts/deploy.sh --network bench` wrote.
    #[arg(long, default_value = "deployments/bench.json")]
    deployment: PathBuf,
    /// The contracts' cargo-contract artifacts
    /// (`<dir>/modelmint_<name>/modelmint_<name>.contract`).
    #[arg(long)]
    artifacts: PathBuf,
    /// Floor (a)'s bundle (`cargo contract build` of benchmarks/floors/pay).
    #[arg(long)]
    floor_pay: PathBuf,
    /// Floor (b)'s bundle.
    #[arg(long)]
    floor_relay: PathBuf,
    /// Floor (c)'s bundle.
    #[arg(long)]
    floor_mint: PathBuf,
    /// Where the report goes (benchmarks/latest.json).
    #[arg(long)]
    out: PathBuf,
    /// Where BENCHMARKS.md goes; without it none is written.
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Recorded in the report: a quick run (64 MiB of hashing, one run).
    #[arg(long)]
    quick: bool,
    /// The hashing figures scripts/bench.sh measured (JSON); without it the
    /// report says hashing was not run.
    #[arg(long)]
    hashing: Option<PathBuf>,
    /// When the whole benchmark started (seconds since 1970), for its duration.
    #[arg(long)]
    started_at: Option<u64>,
    /// The load average when the benchmark started.
    #[arg(long, default_value = "")]
    load_at_start: String,
    /// `$MODELMINT_CACHE/timings`: test.json (scripts/test.sh) and setup.jsonl
    /// (scripts/setup.sh).
    #[arg(long)]
    timings: Option<PathBuf>,
    /// The blake2-256 hash of the chain's runtime code (`:code`): the weights
    /// are the runtime's, so equal hashes mean equal weights.
    #[arg(long, default_value = "")]
    runtime_code_hash: String,
    /// The web app's in-browser hashing figures.
    #[arg(long, default_value = "ui/test-results/hash-throughput.json")]
    browser_hashing: PathBuf,
    /// The licensed-delivery figures scripts/bench-delivery.sh wrote.
    #[arg(long, default_value = "benchmarks/delivery.json")]
    delivery: PathBuf,
}

/// The contracts of a deployment, as the manifest names them, in deployment
/// order: the desk is uploaded code, never instantiated.
const CONTRACTS: [&str; 4] = ["registry", "market_desk", "market", "gateway"];
/// The ones with an address: the desk's messages are the market's.
const MEASURED: [&str; 3] = ["registry", "market", "gateway"];

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match ink_e2e::tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    // The chain client panics on some transport failures: run in a task so
    // that such a panic becomes a readable error, not a backtrace.
    let outcome = runtime.block_on(async move {
        ink_e2e::tokio::spawn(run(args)).await.unwrap_or_else(|panic| {
            Err(CliError::Other(format!("the node connection failed: {panic}")))
        })
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Reads a JSON file.
fn read_json(path: &Path) -> Result<Value, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| CliError::Input(format!("cannot read {}: {error}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|error| CliError::Input(format!("{} is not JSON: {error}", path.display())))
}

/// A JSON file if it exists, else null.
fn optional_json(path: &Path) -> Result<Value, CliError> {
    if path.is_file() {
        read_json(path)
    } else {
        Ok(Value::Null)
    }
}

/// The labels of the messages a bundle's metadata marks as mutating.
fn mutating(bundle: &Value) -> Vec<String> {
    bundle["spec"]["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|message| message["mutates"] == Value::Bool(true))
        .filter_map(|message| message["label"].as_str().map(String::from))
        .collect()
}

/// How many messages a bundle's metadata lists (the trait messages included).
fn messages(bundle: &Value) -> u64 {
    bundle["spec"]["messages"].as_array().map_or(0, |all| all.len() as u64)
}

/// A command's first line of output, or "unknown".
fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| text.lines().next().map(str::trim).map(String::from))
        .unwrap_or_else(|| "unknown".into())
}

/// The ink! version in Cargo.lock.
fn ink_version() -> String {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"ink\"" {
            if let Some(version) = lines.next().and_then(|line| line.strip_prefix("version = ")) {
                return version.trim_matches('"').into();
            }
        }
    }
    "unknown".into()
}

/// Versions, machine and git state, as the report records them.
fn environment_now(args: &Args) -> Result<Environment, CliError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let date = i64::try_from(now)
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map_or_else(|| "unknown".into(), |at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let commit = first_line("git", &["rev-parse", "HEAD"]);
    let dirty = Command::new("git")
        .args([
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            "contracts",
            "Cargo.lock",
            "tools",
        ])
        .output()
        .map_or(true, |output| !output.stdout.is_empty());
    let strip =
        |text: String, prefix: &str| text.strip_prefix(prefix).map(String::from).unwrap_or(text);
    let cpu = Command::new("lscpu")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| {
            text.lines().find_map(|line| {
                line.strip_prefix("Model name:").map(|name| name.trim().to_string())
            })
        })
        .unwrap_or_else(|| "unknown".into());
    let (suite, setup) = match &args.timings {
        Some(dir) => {
            let setup_path = dir.join("setup.jsonl");
            let setup = if setup_path.is_file() {
                let text = std::fs::read_to_string(&setup_path).map_err(|error| {
                    CliError::Input(format!("cannot read {}: {error}", setup_path.display()))
                })?;
                let steps = text
                    .lines()
                    .filter(|line| !line.trim().is_empty())
                    .map(serde_json::from_str)
                    .collect::<Result<Vec<Value>, _>>()
                    .map_err(|error| {
                        CliError::Input(format!(
                            "{} is not JSON lines: {error}",
                            setup_path.display()
                        ))
                    })?;
                Value::Array(steps)
            } else {
                Value::Null
            };
            (optional_json(&dir.join("test.json"))?, setup)
        }
        None => (Value::Null, Value::Null),
    };
    Ok(Environment {
        date,
        quick: args.quick,
        duration_s: args.started_at.map_or(0, |started| now.saturating_sub(started)),
        git: Git { commit, contracts_dirty: dirty },
        versions: Versions {
            ink: ink_version(),
            cargo_contract: strip(
                first_line("cargo", &["contract", "--version"]),
                "cargo-contract-contract ",
            ),
            substrate_contracts_node: strip(
                first_line("substrate-contracts-node", &["--version"]),
                "substrate-contracts-node ",
            ),
            runtime_code_hash: args.runtime_code_hash.clone(),
            rustc: first_line("rustc", &["--version"]),
            toolchain: std::env::var("RUSTUP_TOOLCHAIN").unwrap_or_else(|_| "unknown".into()),
        },
        machine: Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            loadavg_at_start: args.load_at_start.clone(),
        },
        suite,
        setup,
        hashing: match &args.hashing {
            Some(path) => read_json(path)?,
            None => Value::Null,
        },
        browser_hashing: optional_json(&args.browser_hashing)?,
        delivery: optional_json(&args.delivery)?,
    })
}

async fn run(args: Args) -> Result<(), CliError> {
    let manifest = read_json(&args.deployment)?;
    let stack = scenario::Stack::read(&manifest, &args.deployment)?;
    let mut contracts = Vec::new();
    let mut mutating_messages = Vec::new();
    let mut message_counts = Vec::new();
    for name in CONTRACTS {
        let entry = &manifest["contracts"][name];
        let bytes = entry["wasm_bytes"].as_u64();
        let hash = entry["code_hash"].as_str();
        let (Some(bytes), Some(hash)) = (bytes, hash) else {
            return Err(CliError::Input(format!(
                "{} records no Wasm size or code hash of {name}",
                args.deployment.display()
            )));
        };
        contracts.push((name.to_string(), bytes, hash.to_string()));
        let bundle =
            read_json(&args.artifacts.join(format!("modelmint_{name}/modelmint_{name}.contract")))?;
        if MEASURED.contains(&name) {
            mutating_messages.push((name.to_string(), mutating(&bundle)));
        }
        message_counts.push((name.to_string(), messages(&bundle)));
    }
    println!(
        " ok registry {}, market {}, gateway {}",
        modelmint_cli::ss58(&stack.registry),
        modelmint_cli::ss58(&stack.market),
        modelmint_cli::ss58(&stack.gateway)
    );
    println!("==> optimized Wasm sizes");
    for (name, bytes, _) in &contracts {
        println!("  {name:<12} {bytes} bytes");
    }

    let floor_builds = floors::FloorBuilds {
        pay: floors::FloorBuild::read("floor_pay", &args.floor_pay)?,
        relay: floors::FloorBuild::read("floor_relay", &args.floor_relay)?,
        mint: floors::FloorBuild::read("floor_mint", &args.floor_mint)?,
    };
    for build in [&floor_builds.pay, &floor_builds.relay, &floor_builds.mint] {
        mutating_messages.push((build.name.to_string(), mutating(&build.metadata)));
    }
    // The floors, and the registry code the administration stage
    // instantiates afresh to measure its one immediate wiring.
    let fresh = args.artifacts.join("modelmint_registry/modelmint_registry.wasm");
    let client =
        modelmint_cli::connect_with_code(&args.url, floor_builds.wasm().into_iter().chain([fresh]))
            .await?;
    let (api, _, _) = modelmint_cli::best_block_at(&args.url).await?;
    let mut bench = runner::Bench::new(client, api);
    check_desk(&mut bench, &stack, &contracts).await?;
    floors::measure(&mut bench, &floor_builds, scenario::BASE_PRICE).await?;
    let mut story = scenario::Scenario::new(&mut bench, stack);
    story.story().await?;
    story.deposit_scaling().await?;
    story.obligation_scaling().await?;
    story.withdraw_scaling().await?;
    story.administration().await?;
    bench.stage(
        "baseline: Balances::transfer_keep_alive (and the fixed part of Contracts::call)",
        None,
    );
    let (transfer, contracts_call) = baseline::transfer_baseline(&args.url).await?;
    let measurements = bench.into_measurements();
    println!(
        " ok transfer_keep_alive: ref_time {} proof_size {}; Contracts::call without gas: ref_time {} proof_size {}",
        transfer.ref_time, transfer.proof_size, contracts_call.ref_time, contracts_call.proof_size
    );

    let chain = ChainFigures {
        measurements,
        contracts,
        floor_sizes: floor_builds.sizes()?,
        mutating: mutating_messages,
        message_counts,
        transfer,
        contracts_call,
    };
    let report = Report::new(chain, environment_now(&args)?).map_err(CliError::Other)?;
    write(
        &args.out,
        &(serde_json::to_string_pretty(&report)
            .map_err(|error| CliError::Other(error.to_string()))?
            + "\n"),
    )?;
    println!(" ok results in {}", args.out.display());
    if let Some(path) = &args.markdown {
        write(path, &markdown::render(&report))?;
        println!(" ok table in {}", path.display());
    }
    println!("{}", report.summary());
    Ok(())
}

/// Checks that the deployed market forwards to the desk whose code the
/// manifest records: the report gives that code's size as the desk's.
///
/// # Errors
/// [`CliError::Input`] if they differ.
async fn check_desk(
    bench: &mut runner::Bench,
    stack: &scenario::Stack,
    contracts: &[(String, u64, String)],
) -> Result<(), CliError> {
    let market = ink_e2e::create_call_builder::<modelmint_market::Market>(stack.market);
    let desk = bench.query(("market", "desk_code"), &market.desk_code()).await?;
    let recorded =
        contracts.iter().find(|(name, _, _)| name == "market_desk").map(|(_, _, hash)| hash);
    let running = format!("0x{}", hex::encode(desk));
    if recorded != Some(&running) {
        return Err(CliError::Input(format!(
            "the market forwards to the desk code {running}, the manifest records {recorded:?}"
        )));
    }
    Ok(())
}

/// Writes `text` to `path`, creating its directory.
fn write(path: &Path, text: &str) -> Result<(), CliError> {
    let failed = |error: std::io::Error| {
        CliError::Other(format!("cannot write {}: {error}", path.display()))
    };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    std::fs::write(path, text).map_err(failed)
}
