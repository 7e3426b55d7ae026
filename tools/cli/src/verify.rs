//! `modelmint verify`: checks that deployed contracts run the code this
//! checkout builds. The contracts are built path-independently
//! (scripts/build.sh remaps every source path), so the same commit and
//! toolchain give the same code hash on any machine: a code hash read from the
//! chain either is the one this source builds, or the deployment runs other
//! code.
//!
//! scripts/build.sh records what its artifacts were built from in
//! `build-info.json` beside them (commit, uncommitted changes, toolchain, code
//! hashes); [`Build::read`] checks it against the Wasm on disk and
//! [`Build::stale`] against the working tree, so a verdict always names the
//! commit it holds for.

use crate::deploy::{code_hash_at, CODE_ONLY, CONTRACTS};
use crate::{code_hash_hex, dry_run, parse_account, ss58, CliError};
use ink::primitives::AccountId;
use ink_e2e::Keypair;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The code hash pallet-contracts stores `code` under: its BLAKE2b-256, as
/// `0x` + hex (what cargo-contract writes as `source.hash`).
pub fn code_hash_of(code: &[u8]) -> String {
    let mut hash = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Blake2x256>(code, &mut hash);
    format!("0x{}", hex::encode(hash))
}

/// The toolchain that built the contracts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toolchain {
    /// `rustc --version`.
    pub rustc: String,
    /// cargo-contract's version.
    #[serde(rename = "cargo-contract")]
    pub cargo_contract: String,
    /// ink!'s version.
    pub ink: String,
}

/// One build of the contracts, as scripts/build.sh recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Build {
    /// The commit built (`None` outside a git checkout).
    pub commit: Option<String>,
    /// Whether tracked files had uncommitted changes.
    pub dirty: Option<bool>,
    /// A digest of those changes (`git diff HEAD --binary | git hash-object --stdin`).
    pub changes: Option<String>,
    /// `release` or `debug`.
    pub mode: String,
    /// Whether source paths were remapped (scripts/lib/rustc-remap.sh).
    pub remapped_paths: bool,
    /// rustc, cargo-contract and ink! versions.
    pub toolchain: Toolchain,
    /// Each artifact's code hash, by name (`market_desk`).
    pub code_hashes: std::collections::BTreeMap<String, String>,
}

impl Build {
    /// Reads `<artifacts>/build-info.json` and checks that every contract's
    /// Wasm under `artifacts` still hashes to what it records (another build
    /// into the same directory, as ink_e2e's debug builds, replaces them).
    ///
    /// # Errors
    /// [`CliError::Input`] if the record is missing, malformed or out of date.
    pub fn read(artifacts: &Path) -> Result<Self, CliError> {
        let path = artifacts.join("build-info.json");
        let text = std::fs::read_to_string(&path).map_err(|error| {
            CliError::Input(format!(
                "cannot read {}: {error} (build the contracts with scripts/build.sh: it records the commit they come from)",
                path.display()
            ))
        })?;
        let build: Self = serde_json::from_str(&text).map_err(|error| {
            CliError::Input(format!("{} is not a build record: {error}", path.display()))
        })?;
        for name in CONTRACTS {
            let wasm = artifacts.join(format!("modelmint_{name}/modelmint_{name}.wasm"));
            let code = std::fs::read(&wasm).map_err(|error| {
                CliError::Input(format!("cannot read {}: {error}", wasm.display()))
            })?;
            let recorded = build.code_hash(name);
            if recorded != Some(code_hash_of(&code).as_str()) {
                return Err(CliError::Input(format!(
                    "{} is not the Wasm scripts/build.sh recorded ({}): another build replaced it; run scripts/build.sh",
                    wasm.display(),
                    recorded.unwrap_or("no code hash")
                )));
            }
        }
        Ok(build)
    }

    /// The code hash built for the artifact `name`.
    pub fn code_hash(&self, name: &str) -> Option<&str> {
        self.code_hashes.get(name).map(String::as_str)
    }

    /// The artifact whose code hash is `hash`, if any.
    pub fn name_of(&self, hash: &str) -> Option<&'static str> {
        CONTRACTS.into_iter().find(|name| self.code_hash(name) == Some(hash))
    }

    /// Why this build is not one of the working tree `state` (`None`: it is).
    pub fn stale(&self, state: &SourceState) -> Option<String> {
        if self.mode != "release" {
            return Some(format!("a {} build, not a release build", self.mode));
        }
        if !self.remapped_paths {
            return Some("built without remapping source paths".into());
        }
        if self.commit.as_deref() != Some(state.commit.as_str()) {
            return Some(format!(
                "built from commit {}, the checkout is at {}",
                self.commit.as_deref().unwrap_or("unknown"),
                state.commit
            ));
        }
        if self.changes.as_deref() != Some(state.changes.as_str()) {
            return Some("built from other uncommitted changes than the working tree's".into());
        }
        None
    }

    /// The commit, as people read it: `abcdef123456` or `abcdef123456 +
    /// uncommitted changes`.
    pub fn describe(&self) -> String {
        let commit = self.commit.as_deref().map_or("an unknown commit", |c| &c[..c.len().min(12)]);
        match self.dirty {
            Some(true) => format!("{commit} + uncommitted changes"),
            _ => commit.to_owned(),
        }
    }
}

/// What the working tree holds: its commit and uncommitted changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceState {
    /// `git rev-parse HEAD`.
    pub commit: String,
    /// Tracked files differ from the commit.
    pub dirty: bool,
    /// The digest scripts/build.sh records of those changes.
    pub changes: String,
}

fn git(root: &Path, args: &[&str], input: Option<&[u8]>) -> Result<String, CliError> {
    let failed = |reason: String| {
        CliError::Input(format!("git {} failed in {}: {reason}", args.join(" "), root.display()))
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failed(error.to_string()))?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(input).map_err(|error| failed(error.to_string()))?;
    }
    let output = child.wait_with_output().map_err(|error| failed(error.to_string()))?;
    if !output.status.success() {
        return Err(failed(String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

impl SourceState {
    /// The state of the git checkout at `root`, computed as scripts/build.sh does.
    ///
    /// # Errors
    /// [`CliError::Input`] if `root` is not a git checkout.
    pub fn of(root: &Path) -> Result<Self, CliError> {
        let commit = git(root, &["rev-parse", "HEAD"], None)?;
        let dirty =
            !git(root, &["status", "--porcelain", "--untracked-files=no"], None)?.is_empty();
        let diff = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["diff", "HEAD", "--binary"])
            .output()
            .map_err(|error| CliError::Input(format!("git diff failed: {error}")))?;
        let changes = git(root, &["hash-object", "--stdin"], Some(&diff.stdout))?;
        Ok(Self { commit, dirty, changes })
    }
}

/// The ModelMint checkout the current directory is in.
///
/// # Errors
/// [`CliError::Input`] outside one.
pub fn repository() -> Result<PathBuf, CliError> {
    let here = std::env::current_dir().map_err(|error| CliError::Other(error.to_string()))?;
    let root =
        PathBuf::from(git(&here, &["rev-parse", "--show-toplevel"], None).map_err(|_| {
            CliError::Input(
                "modelmint verify builds the contracts from source: run it in a ModelMint checkout"
                    .into(),
            )
        })?);
    if !root.join("scripts/build.sh").is_file() || !root.join("contracts").is_dir() {
        return Err(CliError::Input(format!(
            "{} is not a ModelMint checkout (no scripts/build.sh): run modelmint verify in one",
            root.display()
        )));
    }
    Ok(root)
}

/// Where scripts/build.sh puts the artifacts: `$CARGO_TARGET_DIR/ink`, by
/// default `$MODELMINT_CACHE/target/ink` (`~/.cache/modelmint/target/ink`).
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
        std::env::var_os("MODELMINT_CACHE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/modelmint")
            })
            .join("target")
    });
    target.join("ink")
}

/// Builds the contracts of the checkout at `root` with its scripts/build.sh
/// (a no-op for contracts already built), its progress on standard error.
///
/// # Errors
/// [`CliError::Other`] if the build fails.
pub fn build(root: &Path, artifacts: &Path) -> Result<(), CliError> {
    let target = artifacts.parent().unwrap_or(artifacts);
    let status = Command::new(root.join("scripts/build.sh"))
        .env("CARGO_TARGET_DIR", target)
        .stdout(std::io::stderr())
        .status()
        .map_err(|error| CliError::Other(format!("cannot run scripts/build.sh: {error}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::Other(format!("scripts/build.sh failed ({status}): see its output above")))
    }
}

/// How a deployed contract compares with the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// It runs the code the build made.
    Verified,
    /// It runs other code.
    Different,
    /// Nothing could be read: no contract at the address (or no desk behind
    /// a market that does not answer).
    Missing,
}

/// The verdict on a code hash read from the chain against the one built.
pub fn verdict(built: Option<&str>, on_chain: Option<&str>) -> Verdict {
    match on_chain {
        None => Verdict::Missing,
        Some(hash) if built == Some(hash) => Verdict::Verified,
        Some(_) => Verdict::Different,
    }
}

/// One deployed contract (or the market's desk) checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The artifact it is (`registry`, `market_desk`…), `None` when its code is
    /// none of the built contracts'.
    pub contract: Option<&'static str>,
    /// SS58 address (`None` for the desk: code only).
    pub address: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The code hash the chain holds for it.
    pub on_chain: Option<String>,
    /// The code hash the build made for it.
    pub built: Option<String>,
    /// The code hash the deployment manifest records for it.
    pub recorded: Option<String>,
    /// Why nothing was read, or where the desk was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What is checked: the contracts of a manifest, or addresses.
#[derive(Debug, Clone)]
pub enum Targets {
    /// `deployments/<network>.json` (its path and contents).
    Manifest(PathBuf, Value),
    /// Contracts named by address; their code tells which contract each is.
    Addresses(Vec<AccountId>),
}

impl Targets {
    /// Reads the manifest at `path`.
    ///
    /// # Errors
    /// [`CliError::Deployment`].
    pub fn manifest(path: &Path) -> Result<Self, CliError> {
        let failed = |reason: String| CliError::Deployment { path: path.to_owned(), reason };
        let text = std::fs::read_to_string(path).map_err(|error| failed(error.to_string()))?;
        let manifest: Value =
            serde_json::from_str(&text).map_err(|error| failed(error.to_string()))?;
        if !manifest["contracts"].is_object() {
            return Err(failed("it lists no contracts".into()));
        }
        Ok(Self::Manifest(path.to_owned(), manifest))
    }
}

/// Reads the code hashes from the chain at `url` and compares them with `build`.
///
/// # Errors
/// [`CliError::Unreachable`], [`CliError::BadAddress`] for a malformed
/// manifest address.
pub async fn check(
    url: &str,
    reader: &Keypair,
    build: &Build,
    targets: &Targets,
) -> Result<Vec<Check>, CliError> {
    let mut checks = Vec::new();
    match targets {
        Targets::Manifest(_, manifest) => {
            let contracts = &manifest["contracts"];
            let mut market = None;
            for name in CONTRACTS.into_iter().filter(|name| *name != CODE_ONLY) {
                let recorded = contracts[name]["code_hash"].as_str().map(str::to_owned);
                let Some(address) = contracts[name]["address"].as_str() else {
                    checks.push(missing(
                        name,
                        None,
                        recorded,
                        "the manifest has no address for it",
                    ));
                    continue;
                };
                let address = parse_account(address)?;
                let on_chain = code_hash_at(url, &address).await?;
                if name == "market" {
                    market = on_chain.is_some().then_some(address);
                }
                checks.push(compared(name, Some(address), build, on_chain, recorded));
            }
            let recorded = contracts[CODE_ONLY]["code_hash"].as_str().map(str::to_owned);
            checks.push(match market {
                Some(market) => desk_check(url, reader, build, market, recorded).await?,
                None => missing(
                    CODE_ONLY,
                    None,
                    recorded,
                    "no market runs at its address to read the desk from",
                ),
            });
            // In the manifest's order.
            checks.sort_by_key(|check| {
                CONTRACTS.iter().position(|name| Some(*name) == check.contract)
            });
        }
        Targets::Addresses(addresses) => {
            for address in addresses {
                let on_chain = code_hash_at(url, address).await?;
                let name = on_chain.as_deref().and_then(|hash| build.name_of(hash));
                let Some(name) = name else {
                    let mut check = compared("?", Some(*address), build, on_chain, None);
                    check.contract = None;
                    if check.verdict == Verdict::Missing {
                        check.note = Some("no contract at this address".into());
                    }
                    checks.push(check);
                    continue;
                };
                checks.push(compared(name, Some(*address), build, on_chain, None));
                if name == "market" {
                    checks.push(desk_check(url, reader, build, *address, None).await?);
                }
            }
        }
    }
    Ok(checks)
}

fn compared(
    name: &'static str,
    address: Option<AccountId>,
    build: &Build,
    on_chain: Option<String>,
    recorded: Option<String>,
) -> Check {
    let built = build.code_hash(name).map(str::to_owned);
    let verdict = verdict(built.as_deref(), on_chain.as_deref());
    let note = (verdict == Verdict::Missing).then(|| "no contract at this address".to_owned());
    Check {
        contract: Some(name),
        address: address.map(|address| ss58(&address)),
        verdict,
        on_chain,
        built,
        recorded,
        note,
    }
}

fn missing(
    name: &'static str,
    address: Option<String>,
    recorded: Option<String>,
    why: &str,
) -> Check {
    Check {
        contract: Some(name),
        address,
        verdict: Verdict::Missing,
        on_chain: None,
        built: None,
        recorded,
        note: Some(why.to_owned()),
    }
}

/// The desk the market at `market` delegates to (its `desk_code()`).
async fn desk_check(
    url: &str,
    reader: &Keypair,
    build: &Build,
    market: AccountId,
    recorded: Option<String>,
) -> Result<Check, CliError> {
    let mut client = crate::connect(url).await?;
    let call = ink_e2e::create_call_builder::<modelmint_market::Market>(market);
    let desk = dry_run(&mut client, reader, ("market", "desk_code"), &call.desk_code(), 0).await;
    let mut check =
        compared(CODE_ONLY, None, build, desk.ok().map(|hash| code_hash_hex(&hash)), recorded);
    check.note = Some(match check.verdict {
        Verdict::Missing => {
            format!("the contract at {} does not answer desk_code()", ss58(&market))
        }
        _ => format!("the desk of the market at {}", ss58(&market)),
    });
    Ok(check)
}

/// The report: a sentence per contract for people, and JSON.
pub fn report(build: &Build, targets: &Targets, checks: &[Check]) -> (String, Value, bool) {
    let verified =
        !checks.is_empty() && checks.iter().all(|check| check.verdict == Verdict::Verified);
    let commit = build.describe();
    let mut lines = vec![format!(
        "against the contracts built from commit {commit} ({}; cargo-contract {}; ink! {})",
        build.toolchain.rustc, build.toolchain.cargo_contract, build.toolchain.ink
    )];
    let deployment = match targets {
        Targets::Manifest(path, manifest) => {
            let source = &manifest["source"];
            let deployed_from = match (source["commit"].as_str(), source["dirty"].as_bool()) {
                (Some(commit), dirty) => format!(
                    "deployed from commit {}{}",
                    &commit[..commit.len().min(12)],
                    if dirty == Some(true) { " + uncommitted changes" } else { "" }
                ),
                (None, _) => "the manifest records no commit".into(),
            };
            lines.push(format!(
                "deployment {} (network {}; {deployed_from})",
                path.display(),
                manifest["network"].as_str().unwrap_or("?")
            ));
            json!({
                "path": path.display().to_string(),
                "network": manifest["network"],
                "commit": source["commit"],
                "dirty": source["dirty"],
            })
        }
        Targets::Addresses(_) => Value::Null,
    };
    let none = "-".to_owned();
    for check in checks {
        let name = check.contract.unwrap_or("unknown code");
        let at = check.address.as_deref().unwrap_or("(code)");
        let on_chain = check.on_chain.as_ref().unwrap_or(&none);
        let line = match check.verdict {
            Verdict::Verified => format!("verified: code {on_chain}, built from commit {commit}"),
            Verdict::Different => match &check.built {
                Some(built) => format!("DIFFERENT: the chain has code {on_chain}, commit {commit} builds {built}"),
                None => format!("DIFFERENT: the chain has code {on_chain}, which no contract built from commit {commit} has"),
            },
            Verdict::Missing => format!("MISSING: {}", check.note.as_deref().unwrap_or("nothing to read")),
        };
        lines.push(format!("  {name:<12} {at:<48}  {line}"));
        if let (Some(recorded), Some(chain)) = (&check.recorded, &check.on_chain) {
            if recorded != chain {
                lines.push(format!("  {:<12} {:<48}  (the manifest records {recorded})", "", ""));
            }
        }
    }
    let failing = checks.iter().filter(|check| check.verdict != Verdict::Verified).count();
    lines.push(if verified {
        format!("every contract runs the code commit {commit} builds")
    } else {
        format!("{failing} of {} do not run the code commit {commit} builds", checks.len())
    });
    let json = json!({
        "verified": verified,
        "build": {
            "commit": build.commit,
            "dirty": build.dirty,
            "toolchain": build.toolchain,
            "code_hashes": build.code_hashes,
        },
        "deployment": deployment,
        "contracts": checks,
    });
    (lines.join("\n"), json, verified)
}

#[cfg(test)]
mod tests;
