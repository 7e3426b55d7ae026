//! Events of the registry. PSP34's `Transfer`, `Approval` and `AttributeSet` come
//! from `modelmint_common::psp34` so that every PSP34 client decodes them.

use ink::prelude::string::String;
use ink::primitives::AccountId;
use modelmint_common::psp34::{Approval, Transfer};
use modelmint_common::{ModelHash, ModelId};

/// A model was registered and its token minted to `owner`. A PSP34 [`Transfer`]
/// with `from: None` accompanies it.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRegistered {
    /// The new model's id (its PSP34 token id is `Id::U64(model)`).
    #[ink(topic)]
    pub model: ModelId,
    /// The model's content hash.
    #[ink(topic)]
    pub hash: ModelHash,
    /// The registrant, who owns the new token.
    #[ink(topic)]
    pub owner: AccountId,
    /// The metadata URI (model card) stored with the model.
    pub uri: String,
}

/// Everything the registry's data layer can ask the contract to emit, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryEvent {
    ModelRegistered(ModelRegistered),
    Transfer(Transfer),
    Approval(Approval),
}
