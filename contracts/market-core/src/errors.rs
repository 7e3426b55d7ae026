//! Errors of the market: [`MarketError`] from `modelmint_common`, shared with
//! every caller of the market's traits, and a `Result` alias.

pub use modelmint_common::market::MarketError;

/// Market results.
pub type Result<T> = core::result::Result<T, MarketError>;
