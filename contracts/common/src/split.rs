//! Exact integer arithmetic for splitting payments.
//!
//! Two rules, used wherever ModelMint divides money:
//!
//! - [`mul_div_floor`] computes `amount * numerator / denominator` rounded down
//!   for *any* `u128` amount, without a wider integer type and without overflow.
//! - [`apportion`] splits an amount among shares on the [`SHARE_SCALE`] so that
//!   the parts add up to the amount exactly. Each part is the floor of its exact
//!   share, and the remainder (fewer units than there are recipients) goes one
//!   unit each to the recipients whose exact shares had the largest fractional
//!   parts; ties go to the recipient listed first. Every part is therefore
//!   within one unit of its exact share, and the result depends only on the
//!   amount and the ordered shares.

pub use crate::types::ShareError;
use ink::prelude::vec::Vec;

/// A recipient's share of a split, in parts per million.
pub type Share = u32;

/// 100 % on the share scale (parts per million).
pub const SHARE_SCALE: Share = 1_000_000;

/// Most recipients one split may have.
pub const MAX_RECIPIENTS: u32 = 32;

/// Checks that `shares` form a valid split: 1..=[`MAX_RECIPIENTS`] positive
/// shares that add up to exactly [`SHARE_SCALE`].
pub fn validate_shares(shares: &[Share]) -> Result<(), ShareError> {
    if shares.is_empty() {
        return Err(ShareError::NoRecipients);
    }
    let count = u32::try_from(shares.len()).unwrap_or(u32::MAX);
    if count > MAX_RECIPIENTS {
        return Err(ShareError::TooManyRecipients { count, max: MAX_RECIPIENTS });
    }
    let mut total: u64 = 0;
    for (index, &share) in shares.iter().enumerate() {
        if share == 0 {
            return Err(ShareError::ZeroShare { index: u32::try_from(index).unwrap_or(u32::MAX) });
        }
        // At most 32 shares of at most u32::MAX each: far from u64::MAX.
        total = total.saturating_add(u64::from(share));
    }
    if total != u64::from(SHARE_SCALE) {
        return Err(ShareError::SharesDoNotSumToWhole { total });
    }
    Ok(())
}

/// `amount * numerator / denominator`, rounded down, for any `u128` amount.
///
/// Requires `numerator <= denominator` (a fraction of at most one) and a
/// non-zero denominator; returns `None` otherwise. With `q, r` the quotient and
/// remainder of `amount / denominator`, the result is `q * numerator +
/// r * numerator / denominator`: the first product is at most `amount`, the
/// second below `2^64`, so nothing overflows.
pub fn mul_div_floor(amount: u128, numerator: u64, denominator: u64) -> Option<u128> {
    if denominator == 0 || numerator > denominator {
        return None;
    }
    let (numerator, denominator) = (u128::from(numerator), u128::from(denominator));
    let quotient = amount.checked_div(denominator)?;
    let remainder = amount.checked_rem(denominator)?;
    let whole = quotient.checked_mul(numerator)?;
    let fraction = remainder.checked_mul(numerator)?.checked_div(denominator)?;
    whole.checked_add(fraction)
}

/// Splits `amount` among `shares` exactly (see the module docs for the rule).
/// `shares` must pass [`validate_shares`]; returns `None` otherwise.
pub fn apportion(amount: u128, shares: &[Share]) -> Option<Vec<u128>> {
    validate_shares(shares).ok()?;
    let scale = u128::from(SHARE_SCALE);
    let quotient = amount.checked_div(scale)?;
    let remainder = amount.checked_rem(scale)?;

    let mut parts = Vec::with_capacity(shares.len());
    // (fractional part of the exact share, in millionths of a unit; index)
    let mut fractions: Vec<(u128, usize)> = Vec::with_capacity(shares.len());
    let mut assigned: u128 = 0;
    for (index, &share) in shares.iter().enumerate() {
        let share = u128::from(share);
        // remainder < 10^6 and share <= 10^6: the product stays below 10^12.
        let spill = remainder.checked_mul(share)?;
        let part = quotient.checked_mul(share)?.checked_add(spill.checked_div(scale)?)?;
        fractions.push((spill.checked_rem(scale)?, index));
        assigned = assigned.checked_add(part)?;
        parts.push(part);
    }
    // The floors leave fewer units unassigned than there are recipients.
    let leftover = usize::try_from(amount.checked_sub(assigned)?).ok()?;
    largest_first(&mut fractions);
    for &(_, index) in fractions.iter().take(leftover) {
        let part = parts.get_mut(index)?;
        *part = part.checked_add(1)?;
    }
    Some(parts)
}

/// Orders `(fraction, index)` pairs by fraction, largest first, then by
/// index. An insertion sort: there are at most [`MAX_RECIPIENTS`] pairs, and
/// it keeps `core`'s general sort (kilobytes of Wasm) out of the contracts.
fn largest_first(fractions: &mut [(u128, usize)]) {
    for end in 1..fractions.len() {
        let mut at = end;
        while let Some(before) = at.checked_sub(1) {
            let (Some(&(prev_fraction, prev_index)), Some(&(fraction, index))) =
                (fractions.get(before), fractions.get(at))
            else {
                break;
            };
            if fraction < prev_fraction || (fraction == prev_fraction && index > prev_index) {
                break;
            }
            fractions.swap(before, at);
            at = before;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_remainder_goes_to_the_largest_fractions_then_the_first_listed() {
        // 10 split three ways: exact shares 3.33.. each; the leftover unit goes
        // to the first recipient.
        assert_eq!(apportion(10, &[333_334, 333_333, 333_333]), Some(vec![4, 3, 3]));
        // 7 at 50/30/20: exact 3.5, 2.1, 1.4 -> floors 3, 2, 1 and one unit left,
        // which goes to the largest fraction (0.5, the first recipient).
        assert_eq!(apportion(7, &[500_000, 300_000, 200_000]), Some(vec![4, 2, 1]));
        // 7 at 20/30/50: the same amounts, listed in another order.
        assert_eq!(apportion(7, &[200_000, 300_000, 500_000]), Some(vec![1, 2, 4]));
        assert_eq!(apportion(0, &[400_000, 600_000]), Some(vec![0, 0]));
        assert_eq!(apportion(1, &[SHARE_SCALE]), Some(vec![1]));
    }

    #[test]
    fn the_largest_chain_amounts_split_without_overflow() {
        let parts = apportion(u128::MAX, &[1, SHARE_SCALE - 1]).unwrap();
        assert_eq!(parts[0].checked_add(parts[1]), Some(u128::MAX));
        assert_eq!(mul_div_floor(u128::MAX, 1, 1), Some(u128::MAX));
        assert_eq!(mul_div_floor(u128::MAX, 10_000, 10_000), Some(u128::MAX));
        assert_eq!(mul_div_floor(u128::MAX, 1, 2), Some(u128::MAX / 2));
    }

    #[test]
    fn invalid_splits_are_rejected_with_the_reason() {
        assert_eq!(validate_shares(&[]), Err(ShareError::NoRecipients));
        assert_eq!(
            validate_shares(&[SHARE_SCALE / 2, 0, SHARE_SCALE / 2]),
            Err(ShareError::ZeroShare { index: 1 })
        );
        assert_eq!(
            validate_shares(&[SHARE_SCALE, 1]),
            Err(ShareError::SharesDoNotSumToWhole { total: 1_000_001 })
        );
        assert_eq!(
            validate_shares(&[500_000, 499_999]),
            Err(ShareError::SharesDoNotSumToWhole { total: 999_999 })
        );
        let too_many = vec![1; MAX_RECIPIENTS as usize + 1];
        assert_eq!(
            validate_shares(&too_many),
            Err(ShareError::TooManyRecipients { count: 33, max: 32 })
        );
        assert_eq!(apportion(100, &[SHARE_SCALE, 1]), None);
        assert_eq!(mul_div_floor(100, 3, 2), None);
        assert_eq!(mul_div_floor(100, 0, 0), None);
    }

    /// 1..=32 positive shares summing to exactly SHARE_SCALE.
    fn valid_shares() -> impl Strategy<Value = Vec<Share>> {
        (1..=MAX_RECIPIENTS as usize)
            .prop_flat_map(|n| proptest::collection::btree_set(1..SHARE_SCALE, n - 1))
            .prop_map(|cuts| {
                let mut bounds: Vec<Share> = Vec::with_capacity(cuts.len() + 2);
                bounds.push(0);
                bounds.extend(cuts);
                bounds.push(SHARE_SCALE);
                bounds.windows(2).map(|w| w[1] - w[0]).collect()
            })
    }

    /// `amount * numerator / denominator`, rounded down, computed the long way
    /// as an oracle: the product in three 64-bit limbs (it needs up to 192
    /// bits), then schoolbook division by the 64-bit denominator.
    fn wide_mul_div(amount: u128, numerator: u64, denominator: u64) -> u128 {
        let n = u128::from(numerator);
        let low = u128::from(amount as u64) * n;
        let high = (amount >> 64) * n;
        let limb0 = u128::from(low as u64);
        let middle = (low >> 64) + u128::from(high as u64);
        let limb1 = u128::from(middle as u64);
        let limb2 = (high >> 64) + (middle >> 64);
        let d = u128::from(denominator);
        let (q2, r) = (limb2 / d, limb2 % d);
        let x = (r << 64) | limb1;
        let (q1, r) = (x / d, x % d);
        let x = (r << 64) | limb0;
        let q0 = x / d;
        assert_eq!(q2, 0, "a fraction of at most one of a u128 fits in a u128");
        (q1 << 64) + q0
    }

    #[test]
    fn the_oracle_agrees_with_plain_arithmetic_where_that_cannot_overflow() {
        for (amount, numerator, denominator) in
            [(0, 0, 1), (7, 3, 10), (1 << 90, 9_999, 10_000), (u128::from(u64::MAX), 5, 7)]
        {
            let plain = amount * u128::from(numerator) / u128::from(denominator);
            assert_eq!(wide_mul_div(amount, numerator, denominator), plain);
        }
        assert_eq!(wide_mul_div(u128::MAX, u64::MAX, u64::MAX), u128::MAX);
        assert_eq!(wide_mul_div(u128::MAX, 1, 3), u128::MAX / 3);
    }

    /// Amounts across the whole range, with extra weight on small ones, where
    /// rounding matters most.
    fn amounts() -> impl Strategy<Value = u128> {
        prop_oneof![0u128..1_000, 0u128..1_000_000_000_000_000, any::<u128>()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn the_insertion_sort_orders_as_a_general_sort_would(
            fractions in proptest::collection::vec(0u128..4, 0..=32),
        ) {
            // small fractions so that ties (broken by index) are common
            let mut pairs: Vec<(u128, usize)> =
                fractions.into_iter().enumerate().map(|(index, f)| (f, index)).collect();
            let mut expected = pairs.clone();
            expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            largest_first(&mut pairs);
            prop_assert_eq!(pairs, expected);
        }

        #[test]
        fn parts_add_up_to_the_amount_exactly(amount in amounts(), shares in valid_shares()) {
            let parts = apportion(amount, &shares).expect("valid shares");
            let total = parts.iter().try_fold(0u128, |sum, part| sum.checked_add(*part));
            prop_assert_eq!(total, Some(amount));
        }

        #[test]
        fn each_part_is_within_one_unit_of_its_exact_share(
            amount in amounts(),
            shares in valid_shares(),
        ) {
            let parts = apportion(amount, &shares).expect("valid shares");
            for (part, share) in parts.iter().zip(&shares) {
                let floor = mul_div_floor(amount, u64::from(*share), u64::from(SHARE_SCALE))
                    .expect("a share is at most the whole");
                prop_assert!(*part == floor || *part == floor + 1);
            }
        }

        #[test]
        fn mul_div_floor_matches_wide_arithmetic(
            amount in 0u128..(1u128 << 96),
            denominator in 1u64..=u64::from(u32::MAX),
            numerator_seed in any::<u64>(),
        ) {
            let numerator = numerator_seed % (denominator + 1);
            // amount < 2^96 and numerator <= 2^32: the direct product fits in u128.
            let expected = amount * u128::from(numerator) / u128::from(denominator);
            prop_assert_eq!(mul_div_floor(amount, numerator, denominator), Some(expected));
        }

        #[test]
        fn mul_div_floor_matches_a_wide_oracle_over_the_whole_range(
            amount in prop_oneof![any::<u128>(), (u128::MAX - 1_000_000)..=u128::MAX, 0u128..1_000],
            denominator in prop_oneof![1u64..=20_000, any::<u64>().prop_map(|d| d.max(1))],
            numerator_seed in any::<u64>(),
        ) {
            // any numerator in 0..=denominator (every u64 when that is u64::MAX)
            let numerator = match denominator.checked_add(1) {
                Some(bound) => numerator_seed % bound,
                None => numerator_seed,
            };
            prop_assert_eq!(
                mul_div_floor(amount, numerator, denominator),
                Some(wide_mul_div(amount, numerator, denominator))
            );
        }

        #[test]
        fn splitting_is_deterministic(amount in amounts(), shares in valid_shares()) {
            prop_assert_eq!(apportion(amount, &shares), apportion(amount, &shares));
        }
    }
}
