//! Sign-in by an account's own sr25519 key, and the sessions it opens.
//!
//! 1. `GET /v1/models/{model}/challenge` returns a [`Challenge`]: this
//!    server's name, the model, a random nonce and an expiry.
//! 2. The client signs [`Challenge::message`] with the account's key (the
//!    Substrate signing context, as every Substrate wallet does) and posts a
//!    [`SignIn`]. A browser wallet's `signRaw` signs `<Bytes>message</Bytes>`;
//!    both forms verify.
//! 3. The server checks the text is a challenge it issued for itself and this
//!    model, not expired, that the signature is the account's, and then
//!    consumes the nonce (a nonce works once). It asks the chain, and opens a
//!    [`Session`]: a random token bound to the account and the model that
//!    expires after [`GateConfig::token_ttl_ms`] or when the license does,
//!    whichever is first.
//! 4. Every request carries the token; a session last checked against the
//!    chain more than [`GateConfig::recheck_ms`] ago is checked again before
//!    anything more is served, so an expired, voided or transferred license
//!    stops downloads within that delay (plus the chain's block time).

use crate::{Account, ModelId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use subxt_signer::sr25519;

/// The first line of every challenge: what the signed text is for.
pub const PROTOCOL: &str = "modelmint-delivery-v1";

/// How long a challenge may be answered.
pub const CHALLENGE_TTL_MS: u64 = 120_000;

/// A challenge the server issues and the client signs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// The server's name (its public host and port): a signature for one
    /// server opens nothing on another.
    pub server: String,
    /// The model the sign-in is for.
    pub model: ModelId,
    /// 32 hex digits, random, used once.
    pub nonce: String,
    /// Milliseconds since 1970 after which the challenge is refused.
    pub expires_at_ms: u64,
}

impl Challenge {
    /// The exact text that is signed.
    pub fn message(&self) -> String {
        let Self { server, model, nonce, expires_at_ms } = self;
        format!(
            "{PROTOCOL}\nSign in to download model {model} from {server}.\nserver: {server}\nmodel: {model}\nnonce: {nonce}\nexpires: {expires_at_ms}\n"
        )
    }

    /// Reads a challenge back from its text; only the exact text
    /// [`Challenge::message`] writes is accepted.
    ///
    /// # Errors
    /// [`AuthError::Malformed`].
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        let malformed =
            || AuthError::Malformed("the signed text is not a sign-in challenge".into());
        let mut lines = text.lines();
        if lines.next() != Some(PROTOCOL) {
            return Err(malformed());
        }
        lines.next().ok_or_else(malformed)?;
        let mut field = |name: &str| {
            lines
                .next()
                .and_then(|line| line.strip_prefix(name))
                .and_then(|rest| rest.strip_prefix(": "))
                .map(str::to_owned)
                .ok_or_else(malformed)
        };
        let server = field("server")?;
        let model = field("model")?.parse().map_err(|_| malformed())?;
        let nonce = field("nonce")?;
        let expires_at_ms = field("expires")?.parse().map_err(|_| malformed())?;
        let challenge = Self { server, model, nonce, expires_at_ms };
        if challenge.message() != text {
            return Err(malformed());
        }
        Ok(challenge)
    }
}

/// What a browser wallet's `signRaw` signs for `message` (polkadot.js
/// extensions wrap the bytes so that a signature can never be a transaction's).
pub fn wrapped(message: &[u8]) -> Vec<u8> {
    [b"<Bytes>".as_slice(), message, b"</Bytes>".as_slice()].concat()
}

/// Whether `signature` is `account`'s sr25519 signature of `message`, raw or
/// wrapped as [`wrapped`]. Takes 64 bytes, or 65 with the `MultiSignature`
/// sr25519 tag (1) in front.
pub fn verify(account: &Account, message: &[u8], signature: &[u8]) -> bool {
    let bytes = match signature {
        [1, rest @ ..] if rest.len() == 64 => rest,
        _ => signature,
    };
    let Ok(bytes) = <[u8; 64]>::try_from(bytes) else {
        return false;
    };
    let (signature, public) = (sr25519::Signature(bytes), sr25519::PublicKey(account.0));
    sr25519::verify(&signature, message, &public)
        || sr25519::verify(&signature, wrapped(message), &public)
}

/// A signed challenge, as the client posts it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignIn {
    /// SS58, or `0x` and 64 hex digits.
    pub account: String,
    /// The challenge's text, exactly.
    pub message: String,
    /// `0x` and the signature's hex.
    pub signature: String,
}

/// What a successful sign-in returns.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionGrant {
    /// The bearer token (`Authorization: Bearer …`).
    pub token: String,
    /// When the token stops working (milliseconds since 1970).
    pub expires_at_ms: u64,
    /// The longest the server goes without asking the chain again.
    pub recheck_ms: u64,
}

/// A refusal of a sign-in or of a token, with its HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The request is not a sign-in (400).
    Malformed(String),
    /// The account is not an SS58 address or a 32-byte hex key (400).
    BadAccount,
    /// The challenge names another server (401).
    WrongServer { named: String, this: String },
    /// The challenge names another model (401).
    ChallengeForOtherModel { named: ModelId, this: ModelId },
    /// The challenge expired before it was answered (401).
    ChallengeExpired,
    /// The signature is not the account's (401).
    BadSignature,
    /// The nonce was used already or never issued (401).
    NonceUsed,
    /// No token, or one this server never issued or already closed (401).
    UnknownToken,
    /// The token's time is over (401): sign in again.
    TokenExpired,
    /// The token is for another model (403).
    TokenForOtherModel { token_model: ModelId, asked: ModelId },
    /// Too many open challenges or sessions (503).
    Busy,
}

impl AuthError {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> u16 {
        match self {
            Self::Malformed(_) | Self::BadAccount => 400,
            Self::TokenForOtherModel { .. } => 403,
            Self::Busy => 503,
            _ => 401,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "{why}"),
            Self::BadAccount => {
                write!(f, "the account is not an SS58 address or 0x and 64 hex digits")
            }
            Self::WrongServer { named, this } => write!(
                f,
                "the signed challenge is for the server {named}, not this one ({this}): ask this server for a challenge"
            ),
            Self::ChallengeForOtherModel { named, this } => {
                write!(f, "the signed challenge is for model {named}, not model {this}")
            }
            Self::ChallengeExpired => {
                write!(f, "the challenge expired before it was signed and sent: ask for a new one")
            }
            Self::BadSignature => write!(
                f,
                "the signature is not the account's signature of this challenge (raw or wrapped in <Bytes>)"
            ),
            Self::NonceUsed => write!(
                f,
                "this challenge's nonce was used already or never issued: a signed challenge signs in once"
            ),
            Self::UnknownToken => write!(
                f,
                "sign in first: this request carries no token this server issued (Authorization: Bearer …)"
            ),
            Self::TokenExpired => write!(f, "the session's token expired: sign in again"),
            Self::TokenForOtherModel { token_model, asked } => write!(
                f,
                "this token was issued for model {token_model} and opens nothing of model {asked}"
            ),
            Self::Busy => write!(f, "the server has too many open sign-ins: try again shortly"),
        }
    }
}

impl std::error::Error for AuthError {}

/// The settings of a [`Gate`].
#[derive(Clone, Debug)]
pub struct GateConfig {
    /// This server's name, as challenges name it.
    pub server: String,
    /// The longest a token lasts (it is shorter when the license ends sooner).
    pub token_ttl_ms: u64,
    /// The longest a session goes without a new check on chain.
    pub recheck_ms: u64,
    /// The most unanswered challenges held at once.
    pub max_pending: usize,
    /// The most open sessions held at once.
    pub max_sessions: usize,
}

impl GateConfig {
    /// Defaults for a server named `server`: tokens of 15 minutes, a check on
    /// chain at least every 30 seconds.
    pub fn new(server: impl Into<String>) -> Self {
        Self {
            server: server.into(),
            token_ttl_ms: 15 * 60 * 1000,
            recheck_ms: 30_000,
            max_pending: 10_000,
            max_sessions: 10_000,
        }
    }
}

/// An open session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// The signed-in account.
    pub account: Account,
    /// The model the token opens.
    pub model: ModelId,
    /// When the token stops working (milliseconds since 1970).
    pub expires_at_ms: u64,
    /// When the chain last said the account is licensed.
    pub checked_at_ms: u64,
}

/// The challenges and sessions of a server: every rule of the sign-in, with
/// the time passed in so that tests can set the clock.
#[derive(Debug)]
pub struct Gate {
    config: GateConfig,
    /// Nonce → (model, expiry) of each challenge not answered yet.
    pending: Mutex<HashMap<String, (ModelId, u64)>>,
    /// Token → session.
    sessions: Mutex<HashMap<String, Session>>,
}

/// 16 random bytes in hex.
fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    // The OS's generator failing is not something a server can serve around.
    getrandom::getrandom(&mut bytes).expect("the operating system's random generator failed");
    hex::encode(bytes)
}

impl Gate {
    /// A gate with no challenge or session yet.
    pub fn new(config: GateConfig) -> Self {
        Self { config, pending: Mutex::default(), sessions: Mutex::default() }
    }

    /// Its settings.
    pub fn config(&self) -> &GateConfig {
        &self.config
    }

    /// A new challenge for `model`.
    ///
    /// # Errors
    /// [`AuthError::Busy`] if too many challenges are open.
    pub fn challenge(&self, model: ModelId, now_ms: u64) -> Result<Challenge, AuthError> {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if pending.len() >= self.config.max_pending {
            pending.retain(|_, (_, expires)| *expires >= now_ms);
            if pending.len() >= self.config.max_pending {
                return Err(AuthError::Busy);
            }
        }
        let challenge = Challenge {
            server: self.config.server.clone(),
            model,
            nonce: random_hex(),
            expires_at_ms: now_ms.saturating_add(CHALLENGE_TTL_MS),
        };
        pending.insert(challenge.nonce.clone(), (model, challenge.expires_at_ms));
        Ok(challenge)
    }

    /// Checks a signed challenge for `model` and consumes its nonce; returns
    /// the account that signed it. The nonce is consumed only by a valid
    /// signature, so nobody can spend another client's challenge.
    ///
    /// # Errors
    /// [`AuthError`]: malformed, another server or model, expired, a bad
    /// signature, a used nonce.
    pub fn verify_sign_in(
        &self,
        model: ModelId,
        sign_in: &SignIn,
        now_ms: u64,
    ) -> Result<Account, AuthError> {
        let account = Account::parse(&sign_in.account).ok_or(AuthError::BadAccount)?;
        let challenge = Challenge::parse(&sign_in.message)?;
        if challenge.server != self.config.server {
            return Err(AuthError::WrongServer {
                named: challenge.server,
                this: self.config.server.clone(),
            });
        }
        if challenge.model != model {
            return Err(AuthError::ChallengeForOtherModel { named: challenge.model, this: model });
        }
        if challenge.expires_at_ms < now_ms {
            return Err(AuthError::ChallengeExpired);
        }
        let signature = sign_in
            .signature
            .strip_prefix("0x")
            .and_then(|digits| hex::decode(digits).ok())
            .ok_or_else(|| AuthError::Malformed("the signature is not 0x and hex digits".into()))?;
        if !verify(&account, sign_in.message.as_bytes(), &signature) {
            return Err(AuthError::BadSignature);
        }
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match pending.remove(&challenge.nonce) {
            Some((issued_for, _)) if issued_for == model => Ok(account),
            _ => Err(AuthError::NonceUsed),
        }
    }

    /// Opens a session for `account` on `model` whose license ends at
    /// `license_ends_ms` (`None`: never). The token lasts
    /// [`GateConfig::token_ttl_ms`] or until the license ends, whichever is
    /// first; `None` if the license has ended by this machine's clock (the
    /// chain's clock only moves with its blocks, so it may not know yet).
    ///
    /// # Errors
    /// [`AuthError::Busy`] if too many sessions are open.
    pub fn open(
        &self,
        account: Account,
        model: ModelId,
        license_ends_ms: Option<u64>,
        now_ms: u64,
    ) -> Result<Option<(String, Session)>, AuthError> {
        let mut expires_at_ms = now_ms.saturating_add(self.config.token_ttl_ms);
        if let Some(ends) = license_ends_ms {
            if ends <= now_ms {
                return Ok(None);
            }
            expires_at_ms = expires_at_ms.min(ends);
        }
        let mut sessions = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if sessions.len() >= self.config.max_sessions {
            sessions.retain(|_, session| session.expires_at_ms > now_ms);
            if sessions.len() >= self.config.max_sessions {
                return Err(AuthError::Busy);
            }
        }
        let session = Session { account, model, expires_at_ms, checked_at_ms: now_ms };
        let token = format!("{}{}", random_hex(), random_hex());
        sessions.insert(token.clone(), session);
        Ok(Some((token, session)))
    }

    /// The session `token` opens on `model`.
    ///
    /// # Errors
    /// [`AuthError::UnknownToken`], [`AuthError::TokenExpired`],
    /// [`AuthError::TokenForOtherModel`].
    pub fn session(&self, token: &str, model: ModelId, now_ms: u64) -> Result<Session, AuthError> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let session = *sessions.get(token).ok_or(AuthError::UnknownToken)?;
        if session.expires_at_ms <= now_ms {
            sessions.remove(token);
            return Err(AuthError::TokenExpired);
        }
        if session.model != model {
            return Err(AuthError::TokenForOtherModel { token_model: session.model, asked: model });
        }
        Ok(session)
    }

    /// Whether `session` must be checked on chain before it serves more.
    pub fn needs_recheck(&self, session: &Session, now_ms: u64) -> bool {
        now_ms.saturating_sub(session.checked_at_ms) >= self.config.recheck_ms
    }

    /// Records a new check of `token`'s session: still licensed until
    /// `license_ends_ms`, or (`licensed` false) closed for good.
    pub fn rechecked(
        &self,
        token: &str,
        licensed: bool,
        license_ends_ms: Option<u64>,
        now_ms: u64,
    ) -> Option<Session> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !licensed || license_ends_ms.is_some_and(|ends| ends <= now_ms) {
            sessions.remove(token);
            return None;
        }
        let session = sessions.get_mut(token)?;
        session.checked_at_ms = now_ms;
        if let Some(ends) = license_ends_ms {
            session.expires_at_ms = session.expires_at_ms.min(ends);
        }
        Some(*session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subxt_signer::sr25519::dev;

    const NOW: u64 = 1_800_000_000_000;

    fn gate() -> Gate {
        Gate::new(GateConfig::new("models.example:443"))
    }

    fn signed(gate: &Gate, key: &sr25519::Keypair, model: ModelId, wrap: bool) -> SignIn {
        let message = gate.challenge(model, NOW).unwrap().message();
        let bytes = if wrap { wrapped(message.as_bytes()) } else { message.clone().into_bytes() };
        SignIn {
            account: format!("0x{}", hex::encode(key.public_key().0)),
            message,
            signature: format!("0x{}", hex::encode(key.sign(&bytes).0)),
        }
    }

    fn alice() -> Account {
        Account(dev::alice().public_key().0)
    }

    #[test]
    fn a_signed_challenge_signs_in_raw_or_wrapped_as_a_wallet_signs() {
        let gate = gate();
        for wrap in [false, true] {
            let sign_in = signed(&gate, &dev::alice(), 7, wrap);
            assert_eq!(gate.verify_sign_in(7, &sign_in, NOW + 1), Ok(alice()));
        }
    }

    #[test]
    fn a_forged_signature_is_refused_and_leaves_the_nonce_to_its_owner() {
        let gate = gate();
        let mut sign_in = signed(&gate, &dev::bob(), 7, false);
        // Bob signed; the request claims Alice.
        let genuine_bob = sign_in.account.clone();
        sign_in.account = format!("0x{}", hex::encode(alice().0));
        assert_eq!(gate.verify_sign_in(7, &sign_in, NOW), Err(AuthError::BadSignature));
        assert_eq!(AuthError::BadSignature.status(), 401);
        // A signature of other bytes, and garbage, are refused too.
        let mut other = signed(&gate, &dev::alice(), 7, false);
        other.signature = format!("0x{}", hex::encode(dev::alice().sign(b"other").0));
        assert_eq!(gate.verify_sign_in(7, &other, NOW), Err(AuthError::BadSignature));
        other.signature = "0x1234".into();
        assert_eq!(gate.verify_sign_in(7, &other, NOW), Err(AuthError::BadSignature));
        // The nonce is still Bob's to use.
        sign_in.account = genuine_bob;
        assert!(gate.verify_sign_in(7, &sign_in, NOW).is_ok());
    }

    #[test]
    fn a_nonce_signs_in_once() {
        let gate = gate();
        let sign_in = signed(&gate, &dev::alice(), 7, false);
        assert!(gate.verify_sign_in(7, &sign_in, NOW).is_ok());
        assert_eq!(gate.verify_sign_in(7, &sign_in, NOW), Err(AuthError::NonceUsed));
        // A challenge the server never issued, however well signed.
        let forged = Challenge {
            server: "models.example:443".into(),
            model: 7,
            nonce: "00".repeat(16),
            expires_at_ms: NOW + 1000,
        };
        let message = forged.message();
        let sign_in = SignIn {
            message: message.clone(),
            signature: format!("0x{}", hex::encode(dev::alice().sign(message.as_bytes()).0)),
            ..sign_in
        };
        assert_eq!(gate.verify_sign_in(7, &sign_in, NOW), Err(AuthError::NonceUsed));
    }

    #[test]
    fn a_challenge_for_another_server_or_model_or_too_late_is_refused() {
        let gate = gate();
        let sign_in = signed(&gate, &dev::alice(), 7, false);
        assert!(matches!(
            gate.verify_sign_in(8, &sign_in, NOW),
            Err(AuthError::ChallengeForOtherModel { named: 7, this: 8 })
        ));
        assert_eq!(
            gate.verify_sign_in(7, &sign_in, NOW + CHALLENGE_TTL_MS + 1),
            Err(AuthError::ChallengeExpired)
        );
        let elsewhere = Gate::new(GateConfig::new("mirror.example:443"));
        assert!(matches!(
            elsewhere.verify_sign_in(7, &sign_in, NOW),
            Err(AuthError::WrongServer { .. })
        ));
        // Still valid here: none of the refusals consumed it.
        assert!(gate.verify_sign_in(7, &sign_in, NOW).is_ok());
    }

    #[test]
    fn only_the_exact_challenge_text_parses() {
        let challenge = gate().challenge(7, NOW).unwrap();
        assert_eq!(Challenge::parse(&challenge.message()), Ok(challenge.clone()));
        let text = challenge.message();
        for bad in [
            text.replace("server: ", "server:  "),
            text.replace(PROTOCOL, "modelmint-delivery-v0"),
            format!("{text}extra\n"),
            text.trim_end().to_string(),
            String::new(),
        ] {
            assert!(matches!(Challenge::parse(&bad), Err(AuthError::Malformed(_))), "{bad:?}");
        }
    }

    #[test]
    fn a_token_opens_its_model_only_and_never_outlives_the_license() {
        let gate = gate();
        let (token, session) = gate.open(alice(), 7, Some(NOW + 60_000), NOW).unwrap().unwrap();
        assert_eq!(session.expires_at_ms, NOW + 60_000, "capped by the license");
        assert_eq!(gate.session(&token, 7, NOW + 1), Ok(session));
        let other = gate.session(&token, 8, NOW + 1).unwrap_err();
        assert_eq!(other, AuthError::TokenForOtherModel { token_model: 7, asked: 8 });
        assert_eq!(other.status(), 403);
        assert_eq!(gate.session(&token, 7, NOW + 60_000), Err(AuthError::TokenExpired));
        assert_eq!(gate.session(&token, 7, NOW + 1), Err(AuthError::UnknownToken), "closed");
        assert_eq!(gate.session("guess", 7, NOW), Err(AuthError::UnknownToken));
        // A perpetual license: the token's own lifetime.
        let (_, session) = gate.open(alice(), 7, None, NOW).unwrap().unwrap();
        assert_eq!(session.expires_at_ms, NOW + gate.config().token_ttl_ms);
        // A license that ended by this clock opens nothing.
        assert_eq!(gate.open(alice(), 7, Some(NOW), NOW), Ok(None));
    }

    #[test]
    fn a_session_is_checked_again_and_closed_when_the_license_goes() {
        let gate = gate();
        let recheck = gate.config().recheck_ms;
        let (token, session) = gate.open(alice(), 7, None, NOW).unwrap().unwrap();
        assert!(!gate.needs_recheck(&session, NOW + recheck - 1));
        assert!(gate.needs_recheck(&session, NOW + recheck));
        let later = gate.rechecked(&token, true, Some(NOW + 2 * recheck), NOW + recheck).unwrap();
        assert_eq!(later.checked_at_ms, NOW + recheck);
        assert_eq!(later.expires_at_ms, NOW + 2 * recheck);
        assert_eq!(gate.rechecked(&token, false, None, NOW + recheck), None);
        assert_eq!(gate.session(&token, 7, NOW + recheck), Err(AuthError::UnknownToken));
    }

    #[test]
    fn open_challenges_are_bounded() {
        let gate = Gate::new(GateConfig { max_pending: 2, ..GateConfig::new("s") });
        gate.challenge(7, NOW).unwrap();
        gate.challenge(7, NOW).unwrap();
        assert_eq!(gate.challenge(7, NOW), Err(AuthError::Busy));
        // Expired ones make room.
        assert!(gate.challenge(7, NOW + CHALLENGE_TTL_MS + 1).is_ok());
    }
}
