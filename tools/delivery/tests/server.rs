//! The server and the client on loopback, with the chain replaced by a table
//! (the command line's session on a node, scripts/delivery-session.sh, asks
//! the market itself): downloads, refusals with their status and sentence,
//! the path-traversal and malformed-request table (the server keeps serving
//! after each), ranges, resuming, bytes changed under the server, limits.

use modelmint_delivery::client::{fetch, FetchError, FetchOptions, PARTIAL_DIR};
use modelmint_delivery::content::Content;
use modelmint_delivery::cors::Cors;
use modelmint_delivery::protocol::{wrapped, Challenge, SessionGrant, SignIn};
use modelmint_delivery::refusal::AccessLog;
use modelmint_delivery::server::{Served, Server, ServerConfig};
use modelmint_delivery::{Account, Grant, LicenseOracle, ModelId, OracleError};
use modelmint_hash::{hash_path, HashOptions};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use subxt_signer::sr25519::{dev, Keypair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MODEL: ModelId = 7;
const OTHER_MODEL: ModelId = 8;

/// The chain, as a table: (model, account) → grant; unlisted: unlicensed.
#[derive(Clone, Default)]
struct Table(Arc<Mutex<HashMap<(ModelId, Account), Grant>>>);

impl Table {
    fn set(&self, model: ModelId, key: &Keypair, grant: Grant) {
        self.0.lock().unwrap().insert((model, account(key)), grant);
    }
}

impl LicenseOracle for Table {
    async fn check(&self, model: ModelId, account: Account) -> Result<Grant, OracleError> {
        Ok(self.0.lock().unwrap().get(&(model, account)).copied().unwrap_or(Grant::Unlicensed))
    }
}

fn account(key: &Keypair) -> Account {
    Account(key.public_key().0)
}

const LICENSED: Grant = Grant::Licensed { expires_at_ms: None };

struct Running {
    addr: SocketAddr,
    table: Table,
    log: PathBuf,
    model_dir: PathBuf,
    other_dir: PathBuf,
    _dirs: Vec<tempfile::TempDir>,
}

fn write_model(dir: &Path, big: usize) -> [u8; 32] {
    std::fs::create_dir_all(dir.join("shards")).unwrap();
    std::fs::write(dir.join("config.json"), b"{\"dim\":4}\n").unwrap();
    let weights: Vec<u8> = (0..big).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(dir.join("shards/model 1.safetensors"), weights).unwrap();
    std::fs::write(dir.join(".keep"), b"").unwrap();
    hash_path(dir, &HashOptions::default()).unwrap().root()
}

async fn start(configure: impl FnOnce(&mut ServerConfig)) -> Running {
    start_with_uses(configure, "any use", "any use").await
}

/// A server of two models in one process, MODEL for `uses` and
/// OTHER_MODEL for `other_uses`.
async fn start_with_uses(
    configure: impl FnOnce(&mut ServerConfig),
    uses: &str,
    other_uses: &str,
) -> Running {
    let (model, other, logs) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = write_model(model.path(), 3 << 20);
    std::fs::write(other.path().join("other.bin"), b"another model").unwrap();
    let other_root = hash_path(other.path(), &HashOptions::default()).unwrap().root();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = ServerConfig::new(addr.to_string());
    configure(&mut config);
    let table = Table::default();
    let log = logs.path().join("access.jsonl");
    let server = Server::new(
        config,
        vec![
            (
                MODEL,
                Served { content: Content::open(model.path(), root).unwrap(), uses: uses.into() },
            ),
            (
                OTHER_MODEL,
                Served {
                    content: Content::open(other.path(), other_root).unwrap(),
                    uses: other_uses.into(),
                },
            ),
        ],
        table.clone(),
        AccessLog::new(Box::new(std::fs::File::create(&log).unwrap())),
    );
    tokio::spawn(server.serve(listener));
    Running {
        addr,
        table,
        log,
        model_dir: model.path().to_owned(),
        other_dir: other.path().to_owned(),
        _dirs: vec![model, other, logs],
    }
}

/// Sends `request` on a new connection and reads the answer until the
/// server closes it: (status, head and body as text).
async fn raw(addr: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, text)
}

async fn get(addr: SocketAddr, path: &str, headers: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n");
    raw(addr, request.as_bytes()).await
}

async fn post_sign_in(addr: SocketAddr, model: ModelId, sign_in: &SignIn) -> (u16, String) {
    let body = serde_json::to_string(sign_in).unwrap();
    let request = format!(
        "POST /v1/models/{model}/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    raw(addr, request.as_bytes()).await
}

fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

async fn challenge(addr: SocketAddr, model: ModelId) -> Challenge {
    let (status, answer) = get(addr, &format!("/v1/models/{model}/challenge"), "").await;
    assert_eq!(status, 200, "{answer}");
    serde_json::from_str(body(&answer)).unwrap()
}

async fn signed(addr: SocketAddr, model: ModelId, key: &Keypair) -> SignIn {
    let message = challenge(addr, model).await.message();
    SignIn {
        account: account(key).ss58(),
        signature: format!("0x{}", hex::encode(key.sign(message.as_bytes()).0)),
        message,
    }
}

async fn token(addr: SocketAddr, model: ModelId, key: &Keypair) -> String {
    let (status, answer) = post_sign_in(addr, model, &signed(addr, model, key).await).await;
    assert_eq!(status, 200, "{answer}");
    serde_json::from_str::<SessionGrant>(body(&answer)).unwrap().token
}

fn bearer(token: &str) -> String {
    format!("Authorization: Bearer {token}\r\n")
}

fn options(running: &Running, out: &Path) -> FetchOptions {
    let root = hash_path(&running.model_dir, &HashOptions::default()).unwrap().root();
    FetchOptions {
        url: format!("http://{}", running.addr),
        model: MODEL,
        on_chain_root: root,
        out: out.to_owned(),
        progress: false,
    }
}

fn log_lines(running: &Running) -> Vec<serde_json::Value> {
    std::fs::read_to_string(&running.log)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn same_files(a: &Path, b: &Path) {
    for path in [".keep", "config.json", "shards/model 1.safetensors"] {
        assert_eq!(
            std::fs::read(a.join(path)).unwrap(),
            std::fs::read(b.join(path)).unwrap(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_licensed_account_downloads_byte_identical_files_and_each_is_logged() {
    let running = start(|_| {}).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let out = tempfile::tempdir().unwrap();
    let fetched = fetch(&options(&running, out.path()), &dev::bob()).await.unwrap();
    assert_eq!(fetched.downloaded, (3 << 20) + 10);
    same_files(&running.model_dir, out.path());
    assert!(!out.path().join(PARTIAL_DIR).exists());
    let bob = account(&dev::bob()).ss58();
    let lines = log_lines(&running);
    let file = lines
        .iter()
        .find(|line| line["file"] == "shards/model 1.safetensors")
        .expect("the download is logged");
    assert_eq!(file["account"], bob.as_str());
    assert_eq!(file["model"], MODEL);
    assert_eq!(file["bytes"], 3 << 20);
    assert_eq!(file["status"], 200);
    assert_eq!(file["outcome"], "served");
    let manifest = lines.iter().find(|line| line["route"] == "manifest").unwrap();
    assert!(manifest["bytes"].as_u64().unwrap() > 100, "the manifest's body is counted");
    // A second run finds everything verified and downloads nothing.
    let again = fetch(&options(&running, out.path()), &dev::bob()).await.unwrap();
    assert_eq!((again.downloaded, again.reused), (0, (3 << 20) + 10));
}

#[tokio::test]
async fn accounts_without_a_license_for_these_uses_get_403_and_nothing() {
    let running = start_with_uses(|_| {}, "fine-tuning", "any use").await;
    running.table.set(MODEL, &dev::charlie(), Grant::OtherUses);
    let out = tempfile::tempdir().unwrap();
    for (key, expected) in [
        (dev::dave(), "holds no valid license on model 7"),
        (dev::charlie(), "license on model 7 does not permit fine-tuning"),
    ] {
        let error = fetch(&options(&running, out.path()), &key).await.unwrap_err();
        let FetchError::Refused { status, sentence } = &error else { panic!("{error}") };
        assert_eq!(*status, 403);
        assert!(sentence.contains(expected), "{sentence}");
    }
    // A license that ended by the server's clock, the chain not knowing yet.
    running.table.set(MODEL, &dev::eve(), Grant::Licensed { expires_at_ms: Some(1) });
    let error = fetch(&options(&running, out.path()), &dev::eve()).await.unwrap_err();
    assert!(error.to_string().contains("has expired"), "{error}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing was written");
    assert!(log_lines(&running).iter().all(|line| line["route"] != "file"));
}

#[tokio::test]
async fn a_forged_signature_a_replayed_nonce_and_a_token_for_another_model_are_refused() {
    let running = start(|_| {}).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let addr = running.addr;
    // Forged: Alice's name on Bob's signature.
    let mut forged = signed(addr, MODEL, &dev::bob()).await;
    forged.account = account(&dev::alice()).ss58();
    let (status, answer) = post_sign_in(addr, MODEL, &forged).await;
    assert_eq!(status, 401);
    assert!(body(&answer).contains("not the account's signature"), "{answer}");
    // The wallet's wrapped form signs in.
    let challenge = challenge(addr, MODEL).await;
    let message = challenge.message();
    let wallet = SignIn {
        account: account(&dev::bob()).ss58(),
        signature: format!("0x{}", hex::encode(dev::bob().sign(&wrapped(message.as_bytes())).0)),
        message,
    };
    assert_eq!(post_sign_in(addr, MODEL, &wallet).await.0, 200);
    // Replayed.
    let (status, answer) = post_sign_in(addr, MODEL, &wallet).await;
    assert_eq!(status, 401);
    assert!(body(&answer).contains("nonce was used already"), "{answer}");
    // A token for model 7 opens nothing of model 8.
    let token = token(addr, MODEL, &dev::bob()).await;
    let (status, answer) = get(addr, "/v1/models/8/files/other.bin", &bearer(&token)).await;
    assert_eq!(status, 403);
    assert!(body(&answer).contains("issued for model 7 and opens nothing of model 8"), "{answer}");
    assert_eq!(get(addr, "/v1/models/8/manifest", &bearer(&token)).await.0, 403);
    assert_eq!(get(addr, "/v1/models/7/manifest", &bearer(&token)).await.0, 200);
}

#[tokio::test]
async fn one_process_serves_two_models_each_with_its_uses_and_a_token_opens_only_its_own() {
    let running = start_with_uses(|_| {}, "FineTuning", "Redistribution").await;
    let addr = running.addr;
    // Bob may download model 7 only; Charlie model 8 only; Dave holds a
    // license on model 8 for other uses than the ones it is served for.
    running.table.set(MODEL, &dev::bob(), LICENSED);
    running.table.set(OTHER_MODEL, &dev::charlie(), LICENSED);
    running.table.set(OTHER_MODEL, &dev::dave(), Grant::OtherUses);
    let bobs = token(addr, MODEL, &dev::bob()).await;
    let charlies = token(addr, OTHER_MODEL, &dev::charlie()).await;
    // Each token opens its own model's manifest and files.
    let (status, answer) = get(addr, "/v1/models/8/files/other.bin", &bearer(&charlies)).await;
    assert_eq!((status, body(&answer)), (200, "another model"), "{answer}");
    assert_eq!(get(addr, "/v1/models/7/files/config.json", &bearer(&bobs)).await.0, 200);
    // And nothing of the other one, whatever the path asks for.
    for (token, path, issued_for, asked) in [
        (&bobs, "/v1/models/8/files/other.bin", 7, 8),
        (&bobs, "/v1/models/8/manifest", 7, 8),
        (&charlies, "/v1/models/7/files/config.json", 8, 7),
        (&charlies, "/v1/models/7/files/shards/model%201.safetensors", 8, 7),
    ] {
        let (status, answer) = get(addr, path, &bearer(token)).await;
        assert_eq!(status, 403, "{path}: {answer}");
        let expected = format!("issued for model {issued_for} and opens nothing of model {asked}");
        assert!(body(&answer).contains(&expected), "{answer}");
    }
    // Each model's uses name its own refusals.
    let (status, answer) =
        post_sign_in(addr, OTHER_MODEL, &signed(addr, OTHER_MODEL, &dev::dave()).await).await;
    assert_eq!(status, 403);
    assert!(
        body(&answer).contains("license on model 8 does not permit Redistribution"),
        "{answer}"
    );
    // Bob's license is for model 7: signing in on model 8 is refused.
    let (status, answer) =
        post_sign_in(addr, OTHER_MODEL, &signed(addr, OTHER_MODEL, &dev::bob()).await).await;
    assert_eq!(status, 403);
    assert!(body(&answer).contains("holds no valid license on model 8"), "{answer}");
    // A model the process does not serve: both are named.
    let (status, answer) = get(addr, "/v1/models/9/challenge", "").await;
    assert_eq!(status, 404);
    assert!(
        body(&answer).contains("this server delivers models 7 and 8 only, not model 9"),
        "{answer}"
    );
    // fetch downloads each model into its own directory, verified against its own root.
    let out = tempfile::tempdir().unwrap();
    fetch(&options(&running, out.path()), &dev::bob()).await.unwrap();
    same_files(&running.model_dir, out.path());
    let other_out = tempfile::tempdir().unwrap();
    let other_root = hash_path(&running.other_dir, &HashOptions::default()).unwrap().root();
    let mut other = options(&running, other_out.path());
    (other.model, other.on_chain_root) = (OTHER_MODEL, other_root);
    fetch(&other, &dev::charlie()).await.unwrap();
    assert_eq!(std::fs::read(other_out.path().join("other.bin")).unwrap(), b"another model");
    let error = fetch(&other, &dev::bob()).await.unwrap_err();
    assert!(error.to_string().contains("holds no valid license on model 8"), "{error}");
}

#[tokio::test]
async fn the_traversal_and_malformed_request_table_is_refused_and_the_server_keeps_serving() {
    let running = start(|config| config.header_timeout = Duration::from_secs(1)).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let addr = running.addr;
    let token = token(addr, MODEL, &dev::bob()).await;
    let auth = bearer(&token);
    let files = "/v1/models/7/files";
    let big_header = format!("X-Filler: {}\r\n", "a".repeat(40 << 10));
    let table: Vec<(String, u16)> = vec![
        (format!("GET {files}/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/shards/../config.json HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}//etc/passwd HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/shards%5C..%5Cconfig.json HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/config.json%00 HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\nHost: x\r\n{auth}"), 400),
        (format!("GET {files}/shards HTTP/1.1\r\nHost: x\r\n{auth}"), 404),
        (format!("GET {files}/%252e%252e/config.json HTTP/1.1\r\nHost: x\r\n{auth}"), 404),
        (format!("GET /v1/models/99/manifest HTTP/1.1\r\nHost: x\r\n{auth}"), 404),
        (format!("GET /v1/models/07/manifest HTTP/1.1\r\nHost: x\r\n{auth}"), 404),
        (format!("GET /etc/passwd HTTP/1.1\r\nHost: x\r\n{auth}"), 404),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\n"), 401),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n"), 401),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\n{auth}Range: bytes=99999-\r\n"), 416),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\n{auth}Range: bytes=5-1\r\n"), 416),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\n{auth}Range: bytes=0-1,3-4\r\n"), 416),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\n{auth}Range: bytes=-99999999999999999999999\r\n"), 416),
        (format!("GET {files}/config.json HTTP/1.1\r\nHost: x\r\n{auth}{big_header}"), 431),
        (format!("DELETE /v1/models/7/manifest HTTP/1.1\r\nHost: x\r\n{auth}"), 405),
        ("POST /v1/models/7/session HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nnot json".into(), 400),
        (format!("POST /v1/models/7/session HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{}", 20 << 10, "x".repeat(20 << 10)), 413),
        ("NOT HTTP AT ALL\r\n".into(), 400),
        ("GET /v1/models/7/challenge HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n".into(), 400),
    ];
    for (request, expected) in table {
        let request = if request.contains("\r\n\r\n") {
            request
        } else {
            format!("{request}Connection: close\r\n\r\n")
        };
        let (status, answer) = raw(addr, request.as_bytes()).await;
        let shown: String = request.chars().take(100).collect();
        assert_eq!(status, expected, "{shown:?} → {answer:.300}");
        // The server's own refusals are sentences; hyper answers the
        // requests it cannot parse (431, 400) with a bare status.
        if expected != 431 && !shown.starts_with("NOT") && !shown.contains("-1\r") {
            assert!(body(&answer).len() > 20, "a sentence: {answer}");
        }
        // And the server still serves.
        assert_eq!(get(addr, "/v1/models/7/manifest", &auth).await.0, 200, "after {shown:?}");
    }
    // A slow client: half a request head, then nothing. The connection is
    // closed after the header timeout, and the server serves meanwhile.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /v1/models/7/manifest HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    assert_eq!(get(addr, "/v1/models/7/manifest", &auth).await.0, 200);
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the slow connection was not closed");
}

#[tokio::test]
async fn an_allowed_origin_gets_its_preflight_and_reads_answers_and_refusals_another_none() {
    let app = "http://127.0.0.1:4173";
    let running = start(|config| config.cors = Cors::new(&[app]).unwrap()).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let preflight = |origin: &str| {
        format!(
            "OPTIONS /v1/models/7/files/config.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization, range\r\n\r\n"
        )
    };
    let (status, answer) = raw(running.addr, preflight(app).as_bytes()).await;
    assert_eq!(status, 204, "{answer}");
    assert!(answer.contains(&format!("access-control-allow-origin: {app}")), "{answer}");
    assert!(answer.contains("Authorization, Range"), "{answer}");
    let (status, answer) = raw(running.addr, preflight("http://evil.test").as_bytes()).await;
    assert_eq!(status, 403, "{answer}");
    assert!(!answer.contains("access-control-allow-origin"), "{answer}");
    assert!(body(&answer).contains("pages of the origin http://evil.test may not call this server"));

    // A range of a file, read by the allowed origin's page: its Content-Range is exposed.
    let token = token(running.addr, MODEL, &dev::bob()).await;
    let headers = format!("{}Range: bytes=2-5\r\nOrigin: {app}\r\n", bearer(&token));
    let (status, answer) = get(running.addr, "/v1/models/7/files/config.json", &headers).await;
    assert_eq!(status, 206, "{answer}");
    assert!(answer.contains(&format!("access-control-allow-origin: {app}")), "{answer}");
    assert!(answer.contains("access-control-expose-headers: Content-Range, Content-Length"));
    // A refusal's sentence is readable by the page too.
    let (status, answer) =
        get(running.addr, "/v1/models/7/manifest", &format!("Origin: {app}\r\n")).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains(&format!("access-control-allow-origin: {app}")), "{answer}");
    // Another origin's request is answered, without the headers that let its page read it.
    let (status, answer) =
        get(running.addr, "/v1/models/7/challenge", "Origin: http://evil.test\r\n").await;
    assert_eq!(status, 200, "{answer}");
    assert!(!answer.contains("access-control-allow-origin"), "{answer}");
    let preflights: Vec<_> =
        log_lines(&running).into_iter().filter(|line| line["route"] == "preflight").collect();
    assert_eq!(preflights.len(), 2);
}

#[tokio::test]
async fn ranges_serve_parts_and_an_interrupted_download_resumes_and_verifies() {
    let running = start(|_| {}).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let token = token(running.addr, MODEL, &dev::bob()).await;
    let (status, answer) = get(
        running.addr,
        "/v1/models/7/files/config.json",
        &format!("{}Range: bytes=2-5\r\n", bearer(&token)),
    )
    .await;
    assert_eq!(status, 206);
    assert!(answer.contains("content-range: bytes 2-5/10"), "{answer}");
    assert_eq!(body(&answer), "dim\"");
    // Half of the weights arrived before the connection broke.
    let out = tempfile::tempdir().unwrap();
    let weights = std::fs::read(running.model_dir.join("shards/model 1.safetensors")).unwrap();
    let partial = out.path().join(PARTIAL_DIR).join("shards/model 1.safetensors");
    std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
    std::fs::write(&partial, &weights[..weights.len() / 2]).unwrap();
    let fetched = fetch(&options(&running, out.path()), &dev::bob()).await.unwrap();
    same_files(&running.model_dir, out.path());
    assert_eq!(fetched.reused, (weights.len() / 2) as u64);
    let resumed = log_lines(&running)
        .into_iter()
        .find(|line| line["file"] == "shards/model 1.safetensors")
        .unwrap();
    assert_eq!(
        (resumed["status"].as_u64(), resumed["bytes"].as_u64()),
        (Some(206), Some((weights.len() / 2) as u64))
    );
    // A partial file of wrong bytes is completed, fails its sha256, and is deleted.
    let out = tempfile::tempdir().unwrap();
    let partial = out.path().join(PARTIAL_DIR).join("shards/model 1.safetensors");
    std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
    std::fs::write(&partial, vec![0u8; 1000]).unwrap();
    let error = fetch(&options(&running, out.path()), &dev::bob()).await.unwrap_err();
    assert!(matches!(error, FetchError::WrongBytes { .. }), "{error}");
    assert!(!partial.exists() && !out.path().join("shards/model 1.safetensors").exists());
}

#[tokio::test]
async fn a_file_changed_after_the_start_is_caught_by_fetch_which_keeps_none_of_it() {
    let running = start(|_| {}).await;
    let out_dir = tempfile::tempdir().unwrap();
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let options = options(&running, out_dir.path());
    let path = running.model_dir.join("shards/model 1.safetensors");
    let mut weights = std::fs::read(&path).unwrap();
    weights[12345] ^= 0xff;
    std::fs::write(&path, &weights).unwrap();
    let out = out_dir;
    let error = fetch(&options, &dev::bob()).await.unwrap_err();
    let FetchError::WrongBytes { path: wrong, .. } = &error else { panic!("{error}") };
    assert_eq!(wrong, "shards/model 1.safetensors");
    assert!(error.to_string().contains("nothing of it was kept"), "{error}");
    assert!(!out.path().join(PARTIAL_DIR).join("shards/model 1.safetensors").exists());
    // No file of the failed run is left under its final name; the verified
    // ones wait, complete, in the partial directory.
    for path in [".keep", "config.json", "shards/model 1.safetensors"] {
        assert!(!out.path().join(path).exists(), "{path}");
    }
    assert!(out.path().join(PARTIAL_DIR).join("config.json").exists());
}

#[tokio::test]
async fn a_license_that_goes_stops_downloads_within_the_recheck_interval() {
    let running = start(|config| config.gate.recheck_ms = 200).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let token = token(running.addr, MODEL, &dev::bob()).await;
    assert_eq!(get(running.addr, "/v1/models/7/manifest", &bearer(&token)).await.0, 200);
    running.table.set(MODEL, &dev::bob(), Grant::Unlicensed);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let (status, answer) =
        get(running.addr, "/v1/models/7/files/config.json", &bearer(&token)).await;
    assert_eq!(status, 403, "{answer}");
    // The session is closed: a license bought again needs a new sign-in.
    running.table.set(MODEL, &dev::bob(), LICENSED);
    assert_eq!(get(running.addr, "/v1/models/7/manifest", &bearer(&token)).await.0, 401);
}

#[tokio::test]
async fn downloads_per_account_are_bounded() {
    let running = start(|config| config.max_downloads_per_account = 1).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    let token = token(running.addr, MODEL, &dev::bob()).await;
    // A download that is not read holds its slot: with a small receive
    // buffer, the 3 MiB cannot all sit in the kernel's buffers.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut first = socket.connect(running.addr).await.unwrap();
    let request = format!(
        "GET /v1/models/7/files/shards/model%201.safetensors HTTP/1.1\r\nHost: x\r\n{}\r\n",
        bearer(&token)
    );
    first.write_all(request.as_bytes()).await.unwrap();
    let mut head = [0u8; 12];
    first.read_exact(&mut head).await.unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    let (status, answer) =
        get(running.addr, "/v1/models/7/files/config.json", &bearer(&token)).await;
    assert_eq!(status, 429, "{answer}");
    assert!(body(&answer).contains("already has 1 downloads running"), "{answer}");
    drop(first);
    // The slot comes back once the first download ends.
    let mut served = 0;
    for _ in 0..50 {
        served = get(running.addr, "/v1/models/7/files/config.json", &bearer(&token)).await.0;
        if served == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(served, 200);
}

/// A TLS proxy in front of `backend` with the certificate and key in
/// `dir` (made with the openssl command line): what a publisher's nginx
/// does. Returns its port.
async fn tls_proxy(dir: &Path, listener: tokio::net::TcpListener, backend: SocketAddr) {
    use tokio_rustls::rustls::ServerConfig;
    let certs = rustls_pemfile::certs(&mut &std::fs::read(dir.join("cert.pem")).unwrap()[..])
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = rustls_pemfile::private_key(&mut &std::fs::read(dir.join("key.pem")).unwrap()[..])
        .unwrap()
        .unwrap();
    let config =
        ServerConfig::builder().with_no_client_auth().with_single_cert(certs, key).unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else { return };
                let mut plain = TcpStream::connect(backend).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
}

#[tokio::test]
async fn fetch_speaks_https_to_a_tls_proxy_and_refuses_an_unknown_certificate() {
    let certs = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ])
        .args(["-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost"])
        .args([
            "-addext",
            "subjectAltName=DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
        ])
        .current_dir(certs.path())
        .output();
    if !made.is_ok_and(|output| output.status.success()) {
        eprintln!("skipped: the openssl command line cannot make a test certificate");
        return;
    }
    let front = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = front.local_addr().unwrap().port();
    let running = start(|config| config.gate.server = format!("localhost:{port}")).await;
    running.table.set(MODEL, &dev::bob(), LICENSED);
    tls_proxy(certs.path(), front, running.addr).await;
    let out = tempfile::tempdir().unwrap();
    let mut options = options(&running, out.path());
    options.url = format!("https://localhost:{port}");
    // Before the test certificate is trusted: refused, nothing downloaded.
    let error = fetch(&options, &dev::bob()).await.unwrap_err();
    assert!(
        matches!(error, FetchError::Transport(ref why) if why.contains("invalid peer certificate")),
        "{error}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    // Trusted (rustls-native-certs reads SSL_CERT_FILE): byte-identical files.
    std::env::set_var("SSL_CERT_FILE", certs.path().join("cert.pem"));
    let fetched = fetch(&options, &dev::bob()).await;
    std::env::remove_var("SSL_CERT_FILE");
    fetched.unwrap();
    same_files(&running.model_dir, out.path());
}
