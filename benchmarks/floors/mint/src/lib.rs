//! Benchmark floor (c): a minimal PSP34-style mint. `mint(id)` gives the caller
//! token `id` if nobody owns it: one owner entry, one balance, one `Transfer`
//! event (from nobody), as PSP34 requires of a mint. ModelMint's `register`
//! is reported as a multiple of it.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod floor_mint {
    use ink::storage::Mapping;

    /// Why a mint was refused.
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum MintError {
        /// The token already has an owner.
        TokenExists,
    }

    /// A token changed hands (`from: None`: minted).
    #[ink(event)]
    pub struct Transfer {
        #[ink(topic)]
        from: Option<AccountId>,
        #[ink(topic)]
        to: Option<AccountId>,
        #[ink(topic)]
        id: u64,
    }

    /// Floor (c).
    #[ink(storage)]
    #[derive(Default)]
    pub struct FloorMint {
        owners: Mapping<u64, AccountId>,
        balances: Mapping<AccountId, u32>,
    }

    impl FloorMint {
        /// No tokens yet.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self::default()
        }

        /// Mints token `id` to the caller.
        ///
        /// # Errors
        /// [`MintError::TokenExists`] if `id` is taken.
        ///
        /// # Events
        /// [`Transfer`] from `None`.
        #[ink(message)]
        pub fn mint(&mut self, id: u64) -> Result<(), MintError> {
            if self.owners.contains(id) {
                return Err(MintError::TokenExists);
            }
            let caller = self.env().caller();
            let balance = self.balances.get(caller).unwrap_or(0).saturating_add(1);
            self.owners.insert(id, &caller);
            self.balances.insert(caller, &balance);
            self.env().emit_event(Transfer { from: None, to: Some(caller), id });
            Ok(())
        }

        /// The owner of token `id`.
        #[ink(message)]
        pub fn owner_of(&self, id: u64) -> Option<AccountId> {
            self.owners.get(id)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[ink::test]
        fn a_token_is_minted_once() {
            let accounts = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
            let mut floor = FloorMint::new();
            assert_eq!(floor.mint(1), Ok(()));
            assert_eq!(floor.owner_of(1), Some(accounts.alice));
            assert_eq!(floor.mint(1), Err(MintError::TokenExists));
        }
    }
}
