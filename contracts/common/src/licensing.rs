//! What other contracts may ask the licensing contract.

use crate::{Bps, ModelId};
use ink::primitives::AccountId;

/// The licensing contract's answers about derivative rights. The registry holds a
/// `contract_ref!(DerivativeRights)` to decide whether an account may register a
/// derivative of a model it does not own.
#[ink::trait_definition]
pub trait DerivativeRights {
    /// The royalty share `account` owes `parent` for a derivative, if `account`
    /// holds a license on `parent` that is valid now and allows derivatives;
    /// `None` otherwise.
    #[ink(message)]
    fn derivative_royalty(&self, parent: ModelId, account: AccountId) -> Option<Bps>;
}
