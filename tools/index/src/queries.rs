//! The read side of the index: the queries the API serves, written once for
//! SQLite and PostgreSQL (portable SQL, `$n` parameters). Amounts are summed
//! here, in checked `u128` arithmetic, never in SQL.

use crate::store::int;
use crate::IndexError;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// The most rows one page of models holds.
pub const MAX_PAGE: u32 = 200;

/// A search of models: every given criterion must hold.
#[derive(Debug, Clone, Default)]
pub struct ModelSearch {
    /// A part of the name (case-insensitive).
    pub name: Option<String>,
    /// The content root (`0x` + 64 hex digits).
    pub root: Option<String>,
    /// The owner (SS58).
    pub owner: Option<String>,
    /// `active`, `deprecated` or `disputed`.
    pub status: Option<String>,
    /// `model` or `dataset`.
    pub kind: Option<String>,
    /// Uses an open offer of the model must all grant (`research`,
    /// `commercial_inference`, `fine_tuning`, `redistribution`, `training`).
    pub uses: Vec<String>,
    /// The least price of that offer.
    pub min_price: Option<u128>,
    /// The highest price of that offer.
    pub max_price: Option<u128>,
    /// Models after this id (the previous page's `next`).
    pub after: Option<u64>,
    /// Page size (at most [`MAX_PAGE`]).
    pub limit: u32,
}

/// A model as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Model {
    /// Its id.
    pub id: i64,
    /// `model` or `dataset`.
    pub kind: String,
    /// The content root (`0x` + 64 hex digits).
    pub root: String,
    /// The owner (SS58).
    pub owner: String,
    /// The name.
    pub name: String,
    /// The version.
    pub version: String,
    /// The metadata URI.
    pub uri: String,
    /// The model it is a new version of, if any.
    pub previous_version: Option<i64>,
    /// `active`, `deprecated` or `disputed`.
    pub status: String,
    /// Whether its metadata is frozen.
    pub frozen: bool,
    /// Its owner epoch (how many times the token changed hands).
    pub epoch: i64,
    /// The block that registered it.
    pub registered_block: i64,
    /// That block's time (ms since 1970).
    pub registered_at: i64,
}

/// One page of models and the cursor of the next (`None`: the last page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The models, by id.
    pub models: Vec<Model>,
    /// The `after` of the next page; `None` on the last page.
    pub next: Option<i64>,
}

/// A lineage edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The derivative.
    pub child: i64,
    /// The parent (a model, or a dataset it was trained on).
    pub parent: i64,
    /// How the child was made (`fine_tune`, `trained_on`, ...).
    pub relation: String,
    /// The share of the child's revenue owed to the parent, in basis points.
    pub royalty_bps: i64,
}

/// An offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// Its id.
    pub id: i64,
    /// The model.
    pub model: i64,
    /// The price (decimal).
    pub price: String,
    /// How long a license lasts (ms); `None`: perpetual.
    pub duration_ms: Option<i64>,
    /// Most licenses sold; `None`: unlimited.
    pub cap: Option<i64>,
    /// The uses granted, comma-separated.
    pub uses: String,
    /// What a derivative owes (bps); `None`: no derivatives.
    pub derivative_royalty_bps: Option<i64>,
    /// Whether licenses are transferable.
    pub transferable: bool,
    /// Where the legal text is published.
    pub legal_uri: String,
    /// The legal text's sha256 (hex).
    pub legal_sha256: String,
    /// `open`, `paused` or `closed`.
    pub state: String,
    /// Licenses sold.
    pub sold: i64,
}

/// A sale or a renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sale {
    /// The block.
    pub block: i64,
    /// The license.
    pub license: i64,
    /// The offer.
    pub offer: Option<i64>,
    /// The holder (SS58).
    pub holder: Option<String>,
    /// `true` for a renewal, `false` for a sale.
    pub renewal: bool,
    /// The price (decimal).
    pub price: String,
    /// Its expiry (ms since 1970); `None`: perpetual.
    pub expires_at: Option<i64>,
    /// The block's time (ms since 1970).
    pub at: i64,
}

/// One UTC day of a model's revenue: sales and renewals, and deposits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The UTC day (`YYYY-MM-DD`).
    pub day: String,
    /// Sales and renewals that day.
    pub sales: u64,
    /// What they paid (decimal).
    pub sales_amount: String,
    /// What deposits paid (decimal).
    pub deposits_amount: String,
    /// Both (decimal).
    pub total: String,
}

/// A license.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct License {
    /// Its id.
    pub id: i64,
    /// The model.
    pub model: i64,
    /// The offer.
    pub offer: i64,
    /// The holder (SS58).
    pub holder: String,
    /// Its expiry (ms since 1970); `None`: perpetual.
    pub expires_at: Option<i64>,
    /// Its owner epoch (how many times the token changed hands).
    pub epoch: i64,
    /// Whether an arbiter's ruling voided it.
    pub voided: bool,
    /// Whether its holder released it.
    pub released: bool,
    /// The account it is offered to, if a transfer offer stands.
    pub transfer_to: Option<String>,
    /// The block that sold it.
    pub sold_block: i64,
    /// That block's time (ms since 1970).
    pub sold_at: i64,
}

/// A payout (a withdrawal) to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payout {
    /// The block.
    pub block: i64,
    /// The amount (decimal).
    pub amount: String,
    /// The block's time (ms since 1970).
    pub at: i64,
}

/// A split an account is named in, and whether it accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The model.
    pub model: i64,
    /// The account (SS58).
    pub account: String,
    /// Its share, parts per million.
    pub share: i64,
    /// Whether it accepted (`false`: an open invitation).
    pub accepted: bool,
}

fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

fn model_of(row: &AnyRow) -> Result<Model, sqlx::Error> {
    Ok(Model {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        root: row.try_get("root")?,
        owner: row.try_get("owner")?,
        name: row.try_get("name")?,
        version: row.try_get("version")?,
        uri: row.try_get("uri")?,
        previous_version: row.try_get("previous_version")?,
        status: row.try_get("status")?,
        frozen: flag(row, "frozen")?,
        epoch: row.try_get("epoch")?,
        registered_block: row.try_get("registered_block")?,
        registered_at: row.try_get("registered_at")?,
    })
}

const MODEL_COLUMNS: &str = "id, kind, root, owner, name, version, uri, previous_version, status, \
                             frozen, epoch, registered_block, registered_at";

/// A page of the models `search` selects, by id.
///
/// # Errors
/// [`IndexError::Input`] for a bad filter, [`IndexError::Database`].
pub async fn models(pool: &AnyPool, search: &ModelSearch) -> Result<Page, IndexError> {
    if let Some(status) = &search.status {
        if !["active", "deprecated", "disputed"].contains(&status.as_str()) {
            return Err(IndexError::Input(format!(
                "status {status:?} is none of active, deprecated, disputed"
            )));
        }
    }
    if let Some(kind) = &search.kind {
        if !["model", "dataset"].contains(&kind.as_str()) {
            return Err(IndexError::Input(format!("kind {kind:?} is neither model nor dataset")));
        }
    }
    let limit = search.limit.clamp(1, MAX_PAGE);
    let mut clauses = Vec::new();
    let mut texts = Vec::new();
    if let Some(name) = &search.name {
        let escaped =
            name.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        texts.push(format!("%{escaped}%"));
        clauses.push(format!("LOWER(name) LIKE ${} ESCAPE '\\'", texts.len()));
    }
    for (column, value) in [
        ("root", &search.root),
        ("owner", &search.owner),
        ("status", &search.status),
        ("kind", &search.kind),
    ] {
        if let Some(value) = value {
            texts.push(if column == "root" { value.to_lowercase() } else { value.clone() });
            clauses.push(format!("{column} = ${}", texts.len()));
        }
    }
    let known = crate::store::use_names();
    if let Some(unknown) = search.uses.iter().find(|use_| !known.contains(use_)) {
        return Err(IndexError::Input(format!("use {unknown:?} is none of {}", known.join(", "))));
    }
    if !search.uses.is_empty() || search.min_price.is_some() || search.max_price.is_some() {
        // A model some open offer of which grants every use asked for, at a
        // price in the range.
        let mut offer = vec!["state = 'open'".to_owned()];
        for use_ in &search.uses {
            texts.push(format!("%,{use_},%"));
            offer.push(format!("(',' || uses || ',') LIKE ${}", texts.len()));
        }
        for (bound, op) in [(search.min_price, ">="), (search.max_price, "<=")] {
            if let Some(bound) = bound {
                texts.push(crate::store::price_key(bound));
                offer.push(format!("price_key {op} ${}", texts.len()));
            }
        }
        clauses.push(format!("id IN (SELECT model FROM offers WHERE {})", offer.join(" AND ")));
    }
    let after = search.after.map(int).transpose()?.unwrap_or(-1);
    clauses.push(format!("id > ${}", texts.len().saturating_add(1)));
    let sql = format!(
        "SELECT {MODEL_COLUMNS} FROM models WHERE {} ORDER BY id LIMIT ${}",
        clauses.join(" AND "),
        texts.len().saturating_add(2)
    );
    let mut query = sqlx::query(&sql);
    for text in texts {
        query = query.bind(text);
    }
    let rows = query.bind(after).bind(i64::from(limit).saturating_add(1)).fetch_all(pool).await?;
    let mut models = rows.iter().map(model_of).collect::<Result<Vec<_>, _>>()?;
    let next = if models.len() > usize::try_from(limit).unwrap_or(usize::MAX) {
        models.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        models.last().map(|model| model.id)
    } else {
        None
    };
    Ok(Page { models, next })
}

/// One model, if the index knows it.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn model(pool: &AnyPool, id: u64) -> Result<Option<Model>, IndexError> {
    let sql = format!("SELECT {MODEL_COLUMNS} FROM models WHERE id = $1");
    let row = sqlx::query(&sql).bind(int(id)?).fetch_optional(pool).await?;
    Ok(row.as_ref().map(model_of).transpose()?)
}

/// A model's lineage: the edges to its parents and from its children.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn lineage(pool: &AnyPool, id: u64) -> Result<(Vec<Edge>, Vec<Edge>), IndexError> {
    let id = int(id)?;
    let edges = |rows: Vec<AnyRow>| -> Result<Vec<Edge>, sqlx::Error> {
        rows.iter()
            .map(|row| {
                Ok(Edge {
                    child: row.try_get("child")?,
                    parent: row.try_get("parent")?,
                    relation: row.try_get("relation")?,
                    royalty_bps: row.try_get("royalty_bps")?,
                })
            })
            .collect()
    };
    let select = "SELECT child, parent, relation, royalty_bps FROM lineage";
    let parents = sqlx::query(&format!("{select} WHERE child = $1 ORDER BY parent"))
        .bind(id)
        .fetch_all(pool)
        .await?;
    let children = sqlx::query(&format!("{select} WHERE parent = $1 ORDER BY child"))
        .bind(id)
        .fetch_all(pool)
        .await?;
    Ok((edges(parents)?, edges(children)?))
}

/// A model's offers, by id.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn offers(pool: &AnyPool, model: u64) -> Result<Vec<Offer>, IndexError> {
    let rows = sqlx::query(
        "SELECT id, model, price, duration_ms, cap, uses, derivative_royalty_bps, transferable, \
         legal_uri, legal_sha256, state, sold FROM offers WHERE model = $1 ORDER BY id",
    )
    .bind(int(model)?)
    .fetch_all(pool)
    .await?;
    let offer = |row: &AnyRow| -> Result<Offer, sqlx::Error> {
        Ok(Offer {
            id: row.try_get("id")?,
            model: row.try_get("model")?,
            price: row.try_get("price")?,
            duration_ms: row.try_get("duration_ms")?,
            cap: row.try_get("cap")?,
            uses: row.try_get("uses")?,
            derivative_royalty_bps: row.try_get("derivative_royalty_bps")?,
            transferable: flag(row, "transferable")?,
            legal_uri: row.try_get("legal_uri")?,
            legal_sha256: row.try_get("legal_sha256")?,
            state: row.try_get("state")?,
            sold: row.try_get("sold")?,
        })
    };
    Ok(rows.iter().map(offer).collect::<Result<_, _>>()?)
}

/// A model's sales and renewals, oldest first.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn sales(pool: &AnyPool, model: u64) -> Result<Vec<Sale>, IndexError> {
    let rows = sqlx::query(
        "SELECT block, license, offer, holder, renewal, price, expires_at, at FROM sales \
         WHERE model = $1 ORDER BY block, idx",
    )
    .bind(int(model)?)
    .fetch_all(pool)
    .await?;
    let sale = |row: &AnyRow| -> Result<Sale, sqlx::Error> {
        Ok(Sale {
            block: row.try_get("block")?,
            license: row.try_get("license")?,
            offer: row.try_get("offer")?,
            holder: row.try_get("holder")?,
            renewal: flag(row, "renewal")?,
            price: row.try_get("price")?,
            expires_at: row.try_get("expires_at")?,
            at: row.try_get("at")?,
        })
    };
    Ok(rows.iter().map(sale).collect::<Result<_, _>>()?)
}

/// A decimal amount as stored.
fn amount(text: &str) -> Result<u128, IndexError> {
    text.parse()
        .map_err(|_| IndexError::Database(format!("the stored amount {text:?} is not a number")))
}

fn add(total: u128, amount: u128) -> Result<u128, IndexError> {
    total
        .checked_add(amount)
        .ok_or_else(|| IndexError::Database("a sum of amounts overflowed u128".into()))
}

/// The UTC day (`YYYY-MM-DD`) of a block time in ms.
fn day_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map_or_else(|| "1970-01-01".to_owned(), |at| at.format("%Y-%m-%d").to_string())
}

/// A model's revenue per UTC day (sales, renewals and deposits), oldest
/// first, and its total.
///
/// # Errors
/// [`IndexError::Database`] (also if a sum overflows `u128`).
pub async fn revenue(pool: &AnyPool, model: u64) -> Result<(Vec<Day>, u128), IndexError> {
    let id = int(model)?;
    let mut days: BTreeMap<String, (u64, u128, u128)> = BTreeMap::new();
    for (table, column, is_sale) in [("sales", "price", true), ("deposits", "amount", false)] {
        let sql = format!("SELECT {column}, at FROM {table} WHERE model = $1 ORDER BY block, idx");
        for row in sqlx::query(&sql).bind(id).fetch_all(pool).await? {
            let value = amount(&row.try_get::<String, _>(column)?)?;
            let entry = days.entry(day_of(row.try_get("at")?)).or_default();
            if is_sale {
                entry.0 = entry.0.saturating_add(1);
                entry.1 = add(entry.1, value)?;
            } else {
                entry.2 = add(entry.2, value)?;
            }
        }
    }
    let mut total = 0u128;
    let mut out = Vec::new();
    for (day, (sales, sales_amount, deposits_amount)) in days {
        let day_total = add(sales_amount, deposits_amount)?;
        total = add(total, day_total)?;
        out.push(Day {
            day,
            sales,
            sales_amount: sales_amount.to_string(),
            deposits_amount: deposits_amount.to_string(),
            total: day_total.to_string(),
        });
    }
    Ok((out, total))
}

/// The licenses `account` holds (or held: released and voided ones too), by id.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn licenses(pool: &AnyPool, account: &str) -> Result<Vec<License>, IndexError> {
    let rows = sqlx::query(
        "SELECT id, model, offer, holder, expires_at, epoch, voided, released, transfer_to, \
         sold_block, sold_at FROM licenses WHERE holder = $1 ORDER BY id",
    )
    .bind(account.to_owned())
    .fetch_all(pool)
    .await?;
    let license = |row: &AnyRow| -> Result<License, sqlx::Error> {
        Ok(License {
            id: row.try_get("id")?,
            model: row.try_get("model")?,
            offer: row.try_get("offer")?,
            holder: row.try_get("holder")?,
            expires_at: row.try_get("expires_at")?,
            epoch: row.try_get("epoch")?,
            voided: flag(row, "voided")?,
            released: flag(row, "released")?,
            transfer_to: row.try_get("transfer_to")?,
            sold_block: row.try_get("sold_block")?,
            sold_at: row.try_get("sold_at")?,
        })
    };
    Ok(rows.iter().map(license).collect::<Result<_, _>>()?)
}

/// `account`'s payouts (withdrawals), oldest first, and their total.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn payouts(pool: &AnyPool, account: &str) -> Result<(Vec<Payout>, u128), IndexError> {
    let rows = sqlx::query(
        "SELECT block, amount, at FROM withdrawals WHERE account = $1 ORDER BY block, idx",
    )
    .bind(account.to_owned())
    .fetch_all(pool)
    .await?;
    let mut total = 0u128;
    let mut out = Vec::new();
    for row in rows {
        let text: String = row.try_get("amount")?;
        total = add(total, amount(&text)?)?;
        out.push(Payout { block: row.try_get("block")?, amount: text, at: row.try_get("at")? });
    }
    Ok((out, total))
}

/// The splits that name `account` (its invitations and memberships), or,
/// with `model`, that model's split members.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn memberships(
    pool: &AnyPool,
    account: Option<&str>,
    model: Option<u64>,
) -> Result<Vec<Membership>, IndexError> {
    let select = "SELECT m.model, m.account, m.share, \
                  (SELECT COUNT(*) FROM split_acceptances a WHERE a.model = m.model \
                   AND a.account = m.account) AS accepted FROM split_members m";
    let rows = match (account, model) {
        (Some(account), _) => {
            sqlx::query(&format!("{select} WHERE m.account = $1 ORDER BY m.model"))
                .bind(account.to_owned())
                .fetch_all(pool)
                .await?
        }
        (None, Some(model)) => {
            sqlx::query(&format!("{select} WHERE m.model = $1 ORDER BY m.account"))
                .bind(int(model)?)
                .fetch_all(pool)
                .await?
        }
        (None, None) => return Err(IndexError::Input("name an account or a model".into())),
    };
    let membership = |row: &AnyRow| -> Result<Membership, sqlx::Error> {
        Ok(Membership {
            model: row.try_get("model")?,
            account: row.try_get("account")?,
            share: row.try_get("share")?,
            accepted: flag(row, "accepted")?,
        })
    };
    Ok(rows.iter().map(membership).collect::<Result<_, _>>()?)
}

/// The last block indexed and its time, if any.
///
/// # Errors
/// [`IndexError::Database`].
pub async fn indexed(pool: &AnyPool) -> Result<Option<(i64, i64)>, IndexError> {
    let row = sqlx::query("SELECT number, at FROM blocks ORDER BY number DESC LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(row
        .map(|row| Ok::<_, sqlx::Error>((row.try_get("number")?, row.try_get("at")?)))
        .transpose()?)
}
