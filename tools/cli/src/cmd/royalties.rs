//! Royalties and splits on the market: what an account is owed and its
//! withdrawals (collecting the rounds of its models without a split), a
//! model's round, its split, and the market's solvency.

use super::args::{parse_recipient, RoyaltiesCommand, SplitCommand};
use super::market::{market, model_state};
use super::{model_done, receipt_text, Ctx, Output};
use ink::primitives::AccountId;
use modelmint_cli::payouts::{due_to, Collectable, Due};
use modelmint_cli::{parse_account, send, ss58, CliError};
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, ModelId};
use serde_json::json;

fn models_json(models: &[Collectable]) -> serde_json::Value {
    models
        .iter()
        .map(|due| json!({ "model": due.model, "pending": due.pending.to_string() }))
        .collect()
}

fn ids(models: &[Collectable]) -> Vec<ModelId> {
    models.iter().map(|due| due.model).collect()
}

fn sum(models: &[Collectable]) -> Balance {
    models.iter().fold(0, |sum: Balance, due| sum.saturating_add(due.pending))
}

/// `royalties owed`: what withdrawals would pay.
fn owed(account: &AccountId, due: &Due) -> Output {
    let models: Vec<String> =
        due.models.iter().map(|model| format!("model {} {}", model.model, model.pending)).collect();
    let (_, later) = due.next_batch();
    Output {
        text: format!(
            "{} can withdraw {} ({} owed{}){}",
            ss58(account),
            due.total(),
            due.owed,
            if models.is_empty() {
                String::new()
            } else {
                format!(" + the revenue of its models without a split: {}", models.join(", "))
            },
            if later.is_empty() {
                String::new()
            } else {
                format!(
                    "; a withdrawal collects at most {} models: {} models wait for the next",
                    modelmint_cli::payouts::MAX_COLLECTED,
                    later.len()
                )
            },
        ),
        json: json!({
            "account": ss58(account), "owed": due.total().to_string(),
            "owed_balance": due.owed.to_string(), "models": models_json(&due.models),
        }),
    }
}

/// Pays `account` (the signer's own withdrawal when `for_other` is false)
/// everything it is owed, collecting its models' rounds, at most
/// [`modelmint_cli::payouts::MAX_COLLECTED`] of them; says what is left.
async fn withdraw(ctx: &mut Ctx, account: AccountId, for_other: bool) -> Result<Output, CliError> {
    let signer = ctx.signer()?;
    let due = due_to(&mut ctx.client, &ctx.reader, &ctx.deployment, account).await?;
    let (now, later) = due.next_batch();
    let collect = ids(now);
    let mut call = market(ctx);
    let (amount, receipt) = if for_other {
        let message = call.withdraw_for(account, collect.clone());
        send(&mut ctx.client, &signer, ("market", "withdraw_for"), &message, 0).await?
    } else {
        let message = call.withdraw(collect.clone());
        send(&mut ctx.client, &signer, ("market", "withdraw"), &message, 0).await?
    };
    let left = if later.is_empty() {
        String::new()
    } else {
        format!(
            "; {} of {} more models wait: run it again ({})",
            sum(later),
            later.len(),
            ids(later).iter().map(ModelId::to_string).collect::<Vec<_>>().join(", ")
        )
    };
    let collected = if collect.is_empty() {
        String::new()
    } else {
        format!(
            ", collecting model{} {}",
            if collect.len() == 1 { "" } else { "s" },
            collect.iter().map(ModelId::to_string).collect::<Vec<_>>().join(", ")
        )
    };
    let mut json = json!({
        "collected": collect,
        "left": { "models": ids(later), "amount": sum(later).to_string() },
        "receipt": receipt,
    });
    let text = if for_other {
        json["account"] = json!(ss58(&account));
        json["paid"] = json!(amount.to_string());
        format!("paid {amount} to {}{collected}{left} ({})", ss58(&account), receipt_text(&receipt))
    } else {
        json["withdrawn"] = json!(amount.to_string());
        format!("withdrew {amount}{collected}{left} ({})", receipt_text(&receipt))
    };
    Ok(Output { text, json })
}

/// `royalties …`.
pub async fn royalties(ctx: &mut Ctx, command: RoyaltiesCommand) -> Result<Output, CliError> {
    match command {
        RoyaltiesCommand::Owed { account } => {
            let account = ctx.account_or_signer(account.as_deref())?;
            let due = due_to(&mut ctx.client, &ctx.reader, &ctx.deployment, account).await?;
            Ok(owed(&account, &due))
        }
        RoyaltiesCommand::Withdraw => {
            let account = ctx.signer_account()?;
            withdraw(ctx, account, false).await
        }
        RoyaltiesCommand::WithdrawFor { account } => {
            let account = parse_account(&account)?;
            withdraw(ctx, account, true).await
        }
        RoyaltiesCommand::Distribute { model } => {
            let mut call = market(ctx);
            let receipt = ctx.send_unit(("market", "distribute"), &call.distribute(model)).await?;
            Ok(model_done(
                format!("ended model {model}'s round: its revenue is in its payees' owed balances"),
                model,
                &receipt,
            ))
        }
        RoyaltiesCommand::Solvency => {
            let call = market(ctx);
            let solvency = ctx.read(("market", "solvency"), &call.solvency()).await?;
            Ok(Output {
                text: format!(
                    "the market can transfer {} and owes {}",
                    solvency.transferable, solvency.liabilities
                ),
                json: json!({
                    "transferable": solvency.transferable.to_string(),
                    "liabilities": solvency.liabilities.to_string(),
                }),
            })
        }
    }
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

/// `split …`.
pub async fn splits(ctx: &mut Ctx, command: SplitCommand) -> Result<Output, CliError> {
    let mut call = market(ctx);
    match command {
        SplitCommand::Set { model, to } => {
            let recipients =
                to.iter().map(|entry| parse_recipient(entry)).collect::<Result<Vec<_>, _>>()?;
            let message = call.set_split(model, recipients.clone());
            let receipt = ctx.send_unit(("market", "set_split"), &message).await?;
            Ok(Output {
                text: format!(
                    "model {model} split {}: each recipient accepts before it counts ({})",
                    describe_split(&recipients),
                    receipt_text(&receipt)
                ),
                json: json!({ "model": model, "recipients": split_json(&recipients), "receipt": receipt }),
            })
        }
        SplitCommand::Show { model } => {
            let state = model_state(ctx, model).await?;
            let split = ctx.read(("market", "split_of"), &call.split_of(model)).await?;
            let pending = ctx.read(("market", "pending_of"), &call.pending_of(model)).await?;
            let recipients = split.unwrap_or_default();
            let applies = state.split_applies();
            Ok(Output {
                text: if recipients.is_empty() {
                    format!("model {model} has no split: its revenue ({pending} in its round) is its owner's")
                } else if applies {
                    format!(
                        "model {model} split {}; {pending} in its round not yet taken",
                        describe_split(&recipients)
                    )
                } else {
                    format!(
                        "model {model} split {}, set by a previous owner: it is paid nothing new; {pending} in its round is the owner's",
                        describe_split(&recipients)
                    )
                },
                json: json!({
                    "model": model, "recipients": split_json(&recipients),
                    "applies": applies, "pending": pending.to_string(),
                }),
            })
        }
        SplitCommand::Accept { model } => {
            let receipt =
                ctx.send_unit(("market", "accept_split"), &call.accept_split(model)).await?;
            Ok(model_done(format!("accepted model {model}'s split"), model, &receipt))
        }
        SplitCommand::Leave { model } => {
            let receipt =
                ctx.send_unit(("market", "leave_split"), &call.leave_split(model)).await?;
            Ok(model_done(format!("left model {model}'s split"), model, &receipt))
        }
        SplitCommand::Clear { model } => {
            let receipt =
                ctx.send_unit(("market", "clear_split"), &call.clear_split(model)).await?;
            Ok(model_done(
                format!("cleared model {model}'s split: its revenue goes to its owner"),
                model,
                &receipt,
            ))
        }
    }
}
