//! Errors of the inference gateway.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use modelmint_common::admin::AdminError;
use modelmint_common::market::MarketError;
use modelmint_common::{Balance, ModelId};

/// Why the gateway refused a request. Every refusal leaves storage untouched
/// and moves no funds (a payable call that fails is reverted with its payment).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GatewayError {
    /// The operator has set no fee for `model`: the gateway does not serve it.
    ModelNotServed { model: ModelId },
    /// A request must carry exactly the model's fee: `required`, not `paid`.
    WrongFee { required: Balance, paid: Balance },
    /// The caller holds no license on `model` that is valid now, not voided,
    /// and permits commercial inference.
    NotLicensed { model: ModelId },
    /// The market could not be called (not wired, it trapped, or it is not a
    /// market).
    MarketUnavailable,
    /// The market refused the fee.
    Market(MarketError),
    /// The request counter would overflow.
    Overflow,
    /// An administrative check failed, or the gateway is paused.
    Admin(AdminError),
}

impl From<AdminError> for GatewayError {
    fn from(error: AdminError) -> Self {
        Self::Admin(error)
    }
}

/// Gateway error results.
pub type Result<T> = core::result::Result<T, GatewayError>;
