//! The market's offers and licenses: publish and manage offers, buy, renew,
//! pass on and release licenses, and check them.

use super::args::{parse_hash, LicenseCommand, OfferCommand};
use super::{lines_or, receipt_text, Ctx, Output};
use modelmint_cli::{parse_account, send, send_for_event, ss58, utc, CliError};
use modelmint_common::licensing::{
    LegalText, LicenseCheck, LicenseDuration, LicenseTerms, Use, UseSet,
};
use modelmint_common::{Balance, LicenseId, ModelId, OfferId};
use modelmint_market::{
    LicenseSold, Market, ModelState, Offer, OfferCreated, OfferState, OfferTerms, UpstreamCut,
};
use serde_json::json;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// The market's call builder.
pub fn market(ctx: &Ctx) -> <Market as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<Market>(ctx.deployment.market)
}

/// The market's record of `model`.
///
/// # Errors
/// [`CliError::NotFound`] if the market has none (the registry never
/// pushed it), [`CliError::Chain`].
pub async fn model_state(ctx: &mut Ctx, model: ModelId) -> Result<ModelState, CliError> {
    let call = market(ctx);
    ctx.read(("market", "model"), &call.model(model)).await?.ok_or_else(|| {
        CliError::NotFound(format!(
            "the market has no model {model} (unknown to the registry, or its push was missed: `modelmint model resync {model}`)"
        ))
    })
}

async fn offer(ctx: &mut Ctx, offer: OfferId) -> Result<Offer, CliError> {
    let call = market(ctx);
    ctx.read(("market", "offer"), &call.offer(offer))
        .await?
        .ok_or_else(|| CliError::NotFound(format!("no offer has id {offer}; nothing was sent")))
}

fn duration_text(duration: LicenseDuration) -> String {
    match duration {
        LicenseDuration::Perpetual => "perpetual".to_string(),
        LicenseDuration::Period(ms) if ms % DAY_MS == 0 => format!("{} days", ms / DAY_MS),
        LicenseDuration::Period(ms) => format!("{ms} ms"),
    }
}

/// The names of the uses a set permits.
fn uses_of(set: UseSet) -> Vec<String> {
    Use::ALL.iter().filter(|use_| set.contains(**use_)).map(|use_| format!("{use_:?}")).collect()
}

fn upstream_json(upstream: &[UpstreamCut]) -> serde_json::Value {
    upstream
        .iter()
        .map(|cut| json!({ "ancestor": cut.ancestor, "amount": cut.amount.to_string() }))
        .collect()
}

fn upstream_text(upstream: &[UpstreamCut]) -> String {
    if upstream.is_empty() {
        return String::new();
    }
    let cuts: Vec<String> =
        upstream.iter().map(|cut| format!("{} to model {}", cut.amount, cut.ancestor)).collect();
    format!("; upstream {}", cuts.join(", "))
}

/// `offer …`.
pub async fn offers(ctx: &mut Ctx, command: OfferCommand) -> Result<Output, CliError> {
    match command {
        OfferCommand::List { model } => {
            let state = model_state(ctx, model).await?;
            let (mut lines, mut rows) = (Vec::new(), Vec::new());
            for slot in &state.offers {
                // After a sale of the token, the previous owner's offers wait
                // for the new owner to open them.
                let previous_owner = slot.owner_epoch != state.epoch;
                let duration = duration_text(slot.duration);
                lines.push(format!(
                    "offer {}: {} for {duration}, {}, {:?}{}, {} sold{}",
                    slot.offer,
                    slot.price,
                    uses_of(slot.license.uses).join(", "),
                    slot.state,
                    if previous_owner { " (a previous owner's: sells once opened)" } else { "" },
                    slot.sold,
                    slot.cap.map(|cap| format!(" of {cap}")).unwrap_or_default(),
                ));
                rows.push(json!({
                    "offer": slot.offer, "price": slot.price.to_string(), "duration": duration,
                    "state": format!("{:?}", slot.state), "sold": slot.sold, "cap": slot.cap,
                    "uses": uses_of(slot.license.uses),
                    "derivative_royalty_bps": slot.license.derivative_royalty,
                    "transferable": slot.license.transferable, "previous_owner": previous_owner,
                }));
            }
            Ok(Output {
                text: lines_or(lines, format!("model {model} has no open or paused offers")),
                json: rows.into(),
            })
        }
        OfferCommand::Show { offer: id } => {
            let found = offer(ctx, id).await?;
            let terms = &found.terms;
            let duration = duration_text(terms.duration);
            Ok(Output {
                text: format!(
                    "offer {id} on model {}: {} for {duration}, {}{}{}, {:?}, {} sold{}; legal text {} (sha256 {})",
                    found.model,
                    terms.price,
                    uses_of(terms.license.uses).join(", "),
                    terms
                        .license
                        .derivative_royalty
                        .map(|bps| format!(", derivatives owe {bps} bps"))
                        .unwrap_or_default(),
                    if terms.license.transferable { ", transferable" } else { "" },
                    found.state,
                    found.sold,
                    terms.cap.map(|cap| format!(" of {cap}")).unwrap_or_default(),
                    terms.legal.uri,
                    hex::encode(terms.legal.hash),
                ),
                json: json!({
                    "offer": id, "model": found.model, "price": terms.price.to_string(),
                    "duration": duration, "cap": terms.cap, "uses": uses_of(terms.license.uses),
                    "derivative_royalty_bps": terms.license.derivative_royalty,
                    "transferable": terms.license.transferable,
                    "legal_uri": terms.legal.uri, "legal_sha256": hex::encode(terms.legal.hash),
                    "state": format!("{:?}", found.state), "sold": found.sold,
                    "owner_epoch": found.owner_epoch,
                }),
            })
        }
        OfferCommand::Create {
            model,
            price,
            days,
            duration_ms,
            cap,
            uses,
            derivative_royalty_bps,
            transferable,
            legal_uri,
            legal_sha256,
        } => {
            let signer = ctx.signer()?;
            let duration = match (days, duration_ms) {
                (Some(days), _) => LicenseDuration::Period(days.saturating_mul(DAY_MS)),
                (None, Some(ms)) => LicenseDuration::Period(ms),
                (None, None) => LicenseDuration::Perpetual,
            };
            let uses: Vec<Use> = uses.into_iter().map(Use::from).collect();
            let terms = OfferTerms {
                price,
                duration,
                cap,
                license: LicenseTerms {
                    uses: UseSet::of(&uses),
                    derivative_royalty: derivative_royalty_bps,
                    transferable,
                },
                legal: LegalText { hash: parse_hash(&legal_sha256)?, uri: legal_uri },
            };
            let mut call = market(ctx);
            let (created, receipt) = send_for_event::<OfferCreated, _, _, _>(
                &mut ctx.client,
                &signer,
                ("market", "create_offer"),
                &call.create_offer(model, terms),
                0,
            )
            .await?;
            let offer = created.offer;
            Ok(Output {
                text: format!(
                    "offer {offer} on model {model} at {price} ({})",
                    receipt_text(&receipt)
                ),
                json: json!({ "offer": offer, "model": model, "price": price.to_string(), "receipt": receipt }),
            })
        }
        OfferCommand::Pause { offer } => set_offer_state(ctx, offer, OfferState::Paused).await,
        OfferCommand::Open { offer } => set_offer_state(ctx, offer, OfferState::Open).await,
        OfferCommand::Close { offer } => set_offer_state(ctx, offer, OfferState::Closed).await,
    }
}

/// Pauses, opens or closes an offer.
async fn set_offer_state(
    ctx: &mut Ctx,
    offer: OfferId,
    state: OfferState,
) -> Result<Output, CliError> {
    let mut call = market(ctx);
    let message = call.set_offer_state(offer, state);
    let receipt = ctx.send_unit(("market", "set_offer_state"), &message).await?;
    let what = match state {
        OfferState::Open => "is open: it sells",
        OfferState::Paused => "is paused: it sells nothing until opened",
        OfferState::Closed => "is closed for good",
    };
    Ok(Output {
        text: format!("offer {offer} {what} ({})", receipt_text(&receipt)),
        json: json!({ "offer": offer, "state": format!("{state:?}"), "receipt": receipt }),
    })
}

/// What a transaction on a license that returns nothing prints.
fn license_done(what: String, license: LicenseId, receipt: &modelmint_cli::Receipt) -> Output {
    Output {
        text: format!("{what} ({})", receipt_text(receipt)),
        json: json!({ "license": license, "receipt": receipt }),
    }
}

/// `license buy`: the model is the offer's (`--model` only checks it); the
/// exact price is attached, and the market refuses anything above
/// `max_price` in the dry run, before anything is sent.
async fn buy(
    ctx: &mut Ctx,
    id: OfferId,
    max_price: Balance,
    model: Option<ModelId>,
) -> Result<Output, CliError> {
    let signer = ctx.signer()?;
    let found = offer(ctx, id).await?;
    if let Some(model) = model.filter(|model| *model != found.model) {
        return Err(CliError::Input(format!(
            "offer {id} licenses model {}, not model {model}; nothing was sent",
            found.model
        )));
    }
    let (model, price) = (found.model, found.terms.price);
    let mut call = market(ctx);
    let (sold, receipt) = send_for_event::<LicenseSold, _, _, _>(
        &mut ctx.client,
        &signer,
        ("market", "buy"),
        &call.buy(model, id, max_price),
        price,
    )
    .await?;
    Ok(Output {
        text: format!(
            "license {} of model {model} bought from offer {id} for {price}, {}{} ({})",
            sold.license,
            sold.expires_at
                .map_or_else(|| "perpetual".to_string(), |at| format!("valid until {}", utc(at))),
            upstream_text(&sold.upstream),
            receipt_text(&receipt)
        ),
        json: json!({
            "license": sold.license, "model": model, "offer": id, "price": price.to_string(),
            "expires_at": sold.expires_at, "upstream": upstream_json(&sold.upstream),
            "receipt": receipt,
        }),
    })
}

async fn renew(ctx: &mut Ctx, license: LicenseId, max_price: Balance) -> Result<Output, CliError> {
    let signer = ctx.signer()?;
    let mut call = market(ctx);
    let held = ctx.read(("market", "license"), &call.license(license)).await?.ok_or_else(|| {
        CliError::NotFound(format!("no license has id {license}; nothing was sent"))
    })?;
    // A renewal carries exactly the offer's price; the market refuses anything
    // above max_price, in the dry run before anything is sent.
    let price = offer(ctx, held.offer).await?.terms.price;
    let ((), receipt) =
        send(&mut ctx.client, &signer, ("market", "renew"), &call.renew(license, max_price), price)
            .await?;
    let renewed = ctx.read(("market", "license"), &call.license(license)).await?;
    let expires_at = renewed.and_then(|renewed| renewed.expires_at);
    Ok(Output {
        text: format!(
            "renewed license {license} for {price}, now valid until {} ({})",
            expires_at.map_or_else(|| "never".to_string(), utc),
            receipt_text(&receipt)
        ),
        json: json!({
            "license": license, "price": price.to_string(),
            "expires_at": expires_at, "receipt": receipt,
        }),
    })
}

async fn list(ctx: &mut Ctx, model: ModelId, holder: Option<String>) -> Result<Output, CliError> {
    let holder = ctx.account_or_signer(holder.as_deref())?;
    let state = model_state(ctx, model).await?;
    let call = market(ctx);
    let ids = ctx.read(("market", "licenses_of"), &call.licenses_of(model, holder)).await?;
    let (mut lines, mut rows) = (Vec::new(), Vec::new());
    for id in ids {
        let Some(license) = ctx.read(("market", "license"), &call.license(id)).await? else {
            continue;
        };
        let offered_to = ctx.read(("market", "transfer_offer"), &call.transfer_offer(id)).await?;
        let voided = state.is_voided(license.epoch);
        let expires = license.expires_at.map_or_else(|| "never".to_string(), utc);
        let uses = uses_of(license.terms.uses);
        lines.push(format!(
            "license {id}: offer {}, {}, expires {expires}, paid {}{}{}",
            license.offer,
            uses.join(", "),
            license.total_paid,
            if voided { ", VOIDED by an arbiter's ruling: it grants nothing" } else { "" },
            offered_to.map(|to| format!(", offered to {}", ss58(&to))).unwrap_or_default()
        ));
        rows.push(json!({
            "license": id, "model": license.model, "offer": license.offer,
            "holder": ss58(&license.holder), "uses": uses,
            "derivative_royalty_bps": license.terms.derivative_royalty,
            "transferable": license.terms.transferable,
            "total_paid": license.total_paid.to_string(), "start": license.start,
            "expires_at": license.expires_at, "epoch": license.epoch, "voided": voided,
            "offered_to": offered_to.map(|to| ss58(&to)),
        }));
    }
    Ok(Output {
        text: lines_or(lines, format!("{} holds no license on model {model}", ss58(&holder))),
        json: rows.into(),
    })
}

/// `license …`.
pub async fn licenses(ctx: &mut Ctx, command: LicenseCommand) -> Result<Output, CliError> {
    let mut call = market(ctx);
    match command {
        LicenseCommand::Buy { offer, max_price, model } => buy(ctx, offer, max_price, model).await,
        LicenseCommand::List { model, holder } => list(ctx, model, holder).await,
        LicenseCommand::Check { model, account, use_ } => {
            let account = parse_account(&account)?;
            let use_ = Use::from(use_);
            let message = call.is_licensed(model, account, use_);
            let licensed = ctx.read(("market", "is_licensed"), &message).await?;
            Ok(Output {
                text: format!(
                    "{} {} licensed for {use_:?} on model {model}",
                    ss58(&account),
                    if licensed { "is" } else { "is not" }
                ),
                json: json!({
                    "model": model, "account": ss58(&account),
                    "use": format!("{use_:?}"), "licensed": licensed,
                }),
            })
        }
        LicenseCommand::Renew { license, max_price } => renew(ctx, license, max_price).await,
        LicenseCommand::Transfer { license, to, cancel: _ } => {
            // clap requires --to unless --cancel is given, and refuses both.
            let to = to.as_deref().map(parse_account).transpose()?;
            let message = call.transfer_license(license, to);
            let receipt = ctx.send_unit(("market", "transfer_license"), &message).await?;
            Ok(Output {
                text: match to {
                    Some(to) => format!(
                        "offered license {license} to {}: it grants you nothing while it waits, and moves when they accept ({})",
                        ss58(&to),
                        receipt_text(&receipt)
                    ),
                    None => format!(
                        "withdrew the transfer offer of license {license}: it is yours again ({})",
                        receipt_text(&receipt)
                    ),
                },
                json: json!({
                    "license": license, "offered_to": to.map(|to| ss58(&to)), "receipt": receipt,
                }),
            })
        }
        LicenseCommand::Accept { license } => {
            let message = call.accept_license(license);
            let receipt = ctx.send_unit(("market", "accept_license"), &message).await?;
            Ok(license_done(format!("license {license} is yours"), license, &receipt))
        }
        LicenseCommand::Release { license } => {
            let message = call.release_license(license);
            let receipt = ctx.send_unit(("market", "release_license"), &message).await?;
            Ok(license_done(format!("released license {license} for good"), license, &receipt))
        }
    }
}
