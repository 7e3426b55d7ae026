//! The storage layer and the read API on SQLite (a temporary file) and on
//! PostgreSQL (a throwaway server started by the test): one scenario of
//! ModelMint events written block by block, then the same API requests
//! answered identically by both; plus the cursor's guarantees (no gap, no
//! duplicate, a failed block leaves nothing) and the refusal of a foreign
//! database.

mod postgres;

use ink::primitives::AccountId;
use modelmint_common::licensing::{LegalText, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::psp34::{Id, Transfer};
use modelmint_common::royalties::Recipient;
use modelmint_common::{AssetKind, ModelStatus, ParentLink, Relation};
use modelmint_index::api::{parse_query, Api};
use modelmint_index::chain::Progress;
use modelmint_index::events::{Event, Source};
use modelmint_index::store::{Block, Store};
use modelmint_index::{ss58, Deployment, IndexError};
use modelmint_market_core::events as market;
use modelmint_market_core::{OfferState, OfferTerms, UpstreamCut};
use modelmint_registry::events as registry;
use modelmint_registry::types::Ruling;
use serde_json::{json, Value};
use std::sync::Arc;

const UNIT: u128 = 1_000_000_000_000;
const DAY_MS: u64 = 86_400_000;
/// 2026-01-01T00:00:00Z.
const START_MS: u64 = 1_767_225_600_000;

fn account(byte: u8) -> AccountId {
    AccountId::from([byte; 32])
}

const ALICE: u8 = 1;
const BOB: u8 = 2;
const CHARLIE: u8 = 3;
const DAVE: u8 = 4;
const EVE: u8 = 5;
const FRANK: u8 = 6;

fn deployment() -> Deployment {
    Deployment { registry: account(0xa1), market: account(0xa2), gateway: account(0xa3) }
}

fn registered(
    model: u64,
    kind: AssetKind,
    owner: u8,
    name: &str,
    parents: Vec<ParentLink>,
) -> Event {
    Event::ModelRegistered(registry::ModelRegistered {
        model,
        hash: [u8::try_from(model).unwrap(); 32],
        kind,
        owner: account(owner),
        name: name.into(),
        version: "v1".into(),
        uri: format!("ipfs://{name}"),
        previous_version: None,
        parents,
    })
}

fn minted(model: u64, owner: u8) -> Event {
    Event::Transfer(Transfer { from: None, to: Some(account(owner)), id: Id::U64(model) })
}

fn moved(model: u64, from: u8, to: u8) -> Event {
    Event::Transfer(Transfer {
        from: Some(account(from)),
        to: Some(account(to)),
        id: Id::U64(model),
    })
}

fn offer(offer: u64, model: u64, uses: &[Use]) -> Event {
    Event::OfferCreated(market::OfferCreated {
        offer,
        model,
        terms: OfferTerms {
            price: 5 * UNIT,
            duration: LicenseDuration::Period(30 * DAY_MS),
            cap: None,
            license: LicenseTerms {
                uses: UseSet::of(uses),
                derivative_royalty: Some(500),
                transferable: true,
            },
            legal: LegalText { hash: [7; 32], uri: "ipfs://legal".into() },
        },
    })
}

fn sold(
    license: u64,
    offer: u64,
    model: u64,
    holder: u8,
    at: u64,
    upstream: Vec<UpstreamCut>,
) -> Event {
    Event::LicenseSold(market::LicenseSold {
        model,
        license,
        offer,
        holder: account(holder),
        price: 5 * UNIT,
        expires_at: Some(at + 30 * DAY_MS),
        upstream,
    })
}

/// Five blocks: a dataset, a model trained on it, offers, sales on two days,
/// a renewal, a deposit, a split, a withdrawal, a sale of the model, a
/// dispute whose ruling voids what the squatter sold, a deprecation, a pause.
fn scenario() -> Vec<Block> {
    let at = |day: u64| START_MS + day * DAY_MS;
    let cut = |amount: u128| vec![UpstreamCut { ancestor: 1, amount }];
    let trained_on = vec![ParentLink { model: 1, relation: Relation::TrainedOn, royalty_bps: 500 }];
    let events = vec![
        vec![
            (Source::Registry, minted(1, DAVE)),
            (Source::Registry, registered(1, AssetKind::Dataset, DAVE, "iso-codes_tables", vec![])),
        ],
        vec![
            (Source::Registry, minted(2, ALICE)),
            (Source::Registry, registered(2, AssetKind::Model, ALICE, "MiniLM", trained_on)),
            (Source::Market, offer(1, 2, &[Use::CommercialInference])),
            (Source::Market, offer(2, 1, &[Use::Research, Use::Training])),
        ],
        vec![
            (Source::Market, sold(1, 1, 2, BOB, at(1), cut(UNIT / 4))),
            (Source::Market, sold(2, 1, 2, CHARLIE, at(1), cut(UNIT / 4))),
        ],
        vec![
            (
                Source::Market,
                Event::LicenseRenewed(market::LicenseRenewed {
                    model: 2,
                    license: 1,
                    price: 5 * UNIT,
                    expires_at: at(61),
                    upstream: cut(UNIT / 4),
                }),
            ),
            (
                Source::Market,
                Event::Deposited(market::Deposited {
                    model: 2,
                    payer: account(EVE),
                    amount: UNIT,
                    upstream: cut(UNIT / 20),
                }),
            ),
            (
                Source::Market,
                Event::SplitSet(market::SplitSet {
                    model: 2,
                    recipients: vec![
                        Recipient { account: account(ALICE), share: 500_000 },
                        Recipient { account: account(DAVE), share: 500_000 },
                    ],
                }),
            ),
            (
                Source::Market,
                Event::SplitAccepted(market::SplitAccepted { model: 2, account: account(DAVE) }),
            ),
            (
                Source::Market,
                Event::Withdrawn(market::Withdrawn {
                    account: account(ALICE),
                    amount: 19 * UNIT / 4,
                }),
            ),
        ],
        vec![
            (Source::Registry, moved(2, ALICE, FRANK)),
            (Source::Market, sold(3, 1, 2, BOB, at(3), cut(UNIT / 4))),
            (
                Source::Registry,
                Event::DisputeRaised(registry::DisputeRaised {
                    dispute: 1,
                    model: 2,
                    claimant: account(ALICE),
                    evidence_hash: [9; 32],
                    evidence_uri: "ipfs://evidence".into(),
                }),
            ),
            (Source::Registry, moved(2, FRANK, ALICE)),
            (
                Source::Registry,
                Event::DisputeResolved(registry::DisputeResolved {
                    dispute: 1,
                    model: 2,
                    ruling: Ruling::Uphold { reassign: true, void_from: Some(1) },
                }),
            ),
            (
                Source::Registry,
                Event::StatusChanged(registry::StatusChanged {
                    model: 1,
                    status: ModelStatus::Deprecated,
                }),
            ),
            (
                Source::Market,
                Event::OfferStateChanged(market::OfferStateChanged {
                    offer: 2,
                    state: OfferState::Paused,
                }),
            ),
            (
                Source::Market,
                Event::MarketPauseChanged(modelmint_common::admin::events::PauseChanged {
                    paused: true,
                }),
            ),
        ],
    ];
    let days = [0, 0, 1, 2, 3];
    events
        .into_iter()
        .zip(days)
        .enumerate()
        .map(|(i, (events, day))| {
            let number = u64::try_from(i).unwrap() + 1;
            Block {
                number,
                hash: [u8::try_from(number).unwrap(); 32],
                at: at(day),
                events: events
                    .into_iter()
                    .enumerate()
                    .map(|(idx, (source, event))| (u32::try_from(idx).unwrap() + 1, source, event))
                    .collect(),
            }
        })
        .collect()
}

const GENESIS: [u8; 32] = [0x66; 32];

async fn indexed(database: &str) -> Store {
    let store = Store::open(database).await.unwrap();
    store.claim(&GENESIS, &deployment()).await.unwrap();
    // The scenario starts at block 1: block 0 has no ModelMint event.
    store.write_block(&Block { number: 0, hash: [0; 32], at: 0, events: vec![] }).await.unwrap();
    for block in scenario() {
        store.write_block(&block).await.unwrap();
    }
    store
}

/// The requests both databases must answer alike.
fn requests() -> Vec<String> {
    let (alice, bob, dave) = (ss58(&account(ALICE)), ss58(&account(BOB)), ss58(&account(DAVE)));
    let root2 = format!("0x{}", "02".repeat(32));
    vec![
        "/models".into(),
        "/models?limit=1".into(),
        "/models?limit=1&after=1".into(),
        "/models?name=minilm".into(),
        "/models?name=iso-codes%5F".into(),
        "/models?name=%25".into(),
        "/models?kind=dataset".into(),
        "/models?status=deprecated".into(),
        format!("/models?owner={alice}"),
        format!("/models?root={}", root2.to_uppercase().replace("0X", "0x")),
        "/models?uses=commercial_inference".into(),
        "/models?uses=research,training".into(),
        "/models?uses=training&max_price=4999999999999".into(),
        "/models?min_price=5000000000000&max_price=5000000000000".into(),
        "/models?min_price=5000000000001".into(),
        "/models/2".into(),
        "/models/1/lineage".into(),
        "/models/2/lineage".into(),
        "/models/2/offers".into(),
        "/models/1/offers".into(),
        "/models/2/sales".into(),
        "/models/2/revenue".into(),
        "/models/2/split".into(),
        format!("/accounts/{bob}/licenses"),
        format!("/accounts/{alice}/payouts"),
        format!("/accounts/{dave}/splits"),
        "/digest".into(),
    ]
}

async fn answers(store: &Store) -> Vec<(String, Value)> {
    let api = Api::new(store.clone(), Arc::new(Progress::default()));
    let mut out = Vec::new();
    for request in requests() {
        let (path, query) = request.split_once('?').unwrap_or((&request, ""));
        let answer = api.route(path, &parse_query(query)).await.unwrap().unwrap();
        out.push((request.clone(), answer));
    }
    out
}

fn answer<'a>(answers: &'a [(String, Value)], request: &str) -> &'a Value {
    &answers.iter().find(|(r, _)| r == request).unwrap().1
}

fn ids(page: &Value) -> Vec<i64> {
    page["models"].as_array().unwrap().iter().map(|model| model["id"].as_i64().unwrap()).collect()
}

fn check_figures(answers: &[(String, Value)]) {
    let (alice, bob) = (ss58(&account(ALICE)), ss58(&account(BOB)));
    assert_eq!(ids(answer(answers, "/models")), [1, 2]);
    let first = answer(answers, "/models?limit=1");
    assert_eq!((ids(first), first["next"].clone()), (vec![1], json!(1)));
    let second = answer(answers, "/models?limit=1&after=1");
    assert_eq!((ids(second), second["next"].clone()), (vec![2], Value::Null));
    assert_eq!(ids(answer(answers, "/models?name=minilm")), [2]);
    assert_eq!(
        ids(answer(answers, "/models?name=iso-codes%5F")),
        [1],
        "an underscore matches itself"
    );
    assert_eq!(
        ids(answer(answers, "/models?name=%25")),
        Vec::<i64>::new(),
        "a percent sign matches itself"
    );
    assert_eq!(ids(answer(answers, "/models?kind=dataset")), [1]);
    assert_eq!(ids(answer(answers, "/models?status=deprecated")), [1]);
    assert_eq!(ids(answer(answers, &format!("/models?owner={alice}"))), [2]);
    assert_eq!(ids(answer(answers, "/models?uses=commercial_inference")), [2]);
    assert_eq!(
        ids(answer(answers, "/models?uses=research,training")),
        Vec::<i64>::new(),
        "the dataset's offer is paused"
    );
    assert_eq!(
        ids(answer(answers, "/models?uses=training&max_price=4999999999999")),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(answer(answers, "/models?min_price=5000000000000&max_price=5000000000000")),
        [2]
    );
    assert_eq!(ids(answer(answers, "/models?min_price=5000000000001")), Vec::<i64>::new());
    let model = answer(answers, "/models/2");
    assert_eq!(
        (model["owner"].as_str(), model["epoch"].as_i64(), model["kind"].as_str()),
        (Some(alice.as_str()), Some(2), Some("model"))
    );
    assert_eq!(
        answer(answers, "/models/1/lineage")["children"],
        json!([{ "child": 2, "parent": 1, "relation": "trained_on", "royalty_bps": 500 }])
    );
    let offers = answer(answers, "/models/2/offers");
    assert_eq!(
        (offers[0]["sold"].as_i64(), offers[0]["uses"].as_str(), offers[0]["price"].as_str()),
        (Some(3), Some("commercial_inference"), Some("5000000000000"))
    );
    assert_eq!(answer(answers, "/models/1/offers")[0]["state"], "paused");
    let sales = answer(answers, "/models/2/sales");
    assert_eq!(sales["sales"].as_array().unwrap().len(), 4);
    assert_eq!(sales["sales"][2]["renewal"], true);
    assert_eq!(sales["sales"][2]["holder"], bob.as_str(), "a renewal is the holder's");
    assert_eq!(sales["revenue"], (21 * UNIT).to_string(), "four sales at 5 and a deposit of 1");
    let revenue = answer(answers, "/models/2/revenue");
    assert_eq!(
        revenue["days"],
        json!([
            { "day": "2026-01-02", "sales": 2, "sales_amount": (10 * UNIT).to_string(), "deposits_amount": "0", "total": (10 * UNIT).to_string() },
            { "day": "2026-01-03", "sales": 1, "sales_amount": (5 * UNIT).to_string(), "deposits_amount": UNIT.to_string(), "total": (6 * UNIT).to_string() },
            { "day": "2026-01-04", "sales": 1, "sales_amount": (5 * UNIT).to_string(), "deposits_amount": "0", "total": (5 * UNIT).to_string() },
        ])
    );
    let split = answer(answers, "/models/2/split");
    assert_eq!(
        split
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["accepted"].as_bool().unwrap())
            .collect::<Vec<_>>()
            .len(),
        2
    );
    let licenses = answer(answers, &format!("/accounts/{bob}/licenses"));
    let licenses: Vec<(i64, bool, i64)> = licenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_i64().unwrap(),
                l["voided"].as_bool().unwrap(),
                l["epoch"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        licenses,
        [(1, false, 0), (3, true, 1)],
        "the squatter's sale is void, the first owner's is not"
    );
    let payouts = answer(answers, &format!("/accounts/{alice}/payouts"));
    assert_eq!(payouts["total"], (19 * UNIT / 4).to_string());
    let splits = answer(answers, &format!("/accounts/{}/splits", ss58(&account(DAVE))));
    assert_eq!(
        splits,
        &json!([{ "model": 2, "account": ss58(&account(DAVE)), "share": 500_000, "accepted": true }])
    );
    let digest = answer(answers, "/digest");
    assert_eq!(
        (
            digest["blocks"]["rows"].as_u64(),
            digest["events"]["rows"].as_u64(),
            digest["admin_actions"]["rows"].as_u64()
        ),
        (Some(6), Some(21), Some(1))
    );
}

#[tokio::test]
async fn sqlite_and_postgres_give_identical_answers_to_the_same_requests() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = indexed(&dir.path().join("index.sqlite").to_string_lossy()).await;
    let server = postgres::Postgres::start();
    let postgres = indexed(&server.url).await;
    assert!(postgres.is_postgres() && !sqlite.is_postgres());
    let (from_sqlite, from_postgres) = (answers(&sqlite).await, answers(&postgres).await);
    check_figures(&from_sqlite);
    for ((request, a), (_, b)) in from_sqlite.iter().zip(&from_postgres) {
        assert_eq!(a, b, "SQLite and PostgreSQL differ on {request}");
    }
    postgres.pool().close().await;
}

#[tokio::test]
async fn a_restart_resumes_after_the_cursor_and_refuses_gaps_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.sqlite").to_string_lossy().into_owned();
    let before = indexed(&path).await.digest().await.unwrap();
    // Reopened, as after a crash: the cursor is the last block written.
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.cursor().await.unwrap(), Some(5));
    assert_eq!(store.block_hash(5).await.unwrap(), Some(format!("0x{}", "05".repeat(32))));
    assert_eq!(store.block_hash(6).await.unwrap(), None);
    let again = scenario().pop().unwrap();
    let refused = store.write_block(&again).await.unwrap_err();
    assert_eq!(refused.to_string(), "block 5 does not follow the last indexed block 5");
    let gap = Block { number: 7, hash: [7; 32], at: START_MS, events: vec![] };
    assert_eq!(
        store.write_block(&gap).await.unwrap_err().to_string(),
        "block 7 does not follow the last indexed block 5"
    );
    // A block that fails halfway (model 1 registered twice) leaves nothing.
    let failing = Block {
        number: 6,
        hash: [6; 32],
        at: START_MS,
        events: vec![
            (
                1,
                Source::Market,
                Event::Withdrawn(market::Withdrawn { account: account(BOB), amount: 1 }),
            ),
            (2, Source::Registry, registered(1, AssetKind::Model, BOB, "again", vec![])),
        ],
    };
    assert!(matches!(store.write_block(&failing).await, Err(IndexError::Database(_))));
    assert_eq!(store.cursor().await.unwrap(), Some(5));
    assert_eq!(store.digest().await.unwrap(), before, "a failed block changed the index");
    let empty = Block { number: 6, hash: [6; 32], at: START_MS, events: vec![] };
    store.write_block(&empty).await.unwrap();
    assert_eq!(store.cursor().await.unwrap(), Some(6));
}

#[tokio::test]
async fn a_database_of_another_chain_or_deployment_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.sqlite").to_string_lossy().into_owned();
    let store = indexed(&path).await;
    let refusal = store.claim(&[0x77; 32], &deployment()).await.unwrap_err();
    assert_eq!(
        refusal.to_string(),
        format!(
            "this database indexes another chain (genesis hash): 0x{}, not 0x{}; give another --database (or delete this one) to index this deployment",
            "66".repeat(32),
            "77".repeat(32)
        )
    );
    let other = Deployment { market: account(0xb2), ..deployment() };
    let refusal = store.claim(&GENESIS, &other).await.unwrap_err();
    assert!(matches!(refusal, IndexError::Foreign(_)));
    assert!(refusal.to_string().starts_with("this database indexes another market: "), "{refusal}");
    store.claim(&GENESIS, &deployment()).await.unwrap();
}

#[tokio::test]
async fn bad_api_parameters_are_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let store = indexed(&dir.path().join("index.sqlite").to_string_lossy()).await;
    let api = Api::new(store, Arc::new(Progress::default()));
    let refusal = |path: &'static str, query: &'static str| {
        let api = api.clone();
        async move { api.route(path, &parse_query(query)).await.unwrap_err().to_string() }
    };
    assert_eq!(
        refusal("/models", "status=gone").await,
        "status \"gone\" is none of active, deprecated, disputed"
    );
    assert_eq!(refusal("/models", "limit=many").await, "limit=\"many\" is not a number");
    assert_eq!(
        refusal("/models", "uses=inference").await,
        "use \"inference\" is none of research, commercial_inference, fine_tuning, redistribution, training"
    );
    assert_eq!(
        refusal("/models", "min_price=-1").await,
        "min_price=\"-1\" is not an amount in the smallest unit"
    );
    assert_eq!(refusal("/models/9", "").await, "the index knows no model 9");
    assert_eq!(
        refusal("/accounts/nobody/licenses", "").await,
        "\"nobody\" is not an SS58 account address"
    );
    assert_eq!(api.route("/nothing", &parse_query("")).await.unwrap(), None);
    let response = api.answer(&http::Method::GET, &"/models/9".parse().unwrap()).await;
    assert_eq!(response.status(), http::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_answer_allows_any_origin_and_preflights_are_answered() {
    use http::header::{
        ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
        ACCESS_CONTROL_MAX_AGE, ALLOW,
    };
    use http::{Method, StatusCode};
    let dir = tempfile::tempdir().unwrap();
    let store = indexed(&dir.path().join("index.sqlite").to_string_lossy()).await;
    let api = Api::new(store, Arc::new(Progress::default()));
    let ask = |method: Method, path: &'static str| {
        let api = api.clone();
        async move { api.answer(&method, &path.parse().unwrap()).await }
    };
    let header = |response: &http::Response<_>, name| {
        response.headers().get(name).map(|v: &http::HeaderValue| v.to_str().unwrap().to_owned())
    };
    // A found resource, a refusal and an unknown route: a web app reads each answer.
    for (path, status) in [
        ("/models?name=minilm", StatusCode::OK),
        ("/models/9", StatusCode::BAD_REQUEST),
        ("/nothing", StatusCode::NOT_FOUND),
    ] {
        let response = ask(Method::GET, path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(header(&response, ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(), Some("*"), "{path}");
    }
    let preflight = ask(Method::OPTIONS, "/models/2/revenue").await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&preflight, ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(), Some("*"));
    assert_eq!(header(&preflight, ACCESS_CONTROL_ALLOW_METHODS).as_deref(), Some("GET, OPTIONS"));
    assert_eq!(header(&preflight, ACCESS_CONTROL_ALLOW_HEADERS).as_deref(), Some("*"));
    assert_eq!(header(&preflight, ACCESS_CONTROL_MAX_AGE).as_deref(), Some("86400"));
    let refused = ask(Method::POST, "/models").await;
    assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&refused, ALLOW).as_deref(), Some("GET, OPTIONS"));
    assert_eq!(header(&refused, ACCESS_CONTROL_ALLOW_ORIGIN).as_deref(), Some("*"));
}
