//! Errors of the royalties contract: [`RoyaltyError`] from `modelmint_common`,
//! shared with every caller of the [`Royalties`](modelmint_common::royalties::Royalties)
//! trait, and a `Result` alias.

pub use modelmint_common::royalties::RoyaltyError;

/// Royalties error results.
pub type Result<T> = core::result::Result<T, RoyaltyError>;
