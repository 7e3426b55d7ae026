//! Benchmark floor (b): floor (a) reached through a second contract. `pay(id)`
//! takes the attached payment, records it under `id` and pays it on to a floor
//! (a) contract with one payable cross-contract call through the `Pay` trait,
//! as ModelMint's licensing contract pays the royalties contract on a sale.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod floor_relay {
    use ink::codegen::TraitCallBuilder;
    use ink::storage::Mapping;
    use modelmint_floor_pay::{FloorError, Pay};

    /// Floor (b).
    #[ink(storage)]
    pub struct FloorRelay {
        next: AccountId,
        relayed: Mapping<u64, Balance>,
    }

    impl FloorRelay {
        /// Pays every payment on to the floor (a) contract at `next`.
        #[ink(constructor)]
        pub fn new(next: AccountId) -> Self {
            Self { next, relayed: Mapping::default() }
        }

        /// Takes the attached payment, records it under `id` and pays it on.
        ///
        /// # Errors
        /// [`FloorError::TransferFailed`] if the next contract refused it or
        /// could not be called.
        #[ink(message, payable)]
        pub fn pay(&mut self, id: u64) -> Result<(), FloorError> {
            let value = self.env().transferred_value();
            self.relayed.insert(id, &value);
            let mut next: ink::contract_ref!(Pay) = self.next.into();
            match next.call_mut().pay(id).transferred_value(value).try_invoke() {
                Ok(Ok(result)) => result,
                _ => Err(FloorError::TransferFailed),
            }
        }
    }
}
