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
    /// The caller is not listed in `model`'s split.
    NotARecipient { model: ModelId },
    /// The caller already accepted `model`'s split.
    AlreadyAccepted { model: ModelId },
    /// The model's owner changes or clears the split instead of leaving it.
    OwnerCannotLeave { model: ModelId },
    /// Only the licensing contract this royalties contract is wired to may
    /// deposit a sale with the lineage it read ([`Royalties::deposit_sale`]);
    /// everyone else deposits with [`Royalties::deposit`].
    NotLicensing,
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
    ///
    /// # Errors
    /// - [`RoyaltyError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
    /// - [`RoyaltyError::ZeroDeposit`] if no value is attached.
    /// - [`RoyaltyError::UnknownModel`] if the registry knows no such model;
    ///   [`RoyaltyError::RegistryUnavailable`] if it could not be asked.
    /// - [`RoyaltyError::Overflow`] if the ledger total would overflow.
    ///
    /// On any error the attached value goes back to the caller with the
    /// reverted call.
    ///
    /// # Events
    /// `Deposited`, then an `UpstreamCredited` per non-zero upstream cut (the
    /// royalties contract's events).
    #[ink(message, payable)]
    fn deposit(&mut self, model: ModelId) -> Result<(), RoyaltyError>;

    /// [`Self::deposit`] for a license sale: the wired licensing contract
    /// passes the revenue lineage it has just read from the registry
    /// ([`crate::registry::ModelRegistry::sale_context`]) instead of the
    /// royalties contract asking the registry a second time. Only that
    /// licensing contract may call it: the lineage decides who is credited, so
    /// it must come from the registry through a contract the administrator
    /// wired (and can only rewire through the timelock).
    ///
    /// # Errors
    /// - [`RoyaltyError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
    /// - [`RoyaltyError::NotLicensing`] unless the caller is the wired
    ///   licensing contract.
    /// - [`RoyaltyError::ZeroDeposit`] if no value is attached.
    /// - [`RoyaltyError::UnknownModel`] if the lineage does not start at
    ///   `model`.
    /// - [`RoyaltyError::Overflow`] if the ledger total would overflow.
    ///
    /// On any error the attached value goes back to the caller with the
    /// reverted call.
    ///
    /// # Events
    /// As [`Self::deposit`].
    #[ink(message, payable)]
    fn deposit_sale(
        &mut self,
        model: ModelId,
        lineage: Vec<LineageNode>,
    ) -> Result<(), RoyaltyError>;

    /// Who would be credited how much if `price` were deposited for `model` now:
    /// the multi-recipient analogue of ERC-2981's `royaltyInfo`. The amounts add
    /// up to `price` exactly.
    ///
    /// # Errors
    /// - [`RoyaltyError::UnknownModel`] if the registry knows no such model;
    ///   [`RoyaltyError::RegistryUnavailable`] if it could not be asked.
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
    /// The new carry of every royalty edge the payment reached (see
    /// [`walk_with_carry`]), in order; empty for [`walk`].
    pub carries: Vec<EdgeCarry>,
}

/// What a royalty edge still owes its parent below one unit, in
/// 1/[`BPS_SCALE`] of a unit (usually below [`BPS_SCALE`]; more only when a
/// child's rounded cuts would have exceeded what it received).
pub type Carry = u32;

/// The carry of the edge from `from_model` to its parent `to_model` after a
/// payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeCarry {
    /// The derivative.
    pub from_model: ModelId,
    /// The parent.
    pub to_model: ModelId,
    /// The edge's carry after the payment.
    pub carry: Carry,
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
    let mut walk = walk_with_carry(amount, lineage, |_, _| 0)?;
    walk.carries.clear();
    Ok(walk)
}

/// [`walk`] with fractions that carry over between payments: each royalty
/// edge `(from, to)` starts with the carry `carry(from, to)` (what earlier
/// payments owed the parent below one unit, in 1/[`BPS_SCALE`] of a unit),
/// pays `floor((received × bps + carry) / BPS_SCALE)` and keeps the rest as
/// its new carry. Over any sequence of payments an edge therefore passes the
/// parent the floor of its exact share of everything the child received: a
/// derivative owing 10 % that is paid 9 units a thousand times passes 900,
/// where flooring each payment would pass nothing. If rounding up would make
/// a child pass on more than it received, the excess stays in the carry.
///
/// # Errors
/// As [`walk`].
pub fn walk_with_carry(
    amount: Balance,
    lineage: &[LineageNode],
    carry: impl Fn(ModelId, ModelId) -> Carry,
) -> Result<Walk, RoyaltyError> {
    let scale = Balance::from(BPS_SCALE);
    let mut incoming: Vec<Balance> = ink::prelude::vec![0; lineage.len()];
    if let Some(first) = incoming.first_mut() {
        *first = amount;
    }
    let mut retained = Vec::with_capacity(lineage.len());
    let mut upstream = Vec::new();
    let mut carries = Vec::new();
    for (index, node) in lineage.iter().enumerate() {
        let received = incoming.get(index).copied().unwrap_or(0);
        let mut kept = received;
        let stack = node.parents.iter().map(|link| u32::from(link.royalty_bps)).sum::<u32>();
        if stack > u32::from(BPS_SCALE) {
            return Err(RoyaltyError::Overflow);
        }
        for link in &node.parents {
            let bps = Balance::from(link.royalty_bps);
            if bps == 0 {
                continue;
            }
            // received × bps + carry = whole × BPS_SCALE + fraction, without
            // forming the product: (q × BPS_SCALE + r) × bps = q × bps × BPS_SCALE + r × bps.
            let before = Balance::from(carry(node.model, link.model));
            let whole = mul_div_floor(received, u64::from(link.royalty_bps), u64::from(BPS_SCALE))
                .ok_or(RoyaltyError::Overflow)?;
            let remainder = received.checked_rem(scale).ok_or(RoyaltyError::Overflow)?;
            let spill = remainder
                .checked_mul(bps)
                .and_then(|product| product.checked_rem(scale))
                .and_then(|fraction| fraction.checked_add(before))
                .ok_or(RoyaltyError::Overflow)?;
            let due = whole
                .checked_add(spill.checked_div(scale).ok_or(RoyaltyError::Overflow)?)
                .ok_or(RoyaltyError::Overflow)?;
            let cut = due.min(kept);
            // What could not be paid now (at most a few units) stays owed.
            let unpaid = due.checked_sub(cut).ok_or(RoyaltyError::Overflow)?;
            let after = unpaid
                .checked_mul(scale)
                .and_then(|owed| owed.checked_add(spill.checked_rem(scale)?))
                .and_then(|after| Carry::try_from(after).ok())
                .ok_or(RoyaltyError::Overflow)?;
            if Balance::from(after) != before {
                carries.push(EdgeCarry {
                    from_model: node.model,
                    to_model: link.model,
                    carry: after,
                });
            }
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
    Ok(Walk { retained, upstream, carries })
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

/// Whether `caller` may call [`Royalties::deposit_sale`]: only the licensing
/// contract the royalties contract is wired to (`licensing`) hands over a
/// lineage to credit along. The royalties data layer still checks that the
/// lineage starts at the model paid for.
///
/// # Errors
/// - [`RoyaltyError::NotLicensing`] if `caller` is not the wired licensing
///   contract (or none is wired).
pub fn ensure_licensing(
    licensing: Option<AccountId>,
    caller: AccountId,
) -> Result<(), RoyaltyError> {
    if licensing == Some(caller) {
        Ok(())
    } else {
        Err(RoyaltyError::NotLicensing)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ParentLink, Relation};

    fn node(model: ModelId, parents: &[(ModelId, u16)]) -> LineageNode {
        LineageNode {
            model,
            owner: AccountId::from([u8::try_from(model).expect("small ids"); 32]),
            owner_epoch: 0,
            parents: parents
                .iter()
                .map(|&(model, royalty_bps)| ParentLink {
                    model,
                    relation: Relation::Merge,
                    royalty_bps,
                })
                .collect(),
        }
    }

    #[test]
    fn a_carry_never_makes_a_child_pass_on_more_than_it_received() {
        // model 3 owes 50 % to each of 1 and 2 and both edges carry 0.9999 of a
        // unit: one unit paid in is due 1 to each parent, but only 1 exists
        let lineage = [node(3, &[(1, 5_000), (2, 5_000)]), node(2, &[]), node(1, &[])];
        let walk = walk_with_carry(1, &lineage, |_, _| 9_999).unwrap();
        assert_eq!(walk.retained, vec![0, 0, 1]);
        assert_eq!(walk.upstream, vec![UpstreamCut { from_model: 3, to_model: 1, amount: 1 }]);
        // edge 3 -> 1 was paid and keeps 0.4999; edge 3 -> 2 keeps its due unit
        // and the new fraction: 1.4999 units still owed
        assert_eq!(
            walk.carries,
            vec![
                EdgeCarry { from_model: 3, to_model: 1, carry: 4_999 },
                EdgeCarry { from_model: 3, to_model: 2, carry: 14_999 },
            ]
        );
    }

    #[test]
    fn without_carries_a_walk_floors_each_cut_and_refuses_stacks_above_100_percent() {
        let lineage = [node(2, &[(1, 1_000)]), node(1, &[])];
        let floored = walk(9, &lineage).unwrap();
        assert_eq!(
            (floored.retained, floored.upstream, floored.carries),
            (vec![9, 0], vec![], vec![])
        );
        let over = [node(2, &[(1, 6_000), (3, 5_000)]), node(3, &[]), node(1, &[])];
        assert_eq!(walk(100, &over), Err(RoyaltyError::Overflow));
        assert_eq!(walk_with_carry(100, &over, |_, _| 0), Err(RoyaltyError::Overflow));
    }

    #[test]
    fn only_the_wired_licensing_contract_may_hand_over_a_sale_lineage() {
        let licensing = AccountId::from([7; 32]);
        let stranger = AccountId::from([8; 32]);
        assert_eq!(ensure_licensing(Some(licensing), licensing), Ok(()));
        // a stranger, or anyone while no licensing contract is wired, is refused
        assert_eq!(ensure_licensing(Some(licensing), stranger), Err(RoyaltyError::NotLicensing));
        assert_eq!(ensure_licensing(None, licensing), Err(RoyaltyError::NotLicensing));
    }
}
