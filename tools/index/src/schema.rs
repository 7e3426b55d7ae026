//! The index's one schema, for SQLite and PostgreSQL alike, in versioned
//! migrations. Only portable SQL: `BIGINT` numbers (flags are 0/1), `TEXT`
//! everything else. Amounts are decimal `TEXT` (a `u128` fits neither
//! database's integers) and are summed with checked `u128` arithmetic.
//! Accounts are SS58, hashes `0x` + hex. An offer's price is also kept as a
//! fixed-width key (`price_key`, 39 digits: the most a `u128` has), so that SQL
//! compares prices as numbers. Rows of an event are keyed by the
//! block and the event's index in it, so a block written twice would collide
//! instead of duplicating.

use crate::IndexError;
use sqlx::{AnyPool, Executor};

/// The migrations, in order: version, what it does, and its statements.
pub const MIGRATIONS: &[(i64, &str, &[&str])] = &[(
    1,
    "the tables of the first ModelMint index",
    &[
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE blocks (number BIGINT PRIMARY KEY, hash TEXT NOT NULL, at BIGINT NOT NULL, \
         events BIGINT NOT NULL)",
        "CREATE TABLE events (block BIGINT NOT NULL, idx BIGINT NOT NULL, contract TEXT NOT NULL, \
         name TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (block, idx))",
        "CREATE TABLE models (id BIGINT PRIMARY KEY, kind TEXT NOT NULL, root TEXT NOT NULL, \
         owner TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, uri TEXT NOT NULL, \
         previous_version BIGINT, status TEXT NOT NULL, frozen BIGINT NOT NULL, \
         epoch BIGINT NOT NULL, registered_block BIGINT NOT NULL, registered_at BIGINT NOT NULL)",
        "CREATE INDEX models_owner ON models (owner)",
        "CREATE INDEX models_root ON models (root)",
        "CREATE TABLE lineage (child BIGINT NOT NULL, parent BIGINT NOT NULL, \
         relation TEXT NOT NULL, royalty_bps BIGINT NOT NULL, PRIMARY KEY (child, parent))",
        "CREATE INDEX lineage_parent ON lineage (parent)",
        "CREATE TABLE offers (id BIGINT PRIMARY KEY, model BIGINT NOT NULL, price TEXT NOT NULL, \
         duration_ms BIGINT, cap BIGINT, uses TEXT NOT NULL, derivative_royalty_bps BIGINT, \
         transferable BIGINT NOT NULL, legal_uri TEXT NOT NULL, legal_sha256 TEXT NOT NULL, \
         state TEXT NOT NULL, sold BIGINT NOT NULL, created_block BIGINT NOT NULL, \
         price_key TEXT NOT NULL)",
        "CREATE INDEX offers_model ON offers (model)",
        "CREATE TABLE licenses (id BIGINT PRIMARY KEY, model BIGINT NOT NULL, offer BIGINT NOT NULL, \
         holder TEXT NOT NULL, expires_at BIGINT, epoch BIGINT NOT NULL, voided BIGINT NOT NULL, \
         released BIGINT NOT NULL, transfer_to TEXT, sold_block BIGINT NOT NULL, \
         sold_at BIGINT NOT NULL)",
        "CREATE INDEX licenses_holder ON licenses (holder)",
        "CREATE INDEX licenses_model ON licenses (model)",
        "CREATE TABLE sales (block BIGINT NOT NULL, idx BIGINT NOT NULL, model BIGINT NOT NULL, \
         license BIGINT NOT NULL, offer BIGINT, holder TEXT, renewal BIGINT NOT NULL, \
         price TEXT NOT NULL, expires_at BIGINT, at BIGINT NOT NULL, PRIMARY KEY (block, idx))",
        "CREATE INDEX sales_model ON sales (model)",
        "CREATE TABLE deposits (block BIGINT NOT NULL, idx BIGINT NOT NULL, model BIGINT NOT NULL, \
         payer TEXT NOT NULL, amount TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (block, idx))",
        "CREATE INDEX deposits_model ON deposits (model)",
        "CREATE TABLE upstream_cuts (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
         model BIGINT NOT NULL, ancestor BIGINT NOT NULL, amount TEXT NOT NULL, \
         PRIMARY KEY (block, idx, ancestor))",
        "CREATE TABLE split_members (model BIGINT NOT NULL, account TEXT NOT NULL, \
         share BIGINT NOT NULL, PRIMARY KEY (model, account))",
        "CREATE TABLE split_acceptances (model BIGINT NOT NULL, account TEXT NOT NULL, \
         PRIMARY KEY (model, account))",
        "CREATE TABLE distributions (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
         model BIGINT NOT NULL, amount TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (block, idx))",
        "CREATE TABLE withdrawals (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
         account TEXT NOT NULL, amount TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (block, idx))",
        "CREATE INDEX withdrawals_account ON withdrawals (account)",
        "CREATE TABLE disputes (id BIGINT PRIMARY KEY, model BIGINT NOT NULL, \
         claimant TEXT NOT NULL, evidence_hash TEXT NOT NULL, evidence_uri TEXT NOT NULL, \
         ruling TEXT, cleared BIGINT NOT NULL, raised_block BIGINT NOT NULL, resolved_block BIGINT)",
        "CREATE TABLE admin_actions (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
         contract TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, at BIGINT NOT NULL, \
         PRIMARY KEY (block, idx))",
    ],
)];

/// The tables whose rows the index writes, in the order a digest reads them,
/// each with the columns that order its rows.
pub const TABLES: &[(&str, &str)] = &[
    ("blocks", "number"),
    ("events", "block, idx"),
    ("models", "id"),
    ("lineage", "child, parent"),
    ("offers", "id"),
    ("licenses", "id"),
    ("sales", "block, idx"),
    ("deposits", "block, idx"),
    ("upstream_cuts", "block, idx, ancestor"),
    ("split_members", "model, account"),
    ("split_acceptances", "model, account"),
    ("distributions", "block, idx"),
    ("withdrawals", "block, idx"),
    ("disputes", "id"),
    ("admin_actions", "block, idx"),
];

/// Brings the schema up to the newest migration, each migration in one
/// transaction with its entry in `schema_migrations`. Returns the version.
///
/// # Errors
/// [`IndexError::Database`] if a statement fails, or
/// [`IndexError::Foreign`] if the database was migrated by a newer indexer.
pub async fn migrate(pool: &AnyPool) -> Result<i64, IndexError> {
    pool.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
         description TEXT NOT NULL)",
    )
    .await?;
    let current: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations").fetch_one(pool).await?;
    let current = current.unwrap_or(0);
    let newest = MIGRATIONS.last().map_or(0, |(version, _, _)| *version);
    if current > newest {
        return Err(IndexError::Foreign(format!(
            "the database has schema version {current}, newer than the {newest} this indexer knows: use a newer modelmint"
        )));
    }
    for (version, description, statements) in MIGRATIONS.iter().filter(|(v, _, _)| *v > current) {
        let mut tx = pool.begin().await?;
        for statement in *statements {
            tx.execute(*statement).await.map_err(|error| {
                IndexError::Database(format!("migration {version} ({description}): {error}"))
            })?;
        }
        sqlx::query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)")
            .bind(*version)
            .bind(*description)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(newest)
}
