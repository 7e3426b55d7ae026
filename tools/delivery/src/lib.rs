//! Licensed delivery of ModelMint models: the weights go only to accounts
//! that hold a valid license on chain, and arrive verified.
//!
//! - [`protocol`]: sign-in by the account's own sr25519 key. The server
//!   issues a [`protocol::Challenge`] (server name, model, nonce, expiry); the
//!   client signs its text, raw (`modelmint fetch`) or wrapped in
//!   `<Bytes>…</Bytes>` (a browser wallet's `signRaw`); the server verifies it,
//!   asks the chain (a [`LicenseOracle`]) and opens a short-lived session whose
//!   token is bound to the account and the model and never outlives the
//!   license. A nonce works once; a session is checked against the chain again
//!   at least every [`protocol::GateConfig::recheck_ms`].
//! - [`content`]: the served directory, checked at start against the model's
//!   content root with `modelmint-hash`'s own code; the only files a request
//!   can reach are the manifest's.
//! - [`range`]: HTTP `Range` (one range, or none).
//! - [`server`]: the HTTP server (hyper 1, tokio); [`refusal`]: its
//!   refusals, each a sentence with its status, and its JSON-lines access log.
//! - [`cors`]: which web apps on other origins may call the server from a
//!   browser.
//! - [`report`]: the benchmark's figures as BENCHMARKS.md shows them.
//! - [`client`]: `modelmint fetch`'s side: sign in, download with resume,
//!   verify every sha256 and the root before a file gets its final name.

pub mod client;
pub mod content;
pub mod cors;
mod net;
pub mod protocol;
pub mod range;
pub mod refusal;
pub mod report;
pub mod server;
pub mod tls;

use blake2::{Blake2b512, Digest};
use std::fmt;
use std::future::Future;

/// A model's id in the registry (the contracts' `ModelId`).
pub type ModelId = u64;

/// An account: its 32-byte sr25519 public key (a Substrate `AccountId32`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Account(pub [u8; 32]);

/// The generic Substrate SS58 prefix, which the command line prints too.
const SS58_PREFIX: u8 = 42;

fn ss58_checksum(data: &[u8]) -> [u8; 2] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"SS58PRE");
    hasher.update(data);
    let hash = hasher.finalize();
    [hash[0], hash[1]]
}

impl Account {
    /// The account in SS58 with the generic prefix (42).
    pub fn ss58(&self) -> String {
        let mut data = Vec::with_capacity(35);
        data.push(SS58_PREFIX);
        data.extend_from_slice(&self.0);
        let checksum = ss58_checksum(&data);
        data.extend_from_slice(&checksum);
        bs58::encode(data).into_string()
    }

    /// An account written in SS58 (any one-byte prefix) or as `0x` and 64
    /// hex digits; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(hex_digits) = text.strip_prefix("0x") {
            return hex::decode(hex_digits).ok()?.try_into().ok().map(Self);
        }
        let data = bs58::decode(text).into_vec().ok()?;
        // One prefix byte (prefixes below 64), the key, two checksum bytes.
        if data.len() != 35 || data[0] >= 64 || ss58_checksum(&data[..33]) != data[33..] {
            return None;
        }
        data[1..33].try_into().ok().map(Self)
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ss58())
    }
}

/// What the chain says of an account's licenses on a model, for the uses a
/// server delivers for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    /// A license valid now permits one of the server's uses; the latest such
    /// license expires at `expires_at_ms` (block-timestamp milliseconds;
    /// `None`: perpetual).
    Licensed {
        /// When the license stops being valid, `None` if never.
        expires_at_ms: Option<u64>,
    },
    /// A license valid now, but for none of the server's uses.
    OtherUses,
    /// No valid license (none, expired, transferred away or voided).
    Unlicensed,
}

/// Why the chain could not be asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleError(pub String);

impl fmt::Display for OracleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OracleError {}

/// Where a server learns whether an account may download a model: the
/// command line asks the market (`LicenseCheck::is_licensed`, a dry run at the
/// best block); tests answer from a table.
pub trait LicenseOracle: Send + Sync + 'static {
    /// Whether `account` holds a license on `model` for the uses the server
    /// delivers for.
    fn check(
        &self,
        model: ModelId,
        account: Account,
    ) -> impl Future<Output = Result<Grant, OracleError>> + Send;
}

/// Milliseconds since 1970 by this machine's clock.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_read_and_write_ss58_and_hex() {
        // Alice's well-known dev account.
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        let account = Account::parse(alice).unwrap();
        assert_eq!(account.ss58(), alice);
        assert_eq!(Account::parse(&format!("0x{}", hex::encode(account.0))), Some(account));
        for bad in
            ["", "0x00", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ", "not an account"]
        {
            assert_eq!(Account::parse(bad), None, "{bad}");
        }
    }
}
