//! The PSP34 non-fungible token interface (Polkadot's ERC-721 counterpart).
//!
//! Message names, argument order, error variants and event shapes follow the
//! PSP34 standard, and the trait is named `PSP34`, so ink! derives the standard
//! selectors (`blake2b("PSP34::transfer")[..4]` and so on): wallets, indexers
//! and marketplaces that speak PSP34 understand ModelMint's model tokens as they
//! are.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use ink::prelude::{string::String, vec::Vec};
use ink::primitives::AccountId;

mod suite;

/// A PSP34 token identifier. ModelMint's registry uses [`Id::U64`] holding the
/// [`crate::ModelId`].
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Id {
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    U128(u128),
    Bytes(Vec<u8>),
}

/// Errors of the PSP34 messages, as the standard defines them.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PSP34Error {
    /// A condition specific to this implementation; the string names it (see the
    /// implementing contract's docs for the list).
    Custom(String),
    /// The owner tried to approve themselves as operator.
    SelfApprove,
    /// The caller is neither the token's owner nor an approved operator.
    NotApproved,
    /// A token with this id already exists.
    TokenExists,
    /// No token with this id exists.
    TokenNotExists,
    /// The receiving contract rejected the transfer; the string is its reason.
    SafeTransferCheckFailed(String),
}

/// The PSP34 core messages.
#[ink::trait_definition]
pub trait PSP34 {
    /// The id of this collection: the contract's own address as [`Id::Bytes`].
    #[ink(message)]
    fn collection_id(&self) -> Id;

    /// How many tokens `owner` holds.
    #[ink(message)]
    fn balance_of(&self, owner: AccountId) -> u32;

    /// The owner of token `id`, or `None` if it does not exist.
    #[ink(message)]
    fn owner_of(&self, id: Id) -> Option<AccountId>;

    /// Whether `operator` may transfer token `id` of `owner` (`id: None` asks about
    /// an approval for all of `owner`'s tokens).
    #[ink(message)]
    fn allowance(&self, owner: AccountId, operator: AccountId, id: Option<Id>) -> bool;

    /// Approves or revokes `operator` for token `id` of the caller, or for all the
    /// caller's tokens when `id` is `None`.
    ///
    /// # Errors
    /// - [`PSP34Error::SelfApprove`] if `operator` is the caller.
    /// - [`PSP34Error::TokenNotExists`] if `id` names no token.
    /// - [`PSP34Error::NotApproved`] if the caller does not own token `id`.
    ///
    /// # Events
    /// - [`Approval`]
    #[ink(message)]
    fn approve(
        &mut self,
        operator: AccountId,
        id: Option<Id>,
        approved: bool,
    ) -> Result<(), PSP34Error>;

    /// Transfers token `id` to `to`; `data` is passed along unchanged for receivers
    /// that want it.
    ///
    /// # Errors
    /// - [`PSP34Error::TokenNotExists`] if `id` names no token.
    /// - [`PSP34Error::NotApproved`] if the caller neither owns the token nor is
    ///   approved for it.
    /// - [`PSP34Error::Custom`] for implementation-specific refusals.
    ///
    /// # Events
    /// - [`Transfer`]
    #[ink(message)]
    fn transfer(&mut self, to: AccountId, id: Id, data: Vec<u8>) -> Result<(), PSP34Error>;

    /// The number of tokens in existence.
    #[ink(message)]
    fn total_supply(&self) -> u128;
}

/// The PSP34 metadata extension: per-token attributes as byte strings.
#[ink::trait_definition]
pub trait PSP34Metadata {
    /// The value of attribute `key` of token `id`, or `None` if either is unknown.
    #[ink(message)]
    fn get_attribute(&self, id: Id, key: Vec<u8>) -> Option<Vec<u8>>;
}

/// A token was minted (`from: None`), transferred, or burned (`to: None`).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The previous owner; `None` when the token was minted.
    #[ink(topic)]
    pub from: Option<AccountId>,
    /// The new owner; `None` when the token was burned.
    #[ink(topic)]
    pub to: Option<AccountId>,
    /// The token.
    #[ink(topic)]
    pub id: Id,
}

/// An operator approval was granted or revoked.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The token owner who granted or revoked the approval.
    #[ink(topic)]
    pub owner: AccountId,
    /// The account the approval is about.
    #[ink(topic)]
    pub operator: AccountId,
    /// The token; `None` means all of `owner`'s tokens.
    #[ink(topic)]
    pub id: Option<Id>,
    /// `true` when granted, `false` when revoked.
    pub approved: bool,
}

/// A token attribute was set (PSP34Metadata).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeSet {
    /// The token.
    #[ink(topic)]
    pub id: Id,
    /// The attribute's key.
    pub key: Vec<u8>,
    /// The attribute's new value.
    pub data: Vec<u8>,
}
