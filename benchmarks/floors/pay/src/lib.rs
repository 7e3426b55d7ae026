//! Benchmark floor (a): the least any contract purchase must do, in one
//! contract. `pay(id)` takes the attached payment, records it under `id` (one
//! storage value) and forwards it to a fixed beneficiary. No checks beyond the
//! transfer's own, no events: `scripts/bench.sh` reports ModelMint's messages
//! as multiples of this.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// Why a payment was refused.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorError {
    /// The chain refused to forward the payment.
    TransferFailed,
}

/// The payable message floor (b) calls across contracts.
#[ink::trait_definition]
pub trait Pay {
    /// Takes the attached payment, records it under `id` and forwards it.
    ///
    /// # Errors
    /// [`FloorError::TransferFailed`] if the payment cannot be forwarded.
    #[ink(message, payable)]
    fn pay(&mut self, id: u64) -> Result<(), FloorError>;
}

#[ink::contract]
mod floor_pay {
    use crate::{FloorError, Pay};
    use ink::storage::Mapping;

    /// Floor (a).
    #[ink(storage)]
    pub struct FloorPay {
        beneficiary: AccountId,
        paid: Mapping<u64, Balance>,
    }

    impl FloorPay {
        /// Forwards every payment to `beneficiary`.
        #[ink(constructor)]
        pub fn new(beneficiary: AccountId) -> Self {
            Self { beneficiary, paid: Mapping::default() }
        }

        /// The payment recorded under `id`.
        #[ink(message)]
        pub fn paid(&self, id: u64) -> Balance {
            self.paid.get(id).unwrap_or(0)
        }
    }

    impl Pay for FloorPay {
        #[ink(message, payable)]
        fn pay(&mut self, id: u64) -> Result<(), FloorError> {
            let value = self.env().transferred_value();
            self.paid.insert(id, &value);
            self.env().transfer(self.beneficiary, value).map_err(|_| FloorError::TransferFailed)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[ink::test]
        fn a_payment_is_recorded_and_forwarded() {
            let accounts = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
            let mut floor = FloorPay::new(accounts.bob);
            let contract = ink::env::test::callee::<ink::env::DefaultEnvironment>();
            ink::env::test::set_account_balance::<ink::env::DefaultEnvironment>(
                contract,
                100_000_000,
            );
            let before =
                ink::env::test::get_account_balance::<ink::env::DefaultEnvironment>(accounts.bob)
                    .expect("Bob has a balance");
            ink::env::test::set_value_transferred::<ink::env::DefaultEnvironment>(40);
            assert_eq!(floor.pay(7), Ok(()));
            assert_eq!(floor.paid(7), 40);
            let after =
                ink::env::test::get_account_balance::<ink::env::DefaultEnvironment>(accounts.bob)
                    .expect("Bob has a balance");
            assert_eq!(after - before, 40);
        }
    }
}
