//! What other contracts may ask or pay the market about royalties, and the
//! exact arithmetic of a payment's obligations.
//!
//! Anyone who wants to pay a model's contributors (the market itself on every
//! sale, an inference gateway on every call, a marketplace on a resale) calls
//! [`Royalties::deposit`] with the payment attached. Each ancestor the model
//! owes a share (its flattened [`Obligation`](crate::Obligation)s) is credited
//! its share first ([`share_out`]); the model keeps the rest, for its split or
//! its owner.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// does its arithmetic with checked operations only.
#![allow(clippy::cast_possible_truncation)]

use crate::licensing::Use;
use crate::market::MarketError;
use crate::split::{mul_div_floor, Share};
use crate::{Balance, Bps, ModelId, BPS_SCALE};
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

/// The market's payment interface for other contracts.
#[ink::trait_definition]
pub trait Royalties {
    /// Pays the transferred value to `model`'s contributors: each ancestor the
    /// model owes a share is credited its share first, the rest goes to the
    /// model's split (or its owner).
    ///
    /// # Errors
    /// - [`MarketError::Admin`]`(`[`AdminError::Paused`](crate::admin::AdminError::Paused)`)` while paused.
    /// - [`MarketError::ZeroDeposit`] if no value is attached.
    /// - [`MarketError::UnknownModel`] if the market knows no such model.
    /// - [`MarketError::Overflow`] if the ledger total would overflow.
    ///
    /// On any error the attached value goes back to the caller with the
    /// reverted call.
    ///
    /// # Events
    /// The market's `Deposited`.
    #[ink(message, payable)]
    fn deposit(&mut self, model: ModelId) -> Result<(), MarketError>;

    /// Pays the transferred value (zero allowed) for one use of `model` by
    /// `account`, if `account` holds a license on it that is valid now, not
    /// voided, and permits `use_`: what a service gated on a license (an
    /// inference gateway) calls once per request, instead of asking
    /// [`LicenseCheck::is_licensed`](crate::licensing::LicenseCheck::is_licensed)
    /// and depositing in a second call. The value is credited as
    /// [`Self::deposit`] credits it.
    ///
    /// # Errors
    /// - [`MarketError::Admin`]`(`[`AdminError::Paused`](crate::admin::AdminError::Paused)`)` while paused.
    /// - [`MarketError::UnknownModel`], [`MarketError::NotLicensed`].
    /// - [`MarketError::Overflow`] if the ledger total would overflow.
    ///
    /// # Events
    /// The market's `Deposited` if a value was attached.
    #[ink(message, payable)]
    fn deposit_use(
        &mut self,
        model: ModelId,
        account: AccountId,
        use_: Use,
    ) -> Result<(), MarketError>;

    /// Who would be credited how much if `price` were deposited for `model`
    /// now and then distributed: the multi-recipient analogue of ERC-2981's
    /// `royaltyInfo`. The amounts add up to `price` exactly.
    ///
    /// # Errors
    /// - [`MarketError::UnknownModel`] if the market knows no such model.
    #[ink(message)]
    fn royalty_info(&self, model: ModelId, price: Balance) -> Result<Vec<Payee>, MarketError>;
}

/// What one obligation still owes its ancestor below one unit, in
/// 1/[`BPS_SCALE`] of a unit (usually below [`BPS_SCALE`]; more only when the
/// rounded cuts of a payment would have exceeded it).
pub type Carry = u32;

/// A payment shared out among a model's obligations (see [`share_out`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedOut {
    /// Each obligation's cut, in the obligations' order.
    pub cuts: Vec<Balance>,
    /// Each obligation's carry after the payment, in the same order.
    pub carries: Vec<Carry>,
    /// What the model keeps: the payment less every cut.
    pub retained: Balance,
}

/// Shares `amount` out among a model's obligations, given as `(bps, carry)`
/// in order: each ancestor is due `floor((amount × bps + carry) / 10 000)`,
/// and what is left below one unit becomes its new carry. Over any sequence
/// of payments an ancestor therefore gets the floor of its exact share of
/// everything paid: a model owing 10 % that is paid 9 units a thousand times
/// passes 900, where flooring each payment would pass nothing. If the rounded
/// cuts would exceed the payment, the excess stays in the carries, so
/// `Σ cuts + retained == amount` always.
///
/// # Errors
/// - [`MarketError::Overflow`] for shares above 100 % in total (the registry
///   refuses those) or a carry that no longer fits.
pub fn share_out(amount: Balance, debts: &[(Bps, Carry)]) -> Result<SharedOut, MarketError> {
    let total = debts.iter().map(|&(bps, _)| u32::from(bps)).sum::<u32>();
    if total > u32::from(BPS_SCALE) {
        return Err(MarketError::Overflow);
    }
    let scale = Balance::from(BPS_SCALE);
    // amount = q × BPS_SCALE + r, so amount × bps + carry = q × bps ×
    // BPS_SCALE + (r × bps + carry): the product is never formed.
    let remainder = amount.checked_rem(scale).ok_or(MarketError::Overflow)?;
    let mut shared = SharedOut {
        cuts: Vec::with_capacity(debts.len()),
        carries: Vec::with_capacity(debts.len()),
        retained: amount,
    };
    for &(bps, before) in debts {
        let whole = mul_div_floor(amount, u64::from(bps), u64::from(BPS_SCALE))
            .ok_or(MarketError::Overflow)?;
        // r × bps < 10^8 and a carry is a u32: far below u128::MAX.
        let spill = remainder
            .checked_mul(Balance::from(bps))
            .and_then(|product| product.checked_rem(scale))
            .and_then(|fraction| fraction.checked_add(Balance::from(before)))
            .ok_or(MarketError::Overflow)?;
        let due = whole
            .checked_add(spill.checked_div(scale).ok_or(MarketError::Overflow)?)
            .ok_or(MarketError::Overflow)?;
        let cut = due.min(shared.retained);
        // What could not be paid now (at most a few units) stays owed.
        let unpaid = due.checked_sub(cut).ok_or(MarketError::Overflow)?;
        let after = unpaid
            .checked_mul(scale)
            .and_then(|owed| owed.checked_add(spill.checked_rem(scale)?))
            .and_then(|after| Carry::try_from(after).ok())
            .ok_or(MarketError::Overflow)?;
        shared.retained = shared.retained.checked_sub(cut).ok_or(MarketError::Overflow)?;
        shared.cuts.push(cut);
        shared.carries.push(after);
    }
    Ok(shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_carry_never_makes_a_model_pay_out_more_than_it_received() {
        // two ancestors owed 50 % each, both carrying 0.9999 of a unit: one
        // unit paid in is due one unit to each, but only one exists
        let shared = share_out(1, &[(5_000, 9_999), (5_000, 9_999)]).unwrap();
        assert_eq!(shared.cuts, vec![1, 0]);
        assert_eq!(shared.retained, 0);
        // the first was paid and keeps 0.4999; the second keeps its due unit
        // and the new fraction: 1.4999 units still owed
        assert_eq!(shared.carries, vec![4_999, 14_999]);
    }

    #[test]
    fn small_payments_add_up_upstream_through_the_carry() {
        let mut carry = 0;
        let mut passed: Balance = 0;
        for _ in 0..1_000 {
            let shared = share_out(9, &[(1_000, carry)]).unwrap();
            passed += shared.cuts[0];
            carry = shared.carries[0];
        }
        assert_eq!(passed, 900, "10 % of 9 000 units, not 0 × 1 000");
        assert_eq!(carry, 0);
    }

    #[test]
    fn shares_above_one_hundred_percent_are_refused() {
        assert_eq!(share_out(100, &[(6_000, 0), (5_000, 0)]), Err(MarketError::Overflow));
        let whole = share_out(u128::MAX, &[(6_000, 0), (4_000, 0)]).unwrap();
        assert_eq!(whole.retained, 0, "100 % of the largest amount, without overflow");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn a_payment_is_shared_out_exactly(
            amount in prop_oneof![0u128..1_000, any::<u128>()],
            debts in proptest::collection::vec((0u16..=2_500, 0u32..20_000), 0..=4),
        ) {
            let shared = share_out(amount, &debts).unwrap();
            let paid = shared.cuts.iter().try_fold(shared.retained, |sum, cut| sum.checked_add(*cut));
            prop_assert_eq!(paid, Some(amount));
        }

        #[test]
        fn over_many_payments_an_ancestor_gets_the_floor_of_its_exact_share(
            bps in 0u16..=10_000,
            payments in proptest::collection::vec(0u128..1_000_000, 1..50),
        ) {
            let mut carry = 0;
            let mut passed: Balance = 0;
            for &amount in &payments {
                let shared = share_out(amount, &[(bps, carry)]).unwrap();
                passed += shared.cuts[0];
                carry = shared.carries[0];
            }
            let total: Balance = payments.iter().sum();
            prop_assert_eq!(passed, total * Balance::from(bps) / 10_000);
        }
    }
}
