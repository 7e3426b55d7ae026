//! The registry's state and rules, free of any contract plumbing.
//!
//! Every method takes the acting account (and the time, where it matters) as a
//! parameter, validates everything before its first write, and returns the
//! events the contract must emit. Unit tests drive it directly.

use crate::errors::{RegistryError, Result};
use crate::events::{ModelRegistered, RegistryEvent};
use ink::prelude::{string::String, vec, vec::Vec};
use ink::primitives::AccountId;
use ink::storage::Mapping;
use modelmint_common::psp34::{Approval, Id, Transfer};
use modelmint_common::{ModelHash, ModelId};

/// Longest metadata URI stored, in bytes: room for an `ipfs://` CID with a path,
/// or an https URL, while keeping each model's storage deposit small and fixed.
pub const MAX_URI_LEN: u32 = 256;

/// Block timestamp in milliseconds since the Unix epoch (pallet-timestamp's clock).
pub type Timestamp = u64;

/// What the registry records about a model. Ownership is kept apart (see
/// [`RegistryData::owner_of`]) so that a transfer rewrites 32 bytes, not this.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Model {
    /// sha256 content root of the model's files.
    pub hash: ModelHash,
    /// Metadata URI (model card), at most [`MAX_URI_LEN`] bytes.
    pub uri: String,
    /// The account that registered the model (its first owner).
    pub registrant: AccountId,
    /// Block timestamp of the registration.
    pub registered_at: Timestamp,
}

/// The registry's storage: models, the hash index and PSP34 ownership.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct RegistryData {
    /// The highest id issued so far; ids are sequential from 1.
    last_id: ModelId,
    models: Mapping<ModelId, Model>,
    id_by_hash: Mapping<ModelHash, ModelId>,
    owners: Mapping<ModelId, AccountId>,
    balances: Mapping<AccountId, u32>,
    /// The one account approved for a single model, cleared on transfer.
    model_approvals: Mapping<ModelId, AccountId>,
    /// `(owner, operator)` pairs approved for all of the owner's models.
    operator_approvals: Mapping<(AccountId, AccountId), ()>,
}

/// The model a PSP34 id refers to, if it is of the registry's form ([`Id::U64`]).
pub fn model_of_token(id: &Id) -> Option<ModelId> {
    match id {
        Id::U64(model) => Some(*model),
        _ => None,
    }
}

impl RegistryData {
    /// Registers `hash` with metadata `uri` for `caller`, who becomes its owner.
    pub fn register(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        hash: ModelHash,
        uri: String,
    ) -> Result<(ModelId, Vec<RegistryEvent>)> {
        check_uri(&uri)?;
        if let Some(existing) = self.id_by_hash.get(hash) {
            return Err(RegistryError::AlreadyRegistered { existing });
        }
        let model = self.last_id.checked_add(1).ok_or(RegistryError::ModelIdsExhausted)?;
        let balance = self.incremented_balance(caller)?;

        self.last_id = model;
        self.models.insert(
            model,
            &Model { hash, uri: uri.clone(), registrant: caller, registered_at: now },
        );
        self.id_by_hash.insert(hash, &model);
        self.owners.insert(model, &caller);
        self.balances.insert(caller, &balance);

        let events = vec![
            RegistryEvent::ModelRegistered(ModelRegistered { model, hash, owner: caller, uri }),
            RegistryEvent::Transfer(Transfer { from: None, to: Some(caller), id: Id::U64(model) }),
        ];
        Ok((model, events))
    }

    /// The model with id `model`.
    pub fn model(&self, model: ModelId) -> Option<Model> {
        self.models.get(model)
    }

    /// The id under which `hash` is registered.
    pub fn model_id_by_hash(&self, hash: ModelHash) -> Option<ModelId> {
        self.id_by_hash.get(hash)
    }

    /// The current owner of `model`.
    pub fn owner_of(&self, model: ModelId) -> Option<AccountId> {
        self.owners.get(model)
    }

    /// How many models `owner` holds.
    pub fn balance_of(&self, owner: AccountId) -> u32 {
        self.balances.get(owner).unwrap_or(0)
    }

    /// The number of registered models.
    pub fn total_supply(&self) -> u64 {
        // Ids are issued sequentially from 1 and models are never removed, so the
        // highest id is the count.
        self.last_id
    }

    /// Whether `operator` may transfer `model` (or, for `None`, every model) of `owner`.
    pub fn allowance(&self, owner: AccountId, operator: AccountId, model: Option<ModelId>) -> bool {
        if self.operator_approvals.contains((owner, operator)) {
            return true;
        }
        match model {
            Some(model) => {
                self.owners.get(model) == Some(owner)
                    && self.model_approvals.get(model) == Some(operator)
            }
            None => false,
        }
    }

    /// Approves (or revokes) `operator` for `model` of `caller`, or for all of
    /// `caller`'s models when `model` is `None`.
    pub fn approve(
        &mut self,
        caller: AccountId,
        operator: AccountId,
        model: Option<ModelId>,
        approved: bool,
    ) -> Result<Vec<RegistryEvent>> {
        if operator == caller {
            return Err(RegistryError::SelfApprove);
        }
        match model {
            Some(model) => {
                if self.require_owner(model)? != caller {
                    return Err(RegistryError::NotApproved);
                }
                if approved {
                    self.model_approvals.insert(model, &operator);
                } else if self.model_approvals.get(model) == Some(operator) {
                    self.model_approvals.remove(model);
                }
            }
            None => {
                if approved {
                    self.operator_approvals.insert((caller, operator), &());
                } else {
                    self.operator_approvals.remove((caller, operator));
                }
            }
        }
        Ok(vec![RegistryEvent::Approval(Approval {
            owner: caller,
            operator,
            id: model.map(Id::U64),
            approved,
        })])
    }

    /// Moves `model` to `to`, acting for `caller` (its owner or an approved operator).
    pub fn transfer(
        &mut self,
        caller: AccountId,
        to: AccountId,
        model: ModelId,
    ) -> Result<Vec<RegistryEvent>> {
        let owner = self.require_owner(model)?;
        if caller != owner && !self.allowance(owner, caller, Some(model)) {
            return Err(RegistryError::NotApproved);
        }
        if to == owner {
            return Err(RegistryError::TransferToSelf);
        }
        let to_balance = self.incremented_balance(to)?;
        // The owner holds `model`, so their balance is at least 1.
        let from_balance = self.balance_of(owner).saturating_sub(1);

        self.model_approvals.remove(model);
        if from_balance == 0 {
            self.balances.remove(owner);
        } else {
            self.balances.insert(owner, &from_balance);
        }
        self.balances.insert(to, &to_balance);
        self.owners.insert(model, &to);

        Ok(vec![RegistryEvent::Transfer(Transfer {
            from: Some(owner),
            to: Some(to),
            id: Id::U64(model),
        })])
    }

    fn require_owner(&self, model: ModelId) -> Result<AccountId> {
        self.owners.get(model).ok_or(RegistryError::ModelNotFound { model })
    }

    fn incremented_balance(&self, account: AccountId) -> Result<u32> {
        self.balance_of(account).checked_add(1).ok_or(RegistryError::BalanceOverflow)
    }
}

fn check_uri(uri: &str) -> Result<()> {
    if uri.is_empty() {
        return Err(RegistryError::EmptyUri);
    }
    let length = u32::try_from(uri.len()).unwrap_or(u32::MAX);
    if length > MAX_URI_LEN {
        return Err(RegistryError::UriTooLong { length, max: MAX_URI_LEN });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> AccountId {
        AccountId::from([1; 32])
    }
    fn bob() -> AccountId {
        AccountId::from([2; 32])
    }
    fn charlie() -> AccountId {
        AccountId::from([3; 32])
    }
    const HASH_A: ModelHash = [0xA1; 32];
    const HASH_B: ModelHash = [0xB2; 32];
    const NOW: Timestamp = 1_700_000_000_000;

    fn uri(text: &str) -> String {
        String::from(text)
    }

    /// A registry with `HASH_A` registered by Alice as model 1.
    fn registry_with_one_model() -> RegistryData {
        let mut registry = RegistryData::default();
        let (model, _) = registry.register(alice(), NOW, HASH_A, uri("ipfs://card-a")).unwrap();
        assert_eq!(model, 1);
        registry
    }

    /// Everything observable about model 1 and the three test accounts, to show a
    /// refused call changed nothing.
    fn snapshot(registry: &RegistryData) -> impl PartialEq + core::fmt::Debug {
        (
            registry.total_supply(),
            registry.model(1),
            registry.owner_of(1),
            [alice(), bob(), charlie()].map(|a| registry.balance_of(a)),
            [alice(), bob(), charlie()].map(|a| registry.allowance(alice(), a, Some(1))),
            registry.model_id_by_hash(HASH_B),
        )
    }

    #[ink::test]
    fn register_mints_sequential_ids_and_records_the_model() {
        let mut registry = RegistryData::default();

        let (first, events) = registry.register(alice(), NOW, HASH_A, uri("ipfs://a")).unwrap();
        let (second, _) = registry.register(bob(), NOW + 6_000, HASH_B, uri("ipfs://b")).unwrap();

        assert_eq!((first, second), (1, 2));
        assert_eq!(
            registry.model(1),
            Some(Model {
                hash: HASH_A,
                uri: uri("ipfs://a"),
                registrant: alice(),
                registered_at: NOW
            })
        );
        assert_eq!(registry.model_id_by_hash(HASH_B), Some(2));
        assert_eq!(registry.owner_of(2), Some(bob()));
        assert_eq!((registry.balance_of(alice()), registry.balance_of(bob())), (1, 1));
        assert_eq!(registry.total_supply(), 2);
        assert_eq!(
            events,
            vec![
                RegistryEvent::ModelRegistered(ModelRegistered {
                    model: 1,
                    hash: HASH_A,
                    owner: alice(),
                    uri: uri("ipfs://a"),
                }),
                RegistryEvent::Transfer(Transfer { from: None, to: Some(alice()), id: Id::U64(1) }),
            ]
        );
    }

    #[ink::test]
    fn error_when_registering_a_hash_twice_even_by_another_account() {
        let mut registry = registry_with_one_model();
        let before = snapshot(&registry);

        let result = registry.register(bob(), NOW, HASH_A, uri("ipfs://copy"));

        assert_eq!(result, Err(RegistryError::AlreadyRegistered { existing: 1 }));
        assert!(before == snapshot(&registry));
    }

    #[ink::test]
    fn error_when_uri_is_empty_or_too_long() {
        let mut registry = registry_with_one_model();
        let before = snapshot(&registry);
        let longest = "u".repeat(MAX_URI_LEN as usize);
        let too_long = "u".repeat(MAX_URI_LEN as usize + 1);

        assert_eq!(
            registry.register(bob(), NOW, HASH_B, String::new()),
            Err(RegistryError::EmptyUri)
        );
        assert_eq!(
            registry.register(bob(), NOW, HASH_B, too_long),
            Err(RegistryError::UriTooLong { length: MAX_URI_LEN + 1, max: MAX_URI_LEN })
        );
        assert!(before == snapshot(&registry));
        assert!(registry.register(bob(), NOW, HASH_B, longest).is_ok());
    }

    #[ink::test]
    fn lookups_of_unknown_models_are_empty() {
        let registry = registry_with_one_model();

        assert_eq!(registry.model(2), None);
        assert_eq!(registry.owner_of(0), None);
        assert_eq!(registry.model_id_by_hash(HASH_B), None);
        assert_eq!(registry.balance_of(bob()), 0);
    }

    #[ink::test]
    fn owner_transfers_a_model_and_balances_follow() {
        let mut registry = registry_with_one_model();

        let events = registry.transfer(alice(), bob(), 1).unwrap();

        assert_eq!(registry.owner_of(1), Some(bob()));
        assert_eq!((registry.balance_of(alice()), registry.balance_of(bob())), (0, 1));
        assert_eq!(registry.model(1).unwrap().registrant, alice());
        assert_eq!(
            events,
            vec![RegistryEvent::Transfer(Transfer {
                from: Some(alice()),
                to: Some(bob()),
                id: Id::U64(1)
            })]
        );
    }

    #[ink::test]
    fn error_when_a_stranger_transfers_a_model() {
        let mut registry = registry_with_one_model();
        let before = snapshot(&registry);

        assert_eq!(registry.transfer(bob(), bob(), 1), Err(RegistryError::NotApproved));
        assert_eq!(registry.transfer(bob(), charlie(), 1), Err(RegistryError::NotApproved));
        assert!(before == snapshot(&registry));
    }

    #[ink::test]
    fn error_when_transferring_to_the_owner_or_an_unknown_model() {
        let mut registry = registry_with_one_model();
        let before = snapshot(&registry);

        assert_eq!(registry.transfer(alice(), alice(), 1), Err(RegistryError::TransferToSelf));
        assert_eq!(
            registry.transfer(alice(), bob(), 7),
            Err(RegistryError::ModelNotFound { model: 7 })
        );
        assert!(before == snapshot(&registry));
    }

    #[ink::test]
    fn a_model_approval_allows_one_transfer_and_is_then_cleared() {
        let mut registry = registry_with_one_model();

        let events = registry.approve(alice(), bob(), Some(1), true).unwrap();
        assert_eq!(
            events,
            vec![RegistryEvent::Approval(Approval {
                owner: alice(),
                operator: bob(),
                id: Some(Id::U64(1)),
                approved: true,
            })]
        );
        assert!(registry.allowance(alice(), bob(), Some(1)));
        assert!(!registry.allowance(alice(), bob(), None));

        registry.transfer(bob(), charlie(), 1).unwrap();

        assert_eq!(registry.owner_of(1), Some(charlie()));
        assert!(!registry.allowance(charlie(), bob(), Some(1)));
        assert_eq!(registry.transfer(bob(), bob(), 1), Err(RegistryError::NotApproved));
    }

    #[ink::test]
    fn an_operator_approval_covers_every_model_until_revoked() {
        let mut registry = registry_with_one_model();
        registry.register(alice(), NOW, HASH_B, uri("ipfs://b")).unwrap();

        registry.approve(alice(), bob(), None, true).unwrap();
        assert!(registry.allowance(alice(), bob(), None));
        assert!(registry.allowance(alice(), bob(), Some(2)));
        registry.transfer(bob(), charlie(), 2).unwrap();

        registry.approve(alice(), bob(), None, false).unwrap();
        assert!(!registry.allowance(alice(), bob(), Some(1)));
        assert_eq!(registry.transfer(bob(), charlie(), 1), Err(RegistryError::NotApproved));
        assert_eq!(registry.owner_of(2), Some(charlie()));
    }

    #[ink::test]
    fn revoking_a_model_approval_of_another_operator_keeps_the_current_one() {
        let mut registry = registry_with_one_model();
        registry.approve(alice(), bob(), Some(1), true).unwrap();

        registry.approve(alice(), charlie(), Some(1), false).unwrap();

        assert!(registry.allowance(alice(), bob(), Some(1)));
    }

    #[ink::test]
    fn error_when_approving_oneself_a_strangers_model_or_an_unknown_one() {
        let mut registry = registry_with_one_model();
        let before = snapshot(&registry);

        assert_eq!(
            registry.approve(alice(), alice(), Some(1), true),
            Err(RegistryError::SelfApprove)
        );
        assert_eq!(registry.approve(alice(), alice(), None, true), Err(RegistryError::SelfApprove));
        assert_eq!(
            registry.approve(bob(), charlie(), Some(1), true),
            Err(RegistryError::NotApproved)
        );
        assert_eq!(
            registry.approve(alice(), bob(), Some(9), true),
            Err(RegistryError::ModelNotFound { model: 9 })
        );
        assert!(before == snapshot(&registry));
    }

    #[ink::test]
    fn only_u64_token_ids_name_models() {
        assert_eq!(model_of_token(&Id::U64(5)), Some(5));
        assert_eq!(model_of_token(&Id::U32(5)), None);
        assert_eq!(model_of_token(&Id::Bytes(vec![5])), None);
    }
}
