//! The HTTP server: hyper 1 on tokio, HTTP/1.1.
//!
//! | route | what |
//! |---|---|
//! | `GET /v1/models/{model}/challenge` | a [`Challenge`] to sign (JSON, with its `message`) |
//! | `POST /v1/models/{model}/session` | a [`SignIn`] → a [`SessionGrant`] (JSON) |
//! | `GET /v1/models/{model}/manifest` | the model's manifest, as `modelmint-hash --manifest-json` writes it |
//! | `GET`/`HEAD /v1/models/{model}/files/{path}` | a file, with `Range` for resuming |
//!
//! The last two take `Authorization: Bearer {token}`. Every refusal is a
//! sentence (`text/plain`) with its status, and every answer is a line of
//! the access log. Bounded: connections in total, downloads per account,
//! header size, the time to send the headers, and how long a connection may
//! make no progress.

use crate::content::Content;
use crate::cors::{Cors, Preflight};
use crate::net::Idle;
use crate::protocol::{Challenge, Gate, GateConfig, Session, SessionGrant, SignIn};
use crate::range;
use crate::refusal::{AccessLog, Record, Refusal};
use crate::{now_ms, Account, Grant, LicenseOracle, ModelId};
use bytes::Bytes;
use futures_util::stream;
use http::{header, Method, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::io;
use std::io::{Read, Seek};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The body of every answer.
pub type Body = UnsyncBoxBody<Bytes, io::Error>;

/// How much of a file one read sends.
const CHUNK: usize = 256 << 10;
/// The largest sign-in body read.
const MAX_SIGN_IN_BYTES: usize = 16 << 10;

/// A server's settings.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Sign-in and sessions.
    pub gate: GateConfig,
    /// The most connections open at once; more wait to be accepted.
    pub max_connections: usize,
    /// The most downloads one account runs at once.
    pub max_downloads_per_account: usize,
    /// The longest a client may take to send a request's headers.
    pub header_timeout: Duration,
    /// The longest a connection may make no progress.
    pub idle_timeout: Duration,
    /// The largest request head (request line and headers) read, in bytes
    /// (at least 8192, hyper's floor).
    pub max_header_bytes: usize,
    /// The web apps on other origins whose pages may call the server.
    pub cors: Cors,
}

impl ServerConfig {
    /// Defaults for a server named `server`: 256 connections, 4 downloads
    /// per account, 10 s for the headers, 60 s without progress, 16 KiB of
    /// headers, no other origin.
    pub fn new(server: impl Into<String>) -> Self {
        Self {
            gate: GateConfig::new(server),
            max_connections: 256,
            max_downloads_per_account: 4,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_header_bytes: 16 << 10,
            cors: Cors::default(),
        }
    }
}

/// One model a server delivers.
#[derive(Debug)]
pub struct Served {
    /// Its directory, checked against the model's root on chain.
    pub content: Content,
    /// The uses a license must permit for a download, as refusals name them
    /// ("any use", "FineTuning or Redistribution"); the [`LicenseOracle`]
    /// decides with the same uses.
    pub uses: String,
}

impl Served {
    /// `content` for licenses of any use.
    pub fn any_use(content: Content) -> Self {
        Self { content, uses: "any use".into() }
    }
}

/// A running server's shared state.
struct Inner<O> {
    config: ServerConfig,
    gate: Gate,
    models: HashMap<ModelId, Served>,
    oracle: O,
    log: AccessLog,
    downloads: Mutex<HashMap<Account, usize>>,
}

/// A licensed-delivery server for one or more models.
pub struct Server<O> {
    inner: Arc<Inner<O>>,
}

impl<O> Clone for Server<O> {
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner) }
    }
}

/// One download slot of an account, given back when the download ends.
struct Slot<O> {
    inner: Arc<Inner<O>>,
    account: Account,
}

impl<O> Drop for Slot<O> {
    fn drop(&mut self) {
        let mut downloads =
            self.inner.downloads.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = downloads.get_mut(&self.account) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                downloads.remove(&self.account);
            }
        }
    }
}

/// A file being sent: logged when it ends, however it ends.
struct Transfer<O> {
    inner: Arc<Inner<O>>,
    /// `None` only while a read of it runs on the blocking pool.
    file: Option<std::fs::File>,
    remaining: u64,
    token: String,
    model: ModelId,
    record: Record,
    started_ms: u64,
    stopped: Option<String>,
    _slot: Slot<O>,
}

impl<O> Drop for Transfer<O> {
    fn drop(&mut self) {
        let now = now_ms();
        self.record.time_ms = now;
        self.record.duration_ms = now.saturating_sub(self.started_ms);
        if let Some(why) = self.stopped.take() {
            self.record.outcome = format!("incomplete: {why}");
        } else if self.remaining > 0 {
            self.record.outcome = "incomplete: the client left".into();
        }
        self.inner.log.write(&self.record);
    }
}

fn text(status: u16, sentence: &str) -> Response<Body> {
    let mut response = Response::new(
        Full::new(Bytes::from(format!("{sentence}\n")))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn json(value: &impl serde::Serialize) -> Response<Body> {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response =
        Response::new(Full::new(Bytes::from(body)).map_err(|never| match never {}).boxed_unsync());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}

/// What a request names: its route, and the model.
enum Route<'a> {
    Challenge(ModelId),
    Session(ModelId),
    Manifest(ModelId),
    File(ModelId, &'a str),
}

impl Route<'_> {
    fn name(&self) -> &'static str {
        match self {
            Self::Challenge(_) => "challenge",
            Self::Session(_) => "session",
            Self::Manifest(_) => "manifest",
            Self::File(..) => "file",
        }
    }

    fn model(&self) -> ModelId {
        match self {
            Self::Challenge(model)
            | Self::Session(model)
            | Self::Manifest(model)
            | Self::File(model, _) => *model,
        }
    }
}

fn route(path: &str) -> Option<Route<'_>> {
    let rest = path.strip_prefix("/v1/models/")?;
    let (model, rest) = rest.split_once('/')?;
    // Digits only, so that `+7` or `07` name no model twice.
    if model.is_empty()
        || !model.bytes().all(|byte| byte.is_ascii_digit())
        || model.starts_with('0')
    {
        return None;
    }
    let model = model.parse().ok()?;
    match rest {
        "challenge" => Some(Route::Challenge(model)),
        "session" => Some(Route::Session(model)),
        "manifest" => Some(Route::Manifest(model)),
        _ => rest.strip_prefix("files/").map(|file| Route::File(model, file)),
    }
}

fn bearer(request: &Request<Incoming>) -> &str {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default()
}

impl<O: LicenseOracle> Server<O> {
    /// A server of `models` (each id with its checked directory and uses)
    /// that asks `oracle` about licenses and logs to `log`. A token opens only
    /// the model it was signed in for.
    pub fn new(
        config: ServerConfig,
        models: Vec<(ModelId, Served)>,
        oracle: O,
        log: AccessLog,
    ) -> Self {
        let gate = Gate::new(config.gate.clone());
        let inner = Inner {
            config,
            gate,
            models: models.into_iter().collect(),
            oracle,
            log,
            downloads: Mutex::default(),
        };
        Self { inner: Arc::new(inner) }
    }

    /// Serves connections from `listener` until the task is dropped.
    ///
    /// # Errors
    /// The listener's, if it stops accepting.
    pub async fn serve(self, listener: TcpListener) -> io::Result<()> {
        let config = &self.inner.config;
        let slots = Arc::new(Semaphore::new(config.max_connections));
        loop {
            // A connection over the bound waits in the kernel's backlog.
            let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
                return Ok(());
            };
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of descriptors and the like: wait, do not spin or stop.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let io = Idle::new(TokioIo::new(stream), config.idle_timeout);
            let server = self.clone();
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(config.header_timeout)
                .max_buf_size(config.max_header_bytes.max(8192))
                .max_headers(64);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let server = server.clone();
                    async move { Ok::<_, io::Error>(server.answer(request, peer).await) }
                });
                // A connection's failure (timeouts, a peer that left) is the
                // peer's business; the access log has what was served.
                let _ = builder.serve_connection(io, service).await;
                drop(permit);
            });
        }
    }

    /// The answer to one request, logged unless a file stream logs it.
    async fn answer(&self, request: Request<Incoming>, peer: SocketAddr) -> Response<Body> {
        let started_ms = now_ms();
        let mut record = Record { peer: peer.to_string(), route: "other", ..Record::default() };
        let cors = &self.inner.config.cors;
        // The request's headers, kept for the CORS answer headers: `dispatch` consumes the request.
        let asked = request.headers().clone();
        let outcome = if Cors::is_preflight(request.method(), &asked) {
            record.route = "preflight";
            match cors.preflight(&asked) {
                Preflight::Allowed(headers) => {
                    let mut response = Response::new(
                        Full::new(Bytes::new()).map_err(|never| match never {}).boxed_unsync(),
                    );
                    *response.status_mut() = StatusCode::NO_CONTENT;
                    *response.headers_mut() = headers;
                    Ok(response)
                }
                Preflight::Refused(sentence) => Err(Refusal::Origin(sentence)),
            }
        } else {
            self.dispatch(request, &mut record, started_ms).await
        };
        let mut response = match outcome {
            Ok(response) => response,
            Err(refusal) => {
                record.outcome = refusal.to_string();
                text(refusal.status(), &refusal.to_string())
            }
        };
        // A file being sent is logged by its `Transfer` when it ends.
        if record.route != "file" || response.status().as_u16() >= 300 {
            let now = now_ms();
            record.status = response.status().as_u16();
            // These bodies are whole in memory: their size is known.
            record.bytes = hyper::body::Body::size_hint(response.body()).exact().unwrap_or(0);
            record.time_ms = now;
            record.duration_ms = now.saturating_sub(started_ms);
            if record.outcome.is_empty() {
                record.outcome = "served".into();
            }
            self.inner.log.write(&record);
        }
        cors.decorate(&asked, response.headers_mut());
        response
    }

    async fn dispatch(
        &self,
        request: Request<Incoming>,
        record: &mut Record,
        started_ms: u64,
    ) -> Result<Response<Body>, Refusal> {
        let path = request.uri().path().to_owned();
        let route = route(&path).ok_or_else(|| {
            Refusal::NotFound(format!(
                "{path:?} is not a route of this server (see /v1/models/MODEL/…)"
            ))
        })?;
        record.route = route.name();
        let model = route.model();
        record.model = Some(model);
        if !self.inner.models.contains_key(&model) {
            return Err(Refusal::NotFound(format!(
                "this server delivers {} only, not model {model}",
                self.served_text()
            )));
        }
        let method = request.method().clone();
        match route {
            Route::Challenge(model) if method == Method::GET => {
                let challenge = self.inner.gate.challenge(model, now_ms())?;
                Ok(json(&ChallengeBody { message: challenge.message(), challenge }))
            }
            Route::Session(model) if method == Method::POST => {
                self.sign_in(request, model, record).await.map(|grant| json(&grant))
            }
            Route::Manifest(model) if method == Method::GET => {
                self.authorize(bearer(&request), model, record).await?;
                Ok(manifest_response(&self.inner.models[&model].content))
            }
            Route::File(model, file) if method == Method::GET || method == Method::HEAD => {
                let file = file.to_owned();
                self.file(&request, model, &file, record, started_ms).await
            }
            _ => Err(Refusal::Method),
        }
    }

    /// The models served, in words: "model 7", "models 7, 8 and 10".
    fn served_text(&self) -> String {
        let mut ids: Vec<ModelId> = self.inner.models.keys().copied().collect();
        ids.sort_unstable();
        let mut names: Vec<String> = ids.iter().map(ToString::to_string).collect();
        match names.pop() {
            None => "no model".into(),
            Some(last) if names.is_empty() => format!("model {last}"),
            Some(last) => format!("models {} and {last}", names.join(", ")),
        }
    }

    async fn sign_in(
        &self,
        request: Request<Incoming>,
        model: ModelId,
        record: &mut Record,
    ) -> Result<SessionGrant, Refusal> {
        let body = Limited::new(request.into_body(), MAX_SIGN_IN_BYTES)
            .collect()
            .await
            .map_err(|_| Refusal::TooLarge)?
            .to_bytes();
        let sign_in: SignIn = serde_json::from_slice(&body).map_err(|error| {
            Refusal::Auth(crate::protocol::AuthError::Malformed(format!(
                "the sign-in is not JSON with account, message and signature: {error}"
            )))
        })?;
        let account = self.inner.gate.verify_sign_in(model, &sign_in, now_ms())?;
        record.account = Some(account.ss58());
        let ends = self.licensed(model, account).await?;
        let (token, session) = self
            .inner
            .gate
            .open(account, model, ends, now_ms())?
            .ok_or(Refusal::LicenseEnded { account, model })?;
        Ok(SessionGrant {
            token,
            expires_at_ms: session.expires_at_ms,
            recheck_ms: self.inner.config.gate.recheck_ms,
        })
    }

    /// When `account`'s license on `model` ends (`None`: never), or why it
    /// may download nothing.
    async fn licensed(&self, model: ModelId, account: Account) -> Result<Option<u64>, Refusal> {
        match self.inner.oracle.check(model, account).await {
            Ok(Grant::Licensed { expires_at_ms }) => Ok(expires_at_ms),
            Ok(Grant::OtherUses) => {
                let uses = self.inner.models.get(&model).map_or("any use", |served| &served.uses);
                Err(Refusal::OtherUses { account, model, uses: uses.to_owned() })
            }
            Ok(Grant::Unlicensed) => Err(Refusal::Unlicensed { account, model }),
            Err(error) => Err(Refusal::Chain(error.to_string())),
        }
    }

    /// The session `token` opens on `model`, checked on chain again if its
    /// last check is older than the recheck interval.
    async fn authorize(
        &self,
        token: &str,
        model: ModelId,
        record: &mut Record,
    ) -> Result<Session, Refusal> {
        let session = self.inner.gate.session(token, model, now_ms())?;
        record.account = Some(session.account.ss58());
        if !self.inner.gate.needs_recheck(&session, now_ms()) {
            return Ok(session);
        }
        match self.licensed(model, session.account).await {
            Ok(ends) => self
                .inner
                .gate
                .rechecked(token, true, ends, now_ms())
                .ok_or(Refusal::LicenseEnded { account: session.account, model }),
            // The chain could not be asked: this request fails, the session stays.
            Err(refusal @ Refusal::Chain(_)) => Err(refusal),
            Err(refusal) => {
                self.inner.gate.rechecked(token, false, None, now_ms());
                Err(refusal)
            }
        }
    }

    fn take_slot(&self, account: Account) -> Result<Slot<O>, Refusal> {
        let max = self.inner.config.max_downloads_per_account;
        let mut downloads =
            self.inner.downloads.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = downloads.entry(account).or_default();
        if *count >= max {
            return Err(Refusal::TooMany { account, max });
        }
        *count += 1;
        Ok(Slot { inner: Arc::clone(&self.inner), account })
    }

    async fn file(
        &self,
        request: &Request<Incoming>,
        model: ModelId,
        raw: &str,
        record: &mut Record,
        started_ms: u64,
    ) -> Result<Response<Body>, Refusal> {
        let token = bearer(request).to_owned();
        let session = self.authorize(&token, model, record).await?;
        let content = &self.inner.models[&model].content;
        let (entry, path) = content.resolve(raw)?;
        record.file = Some(entry.path.clone());
        if !content.still_inside(&path) {
            return Err(Refusal::NotFound(format!(
                "{} now leads outside the served directory; it is not served",
                entry.path
            )));
        }
        let range = request.headers().get(header::RANGE).map(|value| value.to_str().unwrap_or("?"));
        let span = range::parse(range, entry.size)?;
        let slot = self.take_slot(session.account)?;
        let unreadable = |error: io::Error| Refusal::Unreadable(format!("{}: {error}", entry.path));
        let start = span.start;
        let file = tokio::task::spawn_blocking(move || {
            let mut file = std::fs::File::open(&path)?;
            file.seek(io::SeekFrom::Start(start))?;
            Ok::<_, io::Error>(file)
        })
        .await
        .map_err(io::Error::other)
        .and_then(|opened| opened)
        .map_err(unreadable)?;
        let head = request.method() == Method::HEAD;
        let status = if span.partial { StatusCode::PARTIAL_CONTENT } else { StatusCode::OK };
        record.status = status.as_u16();
        record.outcome = if span.partial { "partial".into() } else { "served".into() };
        let transfer = Transfer {
            inner: Arc::clone(&self.inner),
            file: Some(file),
            remaining: if head { 0 } else { span.len },
            token,
            model,
            record: std::mem::take(record),
            started_ms,
            stopped: None,
            _slot: slot,
        };
        // The record now belongs to the transfer; `answer` must not log it.
        record.route = "file";
        let body = StreamBody::new(stream::unfold(transfer, next_chunk));
        let mut response = Response::new(BodyExt::boxed_unsync(body));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_LENGTH, span.len.into());
        headers.insert(header::ACCEPT_RANGES, header::HeaderValue::from_static("bytes"));
        headers.insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/octet-stream"),
        );
        if let Ok(etag) = header::HeaderValue::from_str(&format!("\"{}\"", entry.sha256_hex())) {
            headers.insert(header::ETAG, etag);
        }
        if span.partial {
            if let Ok(value) = header::HeaderValue::from_str(&span.content_range(entry.size)) {
                headers.insert(header::CONTENT_RANGE, value);
            }
        }
        Ok(response)
    }
}

/// The next piece of a file, after the session is checked on chain again if
/// it is due: a license that ends stops a download in flight too.
async fn next_chunk<O: LicenseOracle>(
    mut transfer: Transfer<O>,
) -> Option<(Result<Frame<Bytes>, io::Error>, Transfer<O>)> {
    if transfer.remaining == 0 || transfer.stopped.is_some() {
        return None;
    }
    let server = Server { inner: Arc::clone(&transfer.inner) };
    let mut scratch = Record::default();
    if let Err(refusal) = server.authorize(&transfer.token, transfer.model, &mut scratch).await {
        // Part of the file was served: the refusal's "nothing was served"
        // is true of a request refused outright, not of this one.
        let why = refusal.to_string().trim_end_matches("; nothing was served").to_owned();
        transfer.stopped = Some(why.clone());
        return Some((Err(io::Error::new(io::ErrorKind::PermissionDenied, why)), transfer));
    }
    // `CHUNK` fits a usize and the minimum is at most `CHUNK`.
    let want = usize::try_from(transfer.remaining.min(CHUNK as u64)).unwrap_or(CHUNK);
    // A std file read on the blocking pool straight into the buffer that is
    // sent (tokio's file would copy through a buffer of its own first).
    let file = transfer.file.take()?;
    let read = tokio::task::spawn_blocking(move || {
        let mut buffer = Vec::with_capacity(want);
        let read = (&file).take(want as u64).read_to_end(&mut buffer);
        (file, buffer, read)
    })
    .await;
    let (file, buffer, read) = match read {
        Ok(done) => done,
        Err(error) => {
            transfer.stopped = Some(format!("read error: {error}"));
            return Some((Err(io::Error::other(error)), transfer));
        }
    };
    transfer.file = Some(file);
    match read {
        Ok(0) => {
            let why = "the file is shorter than the manifest says: it changed on disk".to_string();
            transfer.stopped = Some(why.clone());
            Some((Err(io::Error::new(io::ErrorKind::UnexpectedEof, why)), transfer))
        }
        Ok(read) => {
            let read = read as u64;
            transfer.remaining -= read;
            transfer.record.bytes += read;
            Some((Ok(Frame::data(Bytes::from(buffer))), transfer))
        }
        Err(error) => {
            transfer.stopped = Some(format!("read error: {error}"));
            Some((Err(error), transfer))
        }
    }
}

#[derive(serde::Serialize)]
struct ChallengeBody {
    #[serde(flatten)]
    challenge: Challenge,
    /// The exact text to sign.
    message: String,
}

fn manifest_response(content: &Content) -> Response<Body> {
    let mut response = Response::new(
        Full::new(Bytes::from(content.manifest().to_json()))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}
