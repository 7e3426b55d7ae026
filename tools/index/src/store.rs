//! The index's storage: one sqlx `Any` pool over SQLite or PostgreSQL, the
//! database's identity (the chain's genesis hash and the deployment's
//! contracts), the cursor, and the writing of one block's events in one
//! transaction together with the cursor.

use crate::events::{Event, Source};
use crate::{hex32, schema, ss58, Deployment, IndexError};
use modelmint_common::licensing::{LicenseDuration, Use};
use modelmint_common::psp34::Id;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Row, Transaction};

/// One finalized block's ModelMint events, in the order the chain recorded them.
#[derive(Debug)]
pub struct Block {
    /// Its number.
    pub number: u64,
    /// Its hash.
    pub hash: [u8; 32],
    /// Its timestamp (pallet-timestamp, ms since 1970).
    pub at: u64,
    /// Each event with its index among the block's events and its contract.
    pub events: Vec<(u32, Source, Event)>,
}

/// An index database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    postgres: bool,
}

/// A number for a `BIGINT` column.
///
/// # Errors
/// [`IndexError::Input`] if it exceeds `i64::MAX`.
pub fn int(value: u64) -> Result<i64, IndexError> {
    i64::try_from(value)
        .map_err(|_| IndexError::Input(format!("{value} does not fit the index's 64-bit numbers")))
}

/// The `sqlx` URL of `--database`: a `postgres://` URL as it is, a
/// `sqlite:` URL or a file path as a SQLite file (created if missing).
pub fn database_url(database: &str) -> String {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        database.to_owned()
    } else {
        let path = database.strip_prefix("sqlite://").or_else(|| database.strip_prefix("sqlite:"));
        let path = path.unwrap_or(database);
        let path = path.split('?').next().unwrap_or(path);
        format!("sqlite://{path}?mode=rwc")
    }
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database.
    ///
    /// # Errors
    /// [`IndexError::Database`] if it cannot be opened or migrated.
    pub async fn open(database: &str) -> Result<Self, IndexError> {
        sqlx::any::install_default_drivers();
        let url = database_url(database);
        let postgres = url.starts_with("postgres");
        let shown = if postgres { "the PostgreSQL database" } else { url.as_str() };
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .connect(&url)
            .await
            .map_err(|error| IndexError::Database(format!("cannot open {shown}: {error}")))?;
        if !postgres {
            // Readers (the API) never block the writer.
            sqlx::query("PRAGMA journal_mode=WAL").fetch_all(&pool).await?;
        }
        schema::migrate(&pool).await?;
        Ok(Self { pool, postgres })
    }

    /// The pool, for queries.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether it is PostgreSQL (else SQLite).
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// Records the chain and the deployment on a new database; on a used one,
    /// checks they are the same.
    ///
    /// # Errors
    /// [`IndexError::Foreign`] (a sentence naming what differs) if the
    /// database indexes another chain or another deployment.
    pub async fn claim(
        &self,
        genesis: &[u8; 32],
        deployment: &Deployment,
    ) -> Result<(), IndexError> {
        let expected = [
            ("genesis", hex32(genesis), "chain (genesis hash)"),
            ("registry", ss58(&deployment.registry), "registry"),
            ("market", ss58(&deployment.market), "market"),
            ("gateway", ss58(&deployment.gateway), "gateway"),
        ];
        let mut tx = self.pool.begin().await?;
        for (key, value, what) in &expected {
            let stored: Option<String> =
                sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                    .bind(*key)
                    .fetch_optional(&mut *tx)
                    .await?;
            match stored {
                Some(stored) if stored != *value => {
                    return Err(IndexError::Foreign(format!(
                        "this database indexes another {what}: {stored}, not {value}; give another --database (or delete this one) to index this deployment"
                    )));
                }
                Some(_) => {}
                None => {
                    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)")
                        .bind(*key)
                        .bind(value.clone())
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The last block written, if any.
    ///
    /// # Errors
    /// [`IndexError::Database`].
    pub async fn cursor(&self) -> Result<Option<u64>, IndexError> {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'indexed_block'")
                .fetch_optional(&self.pool)
                .await?;
        stored
            .map(|text| {
                text.parse().map_err(|_| {
                    IndexError::Database(format!(
                        "the stored cursor {text:?} is not a block number"
                    ))
                })
            })
            .transpose()
    }

    /// The hash recorded for block `number`, if it was indexed.
    ///
    /// # Errors
    /// [`IndexError::Database`].
    pub async fn block_hash(&self, number: u64) -> Result<Option<String>, IndexError> {
        Ok(sqlx::query_scalar("SELECT hash FROM blocks WHERE number = $1")
            .bind(int(number)?)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Writes `block` and moves the cursor to it, in one transaction: either
    /// both happen or neither.
    ///
    /// # Errors
    /// [`IndexError::Input`] if `block` does not follow the cursor (a gap or
    /// a duplicate), [`IndexError::Database`] if a write fails (nothing of
    /// the block is kept).
    pub async fn write_block(&self, block: &Block) -> Result<(), IndexError> {
        let mut tx = self.pool.begin().await?;
        let stored: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'indexed_block'")
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(last) = stored.as_deref().and_then(|text| text.parse::<u64>().ok()) {
            if last.checked_add(1) != Some(block.number) {
                return Err(IndexError::Input(format!(
                    "block {} does not follow the last indexed block {last}",
                    block.number
                )));
            }
        }
        let number = int(block.number)?;
        let at = int(block.at)?;
        sqlx::query("INSERT INTO blocks (number, hash, at, events) VALUES ($1, $2, $3, $4)")
            .bind(number)
            .bind(hex32(&block.hash))
            .bind(at)
            .bind(i64::try_from(block.events.len()).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await?;
        for (idx, source, event) in &block.events {
            let key = Key { block: number, idx: i64::from(*idx), at };
            sqlx::query(
                "INSERT INTO events (block, idx, contract, name, detail) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(key.block)
            .bind(key.idx)
            .bind(source.name())
            .bind(event.name())
            .bind(format!("{event:?}"))
            .execute(&mut *tx)
            .await?;
            if event.is_admin() {
                sqlx::query(
                    "INSERT INTO admin_actions (block, idx, contract, action, detail, at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(key.block)
                .bind(key.idx)
                .bind(source.name())
                .bind(admin_action(*source, event.name()))
                .bind(format!("{event:?}"))
                .bind(key.at)
                .execute(&mut *tx)
                .await?;
            }
            apply_registry(&mut tx, key, event).await?;
            apply_market(&mut tx, key, event).await?;
        }
        let cursor = if stored.is_some() {
            "UPDATE meta SET value = $1 WHERE key = 'indexed_block'"
        } else {
            "INSERT INTO meta (key, value) VALUES ('indexed_block', $1)"
        };
        sqlx::query(cursor).bind(block.number.to_string()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Row counts and a sha256 of every table's rows in key order: equal
    /// digests, equal indexes (whatever the database).
    ///
    /// # Errors
    /// [`IndexError::Database`].
    pub async fn digest(&self) -> Result<serde_json::Value, IndexError> {
        use sha2::{Digest, Sha256};
        let mut tables = serde_json::Map::new();
        for (table, order) in schema::TABLES {
            let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY {order}"))
                .fetch_all(&self.pool)
                .await?;
            let mut hasher = Sha256::new();
            for row in &rows {
                for column in 0..row.len() {
                    let cell = match row.try_get::<Option<i64>, _>(column) {
                        Ok(number) => number.map(|number| number.to_string()),
                        Err(_) => row.try_get::<Option<String>, _>(column)?,
                    };
                    hasher.update(cell.as_deref().unwrap_or("\u{0}NULL").as_bytes());
                    hasher.update([0x1f]);
                }
                hasher.update([0x1e]);
            }
            tables.insert(
                (*table).to_owned(),
                serde_json::json!({ "rows": rows.len(), "sha256": hex::encode(hasher.finalize()) }),
            );
        }
        Ok(serde_json::Value::Object(tables))
    }
}

/// Where an event's rows are keyed: its block, its index there, and the
/// block's time.
#[derive(Clone, Copy)]
struct Key {
    block: i64,
    idx: i64,
    at: i64,
}

fn admin_action(source: Source, name: &str) -> String {
    let prefix = match source {
        Source::Registry => "Registry",
        Source::Market => "Market",
        Source::Gateway => "Gateway",
    };
    name.strip_prefix(prefix).unwrap_or(name).to_owned()
}

/// The lower-case name of a unit enum variant (`Active` -> `active`).
fn lower<T: std::fmt::Debug>(value: &T) -> String {
    let mut text = String::new();
    for (i, c) in format!("{value:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            text.push('_');
        }
        text.push(c.to_ascii_lowercase());
    }
    text
}

/// An amount as 39 decimal digits: as text, ordered as the number.
pub fn price_key(amount: u128) -> String {
    format!("{amount:039}")
}

/// The names of the uses, as the tables and the API spell them.
pub fn use_names() -> Vec<String> {
    Use::ALL.iter().map(lower).collect()
}

/// A use set's names, comma-separated (`research,training`).
pub fn uses(set: modelmint_common::licensing::UseSet) -> String {
    Use::ALL.iter().filter(|use_| set.contains(**use_)).map(lower).collect::<Vec<_>>().join(",")
}

type Tx<'a> = Transaction<'a, Any>;

async fn exec(tx: &mut Tx<'_>, sql: &str, args: Vec<Arg>) -> Result<(), IndexError> {
    let mut query = sqlx::query(sql);
    for arg in args {
        query = match arg {
            Arg::Int(value) => query.bind(value),
            Arg::Text(value) => query.bind(value),
        };
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// A bound value: a number (or NULL) or a text (or NULL).
enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

fn n(value: impl Into<i64>) -> Arg {
    Arg::Int(Some(value.into()))
}

fn n64(value: u64) -> Result<Arg, IndexError> {
    Ok(Arg::Int(Some(int(value)?)))
}

fn t(value: impl Into<String>) -> Arg {
    Arg::Text(Some(value.into()))
}

async fn apply_registry(tx: &mut Tx<'_>, key: Key, event: &Event) -> Result<(), IndexError> {
    match event {
        Event::ModelRegistered(e) => {
            exec(
                tx,
                "INSERT INTO models (id, kind, root, owner, name, version, uri, previous_version, \
                 status, frozen, epoch, registered_block, registered_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', 0, 0, $9, $10)",
                vec![
                    n64(e.model)?,
                    t(lower(&e.kind)),
                    t(hex32(&e.hash)),
                    t(ss58(&e.owner)),
                    t(e.name.clone()),
                    t(e.version.clone()),
                    t(e.uri.clone()),
                    Arg::Int(e.previous_version.map(int).transpose()?),
                    n(key.block),
                    n(key.at),
                ],
            )
            .await?;
            set_lineage(tx, e.model, &e.parents).await?;
        }
        Event::LineageSet(e) => {
            exec(tx, "DELETE FROM lineage WHERE child = $1", vec![n64(e.model)?]).await?;
            set_lineage(tx, e.model, &e.parents).await?;
        }
        Event::Transfer(e) => {
            if let (Some(_), Some(to), Id::U64(model)) = (e.from, e.to, &e.id) {
                // A new owner epoch: the registry counts every change of hands.
                exec(
                    tx,
                    "UPDATE models SET owner = $1, epoch = epoch + 1 WHERE id = $2",
                    vec![t(ss58(&to)), n64(*model)?],
                )
                .await?;
            }
        }
        Event::MetadataUpdated(e) => {
            let sql = "UPDATE models SET uri = $1 WHERE id = $2";
            exec(tx, sql, vec![t(e.uri.clone()), n64(e.model)?]).await?;
        }
        Event::MetadataFrozen(e) => {
            exec(tx, "UPDATE models SET frozen = 1 WHERE id = $1", vec![n64(e.model)?]).await?;
        }
        Event::StatusChanged(e) => {
            let sql = "UPDATE models SET status = $1 WHERE id = $2";
            exec(tx, sql, vec![t(lower(&e.status)), n64(e.model)?]).await?;
        }
        Event::DisputeRaised(e) => {
            exec(
                tx,
                "INSERT INTO disputes (id, model, claimant, evidence_hash, evidence_uri, ruling, \
                 cleared, raised_block, resolved_block) VALUES ($1, $2, $3, $4, $5, NULL, 0, $6, NULL)",
                vec![
                    n64(e.dispute)?,
                    n64(e.model)?,
                    t(ss58(&e.claimant)),
                    t(hex32(&e.evidence_hash)),
                    t(e.evidence_uri.clone()),
                    n(key.block),
                ],
            )
            .await?;
        }
        Event::DisputeResolved(e) => {
            exec(
                tx,
                "UPDATE disputes SET ruling = $1, resolved_block = $2 WHERE id = $3",
                vec![t(format!("{:?}", e.ruling)), n(key.block), n64(e.dispute)?],
            )
            .await?;
            if let modelmint_registry::types::Ruling::Uphold { void_from: Some(from), .. } =
                e.ruling
            {
                // Every license sold in the owner epochs from `from` on is void.
                exec(
                    tx,
                    "UPDATE licenses SET voided = 1 WHERE model = $1 AND epoch >= $2",
                    vec![n64(e.model)?, n(from)],
                )
                .await?;
            }
        }
        Event::DisputeCleared(e) => {
            exec(tx, "UPDATE disputes SET cleared = 1 WHERE id = $1", vec![n64(e.dispute)?])
                .await?;
        }
        _ => {}
    }
    Ok(())
}

async fn set_lineage(
    tx: &mut Tx<'_>,
    child: u64,
    parents: &[modelmint_common::ParentLink],
) -> Result<(), IndexError> {
    for parent in parents {
        exec(
            tx,
            "INSERT INTO lineage (child, parent, relation, royalty_bps) VALUES ($1, $2, $3, $4)",
            vec![
                n64(child)?,
                n64(parent.model)?,
                t(lower(&parent.relation)),
                n(parent.royalty_bps),
            ],
        )
        .await?;
    }
    Ok(())
}

async fn cuts(
    tx: &mut Tx<'_>,
    key: Key,
    model: u64,
    upstream: &[modelmint_market_core::UpstreamCut],
) -> Result<(), IndexError> {
    for cut in upstream {
        exec(
            tx,
            "INSERT INTO upstream_cuts (block, idx, model, ancestor, amount) VALUES ($1, $2, $3, $4, $5)",
            vec![n(key.block), n(key.idx), n64(model)?, n64(cut.ancestor)?, t(cut.amount.to_string())],
        )
        .await?;
    }
    Ok(())
}

async fn apply_market(tx: &mut Tx<'_>, key: Key, event: &Event) -> Result<(), IndexError> {
    match event {
        Event::OfferCreated(e) => {
            let terms = &e.terms;
            let duration = match terms.duration {
                LicenseDuration::Perpetual => None,
                LicenseDuration::Period(ms) => Some(int(ms)?),
            };
            exec(
                tx,
                "INSERT INTO offers (id, model, price, duration_ms, cap, uses, derivative_royalty_bps, \
                 transferable, legal_uri, legal_sha256, state, sold, created_block, price_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', 0, $11, $12)",
                vec![
                    n64(e.offer)?,
                    n64(e.model)?,
                    t(terms.price.to_string()),
                    Arg::Int(duration),
                    Arg::Int(terms.cap.map(i64::from)),
                    t(uses(terms.license.uses)),
                    Arg::Int(terms.license.derivative_royalty.map(i64::from)),
                    n(i64::from(terms.license.transferable)),
                    t(terms.legal.uri.clone()),
                    t(hex::encode(terms.legal.hash)),
                    n(key.block),
                    t(price_key(terms.price)),
                ],
            )
            .await?;
        }
        Event::OfferStateChanged(e) => {
            let sql = "UPDATE offers SET state = $1 WHERE id = $2";
            exec(tx, sql, vec![t(lower(&e.state)), n64(e.offer)?]).await?;
        }
        Event::LicenseSold(e) => {
            exec(
                tx,
                "INSERT INTO licenses (id, model, offer, holder, expires_at, epoch, voided, released, \
                 transfer_to, sold_block, sold_at) VALUES ($1, $2, $3, $4, $5, \
                 COALESCE((SELECT epoch FROM models WHERE id = $2), 0), 0, 0, NULL, $6, $7)",
                vec![
                    n64(e.license)?,
                    n64(e.model)?,
                    n64(e.offer)?,
                    t(ss58(&e.holder)),
                    Arg::Int(e.expires_at.map(int).transpose()?),
                    n(key.block),
                    n(key.at),
                ],
            )
            .await?;
            exec(
                tx,
                "INSERT INTO sales (block, idx, model, license, offer, holder, renewal, price, \
                 expires_at, at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)",
                vec![
                    n(key.block),
                    n(key.idx),
                    n64(e.model)?,
                    n64(e.license)?,
                    n64(e.offer)?,
                    t(ss58(&e.holder)),
                    t(e.price.to_string()),
                    Arg::Int(e.expires_at.map(int).transpose()?),
                    n(key.at),
                ],
            )
            .await?;
            exec(tx, "UPDATE offers SET sold = sold + 1 WHERE id = $1", vec![n64(e.offer)?])
                .await?;
            cuts(tx, key, e.model, &e.upstream).await?;
        }
        Event::LicenseRenewed(e) => {
            exec(
                tx,
                "INSERT INTO sales (block, idx, model, license, offer, holder, renewal, price, \
                 expires_at, at) SELECT $1, $2, $3, $4, offer, holder, 1, $5, $6, $7 \
                 FROM licenses WHERE id = $4",
                vec![
                    n(key.block),
                    n(key.idx),
                    n64(e.model)?,
                    n64(e.license)?,
                    t(e.price.to_string()),
                    n64(e.expires_at)?,
                    n(key.at),
                ],
            )
            .await?;
            let sql = "UPDATE licenses SET expires_at = $1 WHERE id = $2";
            exec(tx, sql, vec![n64(e.expires_at)?, n64(e.license)?]).await?;
            cuts(tx, key, e.model, &e.upstream).await?;
        }
        Event::Deposited(e) => {
            exec(
                tx,
                "INSERT INTO deposits (block, idx, model, payer, amount, at) VALUES ($1, $2, $3, $4, $5, $6)",
                vec![n(key.block), n(key.idx), n64(e.model)?, t(ss58(&e.payer)), t(e.amount.to_string()), n(key.at)],
            )
            .await?;
            cuts(tx, key, e.model, &e.upstream).await?;
        }
        _ => apply_rights(tx, key, event).await?,
    }
    Ok(())
}

async fn apply_rights(tx: &mut Tx<'_>, key: Key, event: &Event) -> Result<(), IndexError> {
    match event {
        Event::LicenseTransferOffered(e) => {
            let sql = "UPDATE licenses SET transfer_to = $1 WHERE id = $2";
            exec(tx, sql, vec![Arg::Text(e.to.as_ref().map(ss58)), n64(e.license)?]).await?;
        }
        Event::LicenseTransferred(e) => {
            let sql = "UPDATE licenses SET holder = $1, transfer_to = NULL WHERE id = $2";
            exec(tx, sql, vec![t(ss58(&e.to)), n64(e.license)?]).await?;
        }
        Event::LicenseReleased(e) => {
            exec(tx, "UPDATE licenses SET released = 1 WHERE id = $1", vec![n64(e.license)?])
                .await?;
        }
        Event::SplitSet(e) => {
            exec(tx, "DELETE FROM split_members WHERE model = $1", vec![n64(e.model)?]).await?;
            for recipient in &e.recipients {
                exec(
                    tx,
                    "INSERT INTO split_members (model, account, share) VALUES ($1, $2, $3)",
                    vec![n64(e.model)?, t(ss58(&recipient.account)), n(recipient.share)],
                )
                .await?;
            }
        }
        Event::SplitCleared(e) => {
            exec(tx, "DELETE FROM split_members WHERE model = $1", vec![n64(e.model)?]).await?;
        }
        Event::SplitAccepted(e) => {
            exec(
                tx,
                "INSERT INTO split_acceptances (model, account) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                vec![n64(e.model)?, t(ss58(&e.account))],
            )
            .await?;
        }
        Event::SplitLeft(e) => {
            exec(
                tx,
                "DELETE FROM split_acceptances WHERE model = $1 AND account = $2",
                vec![n64(e.model)?, t(ss58(&e.account))],
            )
            .await?;
        }
        Event::Distributed(e) => {
            exec(
                tx,
                "INSERT INTO distributions (block, idx, model, amount, at) VALUES ($1, $2, $3, $4, $5)",
                vec![n(key.block), n(key.idx), n64(e.model)?, t(e.amount.to_string()), n(key.at)],
            )
            .await?;
        }
        Event::Withdrawn(e) => {
            exec(
                tx,
                "INSERT INTO withdrawals (block, idx, account, amount, at) VALUES ($1, $2, $3, $4, $5)",
                vec![n(key.block), n(key.idx), t(ss58(&e.account)), t(e.amount.to_string()), n(key.at)],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use modelmint_common::licensing::UseSet;

    #[test]
    fn price_keys_order_as_the_amounts_do() {
        let amounts = [0, 9, 10, 4_999_999_999_999, 5_000_000_000_000, u128::MAX];
        let keys: Vec<String> = amounts.iter().map(|amount| price_key(*amount)).collect();
        assert!(keys.iter().all(|key| key.len() == 39), "{keys:?}");
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "{keys:?}");
        assert_eq!(keys[5], u128::MAX.to_string());
    }

    #[test]
    fn names_are_lower_case_with_underscores() {
        assert_eq!(
            uses(UseSet::of(&[Use::Training, Use::CommercialInference])),
            "commercial_inference,training"
        );
        assert_eq!(lower(&modelmint_common::Relation::TrainedOn), "trained_on");
        assert_eq!(use_names().len(), Use::ALL.len());
    }

    #[test]
    fn a_database_argument_is_a_postgres_url_or_a_sqlite_file() {
        assert_eq!(database_url("postgres://u@h:5432/d"), "postgres://u@h:5432/d");
        assert_eq!(database_url("/tmp/index.sqlite"), "sqlite:///tmp/index.sqlite?mode=rwc");
        assert_eq!(database_url("sqlite://index.db?mode=ro"), "sqlite://index.db?mode=rwc");
        assert_eq!(database_url("index.db"), "sqlite://index.db?mode=rwc");
    }
}
