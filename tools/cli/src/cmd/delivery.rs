//! `serve` and `fetch`: licensed delivery of a model's files
//! (`modelmint-delivery`, docs/delivery.md). The server asks the market
//! whether an account may download (`LicenseCheck::is_licensed`, dry-run at
//! the best block) and when its license ends (the market's license view);
//! both sides take the model's root from the registry.

use super::args::UseArg;
use super::{Ctx, Output};
use clap::ValueEnum;
use ink::primitives::AccountId;
use ink_e2e::Keypair;
use modelmint_cli::{connect, dry_run, CliError, Client};
use modelmint_common::licensing::{LicenseCheck, Use};
use modelmint_common::ModelId;
use modelmint_delivery::client::{fetch as fetch_model, FetchError, FetchOptions};
use modelmint_delivery::content::Content;
use modelmint_delivery::cors::Cors;
use modelmint_delivery::refusal::AccessLog;
use modelmint_delivery::server::{Served, Server, ServerConfig};
use modelmint_delivery::{Account, Grant, LicenseOracle, OracleError};
use modelmint_market::Market;
use modelmint_registry::Registry;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// `modelmint serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The model to serve (more models: --model).
    #[arg(requires = "dir")]
    pub model: Option<ModelId>,
    /// Its directory: its content root must be the model's root on chain.
    pub dir: Option<PathBuf>,
    /// A model to serve from this process, as ID=DIR, or ID=DIR:USES with
    /// its own comma-separated uses (e.g. 3=/srv/m3:fine-tuning,research);
    /// repeat it for each model. Each directory's content root must be its
    /// model's root on chain, and a sign-in opens only its own model.
    #[arg(long = "model", id = "served_model", value_name = "ID=DIR[:USES]")]
    pub models: Vec<String>,
    /// The license uses that allow a download, comma-separated, for MODEL
    /// and for every --model that names none (default: any license valid
    /// now).
    #[arg(long, value_delimiter = ',')]
    pub uses: Vec<UseArg>,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:18080")]
    pub listen: SocketAddr,
    /// The server's public `HOST[:PORT]`, as clients reach it (behind a
    /// reverse proxy: the proxy's); challenges name it, and a client signs
    /// only a challenge of the server it asked (default: --listen).
    #[arg(long)]
    pub name: Option<String>,
    /// Where the access log (JSON lines) goes; `-` for standard output.
    #[arg(long, default_value = "-")]
    pub access_log: PathBuf,
    /// The longest a session goes without asking the chain again, in seconds:
    /// a license that expires, is voided or is transferred away stops
    /// downloads within this delay (plus a block).
    #[arg(long, default_value_t = 30)]
    pub recheck_s: u64,
    /// The longest a sign-in token lasts, in seconds (shorter if the license
    /// ends sooner).
    #[arg(long, default_value_t = 900)]
    pub token_ttl_s: u64,
    /// The most connections open at once.
    #[arg(long, default_value_t = 256)]
    pub max_connections: usize,
    /// The most downloads one account runs at once.
    #[arg(long, default_value_t = 4)]
    pub max_downloads_per_account: usize,
    /// A web app's origin (`https://HOST[:PORT]`) whose pages may call the
    /// server from a browser (CORS); repeat it for each. Default: none, so
    /// only pages of the server's own origin can read its answers.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
}

/// `modelmint fetch`.
#[derive(clap::Args)]
pub struct FetchArgs {
    /// The model to fetch.
    pub model: ModelId,
    /// The server's URL (`http://` or `https://HOST[:PORT][/PREFIX]`; https
    /// trusts the system's certificates, or those of SSL_CERT_FILE).
    #[arg(long)]
    pub from: String,
    /// The directory the files go to (created if missing); partial
    /// downloads wait in OUT/.modelmint-partial and resume.
    #[arg(long)]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The model's content root on chain.
async fn root_on_chain(ctx: &mut Ctx, model: ModelId) -> Result<[u8; 32], CliError> {
    let call = ink_e2e::create_call_builder::<Registry>(ctx.deployment.registry);
    let record = ctx.read(("registry", "model"), &call.model(model)).await?;
    record
        .map(|record| record.hash)
        .ok_or_else(|| CliError::NotFound(format!("no model has id {model}")))
}

/// The uses as refusals name them.
fn uses_text(uses: &[Use]) -> String {
    if uses.len() == Use::ALL.len() {
        return "any use".into();
    }
    let names: Vec<String> = uses.iter().map(|use_| format!("{use_:?}")).collect();
    names.join(" or ")
}

/// One model `modelmint serve` delivers, as its arguments give it.
#[derive(Debug, PartialEq, Eq)]
pub struct ServedSpec {
    /// The model.
    pub model: ModelId,
    /// Its directory.
    pub dir: PathBuf,
    /// Its uses; `None`: the command's `--uses`.
    pub uses: Option<Vec<Use>>,
}

/// Reads `ID=DIR` or `ID=DIR:USES`. The text after the last `:` is the
/// uses only if every comma-separated part is a use's name (research,
/// inference, fine-tuning, redistribution); otherwise it belongs to the
/// directory (write `DIR/` for a directory whose name ends in `:research`).
///
/// # Errors
/// [`CliError::Input`], with the expected form.
pub fn parse_served(text: &str) -> Result<ServedSpec, CliError> {
    let bad = |why: &str| {
        CliError::Input(format!(
            "--model {text:?} {why}: give it as ID=DIR or ID=DIR:USES (e.g. 3=/srv/models/m3:fine-tuning,research)"
        ))
    };
    let (id, rest) = text.split_once('=').ok_or_else(|| bad("has no ="))?;
    let model: ModelId = id
        .trim()
        .parse()
        .ok()
        .filter(|model| *model > 0)
        .ok_or_else(|| bad("does not start with a model id (a whole number from 1)"))?;
    let uses_of = |list: &str| -> Option<Vec<Use>> {
        list.split(',')
            .map(|name| UseArg::from_str(name.trim(), true).ok().map(Use::from))
            .collect()
    };
    let (dir, uses) = match rest.rsplit_once(':').map(|(dir, list)| (dir, uses_of(list))) {
        Some((dir, Some(uses))) => (dir, Some(uses)),
        _ => (rest, None),
    };
    if dir.is_empty() {
        return Err(bad("names no directory"));
    }
    Ok(ServedSpec { model, dir: PathBuf::from(dir), uses })
}

/// Every model the arguments name, each once, with its uses (`--uses`, or
/// any use, where it names none).
///
/// # Errors
/// [`CliError::Input`]: no model, a malformed `--model`, a model named twice.
fn served_specs(args: &ServeArgs) -> Result<Vec<(ServedSpec, Vec<Use>)>, CliError> {
    let default_uses: Vec<Use> = if args.uses.is_empty() {
        Use::ALL.to_vec()
    } else {
        args.uses.iter().map(|use_| Use::from(*use_)).collect()
    };
    let mut specs = Vec::new();
    if let (Some(model), Some(dir)) = (args.model, &args.dir) {
        specs.push(ServedSpec { model, dir: dir.clone(), uses: None });
    }
    for text in &args.models {
        specs.push(parse_served(text)?);
    }
    if specs.is_empty() {
        return Err(CliError::Input(
            "name a model to serve: modelmint serve MODEL DIR, or --model ID=DIR[:USES] (repeatable)"
                .into(),
        ));
    }
    let mut seen = HashSet::new();
    let mut served = Vec::with_capacity(specs.len());
    for spec in specs {
        if !seen.insert(spec.model) {
            return Err(CliError::Input(format!(
                "model {} is named twice: serve each model once, from one directory",
                spec.model
            )));
        }
        let uses = spec.uses.clone().unwrap_or_else(|| default_uses.clone());
        served.push((spec, uses));
    }
    Ok(served)
}

/// Opens each model's directory and checks its content root against the
/// model's root on chain, one model after another: the first that is not
/// its model's stops the start with a sentence naming it.
async fn open_served(
    ctx: &mut Ctx,
    specs: Vec<(ServedSpec, Vec<Use>)>,
) -> Result<Vec<(ModelId, Served)>, CliError> {
    let mut served = Vec::with_capacity(specs.len());
    for (spec, uses) in specs {
        let root = root_on_chain(ctx, spec.model).await?;
        let dir = spec.dir.clone();
        let content = ink_e2e::tokio::task::spawn_blocking(move || Content::open(&dir, root))
            .await
            .map_err(|error| CliError::Other(error.to_string()))?
            .map_err(|error| CliError::Input(format!("model {}: {error}", spec.model)))?;
        served.push((spec.model, Served { content, uses: uses_text(&uses) }));
    }
    Ok(served)
}

/// How many connections to the node the server asks through: sign-ins of
/// different accounts are checked in parallel.
const NODE_CONNECTIONS: usize = 4;

/// The market, asked through a few connections of the command line's own
/// client.
struct ChainOracle {
    clients: Vec<ink_e2e::tokio::sync::Mutex<Client>>,
    next: AtomicUsize,
    reader: Keypair,
    market: AccountId,
    /// Each served model's uses.
    uses: HashMap<ModelId, Vec<Use>>,
}

impl ChainOracle {
    async fn is_licensed(
        &self,
        client: &mut Client,
        model: ModelId,
        holder: AccountId,
        use_: Use,
    ) -> Result<bool, CliError> {
        let call = ink_e2e::create_call_builder::<Market>(self.market);
        let message = call.is_licensed(model, holder, use_);
        dry_run(client, &self.reader, ("market", "is_licensed"), &message, 0).await
    }

    async fn ask(&self, model: ModelId, account: Account) -> Result<Grant, CliError> {
        let which = self.next.fetch_add(1, Ordering::Relaxed) % self.clients.len();
        let mut client = self.clients[which].lock().await;
        let client = &mut *client;
        let call = ink_e2e::create_call_builder::<Market>(self.market);
        let holder = AccountId::from(account.0);
        let uses = self.uses.get(&model).map_or(Use::ALL.as_slice(), Vec::as_slice);
        let mut licensed = false;
        for use_ in uses {
            if self.is_licensed(client, model, holder, *use_).await? {
                licensed = true;
                break;
            }
        }
        if !licensed {
            for use_ in Use::ALL.iter().filter(|use_| !uses.contains(use_)) {
                if self.is_licensed(client, model, holder, *use_).await? {
                    return Ok(Grant::OtherUses);
                }
            }
            return Ok(Grant::Unlicensed);
        }
        let state =
            dry_run(client, &self.reader, ("market", "model"), &call.model(model), 0).await?;
        let ids = dry_run(
            client,
            &self.reader,
            ("market", "licenses_of"),
            &call.licenses_of(model, holder),
            0,
        )
        .await?;
        // The latest end among the account's licenses for these uses that
        // are not voided; a perpetual one never ends.
        let mut ends: Option<u64> = None;
        for id in ids {
            let license =
                dry_run(client, &self.reader, ("market", "license"), &call.license(id), 0).await?;
            let Some(license) = license else { continue };
            let voided = state.as_ref().is_some_and(|state| state.is_voided(license.epoch));
            let fits = uses.iter().any(|use_| license.terms.uses.contains(*use_));
            if license.holder != holder || voided || !fits {
                continue;
            }
            match license.expires_at {
                None => return Ok(Grant::Licensed { expires_at_ms: None }),
                Some(at) => ends = Some(ends.map_or(at, |ends| ends.max(at))),
            }
        }
        // `is_licensed` said yes, so one license was found; were it not (a
        // race with a transfer), the next check on chain closes the session.
        Ok(Grant::Licensed { expires_at_ms: ends })
    }
}

/// The oracle the server holds: the chain client panics on some transport
/// failures, so each question runs in a task of its own and such a panic
/// becomes a refusal with 503, not a dead connection.
#[derive(Clone)]
struct Oracle(Arc<ChainOracle>);

impl LicenseOracle for Oracle {
    async fn check(&self, model: ModelId, account: Account) -> Result<Grant, OracleError> {
        let oracle = Arc::clone(&self.0);
        ink_e2e::tokio::spawn(async move { oracle.ask(model, account).await })
            .await
            .map_err(|panic| OracleError(format!("the node connection failed: {panic}")))?
            .map_err(|error| OracleError(error.to_string()))
    }
}

/// `modelmint serve`: runs until stopped.
///
/// # Errors
/// [`CliError::Input`] if a directory is not its model's or the address
/// cannot be listened on, [`CliError::NotFound`], [`CliError::Chain`].
pub async fn serve(ctx: &mut Ctx, args: ServeArgs) -> Result<Output, CliError> {
    let specs = served_specs(&args)?;
    // Checked before the chain is asked anything: a misspelt origin is the user's to fix first.
    let cors = Cors::new(&args.allow_origins).map_err(CliError::Input)?;
    let uses: HashMap<ModelId, Vec<Use>> =
        specs.iter().map(|(spec, uses)| (spec.model, uses.clone())).collect();
    let served = open_served(ctx, specs).await?;
    let mut clients = Vec::with_capacity(NODE_CONNECTIONS);
    for _ in 0..NODE_CONNECTIONS {
        clients.push(ink_e2e::tokio::sync::Mutex::new(connect(&ctx.url).await?));
    }
    let oracle = Oracle(Arc::new(ChainOracle {
        clients,
        next: AtomicUsize::new(0),
        reader: ctx.reader.clone(),
        market: ctx.deployment.market,
        uses,
    }));
    let log: Box<dyn std::io::Write + Send> = if args.access_log.as_os_str() == "-" {
        Box::new(std::io::stdout())
    } else {
        let file =
            std::fs::OpenOptions::new().create(true).append(true).open(&args.access_log).map_err(
                |error| {
                    CliError::Input(format!("cannot open {}: {error}", args.access_log.display()))
                },
            )?;
        Box::new(file)
    };
    let listener = ink_e2e::tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|error| CliError::Input(format!("cannot listen on {}: {error}", args.listen)))?;
    let name = args.name.unwrap_or_else(|| args.listen.to_string());
    let mut config = ServerConfig::new(name.clone());
    config.gate.recheck_ms = args.recheck_s.saturating_mul(1000);
    config.gate.token_ttl_ms = args.token_ttl_s.saturating_mul(1000);
    config.max_connections = args.max_connections.max(1);
    config.max_downloads_per_account = args.max_downloads_per_account.max(1);
    config.cors = cors;
    for (model, Served { content, uses }) in &served {
        let manifest = content.manifest();
        eprintln!(
            "serving model {model} (root 0x{}, {} files, {} bytes) to accounts licensed for {uses}",
            manifest.root_hex(),
            manifest.entries().len(),
            manifest.total_size(),
        );
    }
    eprintln!(
        "serving on http://{} as {name}; licenses checked on chain at least every {} s",
        args.listen, args.recheck_s,
    );
    if !config.cors.origins().is_empty() {
        eprintln!("web apps of {} may call it from a browser", config.cors.origins().join(", "));
    }
    let server = Server::new(config, served, oracle, AccessLog::new(log));
    server
        .serve(listener)
        .await
        .map_err(|error| CliError::Other(format!("the server stopped: {error}")))?;
    Err(CliError::Other("the server stopped".into()))
}

/// `modelmint fetch`.
///
/// # Errors
/// [`CliError::NoSigner`], [`CliError::NotFound`], [`CliError::Delivery`].
pub async fn fetch(ctx: &mut Ctx, args: FetchArgs, json: bool) -> Result<Output, CliError> {
    let signer = ctx.signer()?;
    let root = root_on_chain(ctx, args.model).await?;
    std::fs::create_dir_all(&args.out).map_err(|error| {
        CliError::Input(format!("cannot create {}: {error}", args.out.display()))
    })?;
    let options = FetchOptions {
        url: args.from.clone(),
        model: args.model,
        on_chain_root: root,
        out: args.out.clone(),
        progress: !args.quiet && !json && std::io::stderr().is_terminal(),
    };
    let fetched = fetch_model(&options, &signer).await.map_err(|error| match error {
        FetchError::Url(_) => CliError::Input(error.to_string()),
        error => CliError::Delivery(error.to_string()),
    })?;
    let manifest = &fetched.manifest;
    Ok(Output {
        text: format!(
            "fetched model {} from {} into {}: {} files, {} bytes ({} downloaded, {} already there); every sha256 and the root 0x{} verified against the chain",
            args.model,
            args.from,
            args.out.display(),
            manifest.entries().len(),
            manifest.total_size(),
            fetched.downloaded,
            fetched.reused,
            manifest.root_hex()
        ),
        json: json!({
            "model": args.model, "from": args.from, "out": args.out,
            "files": manifest.entries().len(), "bytes": manifest.total_size(),
            "downloaded": fetched.downloaded, "reused": fetched.reused,
            "root": format!("0x{}", manifest.root_hex()),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_served_model_is_id_equals_dir_with_optional_uses() {
        let spec = |model, dir: &str, uses: Option<Vec<Use>>| ServedSpec {
            model,
            dir: PathBuf::from(dir),
            uses,
        };
        assert_eq!(parse_served("3=/srv/m3").unwrap(), spec(3, "/srv/m3", None));
        assert_eq!(
            parse_served("3=/srv/m3:fine-tuning,Research").unwrap(),
            spec(3, "/srv/m3", Some(vec![Use::FineTuning, Use::Research]))
        );
        assert_eq!(
            parse_served("12=./a=b:inference").unwrap(),
            spec(12, "./a=b", Some(vec![Use::CommercialInference]))
        );
        // A colon that is not followed by uses belongs to the directory.
        assert_eq!(parse_served("3=/srv/a:b").unwrap(), spec(3, "/srv/a:b", None));
        assert_eq!(parse_served("3=/srv/m:research/").unwrap(), spec(3, "/srv/m:research/", None));
        for (bad, why) in [
            ("/srv/m3", "has no ="),
            ("x=/srv/m3", "does not start with a model id"),
            ("0=/srv/m3", "does not start with a model id"),
            ("3=", "names no directory"),
            ("3=:research", "names no directory"),
        ] {
            let error = parse_served(bad).unwrap_err().to_string();
            assert!(error.contains(why) && error.contains("ID=DIR:USES"), "{bad}: {error}");
        }
    }

    fn args(line: &[&str]) -> ServeArgs {
        #[derive(clap::Parser)]
        struct Command {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let line = std::iter::once("serve").chain(line.iter().copied());
        <Command as clap::Parser>::try_parse_from(line).unwrap().serve
    }

    #[test]
    fn serve_takes_one_model_positionally_and_more_with_model_each_with_its_uses() {
        let specs = served_specs(&args(&[
            "1",
            "./one",
            "--uses",
            "fine-tuning",
            "--model",
            "2=./two:research",
            "--model",
            "3=./three",
        ]))
        .unwrap();
        let summary: Vec<_> = specs
            .iter()
            .map(|(spec, uses)| (spec.model, spec.dir.display().to_string(), uses.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, "./one".to_string(), vec![Use::FineTuning]),
                (2, "./two".to_string(), vec![Use::Research]),
                (3, "./three".to_string(), vec![Use::FineTuning]),
            ]
        );
        // Without --uses, a model that names none is served for any use.
        let specs = served_specs(&args(&["--model", "5=./five"])).unwrap();
        assert_eq!(specs[0].1, Use::ALL.to_vec());
        let twice = served_specs(&args(&["1", "./one", "--model", "1=./other"])).unwrap_err();
        assert!(twice.to_string().contains("model 1 is named twice"), "{twice}");
        let none = served_specs(&args(&[])).unwrap_err();
        assert!(none.to_string().contains("name a model to serve"), "{none}");
    }
}
