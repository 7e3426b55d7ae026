//! `modelmint deploy`: uploads the market's desk and instantiates every
//! ModelMint contract from the cargo-contract artifacts, wires them, and
//! records the deployment in the manifest every client reads
//! (`deployments/<network>.json`). A deployment is reused as a whole when its
//! settings are the ones asked for, every recorded address still runs exactly
//! the code of the artifacts, the market still runs the desk artifact's code
//! and the contracts are still wired to each other: they hold each other's
//! addresses, so one new contract means new ones all along.
//!
//! Order: the desk's code is uploaded (never instantiated: the market
//! delegate-calls it), then the registry, the market (registry, desk code
//! hash), the gateway (market); the registry's one immediate wiring names the
//! market, which it pushes every model change to, and the arbiter.

use crate::errors::ContractError;
use crate::{best_block_at, code_hash_hex, dry_run, send, ss58, CliError, Client, Receipt};
use ink::env::call::utils::{ReturnType, Set, Unset};
use ink::env::call::{CreateBuilder, ExecutionInput, LimitParamsV2};
use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use ink_e2e::{ContractsBackend, Keypair};
use modelmint_common::admin::{Admin, AdminView, Timelock, Wiring};
use modelmint_common::registry::CommitWindow;
use modelmint_common::Balance;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The contracts' artifacts (`modelmint_<name>`), in the order of
/// `MODELMINT_CONTRACTS` (scripts/lib/common.sh) and of the manifest. The
/// market's desk is code only: uploaded, recorded without an address.
pub const CONTRACTS: [&str; 4] = ["registry", "market_desk", "market", "gateway"];

/// The artifact of code that is uploaded and never instantiated.
pub const CODE_ONLY: &str = "market_desk";

/// What a contract's constructor returns (ink_e2e's own alias is private).
pub type CreateBuilderPartial<Contract, Args, R> = CreateBuilder<
    DefaultEnvironment,
    Contract,
    Unset<ink::primitives::Hash>,
    Set<LimitParamsV2<DefaultEnvironment>>,
    Unset<Balance>,
    Set<ExecutionInput<Args>>,
    Unset<ink::env::call::state::Salt>,
    Set<ReturnType<R>>,
>;

/// What a deployment is asked to be.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The manifest's network name.
    pub network: String,
    /// The node's URL, recorded.
    pub url: String,
    /// The timelock of upgrades and rewiring, ms; 0 is `Timelock::Disabled`.
    pub timelock_ms: u64,
    /// How long a scheduled upgrade or rewiring stays executable once ready, ms.
    pub grace_ms: u64,
    /// The registry's commit window, in blocks.
    pub commit_window: CommitWindow,
    /// What raising a dispute costs.
    pub dispute_deposit: Balance,
    /// The arbiter of disputes, wired to the registry with the market.
    pub arbiter: Option<AccountId>,
    /// Instantiate anew even if the recorded deployment could be reused.
    pub redeploy: bool,
    /// The cargo-contract artifacts: `<dir>/modelmint_<name>/modelmint_<name>.{contract,wasm}`.
    pub artifacts: PathBuf,
    /// The secret URI recorded as `deployer_suri`, only when it is a public
    /// dev derivation path (`//Alice`): a real key is never written down.
    pub deployer_suri: Option<String>,
}

/// The network name of a URL: "local" for a loopback host, the host otherwise.
pub fn network_of(url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or(url);
    let host = if let Some(bracketed) = host.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host.split([':', '/']).next().unwrap_or_default()
    };
    if host.starts_with("127.") || host == "localhost" || host == "::1" {
        "local".into()
    } else {
        host.into()
    }
}

/// `MIN:MAX` blocks, `1 <= MIN < MAX`.
///
/// # Errors
/// [`CliError::Input`].
pub fn parse_commit_window(text: &str) -> Result<CommitWindow, CliError> {
    let bad = || {
        CliError::Input(format!(
            "--commit-window takes MIN:MAX blocks with 1 <= MIN < MAX (got {text})"
        ))
    };
    let (min, max) = text.split_once(':').ok_or_else(bad)?;
    let (min_blocks, max_blocks): (u32, u32) =
        (min.parse().map_err(|_| bad())?, max.parse().map_err(|_| bad())?);
    if min_blocks < 1 || min_blocks >= max_blocks {
        return Err(bad());
    }
    Ok(CommitWindow { min_blocks, max_blocks })
}

/// One contract's build artifacts.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// `registry`, `market_desk`, `market`, `gateway`.
    pub name: &'static str,
    /// The `.wasm` file ink_e2e uploads.
    pub wasm: PathBuf,
    /// The code hash, `0x` + hex, from the bundle.
    pub code_hash: String,
    /// The size of the optimized Wasm.
    pub wasm_bytes: u64,
    /// The bundle's versions: the contract's, ink!'s and cargo-contract's.
    bundle: Value,
}

impl Artifact {
    /// Reads `name`'s artifacts under `dir`.
    ///
    /// # Errors
    /// [`CliError::Input`] if they are missing or malformed.
    pub fn read(dir: &Path, name: &'static str) -> Result<Self, CliError> {
        let crate_dir = dir.join(format!("modelmint_{name}"));
        let bundle_path = crate_dir.join(format!("modelmint_{name}.contract"));
        let wasm = crate_dir.join(format!("modelmint_{name}.wasm"));
        let missing = |what: &Path, reason: String| {
            CliError::Input(format!(
                "cannot read {}: {reason} (build the contracts first: scripts/build.sh, or cargo contract build --release for each)",
                what.display()
            ))
        };
        let text = std::fs::read_to_string(&bundle_path)
            .map_err(|error| missing(&bundle_path, error.to_string()))?;
        let bundle: Value = serde_json::from_str(&text)
            .map_err(|error| missing(&bundle_path, error.to_string()))?;
        let code_hash = bundle["source"]["hash"]
            .as_str()
            .ok_or_else(|| missing(&bundle_path, "no source.hash".into()))?
            .to_owned();
        // The versions only: ink_e2e uploads the code from the .wasm file.
        let bundle = json!({
            "version": bundle["contract"]["version"],
            "language": bundle["source"]["language"],
            "cargo_contract": bundle["source"]["build_info"]["cargo_contract_version"],
        });
        let wasm_bytes =
            std::fs::metadata(&wasm).map_err(|error| missing(&wasm, error.to_string()))?.len();
        Ok(Self { name, wasm, code_hash, wasm_bytes, bundle })
    }
}

/// The code hash the contract at `account` runs, if there is a contract there.
///
/// # Errors
/// [`CliError::Unreachable`] if the node does not answer.
pub async fn code_hash_at(url: &str, account: &AccountId) -> Result<Option<String>, CliError> {
    use ink_e2e::subxt::ext::scale_value::{At, Composite, Primitive, ValueDef};
    let unreachable = |reason: String| CliError::Unreachable { url: url.to_owned(), reason };
    let (api, best, _) = best_block_at(url).await?;
    let key = ink_e2e::subxt::dynamic::storage(
        "Contracts",
        "ContractInfoOf",
        vec![ink_e2e::subxt::dynamic::Value::from_bytes(account)],
    );
    let storage = api.storage().at(best);
    let Some(info) = storage.fetch(&key).await.map_err(|error| unreachable(error.to_string()))?
    else {
        return Ok(None);
    };
    let info = info.to_value().map_err(|error| unreachable(error.to_string()))?;
    // The hash decodes as nested composites of byte primitives.
    fn bytes<T>(value: &ink_e2e::subxt::ext::scale_value::Value<T>, out: &mut Vec<u8>) {
        match &value.value {
            ValueDef::Primitive(Primitive::U128(byte)) => out.extend(u8::try_from(*byte).ok()),
            ValueDef::Composite(Composite::Unnamed(values)) => {
                values.iter().for_each(|value| bytes(value, out));
            }
            ValueDef::Composite(Composite::Named(fields)) => {
                fields.iter().for_each(|(_, value)| bytes(value, out));
            }
            _ => {}
        }
    }
    let mut hash = Vec::new();
    if let Some(code_hash) = info.at("code_hash") {
        bytes(code_hash, &mut hash);
    }
    Ok((hash.len() == 32).then(|| format!("0x{}", hex::encode(hash))))
}

/// `deployments/<network>.json`, fields in the order deploy.sh always wrote
/// them (scripts compare parts of it as text).
#[derive(serde::Serialize)]
struct Manifest {
    network: String,
    url: String,
    deployer_suri: Option<String>,
    block: u64,
    timelock_ms: u64,
    grace_ms: u64,
    commit_window: Window,
    dispute_deposit: String,
    arbiter: Option<String>,
    /// The chain's genesis hash: the web app refuses the deployment on a node of
    /// another chain (the same addresses can exist there, running other code).
    genesis_hash: String,
    versions: Versions,
    source: Source,
    contracts: Contracts,
}

/// What the contracts were built from, as scripts/build.sh recorded it
/// (`build-info.json` beside the artifacts); null without that record.
/// `modelmint verify` and the web app compare a deployment with the source
/// through it.
#[derive(serde::Serialize)]
struct Source {
    /// `git rev-parse HEAD` of the checkout built.
    commit: Option<String>,
    /// Whether tracked files had uncommitted changes.
    dirty: Option<bool>,
}

#[derive(serde::Serialize)]
struct Window {
    min_blocks: u32,
    max_blocks: u32,
}

#[derive(serde::Serialize)]
struct Versions {
    modelmint: Value,
    ink: Value,
    #[serde(rename = "cargo-contract")]
    cargo_contract: Value,
    /// `rustc --version` of the build (the bundle names only `rustc 1.85.0`).
    rustc: Option<String>,
}

/// A contract (with its address) or uploaded code (the desk: no address).
#[derive(serde::Serialize)]
struct Entry {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    code_hash: String,
    wasm_bytes: u64,
}

/// The contracts by name, in the order of [`CONTRACTS`].
struct Contracts(Vec<(&'static str, Entry)>);

impl serde::Serialize for Contracts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, entry)| (name, entry)))
    }
}

/// The addresses of a deployment's contracts.
#[derive(Clone, Copy, Debug)]
pub struct Addresses {
    /// The model registry.
    pub registry: AccountId,
    /// The market.
    pub market: AccountId,
    /// The example inference gateway.
    pub gateway: AccountId,
}

impl Addresses {
    /// The address of the artifact `name`; `None` for code only (the desk).
    pub fn of(&self, name: &str) -> Option<AccountId> {
        match name {
            "registry" => Some(self.registry),
            "market" => Some(self.market),
            "gateway" => Some(self.gateway),
            _ => None,
        }
    }
}

/// What a deployment run did.
pub struct Deployed {
    /// One line per step, for people.
    pub lines: Vec<String>,
    /// The manifest written.
    pub manifest: Value,
}

/// Deploys (or reuses) the contracts as `signer` and writes the manifest to `out`.
///
/// # Errors
/// [`CliError::Input`] for missing artifacts, [`CliError::Refused`] /
/// [`CliError::Chain`] if an upload, an instantiation or the wiring fails.
pub async fn deploy(
    settings: &Settings,
    signer: &Keypair,
    out: &Path,
) -> Result<Deployed, CliError> {
    let artifacts = CONTRACTS
        .iter()
        .map(|name| Artifact::read(&settings.artifacts, name))
        .collect::<Result<Vec<_>, _>>()?;
    let previous = if settings.redeploy {
        None
    } else {
        std::fs::read_to_string(out).ok().and_then(|text| serde_json::from_str::<Value>(&text).ok())
    };
    let mut lines = Vec::new();
    let addresses = match reusable(settings, signer, &artifacts, previous.as_ref()).await? {
        Some(addresses) => {
            for artifact in &artifacts {
                lines.push(match addresses.of(artifact.name) {
                    Some(address) => format!(
                        "{}: reusing {} (same code {})",
                        artifact.name,
                        ss58(&address),
                        artifact.code_hash
                    ),
                    None => format!(
                        "{}: reusing code {} (the market runs it)",
                        artifact.name, artifact.code_hash
                    ),
                });
            }
            addresses
        }
        None => instantiate_all(settings, signer, &artifacts, &mut lines).await?,
    };
    let contracts = artifacts
        .iter()
        .map(|artifact| {
            (
                artifact.name,
                Entry {
                    address: addresses.of(artifact.name).map(|address| ss58(&address)),
                    code_hash: artifact.code_hash.clone(),
                    wasm_bytes: artifact.wasm_bytes,
                },
            )
        })
        .collect();
    let registry = &artifacts[0].bundle;
    // The record is used only if it is of these very artifacts.
    let build = crate::verify::Build::read(&settings.artifacts).ok();
    if build.is_none() {
        lines.push(format!(
            "no build record of these artifacts in {} (scripts/build.sh writes it): the manifest records no commit",
            settings.artifacts.display()
        ));
    }
    let (api, _, block) = best_block_at(&settings.url).await?;
    let manifest = Manifest {
        network: settings.network.clone(),
        url: settings.url.clone(),
        deployer_suri: settings.deployer_suri.clone(),
        block,
        timelock_ms: settings.timelock_ms,
        grace_ms: settings.grace_ms,
        commit_window: Window {
            min_blocks: settings.commit_window.min_blocks,
            max_blocks: settings.commit_window.max_blocks,
        },
        dispute_deposit: settings.dispute_deposit.to_string(),
        arbiter: settings.arbiter.map(|arbiter| ss58(&arbiter)),
        genesis_hash: format!("0x{}", hex::encode(api.genesis_hash())),
        versions: Versions {
            modelmint: registry["version"].clone(),
            ink: registry["language"]
                .as_str()
                .and_then(|language| language.strip_prefix("ink! "))
                .into(),
            cargo_contract: registry["cargo_contract"].clone(),
            rustc: build.as_ref().map(|build| build.toolchain.rustc.clone()),
        },
        source: Source {
            commit: build.as_ref().and_then(|build| build.commit.clone()),
            dirty: build.as_ref().and_then(|build| build.dirty),
        },
        contracts: Contracts(contracts),
    };
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|error| {
            CliError::Other(format!("cannot create {}: {error}", dir.display()))
        })?;
    }
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|error| CliError::Other(error.to_string()))?;
    std::fs::write(out, text + "\n")
        .map_err(|error| CliError::Other(format!("cannot write {}: {error}", out.display())))?;
    lines.push(format!("deployment recorded in {}", out.display()));
    let manifest =
        serde_json::to_value(&manifest).map_err(|error| CliError::Other(error.to_string()))?;
    Ok(Deployed { lines, manifest })
}

/// The artifact named `name` (one of [`CONTRACTS`]).
fn artifact<'a>(artifacts: &'a [Artifact], name: &str) -> Result<&'a Artifact, CliError> {
    artifacts
        .iter()
        .find(|artifact| artifact.name == name)
        .ok_or_else(|| CliError::Other(format!("no artifact named {name}")))
}

/// The recorded addresses, if the recorded deployment is the one asked for:
/// same settings, every address still runs its artifact's code, the market
/// still runs the desk artifact's code, and the registry and the gateway are
/// still wired to the market (and the registry to the arbiter asked for).
async fn reusable(
    settings: &Settings,
    reader: &Keypair,
    artifacts: &[Artifact],
    previous: Option<&Value>,
) -> Result<Option<Addresses>, CliError> {
    let Some(previous) = previous else { return Ok(None) };
    let same_settings = previous["timelock_ms"] == json!(settings.timelock_ms)
        && previous["grace_ms"] == json!(settings.grace_ms)
        && previous["commit_window"]
            == json!({
                "min_blocks": settings.commit_window.min_blocks,
                "max_blocks": settings.commit_window.max_blocks,
            })
        && previous["dispute_deposit"] == json!(settings.dispute_deposit.to_string())
        && previous["arbiter"] == json!(settings.arbiter.map(|arbiter| ss58(&arbiter)));
    if !same_settings {
        return Ok(None);
    }
    let recorded = |name: &str| {
        previous["contracts"][name]["address"]
            .as_str()
            .and_then(|address| crate::parse_account(address).ok())
    };
    let (Some(registry), Some(market), Some(gateway)) =
        (recorded("registry"), recorded("market"), recorded("gateway"))
    else {
        return Ok(None);
    };
    let addresses = Addresses { registry, market, gateway };
    for artifact in artifacts {
        let Some(address) = addresses.of(artifact.name) else { continue };
        if code_hash_at(&settings.url, &address).await?.as_deref() != Some(&artifact.code_hash) {
            return Ok(None);
        }
    }
    let mut client = crate::connect(&settings.url).await?;
    let call = ink_e2e::create_call_builder::<modelmint_market::Market>(market);
    let desk = dry_run(&mut client, reader, ("market", "desk_code"), &call.desk_code(), 0).await?;
    if code_hash_hex(&desk) != artifact(artifacts, CODE_ONLY)?.code_hash {
        return Ok(None);
    }
    let registry_wiring = admin_view(&mut client, reader, ("registry", registry)).await?.wiring;
    let gateway_wiring = admin_view(&mut client, reader, ("gateway", gateway)).await?.wiring;
    let wired = registry_wiring.market == Some(market)
        && registry_wiring.arbiter == settings.arbiter
        && gateway_wiring.market == Some(market);
    Ok(wired.then_some(addresses))
}

/// The administration view of the contract `name` at `address`.
async fn admin_view(
    client: &mut Client,
    reader: &Keypair,
    (name, address): (&'static str, AccountId),
) -> Result<AdminView, CliError> {
    let admin: ink::contract_ref!(Admin, DefaultEnvironment) = address.into();
    let call = ink::codegen::TraitCallBuilder::call(&admin).admin_state();
    dry_run(client, reader, (name, "admin_state"), &call, 0).await
}

async fn instantiate_all(
    settings: &Settings,
    signer: &Keypair,
    artifacts: &[Artifact],
    lines: &mut Vec<String>,
) -> Result<Addresses, CliError> {
    let mut client = crate::connect_with_code(
        &settings.url,
        artifacts.iter().map(|artifact| artifact.wasm.clone()),
    )
    .await?;
    let timelock = if settings.timelock_ms == 0 {
        Timelock::Disabled
    } else {
        Timelock::Delay(settings.timelock_ms)
    };
    let said = |artifact: &Artifact, address: &AccountId, receipt: &Receipt| {
        format!(
            "{}: deployed at {} (code {}, {} bytes of Wasm; fee {} · storage deposit held {})",
            artifact.name,
            ss58(address),
            artifact.code_hash,
            artifact.wasm_bytes,
            receipt.fee,
            receipt.storage_deposit_held
        )
    };
    let desk_artifact = artifact(artifacts, CODE_ONLY)?;
    let (desk, receipt) = upload(&mut client, signer, CODE_ONLY).await?;
    if code_hash_hex(&desk) != desk_artifact.code_hash {
        return Err(CliError::Other(format!(
            "the node stored the desk as code {}, not the artifact's {}",
            code_hash_hex(&desk),
            desk_artifact.code_hash
        )));
    }
    lines.push(format!(
        "{}: uploaded code {} ({} bytes of Wasm; fee {} · storage deposit held {}): the market runs it, it is never instantiated",
        CODE_ONLY,
        desk_artifact.code_hash,
        desk_artifact.wasm_bytes,
        receipt.fee,
        receipt.storage_deposit_held
    ));
    let (registry, receipt) = instantiate::<modelmint_registry::RegistryError, _, _, _>(
        &mut client,
        signer,
        "registry",
        &mut modelmint_registry::RegistryRef::new(
            timelock,
            settings.grace_ms,
            settings.commit_window,
            settings.dispute_deposit,
        ),
    )
    .await?;
    lines.push(said(artifact(artifacts, "registry")?, &registry, &receipt));
    let (market, receipt) = instantiate::<modelmint_common::admin::AdminError, _, _, _>(
        &mut client,
        signer,
        "market",
        &mut modelmint_market::MarketRef::new(registry, desk, timelock, settings.grace_ms),
    )
    .await?;
    lines.push(said(artifact(artifacts, "market")?, &market, &receipt));
    let (gateway, receipt) = instantiate::<modelmint_common::admin::AdminError, _, _, _>(
        &mut client,
        signer,
        "gateway",
        &mut modelmint_gateway::GatewayRef::new(market, timelock, settings.grace_ms),
    )
    .await?;
    lines.push(said(artifact(artifacts, "gateway")?, &gateway, &receipt));
    // The market was wired to the registry by its constructor; the registry,
    // deployed first, learns the market (which it pushes every model change
    // to, and asks about derivative rights) and the arbiter in its one
    // immediate wiring.
    let registry_wiring =
        Wiring { market: Some(market), arbiter: settings.arbiter, registry: None };
    let fee = wire(&mut client, signer, ("registry", registry), registry_wiring).await?;
    lines.push(format!(
        "registry wired to the market {} and arbiter {} (fee {fee})",
        ss58(&market),
        settings
            .arbiter
            .map_or_else(|| "none (wire one through the timelock)".into(), |a| ss58(&a)),
    ));
    Ok(Addresses { registry, market, gateway })
}

/// Uploads the code of `name` (`modelmint_<name>`, which `client` must have
/// been given) without instantiating it; returns its code hash and what the
/// upload cost `signer`. Code already on chain is not stored twice: its hash
/// comes back all the same.
///
/// # Errors
/// [`CliError::Chain`].
pub async fn upload(
    client: &mut Client,
    signer: &Keypair,
    name: &'static str,
) -> Result<(ink::primitives::Hash, Receipt), CliError> {
    let code = format!("modelmint_{name}");
    let result = client.upload(&code, signer).submit().await.map_err(|error| CliError::Chain {
        contract: name,
        message: "upload",
        reason: format!("{error:?}"),
    })?;
    let payer = AccountId::from(signer.public_key().0);
    Ok((result.code_hash, Receipt::of(&result.events, &payer)))
}

/// Sends the contract `name` at `address` its one immediate
/// [`Admin::wire`], after a dry run; returns the fee paid.
///
/// # Errors
/// [`CliError::Refused`] (for example `WiringAlreadySet`), [`CliError::Chain`].
async fn wire(
    client: &mut Client,
    signer: &Keypair,
    (name, address): (&'static str, AccountId),
    wiring: Wiring,
) -> Result<u128, CliError> {
    let mut admin: ink::contract_ref!(Admin, DefaultEnvironment) = address.into();
    let call = ink::codegen::TraitCallBuilder::call_mut(&mut admin).wire(wiring);
    let ((), receipt) = send(client, signer, (name, "wire"), &call, 0).await?;
    Ok(receipt.fee)
}

/// Instantiates `name` (its code is `modelmint_<name>`, which `client` must
/// have been given) with `constructor` after a dry run: a constructor's typed
/// refusal (`E`) stops it, and nothing is sent. Returns the new contract's
/// address and what it cost `signer`.
///
/// # Errors
/// [`CliError::Refused`] (the constructor's `E`), [`CliError::Chain`].
pub async fn instantiate<E, Contract, Args, R>(
    client: &mut Client,
    signer: &Keypair,
    name: &'static str,
    constructor: &mut CreateBuilderPartial<Contract, Args, R>,
) -> Result<(AccountId, Receipt), CliError>
where
    E: ink::scale::Decode + Into<ContractError>,
    Contract: Clone,
    Args: Send + Clone + ink::scale::Encode + Sync,
{
    let code = format!("modelmint_{name}");
    let chain = |reason: String| CliError::Chain { contract: name, message: "new", reason };
    let dry_run = client
        .instantiate(&code, signer, constructor)
        .dry_run()
        .await
        .map_err(|error| chain(format!("{error:?}")))?;
    if let Err(error) = &dry_run.contract_result.result {
        return Err(chain(format!("{error:?}")));
    }
    let data = &dry_run.instantiate_return_value().result.data;
    match <ink::ConstructorResult<Result<(), E>> as ink::scale::Decode>::decode(&mut &data[..]) {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(error))) => return Err(crate::refused((name, "new"), error)),
        Ok(Err(error)) => return Err(chain(format!("{error:?}"))),
        Err(error) => return Err(chain(format!("undecodable constructor result: {error}"))),
    }
    let result = client
        .instantiate(&code, signer, constructor)
        .submit()
        .await
        .map_err(|error| chain(format!("{error:?}")))?;
    let payer = AccountId::from(signer.public_key().0);
    Ok((result.account_id, Receipt::of(&result.events, &payer)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loopback_url_is_the_local_network_and_others_are_named_by_their_host() {
        assert_eq!(network_of("ws://127.0.0.1:9944"), "local");
        assert_eq!(network_of("ws://localhost:9944"), "local");
        assert_eq!(network_of("ws://[::1]:9944"), "local");
        assert_eq!(
            network_of("wss://rococo-contracts-rpc.polkadot.io"),
            "rococo-contracts-rpc.polkadot.io"
        );
        assert_eq!(network_of("wss://node.example:443/ws"), "node.example");
    }

    #[test]
    fn the_manifest_keeps_the_field_order_deploy_sh_wrote() {
        let entry = |name: &str| Entry {
            address: (name != CODE_ONLY).then(|| "a".into()),
            code_hash: "0x".into(),
            wasm_bytes: 1,
        };
        let manifest = Manifest {
            network: "local".into(),
            url: "ws://127.0.0.1:9944".into(),
            deployer_suri: Some("//Alice".into()),
            block: 7,
            timelock_ms: 0,
            grace_ms: 604_800_000,
            commit_window: Window { min_blocks: 10, max_blocks: 14_400 },
            dispute_deposit: "1".into(),
            arbiter: None,
            genesis_hash: format!("0x{}", "11".repeat(32)),
            versions: Versions {
                modelmint: json!("0.1.0"),
                ink: json!("5.1.1"),
                cargo_contract: json!("5.0.3"),
                rustc: Some("rustc 1.85.0 (4d91de4e4 2025-02-17)".into()),
            },
            source: Source { commit: Some("ab".repeat(20)), dirty: Some(false) },
            contracts: Contracts(CONTRACTS.iter().map(|name| (*name, entry(name))).collect()),
        };
        let text = serde_json::to_string(&manifest).unwrap();
        assert!(text.contains(r#""commit_window":{"min_blocks":10,"max_blocks":14400}"#), "{text}");
        assert!(text.starts_with(r#"{"network":"local","url":"ws://127.0.0.1:9944","deployer_suri":"//Alice","block":7,"timelock_ms":0,"#), "{text}");
        let order: Vec<usize> =
            CONTRACTS.iter().map(|name| text.find(&format!("\"{name}\":{{")).unwrap()).collect();
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{text}");
        let contracts = &serde_json::to_value(&manifest).unwrap()["contracts"];
        for name in ["registry", "market", "gateway"] {
            assert_eq!(contracts[name]["address"], json!("a"), "{name}");
        }
        let value = serde_json::to_value(&manifest).unwrap();
        assert_eq!(value["source"], json!({ "commit": "ab".repeat(20), "dirty": false }));
        assert_eq!(value["genesis_hash"], json!(format!("0x{}", "11".repeat(32))));
        assert_eq!(
            value["versions"],
            json!({
                "modelmint": "0.1.0", "ink": "5.1.1", "cargo-contract": "5.0.3",
                "rustc": "rustc 1.85.0 (4d91de4e4 2025-02-17)",
            })
        );
        assert!(
            text.find(r#""source":"#).unwrap() < text.find(r#""contracts":"#).unwrap(),
            "{text}"
        );
        assert_eq!(
            contracts["market_desk"],
            json!({ "code_hash": "0x", "wasm_bytes": 1 }),
            "the desk is code: no address"
        );
    }

    #[test]
    fn every_contract_but_the_desk_has_an_address() {
        let account = |byte: u8| AccountId::from([byte; 32]);
        let addresses = Addresses { registry: account(1), market: account(2), gateway: account(3) };
        let recorded: Vec<Option<AccountId>> =
            CONTRACTS.iter().map(|name| addresses.of(name)).collect();
        assert_eq!(recorded, [Some(account(1)), None, Some(account(2)), Some(account(3))]);
        assert_eq!(CONTRACTS[1], CODE_ONLY);
    }

    #[test]
    fn a_commit_window_is_min_below_max_from_one_block_on() {
        let window = parse_commit_window("1:1000").unwrap();
        assert_eq!((window.min_blocks, window.max_blocks), (1, 1000));
        for bad in ["0:10", "10:10", "10:5", "10", "a:b", "1:"] {
            assert!(matches!(parse_commit_window(bad), Err(CliError::Input(_))), "{bad}");
        }
    }
}
