//! What the server refuses, each refusal a sentence with its HTTP status, and
//! the access log that records every answer.

use crate::content::PathRefusal;
use crate::protocol::AuthError;
use crate::range::RangeError;
use crate::{Account, ModelId};
use serde::Serialize;
use std::fmt;
use std::io::Write;
use std::sync::Mutex;

/// A request the server does not serve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A sign-in or token refusal.
    Auth(AuthError),
    /// A path that is not a file of the model.
    Path(PathRefusal),
    /// A `Range` this server does not serve.
    Range(RangeError),
    /// The account holds no valid license on the model (403).
    Unlicensed { account: Account, model: ModelId },
    /// The account's license is for none of the uses this server delivers
    /// for (403).
    OtherUses { account: Account, model: ModelId, uses: String },
    /// The license ended by this server's clock (403).
    LicenseEnded { account: Account, model: ModelId },
    /// The chain could not be asked (503).
    Chain(String),
    /// Too many downloads of this account at once (429).
    TooMany { account: Account, max: usize },
    /// No such route or model (404).
    NotFound(String),
    /// A method the route does not take (405).
    Method,
    /// A preflight from a page of an origin the server does not allow (403).
    Origin(String),
    /// A sign-in body over the limit (413).
    TooLarge,
    /// The served file could not be read (500).
    Unreadable(String),
}

impl Refusal {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::Auth(error) => error.status(),
            Self::Path(refusal) => refusal.status(),
            Self::Range(_) => 416,
            Self::Unlicensed { .. } | Self::OtherUses { .. } | Self::LicenseEnded { .. } => 403,
            Self::Chain(_) => 503,
            Self::TooMany { .. } => 429,
            Self::NotFound(_) => 404,
            Self::Method => 405,
            Self::Origin(_) => 403,
            Self::TooLarge => 413,
            Self::Unreadable(_) => 500,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auth(error) => write!(f, "{error}"),
            Self::Path(refusal) => write!(f, "{refusal}"),
            Self::Range(error) => write!(f, "{error}"),
            Self::Unlicensed { account, model } => write!(
                f,
                "{account} holds no valid license on model {model} (none, expired, voided or transferred away); nothing was served"
            ),
            Self::OtherUses { account, model, uses } => write!(
                f,
                "{account}'s license on model {model} does not permit {uses}, which this server delivers for; nothing was served"
            ),
            Self::LicenseEnded { account, model } => write!(
                f,
                "{account}'s license on model {model} has expired; nothing was served"
            ),
            Self::Chain(why) => write!(
                f,
                "the server cannot ask the chain whether the account is licensed ({why}); try again later"
            ),
            Self::TooMany { account, max } => write!(
                f,
                "{account} already has {max} downloads running from this server: wait for one to end"
            ),
            Self::NotFound(what) => write!(f, "{what}"),
            Self::Method => write!(f, "this route does not take that method"),
            Self::Origin(sentence) => f.write_str(sentence),
            Self::TooLarge => write!(f, "the sign-in request is larger than a sign-in can be"),
            Self::Unreadable(why) => write!(f, "the server cannot read the file: {why}"),
        }
    }
}

impl From<AuthError> for Refusal {
    fn from(error: AuthError) -> Self {
        Self::Auth(error)
    }
}

impl From<PathRefusal> for Refusal {
    fn from(refusal: PathRefusal) -> Self {
        Self::Path(refusal)
    }
}

impl From<RangeError> for Refusal {
    fn from(error: RangeError) -> Self {
        Self::Range(error)
    }
}

/// One line of the access log.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Record {
    /// When the answer ended (milliseconds since 1970).
    pub time_ms: u64,
    /// The peer's address.
    pub peer: String,
    /// `challenge`, `session`, `manifest`, `file` or `other`.
    pub route: &'static str,
    /// The signed-in account (SS58), when known.
    pub account: Option<String>,
    /// The model, when the path names one.
    pub model: Option<ModelId>,
    /// The file, for `file`.
    pub file: Option<String>,
    /// The HTTP status sent.
    pub status: u16,
    /// Body bytes sent.
    pub bytes: u64,
    /// How long the answer took, in milliseconds.
    pub duration_ms: u64,
    /// `served`, `partial` (a range), `incomplete` (the peer left or the
    /// stream was stopped, with why) or the refusal's sentence.
    pub outcome: String,
}

/// The access log: one JSON object per line, written whole.
pub struct AccessLog {
    out: Mutex<Box<dyn Write + Send>>,
}

impl fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessLog")
    }
}

impl AccessLog {
    /// A log written to `out`.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Self { out: Mutex::new(out) }
    }

    /// Writes `record` as one line. A log that cannot be written does not
    /// stop the server (the answer has gone out already).
    pub fn write(&self, record: &Record) {
        let Ok(mut line) = serde_json::to_vec(record) else {
            return;
        };
        line.push(b'\n');
        let mut out = self.out.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = out.write_all(&line).and_then(|()| out.flush());
    }
}
