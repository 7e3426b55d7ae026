//! Property tests: whatever happens, the ledger accounts for every unit paid
//! in, and every party gets its exact share.
//!
//! Each case runs in a fresh off-chain engine (`fresh`), because every
//! `MarketData` value uses the same storage keys.

use super::*;
use ink::env::DefaultEnvironment;
use modelmint_common::market::MAX_OBLIGATIONS;
use modelmint_common::split::{mul_div_floor, Share};
use modelmint_common::BPS_SCALE;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Accounts `account(1..=ACCOUNTS)` own models and receive splits.
const ACCOUNTS: u8 = 6;
/// Models 1 and 2 are originals, 3 and 4 owe shares to 1 and 2, 5 to any of
/// 1..=4 (flattened, as the registry pushes them).
const MODELS: ModelId = 5;

/// Runs `body` in a fresh off-chain engine and returns its verdict.
fn fresh(
    body: impl FnOnce() -> core::result::Result<(), TestCaseError>,
) -> core::result::Result<(), TestCaseError> {
    let mut verdict = Ok(());
    ink::env::test::run_test::<DefaultEnvironment, _>(|_| {
        verdict = body();
        Ok(())
    })
    .expect("the off-chain engine runs");
    verdict
}

/// Obligations among `candidates` (a random subset) summing to at most 100 %.
fn owed_among(candidates: &'static [ModelId]) -> impl Strategy<Value = Vec<(ModelId, Bps)>> {
    let each = BPS_SCALE / candidates.len() as Bps;
    proptest::collection::vec(
        (any::<bool>(), prop_oneof![1..=each, Just(each), Just(1)]),
        candidates.len(),
    )
    .prop_map(move |picks| {
        candidates
            .iter()
            .zip(picks)
            .filter(|(_, (chosen, _))| *chosen)
            .map(|(&model, (_, bps))| (model, bps))
            .collect()
    })
}

/// Each model's obligations.
fn graph() -> impl Strategy<Value = Vec<Vec<(ModelId, Bps)>>> {
    (owed_among(&[1, 2]), owed_among(&[1, 2]), owed_among(&[1, 2, 3, 4]))
        .prop_map(|(three, four, five)| vec![vec![], vec![], three, four, five])
}

/// Amounts from tiny (where rounding matters) to huge; 48 of the largest still
/// add up to less than `u128::MAX`.
fn amount() -> impl Strategy<Value = Balance> {
    prop_oneof![1..1_000u128, 1..1_000_000_000_000_000_000_000u128, 1..=(u128::MAX >> 6)]
}

/// 1..=`max` shares summing to exactly `SHARE_SCALE`.
fn shares(max: usize) -> impl Strategy<Value = Vec<Share>> {
    (1..=max).prop_flat_map(|n| proptest::collection::btree_set(1..SHARE_SCALE, n - 1)).prop_map(
        |cuts| {
            let mut bounds = vec![0];
            bounds.extend(cuts);
            bounds.push(SHARE_SCALE);
            bounds.windows(2).map(|w| w[1] - w[0]).collect()
        },
    )
}

/// A split of `shares` among accounts 10, 11, ... (in that order).
fn listed(shares: &[Share]) -> Vec<Recipient> {
    shares.iter().zip(10u8..).map(|(&share, n)| Recipient { account: account(n), share }).collect()
}

/// The floor of `share`'s exact part of `total`.
fn exact_floor(total: Balance, share: Share) -> Balance {
    mul_div_floor(total, u64::from(share), u64::from(SHARE_SCALE))
        .expect("a share is at most the whole")
}

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        model: ModelId,
        amount: Balance,
    },
    /// Accounts may repeat (refused as duplicates); `by_owner: false` is refused too.
    SetSplit {
        model: ModelId,
        accounts: Vec<u8>,
        shares: Vec<Share>,
        by_owner: bool,
    },
    ClearSplit {
        model: ModelId,
    },
    Distribute {
        model: ModelId,
    },
    /// The account withdraws, collecting every model it owns without a split.
    Withdraw {
        account: u8,
    },
    Accept {
        account: u8,
        model: ModelId,
    },
    Leave {
        account: u8,
        model: ModelId,
    },
    /// The model's token changes hands: the registry pushes a new epoch.
    Transfer {
        model: ModelId,
        to: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let model = 1..=MODELS;
    let who = 1..=ACCOUNTS;
    prop_oneof![
        4 => (model.clone(), amount()).prop_map(|(model, amount)| Op::Deposit { model, amount }),
        2 => (model.clone(), shares(4), proptest::collection::vec(who.clone(), 4), prop::bool::weighted(0.9))
            .prop_map(|(model, shares, accounts, by_owner)| Op::SetSplit { model, accounts, shares, by_owner }),
        1 => model.clone().prop_map(|model| Op::ClearSplit { model }),
        1 => model.clone().prop_map(|model| Op::Distribute { model }),
        2 => who.clone().prop_map(|account| Op::Withdraw { account }),
        2 => (model.clone(), who.clone()).prop_map(|(model, account)| Op::Accept { account, model }),
        1 => (model.clone(), who.clone()).prop_map(|(model, account)| Op::Leave { account, model }),
        1 => (model, who).prop_map(|(model, to)| Op::Transfer { model, to }),
    ]
}

/// What an account can withdraw now: its owed balance, its split claims, and
/// the rounds of the models it owns without a split.
fn withdrawable(data: &MarketData, who: AccountId) -> (Balance, Vec<ModelId>) {
    let mine: Vec<ModelId> = (1..=MODELS)
        .filter(|&m| data.model(m).is_some_and(|s| s.owner == who && !s.split_applies()))
        .collect();
    let collectable: Balance = mine.iter().map(|&m| data.pending_of(m)).sum();
    (data.owed_to(who) + collectable, mine)
}

struct Run {
    data: MarketData,
    graph: Vec<Vec<(ModelId, Bps)>>,
    deposited: Balance,
    withdrawn: Balance,
}

impl Run {
    fn owner(&self, model: ModelId) -> (AccountId, OwnerEpoch) {
        let state = self.data.model(model).expect("pushed");
        (state.owner, state.epoch)
    }

    fn apply(&mut self, op: &Op) -> core::result::Result<(), TestCaseError> {
        let liabilities = self.data.liabilities();
        let result = match op {
            Op::Deposit { model, amount } => {
                let result = self.data.deposit(payer(), *model, *amount).map(drop);
                if result.is_ok() {
                    self.deposited += amount;
                }
                result
            }
            Op::SetSplit { model, accounts, shares, by_owner } => {
                let caller = if *by_owner { self.owner(*model).0 } else { payer() };
                let recipients = shares
                    .iter()
                    .zip(accounts)
                    .map(|(&share, &a)| Recipient { account: account(a), share })
                    .collect();
                self.data.set_split(caller, *model, recipients).map(drop)
            }
            Op::ClearSplit { model } => {
                self.data.clear_split(self.owner(*model).0, *model).map(drop)
            }
            Op::Distribute { model } => self.data.distribute(*model).map(drop),
            Op::Withdraw { account: a } => {
                let (expected, mine) = withdrawable(&self.data, account(*a));
                let result = self.data.withdraw(account(*a), &mine);
                if let Ok((amount, _)) = result {
                    prop_assert_eq!(amount, expected, "a withdrawal pays exactly what is owed");
                    prop_assert_eq!(withdrawable(&self.data, account(*a)).0, 0);
                    self.withdrawn += amount;
                }
                result.map(drop)
            }
            Op::Accept { account: a, model } => {
                self.data.accept_split(account(*a), *model).map(drop)
            }
            Op::Leave { account: a, model } => self.data.leave_split(account(*a), *model).map(drop),
            Op::Transfer { model, to } => {
                // The registry refuses a transfer to the owner; any other
                // starts a new owner epoch and pushes it.
                let (owner, epoch) = self.owner(*model);
                if owner != account(*to) {
                    let obligations = &self.graph[*model as usize - 1];
                    self.data
                        .sync_model(*model, record(account(*to), epoch + 1, obligations))
                        .map(drop)
                } else {
                    Ok(())
                }
            }
        };
        let owed: Balance = (1..=20).map(|a| self.data.owed_of(account(a))).sum();
        let pending: Balance = (1..=MODELS).map(|m| self.data.pending_of(m)).sum();
        prop_assert_eq!(
            owed + pending,
            self.data.liabilities(),
            "Σ owed + Σ pending after {:?}",
            op
        );
        if result.is_err() {
            prop_assert_eq!(self.data.liabilities(), liabilities, "a refused {:?} moved money", op);
        }
        prop_assert_eq!(self.data.liabilities() + self.withdrawn, self.deposited, "after {:?}", op);
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// (a) Σ withdrawn + Σ owed + Σ pending == Σ deposited, after every
    /// operation of any sequence (splits set, accepted, left and changed,
    /// tokens sold); once every round is ended and every account withdraws,
    /// the ledger is empty.
    #[test]
    fn every_unit_paid_in_is_withdrawn_or_still_owed(
        graph in graph(),
        first_owners in proptest::collection::vec(1..=ACCOUNTS, MODELS as usize),
        ops in proptest::collection::vec(op(), 1..25),
    ) {
        fresh(|| {
            let mut run = Run { data: MarketData::default(), graph, deposited: 0, withdrawn: 0 };
            for (index, &owner) in first_owners.iter().enumerate() {
                let model = index as ModelId + 1;
                let obligations = run.graph[index].clone();
                run.data.sync_model(model, record(account(owner), 0, &obligations)).expect("push");
            }
            for op in &ops {
                run.apply(op)?;
            }
            for model in 1..=MODELS {
                run.data.distribute(model).expect("a round ends whoever asks");
            }
            for a in 1..=20 {
                if run.data.owed_to(account(a)) > 0 {
                    run.apply(&Op::Withdraw { account: a })?;
                }
            }
            prop_assert_eq!((run.withdrawn, run.data.liabilities()), (run.deposited, 0));
            Ok(())
        })?;
    }

    /// (c) The most obligations a model may have, stacks of 100 % and amounts
    /// up to `u128::MAX`: a deposit is either accounted for to the unit or,
    /// when the ledger total would overflow, refused with `Overflow`, changing
    /// nothing.
    #[test]
    fn the_most_obligations_full_stacks_and_overflowing_amounts_keep_the_ledger_exact(
        weights in proptest::collection::vec(0u16..=100, MAX_OBLIGATIONS as usize),
        full in any::<bool>(),
        deposits in proptest::collection::vec(
            prop_oneof![1..1_000u128, any::<u128>().prop_map(|a| a.max(1)), (u128::MAX / 2)..=u128::MAX],
            1..6,
        ),
    ) {
        fresh(|| {
            let mut data = MarketData::default();
            let ancestors = MAX_OBLIGATIONS as ModelId;
            for ancestor in 1..=ancestors {
                data.sync_model(ancestor, record(account(1 + (ancestor % 5) as u8), 0, &[])).expect("push");
            }
            let total: u32 = weights.iter().map(|&w| u32::from(w)).sum::<u32>().max(1);
            let mut obligations: Vec<(ModelId, Bps)> = weights
                .iter()
                .zip(1..)
                .map(|(&w, m)| (m, (u32::from(w) * u32::from(BPS_SCALE) / total / if full { 1 } else { 2 }) as Bps))
                .filter(|&(_, bps)| bps > 0)
                .collect();
            if full {
                // top the first up to exactly 100 %
                let sum: u32 = obligations.iter().map(|&(_, b)| u32::from(b)).sum();
                if let Some(first) = obligations.first_mut() {
                    first.1 += (u32::from(BPS_SCALE) - sum) as Bps;
                }
            }
            let child = ancestors + 1;
            data.sync_model(child, record(account(6), 0, &obligations)).expect("push");
            let ledger = |data: &MarketData| -> Vec<Balance> {
                (1..=child).map(|m| data.pending_of(m)).collect()
            };
            let mut deposited: Balance = 0;
            for &amount in &deposits {
                let before = (data.liabilities(), ledger(&data));
                match data.deposit(payer(), child, amount) {
                    Ok(_) => deposited = deposited.checked_add(amount).expect("the ledger holds it"),
                    Err(error) => {
                        prop_assert_eq!(error, MarketError::Overflow);
                        prop_assert!(deposited.checked_add(amount).is_none(), "refused without overflow");
                        prop_assert_eq!(&before, &(data.liabilities(), ledger(&data)));
                    }
                }
                let total = ledger(&data).iter().try_fold(0u128, |sum, part| sum.checked_add(*part));
                prop_assert_eq!(total, Some(deposited));
                prop_assert_eq!(data.liabilities(), deposited);
            }
            Ok(())
        })?;
    }

    /// (d) Carries: a model owing two ancestors any shares, over any sequence
    /// of payments (small ones most of all), has passed each ancestor its
    /// exact share of everything paid, to the 1/10 000 of a unit:
    /// `passed × 10 000 + carry == paid × bps`. The carry is a fraction, plus
    /// at most one unit per ancestor that a one-unit payment could not pay to
    /// both at once (the next payment pays it).
    #[test]
    fn fractions_carry_over_so_each_ancestor_gets_the_floor_of_its_exact_share(
        shares in (0..=BPS_SCALE / 2, 0..=BPS_SCALE / 2),
        payments in proptest::collection::vec(prop_oneof![1..20u128, 1..1_000_000u128], 1..120),
    ) {
        fresh(|| {
            let mut data = MarketData::default();
            data.sync_model(1, record(alice(), 0, &[])).expect("push");
            data.sync_model(2, record(bob(), 0, &[])).expect("push");
            let owed: Vec<(ModelId, Bps)> =
                [(1, shares.0), (2, shares.1)].into_iter().filter(|&(_, bps)| bps > 0).collect();
            data.sync_model(3, record(charlie(), 0, &owed)).expect("push");
            let mut paid: Balance = 0;
            for &amount in &payments {
                data.deposit(payer(), 3, amount).expect("deposit");
                paid += amount;
            }
            let debts = data.model(3).expect("pushed").debts;
            let most = 10_000 * (1 + debts.len() as u128);
            for debt in debts {
                let passed = data.pending_of(debt.ancestor);
                let exact = paid * u128::from(debt.bps);
                prop_assert_eq!(passed * 10_000 + u128::from(debt.carry), exact, "ancestor {}", debt.ancestor);
                prop_assert!(u128::from(debt.carry) < most, "carry {}", debt.carry);
            }
            Ok(())
        })?;
    }

    /// (e) One split, payments and withdrawals by its recipients in any
    /// order: a withdrawal never takes more than the floor of the recipient's
    /// exact share of what the round received so far, and when the round ends
    /// every recipient has got its exact share within one unit, the parts
    /// adding up to the total exactly.
    #[test]
    fn lazy_withdrawals_then_the_round_end_give_each_its_share_within_one_unit(
        shares in shares(8),
        steps in proptest::collection::vec(prop_oneof![amount().prop_map(Ok), (0..8usize).prop_map(Err)], 1..40),
    ) {
        fresh(|| {
            let mut data = market();
            let recipients = listed(&shares);
            data.set_split(alice(), 1, recipients.clone()).expect("a valid split");
            for recipient in &recipients {
                data.accept_split(recipient.account, 1).expect("listed");
            }
            let mut total: Balance = 0;
            let mut taken = vec![0 as Balance; recipients.len()];
            for step in &steps {
                match *step {
                    Ok(amount) => {
                        data.deposit(payer(), 1, amount).expect("deposit");
                        total += amount;
                    }
                    Err(pick) => {
                        let index = pick % recipients.len();
                        let recipient = recipients[index];
                        if let Ok((amount, _)) = data.withdraw(recipient.account, &[]) {
                            taken[index] += amount;
                        }
                        prop_assert_eq!(taken[index], exact_floor(total, recipient.share));
                    }
                }
            }
            data.distribute(1).expect("distribute");
            let mut paid: Balance = 0;
            for (recipient, taken) in recipients.iter().zip(&taken) {
                let got = taken + data.owed_of(recipient.account);
                let floor = exact_floor(total, recipient.share);
                prop_assert!(got == floor || got == floor + 1, "{} vs exact floor {}", got, floor);
                paid += got;
            }
            prop_assert_eq!(paid, total);
            Ok(())
        })?;
    }

    /// (b) One split of up to 32 recipients, any payments, one settlement:
    /// every recipient gets its exact share of the total, rounded down or up
    /// by one unit, and the parts add up to the total.
    #[test]
    fn one_settlement_gives_each_recipient_its_exact_share_within_one_unit(
        shares in shares(MAX_RECIPIENTS as usize),
        amounts in proptest::collection::vec(amount(), 1..6),
    ) {
        fresh(|| {
            let mut data = market();
            let recipients = listed(&shares);
            data.set_split(alice(), 1, recipients.clone()).expect("a valid split");
            for &amount in &amounts {
                data.deposit(payer(), 1, amount).expect("deposit");
            }
            let total: Balance = amounts.iter().sum();
            data.distribute(1).expect("distribute");
            let mut paid: Balance = 0;
            for recipient in &recipients {
                let owed = data.owed_of(recipient.account);
                let floor = exact_floor(total, recipient.share);
                prop_assert!(owed == floor || owed == floor + 1, "{} vs exact floor {}", owed, floor);
                paid += owed;
            }
            prop_assert_eq!(paid, total);
            prop_assert_eq!((data.pending_of(1), data.liabilities()), (0, total));
            Ok(())
        })?;
    }
}
