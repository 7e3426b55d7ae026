//! `delivery-bench`: concurrent licensed downloads on loopback, next to a
//! static file server (Debian's nginx in scripts/bench-delivery.sh) serving
//! the same files, and the latency of sign-ins that ask a real chain.
//!
//! ```text
//! delivery-bench --dir DIR [--clients 32] [--size-mib 256] [--rounds 3] [--static-url URL]
//!                [--chain-url URL --model ID]   # key: MODELMINT_SURI
//!                [--json-out FILE] [--markdown BENCHMARKS.md] [--meta KEY=VALUE]...
//! ```
//!
//! - The delivery server runs in this process (a release build of this crate,
//!   all of the server's code) with a license table that says yes: this run
//!   measures serving. Each client signs in (sr25519 signature, one chain
//!   question answered from the table) and downloads every file.
//! - `--static-url`: the same downloads from a plain static server of DIR.
//! - `--chain-url`: as many concurrent sign-ins against a running
//!   `modelmint serve`, each answered by the chain (`is_licensed` dry runs).
//!
//! Prints aggregate throughput, time to first byte (p50, p99) and sign-in
//! latency (p50, p99, max), and one JSON line with the same figures;
//! `--json-out` writes that JSON to a file and `--markdown` replaces the
//! delivery section of BENCHMARKS.md with it ([`modelmint_delivery::report`]).
//! `--meta KEY=VALUE` records what the run was (date, commit, nginx's
//! version, load) in the figures.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use modelmint_delivery::client::sign_in;
use modelmint_delivery::content::Content;
use modelmint_delivery::refusal::AccessLog;
use modelmint_delivery::report;
use modelmint_delivery::server::{Served, Server, ServerConfig};
use modelmint_delivery::{Account, Grant, LicenseOracle, ModelId, OracleError};
use modelmint_hash::{hash_path, HashOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};
use subxt_signer::sr25519::Keypair;
use subxt_signer::SecretUri;

/// Every account is licensed: the serving run measures the server.
struct Yes;

impl LicenseOracle for Yes {
    async fn check(&self, _: ModelId, _: Account) -> Result<Grant, OracleError> {
        Ok(Grant::Licensed { expires_at_ms: None })
    }
}

struct Args {
    dir: PathBuf,
    clients: usize,
    size_mib: u64,
    rounds: usize,
    static_url: Option<String>,
    chain: Option<(String, ModelId)>,
    json_out: Option<PathBuf>,
    markdown: Option<PathBuf>,
    meta: Vec<(String, String)>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        dir: PathBuf::new(),
        clients: 32,
        size_mib: 256,
        rounds: 3,
        static_url: None,
        chain: None,
        json_out: None,
        markdown: None,
        meta: Vec::new(),
    };
    let (mut chain_url, mut model) = (None, None);
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or(format!("{flag} takes a value"));
        match flag.as_str() {
            "--dir" => args.dir = PathBuf::from(value()?),
            "--clients" => {
                args.clients = value()?.parse().map_err(|_| "--clients takes a number")?
            }
            "--size-mib" => {
                args.size_mib = value()?.parse().map_err(|_| "--size-mib takes a number")?
            }
            "--static-url" => args.static_url = Some(value()?),
            "--rounds" => {
                args.rounds = value()?.parse().map_err(|_| "--rounds takes a number")?;
            }
            "--chain-url" => chain_url = Some(value()?),
            "--json-out" => args.json_out = Some(PathBuf::from(value()?)),
            "--markdown" => args.markdown = Some(PathBuf::from(value()?)),
            "--meta" => {
                let pair = value()?;
                let (key, text) = pair.split_once('=').ok_or("--meta takes KEY=VALUE")?;
                args.meta.push((key.to_string(), text.to_string()));
            }
            "--model" => model = Some(value()?.parse().map_err(|_| "--model takes a model id")?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.dir.as_os_str().is_empty() {
        return Err("--dir DIR is required".into());
    }
    args.chain = match (chain_url, model) {
        (Some(url), Some(model)) => Some((url, model)),
        (None, None) => None,
        _ => return Err("--chain-url and --model go together".into()),
    };
    Ok(args)
}

/// Four files of `size_mib / 4` MiB of pseudo-random bytes (xorshift: not
/// compressible, and fast to make), unless DIR holds files already.
fn make_model(dir: &Path, size_mib: u64) -> std::io::Result<()> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut block = vec![0u8; 1 << 20];
    for shard in 0..4 {
        let mut file = std::fs::File::create(dir.join(format!("model-{shard:05}.safetensors")))?;
        for _ in 0..size_mib / 4 {
            for chunk in block.chunks_exact_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                chunk.copy_from_slice(&state.to_le_bytes());
            }
            file.write_all(&block)?;
        }
    }
    Ok(())
}

/// What one run measured.
#[derive(Default)]
struct Run {
    bytes: u64,
    wall: Duration,
    ttfb: Vec<Duration>,
    sign_in: Vec<Duration>,
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort();
    // Nearest rank: the smallest sample with at least p of them at or below it.
    let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// `clients` clients at once, each downloading every file from `base`
/// (signing in first with `model` when given).
async fn downloads(
    base: &str,
    files: &[(String, u64)],
    clients: usize,
    model: Option<ModelId>,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (base, files) = (base.to_owned(), files.to_vec());
        tasks.push(tokio::spawn(async move {
            let http = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
            let mut run = Run::default();
            let mut token = None;
            if let Some(model) = model {
                let key = Keypair::from_uri(
                    &SecretUri::from_str(&format!("//Bench{client}")).map_err(|e| e.to_string())?,
                )
                .map_err(|e| e.to_string())?;
                let at = Instant::now();
                token = Some(sign_in(&base, model, &key).await.map_err(|e| e.to_string())?);
                run.sign_in.push(at.elapsed());
            }
            for (path, size) in &files {
                let url = match model {
                    Some(model) => format!("{base}/v1/models/{model}/files/{path}"),
                    None => format!("{base}/{path}"),
                };
                let mut request = http::Request::get(url);
                if let Some(token) = &token {
                    request =
                        request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
                }
                let at = Instant::now();
                let response = http
                    .request(request.body(Full::default()).map_err(|e| e.to_string())?)
                    .await
                    .map_err(|e| e.to_string())?;
                run.ttfb.push(at.elapsed());
                if !response.status().is_success() {
                    return Err(format!("{path}: status {}", response.status()));
                }
                let mut body = response.into_body();
                let mut received = 0u64;
                while let Some(frame) = body.frame().await {
                    if let Ok(data) = frame.map_err(|e| e.to_string())?.into_data() {
                        received += data.len() as u64;
                    }
                }
                if received != *size {
                    return Err(format!("{path}: {received} bytes, not {size}"));
                }
                run.bytes += received;
            }
            Ok::<_, String>(run)
        }));
    }
    let mut total = Run::default();
    for task in tasks {
        let run = task.await.map_err(|e| e.to_string())??;
        total.bytes += run.bytes;
        total.ttfb.extend(run.ttfb);
        total.sign_in.extend(run.sign_in);
    }
    total.wall = started.elapsed();
    Ok(total)
}

/// Sign-ins against a running `modelmint serve`: `count` one after another,
/// then `count` at once.
async fn chain_sign_ins(
    url: &str,
    model: ModelId,
    count: usize,
) -> Result<(Vec<Duration>, Vec<Duration>), String> {
    let suri = std::env::var("MODELMINT_SURI")
        .map_err(|_| "--chain-url needs MODELMINT_SURI (a licensed account)")?;
    let key = Keypair::from_uri(&SecretUri::from_str(&suri).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let mut alone = Vec::new();
    for _ in 0..count {
        let at = Instant::now();
        sign_in(url, model, &key).await.map_err(|e| e.to_string())?;
        alone.push(at.elapsed());
    }
    let mut tasks = Vec::new();
    for _ in 0..count {
        let (url, key) = (url.to_owned(), key.clone());
        tasks.push(tokio::spawn(async move {
            let at = Instant::now();
            sign_in(&url, model, &key).await.map_err(|e| e.to_string())?;
            Ok::<_, String>(at.elapsed())
        }));
    }
    let mut together = Vec::new();
    for task in tasks {
        together.push(task.await.map_err(|e| e.to_string())??);
    }
    Ok((alone, together))
}

fn line(name: &str, run: &mut Run) -> serde_json::Value {
    let mib_s = run.bytes as f64 / (1 << 20) as f64 / run.wall.as_secs_f64();
    let (t50, t99) = (percentile(&mut run.ttfb, 0.5), percentile(&mut run.ttfb, 0.99));
    let (s50, s99) = (percentile(&mut run.sign_in, 0.5), percentile(&mut run.sign_in, 0.99));
    println!(
        "{name:<24} {mib_s:>9.0} MiB/s {:>8.2} s {:>9.2} ms {:>9.2} ms {:>9.2} ms {:>9.2} ms",
        run.wall.as_secs_f64(),
        ms(t50),
        ms(t99),
        ms(s50),
        ms(s99)
    );
    serde_json::json!({
        "throughput_mib_s": mib_s, "wall_s": run.wall.as_secs_f64(), "bytes": run.bytes,
        "ttfb_p50_ms": ms(t50), "ttfb_p99_ms": ms(t99),
        "sign_in_p50_ms": ms(s50), "sign_in_p99_ms": ms(s99),
    })
}

async fn bench(args: Args) -> Result<(), String> {
    make_model(&args.dir, args.size_mib).map_err(|e| format!("{}: {e}", args.dir.display()))?;
    let manifest = hash_path(&args.dir, &HashOptions::default()).map_err(|e| e.to_string())?;
    let files: Vec<(String, u64)> =
        manifest.entries().iter().map(|e| (e.path.clone(), e.size)).collect();
    let content = Content::open(&args.dir, manifest.root()).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = ServerConfig::new(addr.to_string());
    config.max_downloads_per_account = args.clients;
    config.max_connections = args.clients.saturating_mul(2).max(8);
    let log = AccessLog::new(Box::new(std::io::sink()));
    tokio::spawn(
        Server::new(config, vec![(1, Served::any_use(content))], Yes, log).serve(listener),
    );
    println!(
        "{} clients, each downloading all {} files ({} MiB) once, loopback, {} cores",
        args.clients,
        files.len(),
        manifest.total_size() >> 20,
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!(
        "{:<24} {:>15} {:>10} {:>12} {:>12} {:>12} {:>12}",
        "server", "throughput", "wall", "TTFB p50", "TTFB p99", "sign-in p50", "sign-in p99"
    );
    let mut report = serde_json::Map::new();
    // The servers take turns, round after round, so that what else runs on
    // the machine weighs on both alike; the medians are the figures.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 1..=args.rounds.max(1) {
        let mut run = downloads(&format!("http://{addr}"), &files, args.clients, Some(1)).await?;
        ours.push(line(&format!("modelmint-delivery #{round}"), &mut run));
        if let Some(url) = &args.static_url {
            let mut run = downloads(url.trim_end_matches('/'), &files, args.clients, None).await?;
            theirs.push(line(&format!("static (nginx) #{round}"), &mut run));
        }
    }
    let median = |runs: &mut Vec<serde_json::Value>| {
        runs.sort_by(|a, b| {
            a["throughput_mib_s"]
                .as_f64()
                .partial_cmp(&b["throughput_mib_s"].as_f64())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        runs.get(runs.len() / 2).cloned().unwrap_or_default()
    };
    let throughputs = |runs: &[serde_json::Value]| -> Vec<serde_json::Value> {
        runs.iter().map(|run| run["throughput_mib_s"].clone()).collect()
    };
    report.insert(
        "rounds_mib_s".into(),
        serde_json::json!({ "delivery": throughputs(&ours), "static": throughputs(&theirs) }),
    );
    let ours = median(&mut ours);
    report.insert("delivery".into(), ours.clone());
    if args.static_url.is_some() {
        let theirs = median(&mut theirs);
        let ratio = ours["throughput_mib_s"].as_f64().unwrap_or(0.0)
            / theirs["throughput_mib_s"].as_f64().unwrap_or(f64::INFINITY);
        println!(
            "median of {} rounds: modelmint-delivery {:.0} MiB/s (TTFB p99 {:.1} ms), nginx {:.0} MiB/s (TTFB p99 {:.1} ms): {:.0} % of nginx's throughput",
            args.rounds.max(1),
            ours["throughput_mib_s"].as_f64().unwrap_or(0.0),
            ours["ttfb_p99_ms"].as_f64().unwrap_or(0.0),
            theirs["throughput_mib_s"].as_f64().unwrap_or(0.0),
            theirs["ttfb_p99_ms"].as_f64().unwrap_or(0.0),
            ratio * 100.0
        );
        report.insert("static".into(), theirs);
        report.insert("throughput_ratio".into(), ratio.into());
    }
    if let Some((url, model)) = &args.chain {
        let (alone, together) = chain_sign_ins(url, *model, args.clients).await?;
        for (name, mut latencies) in [("one at a time", alone), ("all at once", together)] {
            let (p50, p99) = (percentile(&mut latencies, 0.5), percentile(&mut latencies, 0.99));
            println!(
                "sign-in through modelmint serve and the chain, {} {name}: p50 {:.1} ms, p99 {:.1} ms",
                latencies.len(),
                ms(p50),
                ms(p99),
            );
            report.insert(
                format!("chain_sign_in_{}", name.replace(' ', "_")),
                serde_json::json!({ "count": latencies.len(), "p50_ms": ms(p50), "p99_ms": ms(p99) }),
            );
        }
    }
    report.insert("clients".into(), args.clients.into());
    report.insert("size_mib".into(), args.size_mib.into());
    report.insert("rounds".into(), args.rounds.max(1).into());
    report
        .insert("cores".into(), std::thread::available_parallelism().map_or(1, usize::from).into());
    for (key, text) in &args.meta {
        report.insert(key.clone(), text.clone().into());
    }
    let report = serde_json::Value::Object(report);
    println!("{report}");
    write_out(&args, &report)
}

/// Writes the figures to `--json-out` and their section into `--markdown`.
fn write_out(args: &Args, report: &serde_json::Value) -> Result<(), String> {
    let failed =
        |path: &Path, error: std::io::Error| format!("cannot write {}: {error}", path.display());
    if let Some(path) = &args.json_out {
        let text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())? + "\n";
        std::fs::write(path, text).map_err(|e| failed(path, e))?;
        println!(" ok figures in {}", path.display());
    }
    if let Some(path) = &args.markdown {
        let document = std::fs::read_to_string(path).unwrap_or_default();
        let text = report::splice(&document, &report::section(report));
        std::fs::write(path, text).map_err(|e| failed(path, e))?;
        println!(" ok section \"{}\" in {}", report::HEADING, path.display());
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match parse_args() {
        Ok(args) => bench(args).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
