//! What other contracts may ask the model registry.

use crate::ModelId;
use ink::primitives::AccountId;

/// The registry's cross-contract interface. Licensing, royalties and third-party
/// contracts hold a `contract_ref!(ModelRegistry)` and never depend on the
/// registry crate itself.
#[ink::trait_definition]
pub trait ModelRegistry {
    /// The current owner of `model`, or `None` if no model has that id.
    #[ink(message)]
    fn owner_of_model(&self, model: ModelId) -> Option<AccountId>;
}
