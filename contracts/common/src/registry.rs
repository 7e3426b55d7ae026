//! What other contracts may ask the model registry.

use crate::{ModelId, ModelStatus, ParentLink};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

/// A model's owner and status: what licensing needs before selling a license.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelSummary {
    /// The current owner of the model token.
    pub owner: AccountId,
    /// Whether new licenses may be sold.
    pub status: ModelStatus,
}

/// One model of a revenue lineage: who owns it and what it owes its parents.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageNode {
    /// The model.
    pub model: ModelId,
    /// Its current owner.
    pub owner: AccountId,
    /// Its direct parents with the royalty share each is owed.
    pub parents: Vec<ParentLink>,
}

/// The registry's cross-contract interface. Licensing, royalties and third-party
/// contracts hold a `contract_ref!(ModelRegistry)` and never depend on the
/// registry crate itself.
#[ink::trait_definition]
pub trait ModelRegistry {
    /// The current owner of `model`, or `None` if no model has that id.
    #[ink(message)]
    fn owner_of_model(&self, model: ModelId) -> Option<AccountId>;

    /// Owner and status of `model` in one call, or `None` if no model has that id.
    #[ink(message)]
    fn model_summary(&self, model: ModelId) -> Option<ModelSummary>;

    /// The direct parents of `model` with the royalty share each is owed (empty
    /// for an original model or an unknown id).
    #[ink(message)]
    fn parents(&self, model: ModelId) -> Vec<ParentLink>;

    /// `model` and all its ancestors, each with its owner and parent links, in an
    /// order where every model comes before its parents (descending ids: a parent
    /// is always registered before its derivatives); `None` if no model has that
    /// id. At most 1 + [`MAX_ANCESTORS`](crate::registry::MAX_ANCESTORS) nodes.
    #[ink(message)]
    fn revenue_lineage(&self, model: ModelId) -> Option<Vec<LineageNode>>;
}

/// Most distinct ancestors (parents, their parents, ...) a model may have. It
/// bounds the work of every upstream royalty payment.
pub const MAX_ANCESTORS: u32 = 64;
