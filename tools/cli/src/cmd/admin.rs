//! `admin …`: every contract answers the one `Admin` interface (the market's
//! through its desk: one address).

use super::args::{parse_hash, AdminCommand, ContractArg};
use super::market::market;
use super::{receipt_text, Ctx, Output};
use ink::codegen::TraitCallBuilder;
use ink::primitives::AccountId;
use modelmint_cli::errors::link_name;
use modelmint_cli::{
    code_hash_hex, parse_account, send, send_for_event, ss58, utc, CliError, Receipt,
};
use modelmint_common::admin::events::ActionScheduled;
use modelmint_common::admin::{Admin, AdminAction, AdminView, Link, Scheduled, Wiring};
use serde_json::json;

/// The `Admin` interface of a contract at an address, whatever contract it is.
type AdminRef = ink::contract_ref!(Admin, ink::env::DefaultEnvironment);

async fn view(ctx: &mut Ctx, contract: ContractArg) -> Result<AdminView, CliError> {
    let admin: AdminRef = contract.address(&ctx.deployment).into();
    ctx.read((contract.name(), "admin_state"), &admin.call().admin_state()).await
}

/// `admin …`.
pub async fn run(ctx: &mut Ctx, command: AdminCommand) -> Result<Output, CliError> {
    match command {
        AdminCommand::Status { contract } => status(ctx, contract).await,
        AdminCommand::Schedule { contract, upgrade, registry, market, arbiter } => {
            let signer = ctx.signer()?;
            let action = match upgrade {
                Some(code_hash) => {
                    AdminAction::Upgrade { code_hash: parse_hash(&code_hash)?.into() }
                }
                None => {
                    if registry.is_none() && market.is_none() && arbiter.is_none() {
                        return Err(CliError::Input(
                            "say what to schedule: --upgrade CODE_HASH, or the links to rewire (--registry, --market, --arbiter)".into(),
                        ));
                    }
                    // A rewiring replaces the whole wiring: start from the current one.
                    let mut wiring = view(ctx, contract).await?.wiring;
                    let link = |given: Option<String>, current: Option<AccountId>| match given {
                        None => Ok(current),
                        Some(text) if text == "none" => Ok(None),
                        Some(address) => parse_account(&address).map(Some),
                    };
                    wiring.registry = link(registry, wiring.registry)?;
                    wiring.market = link(market, wiring.market)?;
                    wiring.arbiter = link(arbiter, wiring.arbiter)?;
                    AdminAction::Rewire { wiring }
                }
            };
            let mut admin: AdminRef = contract.address(&ctx.deployment).into();
            let (scheduled, receipt) = send_for_event::<ActionScheduled, _, _, _>(
                &mut ctx.client,
                &signer,
                (contract.name(), "schedule"),
                &admin.call_mut().schedule(action),
                0,
            )
            .await?;
            let Scheduled { ready_at, expires_at, .. } = scheduled.scheduled;
            Ok(Output {
                text: format!(
                    "scheduled on the {}: {}; executable from {} until {} ({})",
                    contract.name(),
                    describe_action(&action),
                    utc(ready_at),
                    utc(expires_at),
                    receipt_text(&receipt)
                ),
                json: json!({
                    "contract": contract.name(), "action": action_json(&action),
                    "ready_at": ready_at, "expires_at": expires_at, "receipt": receipt,
                }),
            })
        }
        AdminCommand::Cancel { contract } => {
            let mut admin: AdminRef = contract.address(&ctx.deployment).into();
            let message = admin.call_mut().cancel_scheduled();
            let receipt = ctx.send_unit((contract.name(), "cancel_scheduled"), &message).await?;
            Ok(admin_done(contract, "cancelled the scheduled action", &receipt))
        }
        AdminCommand::Execute { contract } => {
            let mut admin: AdminRef = contract.address(&ctx.deployment).into();
            let message = admin.call_mut().execute_scheduled();
            let receipt = ctx.send_unit((contract.name(), "execute_scheduled"), &message).await?;
            Ok(admin_done(contract, "executed the scheduled action", &receipt))
        }
        AdminCommand::Pause { contract } | AdminCommand::Resume { contract } => {
            let paused = matches!(command, AdminCommand::Pause { .. });
            let signer = ctx.signer()?;
            let mut admin: AdminRef = contract.address(&ctx.deployment).into();
            let ((), receipt) = send(
                &mut ctx.client,
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

async fn status(ctx: &mut Ctx, contract: Option<ContractArg>) -> Result<Output, CliError> {
    let contracts = contract.map_or_else(|| ContractArg::ALL.to_vec(), |one| vec![one]);
    let (mut lines, mut rows) = (Vec::new(), serde_json::Map::new());
    for contract in contracts {
        let view = view(ctx, contract).await?;
        let address = contract.address(&ctx.deployment);
        let mut line = describe_admin(contract, &address, &view);
        let mut row = admin_json(&address, &view);
        if let ContractArg::Market = contract {
            // The desk the market runs, next to the one the manifest recorded.
            let call = market(ctx);
            let desk = ctx.read(("market", "desk_code"), &call.desk_code()).await?;
            line.push_str(&format!(
                " · desk code {}{}",
                code_hash_hex(&desk),
                if desk == ctx.deployment.market_desk {
                    ""
                } else {
                    " (NOT the desk the deployment manifest records)"
                }
            ));
            row["desk_code"] = json!(code_hash_hex(&desk));
        }
        lines.push(line);
        rows.insert(contract.name().into(), row);
    }
    Ok(Output { text: lines.join("\n"), json: serde_json::Value::Object(rows) })
}

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
        "{} {}: admin {}{} · {} · timelock {} · grace {} · scheduled: {} · wiring: {} · layout {}{}",
        contract.name(),
        ss58(address),
        view.admin.map_or_else(|| "renounced".to_string(), |admin| ss58(&admin)),
        view.proposed.map(|next| format!(" (proposed: {})", ss58(&next))).unwrap_or_default(),
        if view.paused { "PAUSED" } else { "running" },
        describe_delay(view.delay),
        describe_delay(view.grace),
        view.scheduled.as_ref().map_or_else(
            || "nothing".to_string(),
            |scheduled| format!(
                "{}, executable from {} until {}",
                describe_action(&scheduled.action),
                utc(scheduled.ready_at),
                utc(scheduled.expires_at)
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
        "grace_ms": view.grace,
        "scheduled": view.scheduled.as_ref().map(|scheduled| json!({
            "action": action_json(&scheduled.action),
            "scheduled_at": scheduled.scheduled_at,
            "ready_at": scheduled.ready_at,
            "expires_at": scheduled.expires_at,
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
            let links: Vec<String> = Link::ALL
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
        AdminAction::Rewire { wiring } => json!({ "rewire": wiring_json(wiring, &Link::ALL) }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewiring_names_the_links_it_sets() {
        let market = AccountId::from([2; 32]);
        let action =
            AdminAction::Rewire { wiring: Wiring { market: Some(market), ..Wiring::default() } };
        assert_eq!(describe_action(&action), format!("rewire to market {}", ss58(&market)));
        assert_eq!(
            action_json(&action),
            json!({ "rewire": { "registry": null, "market": ss58(&market), "arbiter": null } })
        );
        assert_eq!(describe_delay(0), "disabled");
        assert_eq!(describe_delay(172_800_000), "48 h");
        assert_eq!(describe_delay(60_000), "60000 ms");
    }
}
