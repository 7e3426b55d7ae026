//! Events of the royalties contract. The administration events
//! (`AdminProposed`, `AdminChanged`, `PauseChanged`, `CodeUpgraded`) come from
//! `modelmint_common::admin::events`.
//!
//! Model ids and accounts are topics (indexers filter on them); amounts never are.

use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, ModelId};

/// `account`, listed in `model`'s split, accepted it: its withdrawals now
/// take its part of that split too (one of its at most `MAX_MEMBERSHIPS`
/// memberships).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitAccepted {
    /// The model whose split was accepted.
    #[ink(topic)]
    pub model: ModelId,
    /// The recipient.
    #[ink(topic)]
    pub account: AccountId,
}

/// `account` left `model`'s split after its part of what the split received
/// so far was moved to its owed balance; its share went to the model's owner (a [`SplitSet`] follows).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitLeft {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The former recipient.
    #[ink(topic)]
    pub account: AccountId,
}

/// A payment for `model` was received and credited along its lineage. One
/// [`UpstreamCredited`] follows for every ancestor that received a cut.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposited {
    /// The model paid for.
    #[ink(topic)]
    pub model: ModelId,
    /// The account (or contract) that paid.
    #[ink(topic)]
    pub payer: AccountId,
    /// The whole amount paid, in the chain's smallest unit.
    pub amount: Balance,
}

/// Part of what `from_model` received was passed upstream to its parent
/// `to_model` under the royalty share of their derivative edge.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamCredited {
    /// The derivative that owes the royalty.
    #[ink(topic)]
    pub from_model: ModelId,
    /// The parent credited.
    #[ink(topic)]
    pub to_model: ModelId,
    /// The amount passed upstream (never zero).
    pub amount: Balance,
}

/// A round of a model's split ended: everything it received was apportioned
/// among the split's recipients, and what they had not yet taken is now in
/// their owed balances.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distributed {
    /// The model whose split's round ended.
    #[ink(topic)]
    pub model: ModelId,
    /// The amount apportioned (never zero).
    pub amount: Balance,
}

/// A model's owner set (or replaced) its split. Money deposited before this
/// event was distributed under the previous split first.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitSet {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
    /// The new recipients with their shares in parts per million.
    pub recipients: Vec<Recipient>,
}

/// A model's owner removed its split: from now on its retained revenue is
/// credited to its owner at deposit time.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCleared {
    /// The model.
    #[ink(topic)]
    pub model: ModelId,
}

/// An account withdrew everything it was owed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    /// The account paid.
    #[ink(topic)]
    pub account: AccountId,
    /// The amount transferred to it.
    pub amount: Balance,
}

/// The administrator sent the contract's surplus (what it held beyond its
/// liabilities: unsolicited transfers) to `to`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swept {
    /// The account paid.
    #[ink(topic)]
    pub to: AccountId,
    /// The amount transferred.
    pub amount: Balance,
}

/// Everything the royalties data layer can ask the contract to emit, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoyaltiesEvent {
    SplitAccepted(SplitAccepted),
    SplitLeft(SplitLeft),
    Deposited(Deposited),
    UpstreamCredited(UpstreamCredited),
    Distributed(Distributed),
    SplitSet(SplitSet),
    SplitCleared(SplitCleared),
    Withdrawn(Withdrawn),
}
