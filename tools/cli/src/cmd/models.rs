//! The registry's commands: registering a model (commit, then reveal), its
//! record and lineage, its metadata and status, a resync of the market's
//! copy, and disputes.

use super::args::{
    parse_hash, parse_parent, parse_trained_on, ruling, AssetArgs, DisputeCommand, ModelCommand,
    RegisterArgs,
};
use super::{lines_or, model_done, receipt_text, Ctx, Output};
use ink_e2e::Keypair;
use modelmint_cli::{
    best_block, dry_run, find_event, refused, send, send_for_event, send_in_next_block, ss58,
    submit_for_event, utc, CliError, Client, Deployment,
};
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::ModelRegistry;
use modelmint_common::{AssetKind, EpochRange, ModelId, ModelStatus, ParentLink, Relation};
use modelmint_hash::{hash_path, HashOptions, TerminalProgress};
use modelmint_registry::{
    DisputeRaised, Model, ModelDraft, ModelRegistered, ParentRequest, Registry, RegistryError,
};
use serde_json::json;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Gas for a reveal sent without a successful dry run: well above what a
/// registration with the most parents and its push to the market costs
/// (BENCHMARKS.md); unused gas is refunded.
const REGISTER_GAS_LIMIT: sp_weights::Weight =
    sp_weights::Weight::from_parts(50_000_000_000, 4 << 20);

fn registry(ctx: &Ctx) -> <Registry as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<Registry>(ctx.deployment.registry)
}

/// `model …` and `register`.
pub async fn run(ctx: &mut Ctx, command: ModelCommand) -> Result<Output, CliError> {
    let mut call = registry(ctx);
    match command {
        ModelCommand::Show { model } => show(ctx, model).await,
        ModelCommand::List => list(ctx).await,
        ModelCommand::Lineage { model } => lineage(ctx, model).await,
        ModelCommand::SetUri { model, uri } => {
            let receipt =
                ctx.send_unit(("registry", "set_uri"), &call.set_uri(model, uri.clone())).await?;
            Ok(model_done(format!("model {model}'s metadata URI is now {uri}"), model, &receipt))
        }
        ModelCommand::Freeze { model } => {
            let receipt = ctx
                .send_unit(("registry", "freeze_metadata"), &call.freeze_metadata(model))
                .await?;
            Ok(model_done(format!("froze model {model}'s metadata for good"), model, &receipt))
        }
        ModelCommand::Deprecate { model } => {
            let message = call.set_status(model, ModelStatus::Deprecated);
            let receipt = ctx.send_unit(("registry", "set_status"), &message).await?;
            Ok(model_done(
                format!("deprecated model {model}: no new licenses are sold"),
                model,
                &receipt,
            ))
        }
        ModelCommand::Activate { model } => {
            let message = call.set_status(model, ModelStatus::Active);
            let receipt = ctx.send_unit(("registry", "set_status"), &message).await?;
            Ok(model_done(format!("model {model} is active again"), model, &receipt))
        }
        ModelCommand::Resync { model } => {
            let receipt = ctx.send_unit(("registry", "resync"), &call.resync(model)).await?;
            Ok(model_done(
                format!("pushed model {model}'s record to the market again"),
                model,
                &receipt,
            ))
        }
    }
}

async fn record(ctx: &mut Ctx, model: ModelId) -> Result<Model, CliError> {
    let call = registry(ctx);
    ctx.read(("registry", "model"), &call.model(model))
        .await?
        .ok_or_else(|| CliError::NotFound(format!("no model has id {model}")))
}

fn voided_text(voided: &[EpochRange]) -> String {
    voided
        .iter()
        .map(|range| format!("{}..{}", range.from, range.to))
        .collect::<Vec<_>>()
        .join(", ")
}

fn obligations_json(record: &Model) -> serde_json::Value {
    record
        .obligations
        .iter()
        .map(|owed| json!({ "ancestor": owed.ancestor, "bps": owed.bps }))
        .collect()
}

async fn show(ctx: &mut Ctx, model: ModelId) -> Result<Output, CliError> {
    let record = record(ctx, model).await?;
    let call = registry(ctx);
    let summary = ctx.read(("registry", "model_summary"), &call.model_summary(model)).await?;
    let owner = summary.map(|summary| ss58(&summary.owner)).unwrap_or_default();
    let epoch = summary.map(|summary| summary.owner_epoch).unwrap_or_default();
    let owes: Vec<String> = record
        .obligations
        .iter()
        .map(|owed| format!("{} bps to model {}", owed.bps, owed.ancestor))
        .collect();
    Ok(Output {
        text: format!(
            "{} {model}: {} {} · root 0x{} · owner {owner} (epoch {epoch}) · status {:?} · owes {} · uri {}{}",
            kind_word(record.kind),
            record.name,
            record.version,
            hex::encode(record.hash),
            record.status,
            if owes.is_empty() { "nothing upstream".to_string() } else { owes.join(", ") },
            record.uri,
            if record.voided.is_empty() {
                String::new()
            } else {
                format!(" · licenses of epochs {} voided", voided_text(&record.voided))
            },
        ),
        json: json!({
            "model": model, "kind": kind_word(record.kind), "name": record.name, "version": record.version,
            "root": format!("0x{}", hex::encode(record.hash)), "owner": owner, "epoch": epoch,
            "status": format!("{:?}", record.status), "uri": record.uri,
            "obligations": obligations_json(&record),
            "voided": record.voided.iter().map(|range| json!({ "from": range.from, "to": range.to })).collect::<Vec<_>>(),
        }),
    })
}

async fn list(ctx: &mut Ctx) -> Result<Output, CliError> {
    let call = registry(ctx);
    let supply = ctx.read(("registry", "total_supply"), &call.total_supply()).await?;
    // Models are numbered from 1 and never burned.
    let count = u64::try_from(supply).unwrap_or(u64::MAX);
    let (mut lines, mut rows) = (Vec::new(), Vec::new());
    for model in 1..=count {
        let Some(record) = ctx.read(("registry", "model"), &call.model(model)).await? else {
            continue;
        };
        lines.push(format!(
            "{model}\t{}\t{} {}\t{:?}\t0x{}",
            kind_word(record.kind),
            record.name,
            record.version,
            record.status,
            hex::encode(record.hash)
        ));
        rows.push(json!({
            "model": model, "kind": kind_word(record.kind), "name": record.name, "version": record.version,
            "status": format!("{:?}", record.status), "root": format!("0x{}", hex::encode(record.hash)),
        }));
    }
    Ok(Output { text: lines_or(lines, "no models yet".into()), json: rows.into() })
}

/// The model and every ancestor: the edges each was registered with, and the
/// ancestors each owes a share of every payment (flattened at registration).
async fn lineage(ctx: &mut Ctx, model: ModelId) -> Result<Output, CliError> {
    record(ctx, model).await?;
    let call = registry(ctx);
    let ancestors = ctx.read(("registry", "ancestors"), &call.ancestors(model)).await?;
    let (mut lines, mut rows) = (Vec::new(), Vec::new());
    for id in std::iter::once(model).chain(ancestors) {
        let node = record(ctx, id).await?;
        let owner = ctx.read(("registry", "owner_of_model"), &call.owner_of_model(id)).await?;
        let owner = owner.map(|owner| ss58(&owner)).unwrap_or_default();
        // Training data apart from the models it derives from.
        let (datasets, models): (Vec<&ParentLink>, Vec<&ParentLink>) =
            node.parents.iter().partition(|parent| parent.relation == Relation::TrainedOn);
        let parents: Vec<String> = models
            .iter()
            .map(|parent| {
                format!(
                    "model {} ({:?}, {} bps)",
                    parent.model, parent.relation, parent.royalty_bps
                )
            })
            .collect();
        let trained_on: Vec<String> = datasets
            .iter()
            .map(|dataset| format!("dataset {} ({} bps)", dataset.model, dataset.royalty_bps))
            .collect();
        let owes: Vec<String> = node
            .obligations
            .iter()
            .map(|owed| format!("{} bps to {}", owed.bps, owed.ancestor))
            .collect();
        lines.push(format!(
            "{} {id} (owner {owner}): {}{}; owes {}",
            kind_word(node.kind),
            if parents.is_empty() {
                "an original".to_string()
            } else {
                format!("derives from {}", parents.join(", "))
            },
            if trained_on.is_empty() {
                String::new()
            } else {
                format!("; trained on {}", trained_on.join(", "))
            },
            if owes.is_empty() { "nothing upstream".to_string() } else { owes.join(", ") }
        ));
        rows.push(json!({
            "model": id, "owner": owner,
            "parents": node.parents.iter().map(|parent| json!({
                "model": parent.model, "royalty_bps": parent.royalty_bps,
                "relation": format!("{:?}", parent.relation),
            })).collect::<Vec<_>>(),
            "obligations": obligations_json(&node),
        }));
    }
    Ok(Output { text: lines.join("\n"), json: rows.into() })
}

/// `register`: hashes the files, commits, waits for the window, reveals.
pub async fn register(ctx: &mut Ctx, args: RegisterArgs) -> Result<Output, CliError> {
    let mut parents =
        args.parents.iter().map(|parent| parse_parent(parent)).collect::<Result<Vec<_>, _>>()?;
    for dataset in &args.trained_on {
        parents.push(parse_trained_on(dataset)?);
    }
    register_asset(ctx, args.asset, AssetKind::Model, parents).await
}

/// `dataset register`: as `register`, for a dataset (which names no parents).
pub async fn register_dataset(ctx: &mut Ctx, args: AssetArgs) -> Result<Output, CliError> {
    register_asset(ctx, args, AssetKind::Dataset, Vec::new()).await
}

/// Registers the asset of `args` as a `kind` naming `parents`.
async fn register_asset(
    ctx: &mut Ctx,
    args: AssetArgs,
    kind: AssetKind,
    parents: Vec<ParentRequest>,
) -> Result<Output, CliError> {
    let signer = ctx.signer()?;
    let metadata = Metadata {
        kind,
        name: args.name,
        version: args.version,
        uri: args.uri,
        previous_version: args.previous_version,
        parents,
    };
    register_files(
        &ctx.url,
        &mut ctx.client,
        &ctx.deployment,
        &signer,
        args.path,
        metadata,
        args.wait_secs,
    )
    .await
}

/// What a registration records besides the content root.
struct Metadata {
    kind: AssetKind,
    name: String,
    version: String,
    uri: String,
    previous_version: Option<ModelId>,
    parents: Vec<ParentRequest>,
}

/// Hashes `path`, commits to its root, waits for the commit window, registers.
async fn register_files(
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

    let Metadata { kind, name, version, uri, previous_version, parents } = metadata;
    let draft = ModelDraft { hash: root, kind, name, version, uri, previous_version, parents };
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
            "registered {} {model}: root 0x{} ({} files, {} bytes); commit: {}; register: {}",
            kind_word(kind),
            hex::encode(root),
            manifest.entries().len(),
            manifest.total_size(),
            receipt_text(&commit_receipt),
            receipt_text(&receipt)
        ),
        json: json!({
            "model": model, "kind": kind_word(kind), "root": format!("0x{}", hex::encode(root)),
            "files": manifest.entries().len(), "bytes": manifest.total_size(),
            "commit_receipt": commit_receipt, "register_receipt": receipt,
        }),
    })
}

/// `dispute …`.
pub async fn dispute(ctx: &mut Ctx, command: DisputeCommand) -> Result<Output, CliError> {
    let mut call = registry(ctx);
    match command {
        DisputeCommand::Raise { model, evidence_uri, evidence_sha256 } => {
            let signer = ctx.signer()?;
            let evidence_hash = parse_hash(&evidence_sha256)?;
            let deposit =
                ctx.read(("registry", "dispute_deposit"), &call.dispute_deposit()).await?;
            let message = call.raise_dispute(model, evidence_hash, evidence_uri);
            let (raised, receipt) = send_for_event::<DisputeRaised, _, _, _>(
                &mut ctx.client,
                &signer,
                ("registry", "raise_dispute"),
                &message,
                deposit,
            )
            .await?;
            Ok(Output {
                text: format!(
                    "dispute {} raised against model {model}; the deposit {deposit} is held until the arbiter rules ({})",
                    raised.dispute,
                    receipt_text(&receipt)
                ),
                json: json!({
                    "dispute": raised.dispute, "model": model,
                    "deposit": deposit.to_string(), "receipt": receipt,
                }),
            })
        }
        DisputeCommand::Show { dispute } => {
            let found = ctx
                .read(("registry", "dispute"), &call.dispute(dispute))
                .await?
                .ok_or_else(|| CliError::NotFound(format!("no dispute has id {dispute}")))?;
            Ok(Output {
                text: format!(
                    "dispute {dispute} on model {}: claimant {}, deposit {}, raised {}, {:?}; evidence {} (sha256 {})",
                    found.model,
                    ss58(&found.claimant),
                    found.deposit,
                    utc(found.raised_at),
                    found.state,
                    found.evidence_uri,
                    hex::encode(found.evidence_hash)
                ),
                json: json!({
                    "dispute": dispute, "model": found.model, "claimant": ss58(&found.claimant),
                    "deposit": found.deposit.to_string(), "raised_at": found.raised_at,
                    "state": format!("{:?}", found.state), "evidence_uri": found.evidence_uri,
                    "evidence_sha256": hex::encode(found.evidence_hash),
                }),
            })
        }
        DisputeCommand::Resolve { dispute, ruling: kind, reassign, void_from } => {
            let ruling = ruling(kind, reassign, void_from)?;
            let found = ctx
                .read(("registry", "dispute"), &call.dispute(dispute))
                .await?
                .ok_or_else(|| CliError::NotFound(format!("no dispute has id {dispute}")))?;
            let message = call.resolve_dispute(dispute, ruling);
            let receipt = ctx.send_unit(("registry", "resolve_dispute"), &message).await?;
            let after = record(ctx, found.model).await?;
            let owner = ctx
                .read(("registry", "owner_of_model"), &call.owner_of_model(found.model))
                .await?
                .map(|owner| ss58(&owner))
                .unwrap_or_default();
            Ok(Output {
                text: format!(
                    "ruled {ruling:?} on dispute {dispute}: model {} is {:?}, owned by {owner}{} ({})",
                    found.model,
                    after.status,
                    if after.voided.is_empty() {
                        String::new()
                    } else {
                        format!(", licenses of epochs {} voided", voided_text(&after.voided))
                    },
                    receipt_text(&receipt)
                ),
                json: json!({
                    "dispute": dispute, "model": found.model, "ruling": format!("{ruling:?}"),
                    "reassign": reassign, "void_from": void_from, "owner": owner,
                    "status": format!("{:?}", after.status),
                    "voided": after.voided.iter().map(|range| json!({ "from": range.from, "to": range.to })).collect::<Vec<_>>(),
                    "receipt": receipt,
                }),
            })
        }
        DisputeCommand::Release { model } => {
            let message = call.release_escrow(model);
            let receipt = ctx.send_unit(("registry", "release_escrow"), &message).await?;
            Ok(Output {
                text: format!(
                    "model {model}'s escrow is released: its owner is paid again ({})",
                    receipt_text(&receipt)
                ),
                json: json!({ "model": model, "receipt": receipt }),
            })
        }
        DisputeCommand::Restore { dispute, model } => {
            let message = call.restore_descendant(dispute, model);
            let receipt = ctx.send_unit(("registry", "restore_descendant"), &message).await?;
            let owner = ctx
                .read(("registry", "owner_of_model"), &call.owner_of_model(model))
                .await?
                .map(|owner| ss58(&owner))
                .unwrap_or_default();
            Ok(Output {
                text: format!(
                    "model {model} restored to {owner} under dispute {dispute} ({})",
                    receipt_text(&receipt)
                ),
                json: json!({ "dispute": dispute, "model": model, "owner": owner, "receipt": receipt }),
            })
        }
        DisputeCommand::SetLineage { dispute, parents } => {
            // The same MODEL:RELATION:BPS form as `register --parent`; here
            // the number is the share owed, not a maximum.
            let links: Vec<ParentLink> = parents
                .iter()
                .map(|entry| parse_parent(entry))
                .map(|parsed| {
                    parsed.map(|request| ParentLink {
                        model: request.model,
                        relation: request.relation,
                        royalty_bps: request.max_royalty_bps,
                    })
                })
                .collect::<Result<_, _>>()?;
            let found = ctx
                .read(("registry", "dispute"), &call.dispute(dispute))
                .await?
                .ok_or_else(|| CliError::NotFound(format!("no dispute has id {dispute}")))?;
            let message = call.set_lineage(dispute, links.clone());
            let receipt = ctx.send_unit(("registry", "set_lineage"), &message).await?;
            let after = record(ctx, found.model).await?;
            Ok(Output {
                text: format!(
                    "model {} now derives from {} and owes {} ({})",
                    found.model,
                    if links.is_empty() {
                        "nothing".to_string()
                    } else {
                        links
                            .iter()
                            .map(|link| {
                                format!(
                                    "model {} ({:?}, {} bps)",
                                    link.model, link.relation, link.royalty_bps
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    if after.obligations.is_empty() {
                        "nothing".to_string()
                    } else {
                        after
                            .obligations
                            .iter()
                            .map(|owed| format!("model {} {} bps", owed.ancestor, owed.bps))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    receipt_text(&receipt)
                ),
                json: json!({
                    "dispute": dispute, "model": found.model,
                    "parents": links.iter().map(|link| json!({ "model": link.model, "relation": format!("{:?}", link.relation), "royalty_bps": link.royalty_bps })).collect::<Vec<_>>(),
                    "obligations": after.obligations.iter().map(|owed| json!({ "ancestor": owed.ancestor, "bps": owed.bps })).collect::<Vec<_>>(),
                    "receipt": receipt,
                }),
            })
        }
        DisputeCommand::Clear { dispute } => {
            let receipt =
                ctx.send_unit(("registry", "clear_dispute"), &call.clear_dispute(dispute)).await?;
            Ok(Output {
                text: format!("cleared dispute {dispute} ({})", receipt_text(&receipt)),
                json: json!({ "dispute": dispute, "receipt": receipt }),
            })
        }
    }
}

/// An asset's kind as the command line prints it.
fn kind_word(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::Model => "model",
        AssetKind::Dataset => "dataset",
    }
}
