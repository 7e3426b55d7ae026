//! What other contracts may ask or pay the royalties contract.
//!
//! Anyone who wants to pay a model's contributors (the licensing contract on
//! every sale, an inference gateway on every call, a marketplace on a resale)
//! calls [`Royalties::deposit`] with the payment attached; the royalties
//! contract splits it exactly among the model's recipients and its ancestors.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use crate::admin::AdminError;
use crate::registry::LineageNode;
use crate::split::{mul_div_floor, Share};
use crate::types::ShareError;
use crate::{Balance, ModelId, BPS_SCALE};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

/// One recipient of a split and its share in parts per million
/// ([`crate::split::SHARE_SCALE`] = 100 %).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Recipient {
    /// The account credited.
    pub account: AccountId,
    /// Its share, parts per million.
    pub share: Share,
}

/// One account's part of a hypothetical payment (see [`Royalties::royalty_info`]).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payee {
    /// The account that would be credited.
    pub account: AccountId,
    /// How much it would be credited.
    pub amount: Balance,
}

/// Errors of the royalties contract.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoyaltyError {
    /// No model has this id in the wired registry.
    UnknownModel { model: ModelId },
    /// A deposit must carry a non-zero amount.
    ZeroDeposit,
    /// Only the model's current owner, `owner`, may set its split.
    NotModelOwner { model: ModelId, owner: AccountId },
    /// The shares do not form a valid split.
    InvalidShares(ShareError),
    /// The recipient at `index` is listed twice.
    DuplicateRecipient { index: u32 },
    /// `account` already receives from the maximum number of models.
    RecipientMembershipsFull { account: AccountId, max: u32 },
    /// The caller is owed nothing.
    NothingOwed,
    /// The chain refused to transfer `amount` (for example, below the existential
    /// deposit to an empty account); the amount stays owed.
    TransferFailed { amount: Balance },
    /// The registry could not be asked (not wired, or the call failed).
    RegistryUnavailable,
    /// An amount would overflow the ledger.
    Overflow,
    /// An administrative check failed, or the contract is paused.
    Admin(AdminError),
    /// `model` has no split to clear.
    NoSplit { model: ModelId },
    /// The royalties contract itself cannot be a recipient or payee: money owed
    /// to it could never leave.
    RoyaltiesContractAsPayee,
    /// The contract holds nothing beyond what it owes.
    NothingToSweep,
}

impl From<AdminError> for RoyaltyError {
    fn from(error: AdminError) -> Self {
        Self::Admin(error)
    }
}

/// The royalties contract's cross-contract interface.
#[ink::trait_definition]
pub trait Royalties {
    /// Pays the transferred value to `model`'s contributors: ancestors' upstream
    /// shares first, the rest to the model's split (or its owner).
    #[ink(message, payable)]
    fn deposit(&mut self, model: ModelId) -> Result<(), RoyaltyError>;

    /// Who would be credited how much if `price` were deposited for `model` now:
    /// the multi-recipient analogue of ERC-2981's `royaltyInfo`. The amounts add
    /// up to `price` exactly.
    #[ink(message)]
    fn royalty_info(&self, model: ModelId, price: Balance) -> Result<Vec<Payee>, RoyaltyError>;
}

/// A payment walked up a revenue lineage (see [`walk`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    /// What each lineage node keeps, in lineage order; adds up to the payment.
    pub retained: Vec<Balance>,
    /// Every non-zero cut passed from a model to one of its parents, in order.
    pub upstream: Vec<UpstreamCut>,
}

/// One cut of a payment passed from a derivative to its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpstreamCut {
    /// The paying derivative.
    pub from_model: ModelId,
    /// The parent credited.
    pub to_model: ModelId,
    /// The amount.
    pub amount: Balance,
}

/// Walks `amount` up `lineage` (the registry's revenue lineage: the paid model
/// first, every model before its parents): the first node receives it, and
/// each node, in order, passes the floor of each parent's royalty share of
/// what it received to that parent and keeps the rest. Because every model
/// comes before its parents, a node has received everything owed to it when
/// its turn comes. The retained amounts add up to `amount` exactly.
///
/// # Errors
/// - [`RoyaltyError::UnknownModel`] for a parent missing from the lineage (or
///   listed before its child).
/// - [`RoyaltyError::Overflow`] for a royalty stack above 100 % (the registry
///   refuses those) or an amount that does not fit.
pub fn walk(amount: Balance, lineage: &[LineageNode]) -> Result<Walk, RoyaltyError> {
    let mut incoming: Vec<Balance> = ink::prelude::vec![0; lineage.len()];
    if let Some(first) = incoming.first_mut() {
        *first = amount;
    }
    let mut retained = Vec::with_capacity(lineage.len());
    let mut upstream = Vec::new();
    for (index, node) in lineage.iter().enumerate() {
        let received = incoming.get(index).copied().unwrap_or(0);
        let mut kept = received;
        for link in &node.parents {
            let cut = mul_div_floor(received, u64::from(link.royalty_bps), u64::from(BPS_SCALE))
                .ok_or(RoyaltyError::Overflow)?;
            if cut == 0 {
                continue;
            }
            let parent = lineage
                .iter()
                .position(|candidate| candidate.model == link.model)
                .filter(|&position| position > index)
                .ok_or(RoyaltyError::UnknownModel { model: link.model })?;
            kept = kept.checked_sub(cut).ok_or(RoyaltyError::Overflow)?;
            let slot = incoming.get_mut(parent).ok_or(RoyaltyError::Overflow)?;
            *slot = slot.checked_add(cut).ok_or(RoyaltyError::Overflow)?;
            upstream.push(UpstreamCut {
                from_model: node.model,
                to_model: link.model,
                amount: cut,
            });
        }
        retained.push(kept);
    }
    Ok(Walk { retained, upstream })
}

/// The revenue lineage of `model` as the registry at `registry` reports it:
/// what the royalties contract (and any version of it) reads before it credits
/// a payment.
///
/// # Errors
/// - [`RoyaltyError::UnknownModel`] if the registry knows no such model.
/// - [`RoyaltyError::RegistryUnavailable`] if no registry is wired or the call
///   failed.
pub fn lineage_from(
    registry: Option<AccountId>,
    model: ModelId,
) -> Result<Vec<LineageNode>, RoyaltyError> {
    use crate::registry::ModelRegistry;
    use ink::codegen::TraitCallBuilder;
    let registry: ink::contract_ref!(ModelRegistry, ink::env::DefaultEnvironment) =
        registry.ok_or(RoyaltyError::RegistryUnavailable)?.into();
    match registry.call().revenue_lineage(model).try_invoke() {
        Ok(Ok(Some(lineage))) => Ok(lineage),
        Ok(Ok(None)) => Err(RoyaltyError::UnknownModel { model }),
        _ => Err(RoyaltyError::RegistryUnavailable),
    }
}

/// Each lineage model's part of `price` (see [`walk`]), reported for the
/// model's owner, in lineage order, zero parts left out: the payees of a
/// payment to models without splits.
///
/// # Errors
/// As [`walk`].
pub fn owner_parts(price: Balance, lineage: &[LineageNode]) -> Result<Vec<Payee>, RoyaltyError> {
    let parts = walk(price, lineage)?.retained;
    Ok(lineage
        .iter()
        .zip(parts)
        .filter(|(_, part)| *part > 0)
        .map(|(node, amount)| Payee { account: node.owner, amount })
        .collect())
}
