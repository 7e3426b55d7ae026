//! Property tests: whatever happens, the ledger accounts for every unit paid in.
//!
//! Each case runs in a fresh off-chain engine (`run_test`), because every
//! `RoyaltiesData` value uses the same storage keys.

use super::*;
use ink::env::DefaultEnvironment;
use modelmint_common::registry::MAX_ANCESTORS;
use modelmint_common::split::mul_div_floor;
use modelmint_common::BPS_SCALE;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Accounts `account(1..=ACCOUNTS)` own models and receive splits.
const ACCOUNTS: u8 = 6;
/// Models 1 and 2 are originals, 3 and 4 may derive from them, 5 from any of
/// 1..=4: at most three generations.
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

/// A model's current owner and owner epoch, as the registry reports them.
type Owner = (AccountId, OwnerEpoch);

/// The derivative graph: each model's parents with their royalty shares.
#[derive(Clone, Debug)]
struct Graph {
    parents: Vec<Vec<(ModelId, Bps)>>,
}

impl Graph {
    fn parents_of(&self, model: ModelId) -> &[(ModelId, Bps)] {
        &self.parents[model as usize - 1]
    }

    /// `model` and its ancestors, descending ids (the registry's order).
    fn lineage(&self, model: ModelId, owners: &[Owner]) -> Vec<LineageNode> {
        let mut members = vec![model];
        let mut index = 0;
        while index < members.len() {
            for &(parent, _) in self.parents_of(members[index]) {
                if !members.contains(&parent) {
                    members.push(parent);
                }
            }
            index += 1;
        }
        members.sort_unstable_by(|a, b| b.cmp(a));
        members
            .into_iter()
            .map(|m| {
                let (owner, owner_epoch) = owners[m as usize - 1];
                LineageNode { owner_epoch, ..node(m, owner, self.parents_of(m)) }
            })
            .collect()
    }
}

/// Parents among `candidates` (a random subset) whose shares add up to at most 100 %.
fn parents_among(candidates: &'static [ModelId]) -> impl Strategy<Value = Vec<(ModelId, Bps)>> {
    let each = BPS_SCALE / candidates.len() as Bps;
    proptest::collection::vec(
        (any::<bool>(), prop_oneof![0..=each, Just(each), Just(1)]),
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

fn graph() -> impl Strategy<Value = Graph> {
    (parents_among(&[1, 2]), parents_among(&[1, 2]), parents_among(&[1, 2, 3, 4]))
        .prop_map(|(three, four, five)| Graph { parents: vec![vec![], vec![], three, four, five] })
}

/// Lineages as deep as the registry allows (1 + [`MAX_ANCESTORS`] models)
/// with royalty stacks up to 100 %: model 2 derives from model 1, every later
/// model from the one before it and from model 1, and half of the models owe
/// their parents exactly 100 % of what they receive.
fn deep_graph() -> impl Strategy<Value = Graph> {
    (1..=MAX_ANCESTORS as usize + 1).prop_flat_map(|len| {
        proptest::collection::vec((any::<bool>(), 0..=BPS_SCALE), len).prop_map(|edges| {
            let parents = edges
                .into_iter()
                .enumerate()
                .map(|(index, (full, bps))| {
                    let model = index as ModelId + 1;
                    let rest = if full { BPS_SCALE - bps } else { (BPS_SCALE - bps) / 2 };
                    match model {
                        1 => vec![],
                        2 => vec![(1, if full { BPS_SCALE } else { bps })],
                        _ => vec![(model - 1, bps), (1, rest)],
                    }
                })
                .collect();
            Graph { parents }
        })
    })
}

/// Amounts that reach the top of the `u128` range, where a deposit overflows
/// the ledger.
fn huge_amount() -> impl Strategy<Value = Balance> {
    prop_oneof![1..1_000u128, any::<u128>().prop_map(|a| a.max(1)), (u128::MAX / 2)..=u128::MAX]
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
    Withdraw {
        account: u8,
    },
    /// A listed recipient accepts the split (refused if not listed, ...).
    Accept {
        account: u8,
        model: ModelId,
    },
    /// A recipient leaves the split (refused for the owner or the unlisted).
    Leave {
        account: u8,
        model: ModelId,
    },
    /// The model changes hands in the registry.
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
            .prop_map(|(model, shares, accounts, by_owner)| Op::SetSplit {
                model,
                accounts,
                shares,
                by_owner
            }),
        1 => model.clone().prop_map(|model| Op::ClearSplit { model }),
        1 => model.clone().prop_map(|model| Op::Distribute { model }),
        2 => who.clone().prop_map(|account| Op::Withdraw { account }),
        2 => (model.clone(), who.clone()).prop_map(|(model, account)| Op::Accept { account, model }),
        1 => (model.clone(), who.clone()).prop_map(|(model, account)| Op::Leave { account, model }),
        1 => (model, who).prop_map(|(model, to)| Op::Transfer { model, to }),
    ]
}

fn apply(
    data: &mut RoyaltiesData,
    graph: &Graph,
    owners: &mut [Owner],
    op: &Op,
    deposited: &mut Balance,
    withdrawn: &mut Balance,
) -> core::result::Result<(), TestCaseError> {
    let liabilities = data.liabilities();
    // Whoever acts, nobody else's balance may move (withdraw, leave, accept).
    let others = |data: &RoyaltiesData, actor: u8| -> Vec<(Balance, Balance)> {
        (1..=ACCOUNTS)
            .filter(|&a| a != actor)
            .map(|a| (data.owed_of(account(a)), data.owed_to(account(a))))
            .collect()
    };
    let actor = match op {
        Op::Withdraw { account } | Op::Accept { account, .. } | Op::Leave { account, .. } => {
            Some(*account)
        }
        _ => None,
    };
    let bystanders = actor.map(|actor| others(data, actor));
    let result = match op {
        Op::Deposit { model, amount } => {
            let lineage = graph.lineage(*model, owners);
            let result = data.deposit(payer(), *model, *amount, &lineage).map(|_| ());
            if result.is_ok() {
                *deposited += amount;
            }
            result
        }
        Op::SetSplit { model, accounts, shares, by_owner } => {
            let owner = owners[*model as usize - 1];
            let caller = if *by_owner { owner.0 } else { payer() };
            let recipients = shares
                .iter()
                .zip(accounts)
                .map(|(&share, &a)| Recipient { account: account(a), share })
                .collect();
            data.set_split(caller, *model, owner, recipients).map(|_| ())
        }
        Op::ClearSplit { model } => {
            let (owner, _) = owners[*model as usize - 1];
            data.clear_split(owner, *model, owner).map(|_| ())
        }
        Op::Distribute { model } => data.distribute(*model).map(|_| ()),
        Op::Withdraw { account: a } => {
            let expected = data.owed_to(account(*a));
            let result = data.withdraw(account(*a));
            if let Ok((amount, _)) = result {
                prop_assert_eq!(amount, expected, "withdraw pays exactly owed_to");
                prop_assert_eq!(data.owed_to(account(*a)), 0);
                *withdrawn += amount;
            }
            result.map(|_| ())
        }
        Op::Accept { account: a, model } => data.accept_split(account(*a), *model).map(|_| ()),
        Op::Leave { account: a, model } => {
            let (owner, _) = owners[*model as usize - 1];
            data.leave_split(account(*a), *model, owner).map(|_| ())
        }
        Op::Transfer { model, to } => {
            // The registry refuses a transfer to the owner; any other starts
            // a new owner epoch.
            let (owner, epoch) = &mut owners[*model as usize - 1];
            if *owner != account(*to) {
                *owner = account(*to);
                *epoch += 1;
            }
            Ok(())
        }
    };
    if let (Some(actor), Some(before)) = (actor, bystanders) {
        prop_assert_eq!(others(data, actor), before, "{:?} moved another account's money", op);
    }
    let owed: Balance = (1..=ACCOUNTS).map(|a| data.owed_of(account(a))).sum();
    let pending: Balance = (1..=MODELS).map(|m| data.pending_of(m)).sum();
    prop_assert_eq!(owed + pending, data.liabilities(), "Σ owed + Σ pending after {:?}", op);
    // (The unit tests show that each refusal changes nothing at all.)
    if result.is_err() {
        prop_assert_eq!(data.liabilities(), liabilities, "a refused {:?} moved money", op);
    }
    prop_assert_eq!(data.liabilities() + *withdrawn, *deposited, "after {:?}", op);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// (a) Σ withdrawn + Σ owed + Σ pending == Σ deposited == liabilities +
    /// Σ withdrawn: the second after every operation of any sequence (splits
    /// set, accepted, left and changed, tokens sold), the first at its end;
    /// once every model's pending money is distributed, what the accounts are
    /// owed (`owed_to`) is all of it; then every account withdraws and the
    /// ledger is empty.
    #[test]
    fn every_unit_deposited_is_withdrawn_or_still_owed(
        graph in graph(),
        first_owners in proptest::collection::vec(1..=ACCOUNTS, MODELS as usize),
        ops in proptest::collection::vec(op(), 1..25),
    ) {
        fresh(|| {
            let mut data = RoyaltiesData::default();
            let mut owners: Vec<Owner> = first_owners.iter().map(|&a| (account(a), 0)).collect();
            let (mut deposited, mut withdrawn) = (0, 0);
            for op in &ops {
                apply(&mut data, &graph, &mut owners, op, &mut deposited, &mut withdrawn)?;
            }
            let settled: Balance = (1..=ACCOUNTS).map(|a| data.owed_of(account(a))).sum();
            let pending: Balance = (1..=MODELS).map(|m| data.pending_of(m)).sum();
            prop_assert_eq!(withdrawn + settled + pending, deposited);
            for model in 1..=MODELS {
                data.distribute(model).expect("distribution never fails");
            }
            let owed: Balance = (1..=ACCOUNTS).map(|a| data.owed_to(account(a))).sum();
            prop_assert_eq!(withdrawn + owed, deposited);

            for a in 1..=ACCOUNTS {
                let drain = Op::Withdraw { account: a };
                apply(&mut data, &graph, &mut owners, &drain, &mut deposited, &mut withdrawn)?;
            }
            prop_assert_eq!((withdrawn, data.liabilities()), (deposited, 0));
            Ok(())
        })?;
    }

    /// (c) The deepest lineages, 100 % royalty stacks and amounts up to
    /// `u128::MAX`: every deposit either is accounted for to the unit (each
    /// account's `owed_to` adds up to everything deposited) or, when the
    /// ledger total would overflow, is refused with `Overflow` and changes
    /// nothing.
    #[test]
    fn deep_lineages_full_stacks_and_overflowing_amounts_keep_the_ledger_exact(
        graph in deep_graph(),
        deposits in proptest::collection::vec((any::<prop::sample::Index>(), huge_amount()), 1..6),
    ) {
        fresh(|| {
            let models = graph.parents.len();
            let owners: Vec<Owner> =
                (0..models).map(|i| (account(1 + (i % ACCOUNTS as usize) as u8), 0)).collect();
            let owed = |data: &RoyaltiesData| -> Vec<Balance> {
                (1..=ACCOUNTS).map(|a| data.owed_to(account(a))).collect()
            };
            let mut data = RoyaltiesData::default();
            let mut deposited: Balance = 0;
            for (index, amount) in &deposits {
                let model = index.index(models) as ModelId + 1;
                let lineage = graph.lineage(model, &owners);
                let before = (data.liabilities(), owed(&data));
                match data.deposit(payer(), model, *amount, &lineage) {
                    Ok(_) => deposited = deposited.checked_add(*amount).expect("the ledger holds it"),
                    Err(error) => {
                        prop_assert_eq!(error, RoyaltyError::Overflow);
                        prop_assert!(deposited.checked_add(*amount).is_none(), "refused without overflow");
                        prop_assert_eq!(&before, &(data.liabilities(), owed(&data)));
                    }
                }
                prop_assert_eq!(data.liabilities(), deposited);
                let total = owed(&data).iter().try_fold(0u128, |sum, part| sum.checked_add(*part));
                prop_assert_eq!(total, Some(deposited));
            }
            Ok(())
        })?;
    }

    /// (d) Upstream carry: on a chain 3 → 2 → 1 with any shares, over any
    /// sequence of deposits (small ones most of all), every edge has passed
    /// its parent exactly the floor of its share of everything the child
    /// received, and the edge's carry holds the fraction:
    /// `passed × 10 000 + carry == received × bps`.
    #[test]
    fn fractions_carry_over_so_each_parent_gets_the_floor_of_its_exact_share(
        shares in (0..=BPS_SCALE, 0..=BPS_SCALE),
        deposits in proptest::collection::vec(
            (1..=3 as ModelId, prop_oneof![1..20u128, 1..1_000_000u128]),
            1..120,
        ),
    ) {
        fresh(|| {
            let chain = Graph { parents: vec![vec![], vec![(1, shares.0)], vec![(2, shares.1)]] };
            let owners: Vec<Owner> = (1..=3).map(|a| (account(a), 0)).collect();
            let mut data = RoyaltiesData::default();
            let mut received = [0u128; 4];
            let mut passed = [0u128; 4]; // passed[child]: to its one parent
            for &(model, amount) in &deposits {
                received[model as usize] += amount;
                let events = data
                    .deposit(payer(), model, amount, &chain.lineage(model, &owners))
                    .expect("deposit");
                for event in events {
                    if let RoyaltiesEvent::UpstreamCredited(cut) = event {
                        passed[cut.from_model as usize] += cut.amount;
                        received[cut.to_model as usize] += cut.amount;
                    }
                }
            }
            for (child, parent, bps) in [(2, 1, shares.0), (3, 2, shares.1)] {
                let owed = received[child as usize] * u128::from(bps);
                let scale = u128::from(BPS_SCALE);
                prop_assert_eq!(passed[child as usize], owed / scale, "edge {} -> {}", child, parent);
                let carry = u128::from(data.carry(child, parent));
                prop_assert_eq!(passed[child as usize] * scale + carry, owed);
            }
            Ok(())
        })?;
    }

    /// (e) One split, deposits and withdrawals by its recipients in any order:
    /// a withdrawal never takes more than the floor of the recipient's exact
    /// share of what the round received so far, and when the round ends every
    /// recipient has got (withdrawn + owed) its exact share of the total
    /// within one unit, the parts adding up to the total exactly.
    #[test]
    fn lazy_withdrawals_then_the_round_end_give_each_its_share_within_one_unit(
        shares in shares(8),
        steps in proptest::collection::vec(
            prop_oneof![amount().prop_map(Ok), (0..8usize).prop_map(Err)],
            1..40,
        ),
    ) {
        fresh(|| {
            let mut data = RoyaltiesData::default();
            let recipients = listed(&shares);
            data.set_split(alice(), 1, (alice(), 0), recipients.clone()).expect("a valid split");
            for recipient in &recipients {
                data.accept_split(recipient.account, 1).expect("listed");
            }
            let mut total: Balance = 0;
            let mut taken = vec![0 as Balance; recipients.len()];
            for step in &steps {
                match *step {
                    Ok(amount) => {
                        data.deposit(payer(), 1, amount, &original(1, alice())).expect("deposit");
                        total += amount;
                    }
                    Err(pick) => {
                        let index = pick % recipients.len();
                        let recipient = recipients[index];
                        if let Ok((amount, _)) = data.withdraw(recipient.account) {
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
            prop_assert_eq!((data.pending_of(1), data.liabilities()), (0, total - taken.iter().sum::<Balance>()));
            Ok(())
        })?;
    }

    /// (b) One split, any deposits, one settlement: every recipient gets its
    /// exact share of the total, rounded down or up by one unit, and the parts
    /// add up to the total.
    #[test]
    fn one_settlement_gives_each_recipient_its_exact_share_within_one_unit(
        shares in shares(MAX_RECIPIENTS as usize),
        amounts in proptest::collection::vec(amount(), 1..6),
    ) {
        fresh(|| {
            let mut data = RoyaltiesData::default();
            let recipients = listed(&shares);
            data.set_split(alice(), 1, (alice(), 0), recipients.clone()).expect("a valid split");
            for &amount in &amounts {
                data.deposit(payer(), 1, amount, &original(1, alice())).expect("deposit");
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
