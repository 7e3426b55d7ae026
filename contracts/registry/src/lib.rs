//! ModelMint model registry: every registered AI model is a PSP34 token.
//!
//! A model is identified by the 32-byte sha256 content root of its files (the
//! ModelMint hashing tool computes it), registered once, and owned by the account
//! that registered it until the token is transferred. The contract is a thin shell
//! over [`data::RegistryData`], which holds the rules.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod data;
pub mod errors;
pub mod events;

pub use data::{Model, MAX_URI_LEN};
pub use errors::RegistryError;
pub use events::ModelRegistered;

#[ink::contract]
mod registry {
    use crate::data::{model_of_token, Model, RegistryData};
    use crate::errors::RegistryError;
    use crate::events::RegistryEvent;
    use ink::prelude::{string::String, vec::Vec};
    use modelmint_common::psp34::{Id, PSP34Error, PSP34Metadata, PSP34};
    use modelmint_common::registry::ModelRegistry;
    use modelmint_common::{ModelHash, ModelId};

    /// The model registry contract.
    #[ink(storage)]
    #[derive(Default)]
    pub struct Registry {
        data: RegistryData,
    }

    impl Registry {
        /// Creates an empty registry.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self::default()
        }

        /// Registers a model by the sha256 content root of its files; the caller
        /// becomes the owner of the new token `Id::U64(model_id)`. The caller pays
        /// the storage deposit of the new entries.
        ///
        /// # Errors
        /// - [`RegistryError::AlreadyRegistered`] if a model with `hash` exists.
        /// - [`RegistryError::EmptyUri`] if `uri` is empty.
        /// - [`RegistryError::UriTooLong`] if `uri` exceeds [`crate::MAX_URI_LEN`] bytes.
        /// - [`RegistryError::ModelIdsExhausted`], [`RegistryError::BalanceOverflow`]
        ///   when a counter would overflow.
        ///
        /// # Events
        /// - [`crate::ModelRegistered`], then PSP34 `Transfer { from: None, .. }`.
        #[ink(message)]
        pub fn register(&mut self, hash: ModelHash, uri: String) -> Result<ModelId, RegistryError> {
            let (model, events) =
                self.data.register(self.env().caller(), self.env().block_timestamp(), hash, uri)?;
            self.emit_all(events);
            Ok(model)
        }

        /// The model with id `model`, or `None` if there is none.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn model(&self, model: ModelId) -> Option<Model> {
            self.data.model(model)
        }

        /// The id of the model registered with content hash `hash`, if any.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn model_id_by_hash(&self, hash: ModelHash) -> Option<ModelId> {
            self.data.model_id_by_hash(hash)
        }

        fn emit_all(&self, events: Vec<RegistryEvent>) {
            for event in events {
                match event {
                    RegistryEvent::ModelRegistered(e) => self.env().emit_event(e),
                    RegistryEvent::Transfer(e) => self.env().emit_event(e),
                    RegistryEvent::Approval(e) => self.env().emit_event(e),
                }
            }
        }
    }

    impl PSP34 for Registry {
        /// The contract's own address as `Id::Bytes`.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn collection_id(&self) -> Id {
            Id::Bytes(<AccountId as AsRef<[u8]>>::as_ref(&self.env().account_id()).to_vec())
        }

        /// How many models `owner` holds.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u32 {
            self.data.balance_of(owner)
        }

        /// The owner of model token `id` (`Id::U64(model_id)`); `None` for unknown
        /// ids and ids of another form.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn owner_of(&self, id: Id) -> Option<AccountId> {
            model_of_token(&id).and_then(|model| self.data.owner_of(model))
        }

        /// Whether `operator` may transfer token `id` of `owner` (`None`: all of them).
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, operator: AccountId, id: Option<Id>) -> bool {
            match id {
                None => self.data.allowance(owner, operator, None),
                Some(id) => model_of_token(&id)
                    .is_some_and(|model| self.data.allowance(owner, operator, Some(model))),
            }
        }

        /// Approves or revokes `operator` for one of the caller's models, or for all
        /// of them (`id: None`). A single-model approval is cleared on transfer.
        ///
        /// # Errors
        /// - `PSP34Error::SelfApprove` if `operator` is the caller.
        /// - `PSP34Error::TokenNotExists` if `id` names no model.
        /// - `PSP34Error::NotApproved` if the caller does not own model `id`.
        ///
        /// # Events
        /// - PSP34 `Approval`
        #[ink(message)]
        fn approve(
            &mut self,
            operator: AccountId,
            id: Option<Id>,
            approved: bool,
        ) -> Result<(), PSP34Error> {
            let model = match id {
                None => None,
                Some(id) => Some(model_of_token(&id).ok_or(PSP34Error::TokenNotExists)?),
            };
            let events = self.data.approve(self.env().caller(), operator, model, approved)?;
            self.emit_all(events);
            Ok(())
        }

        /// Transfers model token `id` to `to`, with everything the token carries.
        /// `data` is ignored.
        ///
        /// # Errors
        /// - `PSP34Error::TokenNotExists` if `id` names no model.
        /// - `PSP34Error::NotApproved` if the caller neither owns the model nor is
        ///   approved for it.
        /// - `PSP34Error::Custom("TransferToSelf")` if `to` already owns it.
        /// - `PSP34Error::Custom("BalanceOverflow")` if `to` holds `u32::MAX` models.
        ///
        /// # Events
        /// - PSP34 `Transfer`
        #[ink(message)]
        fn transfer(&mut self, to: AccountId, id: Id, data: Vec<u8>) -> Result<(), PSP34Error> {
            let _ = data;
            let model = model_of_token(&id).ok_or(PSP34Error::TokenNotExists)?;
            let events = self.data.transfer(self.env().caller(), to, model)?;
            self.emit_all(events);
            Ok(())
        }

        /// The number of registered models.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            Balance::from(self.data.total_supply())
        }
    }

    impl PSP34Metadata for Registry {
        /// Attributes of model token `id`: `uri` (UTF-8) and `content_hash` (32
        /// raw bytes). `None` for unknown tokens or keys.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn get_attribute(&self, id: Id, key: Vec<u8>) -> Option<Vec<u8>> {
            let model = self.data.model(model_of_token(&id)?)?;
            match key.as_slice() {
                b"uri" => Some(model.uri.into_bytes()),
                b"content_hash" => Some(model.hash.to_vec()),
                _ => None,
            }
        }
    }

    impl ModelRegistry for Registry {
        /// The current owner of `model`, or `None` if no model has that id.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn owner_of_model(&self, model: ModelId) -> Option<AccountId> {
            self.data.owner_of(model)
        }
    }
}

pub use registry::{Registry, RegistryRef};
