//! `modelmint fetch`'s side: sign in with the account's key, read the
//! manifest and check its root is the model's root on chain, download every
//! file (resuming what an earlier run left), and give a file its final name
//! only once its sha256 is the manifest's. A file is downloaded to
//! `OUT/.modelmint-partial/PATH` and renamed when verified: nothing
//! unverified ever sits under a final name, and a fetch that fails leaves
//! none of its files under a final name.

use crate::protocol::{Challenge, SessionGrant, SignIn};
use crate::tls::Connector;
use crate::ModelId;
use bytes::Bytes;
use http::{header, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use modelmint_hash::{Entry, Manifest};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use subxt_signer::sr25519::Keypair;
use tokio::io::AsyncWriteExt;

/// Where partial downloads wait, inside the output directory.
pub const PARTIAL_DIR: &str = ".modelmint-partial";

/// The characters of a path segment sent as they are; the rest is
/// percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Why a fetch stopped.
#[derive(Debug)]
pub enum FetchError {
    /// The URL is not `http(s)://HOST[:PORT][/PREFIX]`.
    Url(String),
    /// The server could not be reached or broke off.
    Transport(String),
    /// The server refused, with its status and sentence.
    Refused { status: u16, sentence: String },
    /// The server answered something this client does not understand.
    Protocol(String),
    /// The server's manifest is not the model's on chain.
    WrongManifest { served: String, on_chain: String },
    /// A file's bytes are not the manifest's; nothing of it was kept.
    WrongBytes { path: String, got: String, expected: String },
    /// A local file could not be written or read.
    Local { path: PathBuf, error: std::io::Error },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Url(url) => write!(
                f,
                "{url:?} is not a server URL: give http://HOST[:PORT][/PREFIX] or https://…"
            ),
            Self::Transport(why) => write!(f, "the server could not be reached: {why}"),
            Self::Refused { status, sentence } => {
                write!(f, "the server refused ({status}): {sentence}")
            }
            Self::Protocol(why) => write!(f, "the server's answer is not the protocol's: {why}"),
            Self::WrongManifest { served, on_chain } => write!(
                f,
                "the server's manifest has the root 0x{served}, not the model's root on chain 0x{on_chain}: it serves other files; nothing was downloaded"
            ),
            Self::WrongBytes { path, got, expected } => write!(
                f,
                "the server sent {path} with the sha256 {got}, not the manifest's {expected}: it was deleted and nothing of it was kept"
            ),
            Self::Local { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for FetchError {}

/// What a fetch did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The model's manifest (every file verified).
    pub manifest: Manifest,
    /// Bytes received from the server in this run.
    pub downloaded: u64,
    /// Bytes already present (verified files, and partial downloads resumed).
    pub reused: u64,
}

/// What to fetch, from where, to where.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// The server's URL (`http://` or `https://HOST[:PORT][/PREFIX]`).
    pub url: String,
    /// The model.
    pub model: ModelId,
    /// The model's content root on chain.
    pub on_chain_root: [u8; 32],
    /// The output directory.
    pub out: PathBuf,
    /// Whether to draw a progress bar (on a terminal only).
    pub progress: bool,
}

struct Session {
    http: Client<Connector, Full<Bytes>>,
    /// `http://HOST:PORT/PREFIX` with no trailing slash.
    base: String,
    authority: String,
    model: ModelId,
    token: String,
}

fn local(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError + '_ {
    move |error| FetchError::Local { path: path.to_owned(), error }
}

/// Splits `url` into its base (no trailing slash) and its authority (the
/// server name a challenge must carry).
///
/// # Errors
/// [`FetchError::Url`].
fn parse_url(url: &str) -> Result<(String, String), FetchError> {
    let uri: Uri = url.parse().map_err(|_| FetchError::Url(url.to_owned()))?;
    let authority = uri.authority().map(ToString::to_string);
    match (uri.scheme_str(), authority, uri.query()) {
        (Some(scheme @ ("http" | "https")), Some(authority), None) if !authority.contains('@') => {
            let prefix = uri.path().trim_end_matches('/');
            Ok((format!("{scheme}://{authority}{prefix}"), authority))
        }
        _ => Err(FetchError::Url(url.to_owned())),
    }
}

impl Session {
    fn uri(&self, rest: &str) -> String {
        format!("{}/v1/models/{}/{rest}", self.base, self.model)
    }

    async fn send(
        &self,
        request: Request<Full<Bytes>>,
    ) -> Result<http::Response<Incoming>, FetchError> {
        let response = self
            .http
            .request(request)
            .await
            .map_err(|error| FetchError::Transport(causes(&error)))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let body = Limited::new(response.into_body(), 4096).collect().await;
        let sentence = body
            .map(|body| String::from_utf8_lossy(&body.to_bytes()).trim().to_owned())
            .unwrap_or_else(|_| "(no readable reason)".into());
        Err(FetchError::Refused { status, sentence })
    }

    async fn body(response: http::Response<Incoming>) -> Result<Bytes, FetchError> {
        Limited::new(response.into_body(), 64 << 20)
            .collect()
            .await
            .map(|body| body.to_bytes())
            .map_err(|error| FetchError::Transport(error.to_string()))
    }

    fn get(&self, rest: &str) -> http::request::Builder {
        Request::get(self.uri(rest)).header(header::AUTHORIZATION, format!("Bearer {}", self.token))
    }

    /// Asks for a challenge, checks it names this server and model, signs it
    /// and opens a session.
    async fn sign_in(&mut self, key: &Keypair) -> Result<(), FetchError> {
        let request = Request::get(self.uri("challenge"))
            .body(Full::default())
            .map_err(|error| FetchError::Url(error.to_string()))?;
        let body = Self::body(self.send(request).await?).await?;
        let challenge: Challenge = serde_json::from_slice(&body)
            .map_err(|error| FetchError::Protocol(format!("challenge: {error}")))?;
        // Signing a challenge for another server would let that server sign
        // in here as this account.
        if challenge.server != self.authority || challenge.model != self.model {
            return Err(FetchError::Protocol(format!(
                "the challenge is for model {} on {}, not model {} on {}; nothing was signed",
                challenge.model, challenge.server, self.model, self.authority
            )));
        }
        let message = challenge.message();
        let sign_in = SignIn {
            account: format!("0x{}", hex::encode(key.public_key().0)),
            signature: format!("0x{}", hex::encode(key.sign(message.as_bytes()).0)),
            message,
        };
        let request = Request::post(self.uri("session"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(serde_json::to_vec(&sign_in).unwrap_or_default())))
            .map_err(|error| FetchError::Url(error.to_string()))?;
        let body = Self::body(self.send(request).await?).await?;
        let grant: SessionGrant = serde_json::from_slice(&body)
            .map_err(|error| FetchError::Protocol(format!("session: {error}")))?;
        self.token = grant.token;
        Ok(())
    }
}

/// An error and its causes, as one line ("client error (Connect): invalid
/// peer certificate: UnknownIssuer").
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // hyper repeats a cause in its own message at times.
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text
}

/// An HTTP client for `http` and `https` URLs.
fn http_client() -> Result<Client<Connector, Full<Bytes>>, FetchError> {
    Ok(Client::builder(TokioExecutor::new()).build(Connector::new()))
}

/// The sha256 of the file at `path`.
fn sha256_of(path: &Path) -> std::io::Result<[u8; 32]> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; modelmint_hash::READ_BUFFER_SIZE];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(hasher.finalize().into());
        }
        hasher.update(&buffer[..read]);
    }
}

async fn sha256_in_background(path: PathBuf) -> Result<[u8; 32], FetchError> {
    let for_error = path.clone();
    tokio::task::spawn_blocking(move || sha256_of(&path))
        .await
        .map_err(|error| FetchError::Local {
            path: for_error.clone(),
            error: std::io::Error::other(error),
        })?
        .map_err(local(&for_error))
}

fn bar(total: u64, show: bool) -> ProgressBar {
    let target = if show { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    if let Ok(style) = ProgressStyle::with_template(
        "{wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Signs in to the server at `url` for `model` as `key` (what [`fetch`]
/// does first); returns the session's token.
///
/// # Errors
/// [`FetchError`]: a bad URL, the server's refusal, a challenge for another
/// server or model.
pub async fn sign_in(url: &str, model: ModelId, key: &Keypair) -> Result<String, FetchError> {
    let (base, authority) = parse_url(url)?;
    let mut session =
        Session { http: http_client()?, base, authority, model, token: String::new() };
    session.sign_in(key).await?;
    Ok(session.token)
}

/// Signs in as `key`, downloads the model into `options.out` and verifies it.
///
/// # Errors
/// [`FetchError`]: the server's refusal, a manifest or bytes that are not the
/// chain's, a local file that cannot be written. A file whose bytes are wrong
/// is deleted, and the files this run verified go back to the partial
/// directory.
pub async fn fetch(options: &FetchOptions, key: &Keypair) -> Result<Fetched, FetchError> {
    let (base, authority) = parse_url(&options.url)?;
    let mut session = Session {
        http: http_client()?,
        base,
        authority,
        model: options.model,
        token: String::new(),
    };
    session.sign_in(key).await?;
    let request = session
        .get("manifest")
        .body(Full::default())
        .map_err(|error| FetchError::Url(error.to_string()))?;
    let body = Session::body(session.send(request).await?).await?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| FetchError::Protocol("the manifest is not UTF-8".into()))?;
    let manifest = Manifest::from_json(text)
        .map_err(|error| FetchError::Protocol(format!("manifest: {error}")))?;
    if manifest.root() != options.on_chain_root {
        return Err(FetchError::WrongManifest {
            served: manifest.root_hex(),
            on_chain: hex::encode(options.on_chain_root),
        });
    }
    let bar = bar(manifest.total_size(), options.progress);
    let mut fetched = Fetched { manifest: manifest.clone(), downloaded: 0, reused: 0 };
    // The files this run gave their final names: if a later one fails, they
    // go back to the partial directory (complete, so the next run only
    // verifies them), and a failed fetch leaves no file of its own under a
    // final name.
    let mut renamed = Vec::new();
    for entry in manifest.entries() {
        match fetch_file(&mut session, key, entry, options, &bar, &mut fetched).await {
            Ok(Some(moved)) => renamed.push(moved),
            Ok(None) => {}
            Err(error) => {
                bar.finish_and_clear();
                for (target, partial) in renamed {
                    let _ = std::fs::rename(target, partial);
                }
                return Err(error);
            }
        }
    }
    bar.finish_and_clear();
    // Every file is the manifest's, whose root is the chain's: recomputed
    // from the bytes on disk once more, as the last word.
    let entries: Vec<Entry> = manifest.entries().to_vec();
    let recomputed =
        Manifest::from_entries(entries).map_err(|error| FetchError::Protocol(error.to_string()))?;
    if recomputed.root() != options.on_chain_root {
        return Err(FetchError::WrongManifest {
            served: recomputed.root_hex(),
            on_chain: hex::encode(options.on_chain_root),
        });
    }
    remove_empty_dirs(&options.out.join(PARTIAL_DIR));
    Ok(fetched)
}

/// Removes the directories under `dir`, and `dir`, that hold no file (what
/// the partial downloads left once each was renamed).
fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                remove_empty_dirs(&entry.path());
            }
        }
    }
    // Fails, as it should, while a file is left.
    let _ = std::fs::remove_dir(dir);
}

/// One file: skipped if its final file is verified already, else resumed
/// or downloaded into the partial directory, verified, renamed; returns the
/// (final, partial) paths of a file it renamed.
async fn fetch_file(
    session: &mut Session,
    key: &Keypair,
    entry: &Entry,
    options: &FetchOptions,
    bar: &ProgressBar,
    fetched: &mut Fetched,
) -> Result<Option<(PathBuf, PathBuf)>, FetchError> {
    let target = options.out.join(&entry.path);
    let partial = options.out.join(PARTIAL_DIR).join(&entry.path);
    let final_ok = std::fs::metadata(&target).is_ok_and(|meta| meta.len() == entry.size)
        && sha256_in_background(target.clone()).await? == entry.sha256;
    if final_ok {
        bar.inc(entry.size);
        fetched.reused += entry.size;
        return Ok(None);
    }
    if let Some(parent) = partial.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(local(parent))?;
    }
    let mut have = std::fs::metadata(&partial).map_or(0, |meta| meta.len());
    if have > entry.size {
        have = 0;
    }
    bar.set_message(entry.path.clone());
    // An empty file is "downloaded" too, so that it exists.
    if have < entry.size || !partial.exists() {
        let base = bar.position();
        let mut received = 0;
        // A connection that breaks (or a session that ends: a token lasts
        // 15 minutes) costs a new sign-in and a resume, twice at most.
        let mut attempts = 0;
        loop {
            match download(session, key, entry, &partial, have, (bar, base)).await {
                Ok(more) => {
                    received += more;
                    break;
                }
                Err(FetchError::Transport(_)) if attempts < 2 => {
                    attempts += 1;
                    let now = std::fs::metadata(&partial).map_or(0, |meta| meta.len());
                    received += now.saturating_sub(have);
                    have = now.min(entry.size);
                    session.sign_in(key).await?;
                }
                Err(error) => return Err(error),
            }
        }
        fetched.downloaded += received;
        fetched.reused += entry.size.saturating_sub(received);
    } else {
        bar.inc(entry.size);
        fetched.reused += entry.size;
    }
    let got = sha256_in_background(partial.clone()).await?;
    if got != entry.sha256 {
        let _ = std::fs::remove_file(&partial);
        return Err(FetchError::WrongBytes {
            path: entry.path.clone(),
            got: hex::encode(got),
            expected: entry.sha256_hex(),
        });
    }
    if let Some(parent) = target.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(local(parent))?;
    }
    tokio::fs::rename(&partial, &target).await.map_err(local(&target))?;
    Ok(Some((target, partial)))
}

/// Appends the rest of `entry` (from byte `have`) to `partial`; returns the
/// bytes received. A token that expired is renewed by signing in again, once.
/// The bar stood at `base` when the file began.
async fn download(
    session: &mut Session,
    key: &Keypair,
    entry: &Entry,
    partial: &Path,
    have: u64,
    (bar, base): (&ProgressBar, u64),
) -> Result<u64, FetchError> {
    let path: Vec<String> = entry
        .path
        .split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect();
    let rest = format!("files/{}", path.join("/"));
    let request = |session: &Session| {
        let builder = session.get(&rest);
        let builder = if have > 0 {
            builder.header(header::RANGE, format!("bytes={have}-"))
        } else {
            builder
        };
        builder.body(Full::default()).map_err(|error| FetchError::Url(error.to_string()))
    };
    let response = match session.send(request(session)?).await {
        Err(FetchError::Refused { status: 401, .. }) => {
            session.sign_in(key).await?;
            session.send(request(session)?).await?
        }
        other => other?,
    };
    // A 200 to a range request is the whole file: start again from 0.
    let start = if response.status() == StatusCode::PARTIAL_CONTENT { have } else { 0 };
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(start == 0)
        .append(start > 0)
        .open(partial)
        .await
        .map_err(local(partial))?;
    // What was there already counts as done on the bar.
    bar.set_position(base + start);
    let mut body = response.into_body();
    let mut received = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| {
            FetchError::Transport(format!(
                "{} broke off after {received} bytes: {error}",
                entry.path
            ))
        })?;
        if let Ok(data) = frame.into_data() {
            file.write_all(&data).await.map_err(local(partial))?;
            received += data.len() as u64;
            bar.inc(data.len() as u64);
        }
    }
    file.flush().await.map_err(local(partial))?;
    Ok(received)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_http_with_an_optional_prefix() {
        assert_eq!(
            parse_url("http://127.0.0.1:18000").unwrap(),
            ("http://127.0.0.1:18000".into(), "127.0.0.1:18000".into())
        );
        assert_eq!(
            parse_url("http://models.example/delivery/").unwrap(),
            ("http://models.example/delivery".into(), "models.example".into())
        );
        assert_eq!(
            parse_url("https://models.example/").unwrap(),
            ("https://models.example".into(), "models.example".into())
        );
        for bad in ["ftp://x", "127.0.0.1:18000", "http://u:p@host", "http://host/?q", "not a url"]
        {
            assert!(matches!(parse_url(bad), Err(FetchError::Url(_))), "{bad}");
        }
    }
}
