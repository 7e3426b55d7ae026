//! Events of the inference gateway. Ids and accounts are topics (the inference
//! server and indexers filter on them); amounts and hashes never are.

use ink::primitives::AccountId;
use modelmint_common::{Balance, ModelId};

/// A paid, licensed inference request. The off-chain inference server watches
/// these, runs the request whose sha256 is `request_hash` and answers `caller`
/// off-chain; `call_id` makes each request unique, so a replayed request body
/// is a new, separately paid call.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferenceRequested {
    /// Sequential id of the request, starting at 1.
    #[ink(topic)]
    pub call_id: u64,
    /// The model asked.
    #[ink(topic)]
    pub model: ModelId,
    /// The licensed caller who paid.
    #[ink(topic)]
    pub caller: AccountId,
    /// sha256 of the request body, which travels off-chain.
    pub request_hash: [u8; 32],
    /// The fee paid, credited at the market to the model's contributors.
    pub fee: Balance,
}

/// The operator set (or, with `None`, removed) a model's fee.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeSet {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The fee of one request; `None`: the model is no longer served.
    pub fee: Option<Balance>,
}

/// Every event the data layer asks the contract to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayEvent {
    InferenceRequested(InferenceRequested),
    FeeSet(FeeSet),
}
