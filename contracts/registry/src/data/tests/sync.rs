//! The market's copy of every model equals what the registry says, after any
//! sequence of registry writes: each write's push, applied to the market's
//! rules (`modelmint_market_core::MarketData::sync_model`, what the market
//! runs when the registry calls it), leaves the market's record of every
//! model equal to the registry's `record`.

use super::*;
use modelmint_market_core::MarketData;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Accounts 1..=4 register, hold and claim models; the arbiter rules.
fn who(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
fn arbiter() -> AccountId {
    AccountId::from([0xA1; 32])
}

#[derive(Clone, Debug)]
enum Op {
    /// `who` registers a model naming the picked earlier models as parents;
    /// parents it does not own grant it a licensed share of `bps`.
    Register {
        who: u8,
        parents: Vec<prop::sample::Index>,
        bps: Bps,
    },
    Transfer {
        model: prop::sample::Index,
        to: u8,
    },
    SetStatus {
        model: prop::sample::Index,
        deprecated: bool,
    },
    /// `claimant` disputes the model; the arbiter rules `ruling`
    /// (0 dismiss, 1 uphold, 2 reassign, 3 reassign and void from `void_from`).
    Dispute {
        model: prop::sample::Index,
        claimant: u8,
        ruling: u8,
        void_from: OwnerEpoch,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let index = any::<prop::sample::Index>();
    prop_oneof![
        3 => (1..=4u8, proptest::collection::vec(index.clone(), 0..3), 0..=3_000u16)
            .prop_map(|(who, parents, bps)| Op::Register { who, parents, bps }),
        2 => (index.clone(), 1..=4u8).prop_map(|(model, to)| Op::Transfer { model, to }),
        1 => (index.clone(), any::<bool>()).prop_map(|(model, deprecated)| Op::SetStatus { model, deprecated }),
        2 => (index, 1..=4u8, 0..4u8, 0..3u32)
            .prop_map(|(model, claimant, ruling, void_from)| Op::Dispute { model, claimant, ruling, void_from }),
    ]
}

/// The market's record of `model` in the registry's form.
fn copy_of(market: &MarketData, model: ModelId) -> Option<ModelRecord> {
    market.model(model).map(|state| ModelRecord {
        kind: state.kind,
        owner: state.owner,
        epoch: state.epoch,
        status: state.status,
        obligations: state
            .debts
            .iter()
            .map(|debt| Obligation { ancestor: debt.ancestor, bps: debt.bps })
            .collect(),
        voided: state.voided,
        escrowed: state.escrowed,
    })
}

/// Applies `op` to the registry; the pushes it returned, if it succeeded.
fn apply(registry: &mut RegistryData, op: &Op, next_hash: &mut u32) -> Vec<Push> {
    let models = registry.total_supply();
    let pick = |index: &prop::sample::Index| -> Option<ModelId> {
        (models > 0).then(|| index.index(models as usize) as ModelId + 1)
    };
    match op {
        Op::Register { who: n, parents, bps } => {
            *next_hash += 1;
            let mut picked: Vec<ModelId> = parents.iter().filter_map(pick).collect();
            picked.sort_unstable();
            picked.dedup();
            let draft = derived(*next_hash, &picked);
            let bps = *bps;
            reveal(registry, who(*n), NOW, draft, |_| Ok(Some(bps)))
                .map(|(_, _, push)| vec![push])
                .unwrap_or_default()
        }
        Op::Transfer { model, to } => pick(model)
            .and_then(|model| {
                let owner = registry.owner_of(model)?;
                registry.transfer(owner, EARLIER, who(*to), model).ok()
            })
            .map(|(_, push)| vec![push])
            .unwrap_or_default(),
        Op::SetStatus { model, deprecated } => pick(model)
            .and_then(|model| {
                let owner = registry.owner_of(model)?;
                let status =
                    if *deprecated { ModelStatus::Deprecated } else { ModelStatus::Active };
                registry.set_status(owner, model, status).ok()
            })
            .map(|(_, push)| vec![push])
            .unwrap_or_default(),
        Op::Dispute { model, claimant, ruling, void_from } => {
            let Some(model) = pick(model) else { return Vec::new() };
            let evidence = ([5; 32], String::from("ipfs://evidence"));
            let Ok((dispute, _, raised)) = registry.raise_dispute(
                who(*claimant),
                Some(arbiter()),
                NOW,
                model,
                evidence,
                DEPOSIT,
            ) else {
                return Vec::new();
            };
            let ruling = match ruling {
                0 => Ruling::Dismiss,
                1 => Ruling::Uphold { reassign: false, void_from: None },
                2 => Ruling::Uphold { reassign: true, void_from: None },
                _ => Ruling::Uphold { reassign: true, void_from: Some(*void_from) },
            };
            let resolved = registry
                .resolve_dispute(arbiter(), Some(arbiter()), dispute, ruling)
                .ok()
                .and_then(|(_, _, push)| push);
            raised.into_iter().chain(resolved).collect()
        }
    }
}

fn check(
    registry: &RegistryData,
    market: &MarketData,
    op: &Op,
) -> core::result::Result<(), TestCaseError> {
    for model in 1..=registry.total_supply() + 1 {
        prop_assert_eq!(
            copy_of(market, model),
            registry.record(model),
            "model {} after {:?}",
            model,
            op
        );
    }
    Ok(())
}

/// Runs `body` in a fresh off-chain engine and returns its verdict.
fn in_engine(
    body: impl FnOnce() -> core::result::Result<(), TestCaseError>,
) -> core::result::Result<(), TestCaseError> {
    let mut verdict = Ok(());
    ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
        verdict = body();
        Ok(())
    })
    .expect("the off-chain engine runs");
    verdict
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn after_any_registry_writes_the_markets_copy_equals_the_registry(
        ops in proptest::collection::vec(op(), 1..30),
    ) {
        in_engine(|| {
                let mut registry = empty();
                let mut market = MarketData::default();
                let mut next_hash = 0;
                for op in &ops {
                    for Push { model, record } in apply(&mut registry, op, &mut next_hash) {
                        market.sync_model(model, record).expect("the market records every push");
                    }
                    check(&registry, &market, op)?;
                }
                Ok(())
        })?;
    }
}

/// A step of a lineage of datasets and models: `who` registers a dataset,
/// or a model trained on the picked datasets and derived from the picked
/// models (each granting a licensed share of `bps`); or `amount` is paid for
/// a picked asset.
#[derive(Clone, Debug)]
enum Step {
    Dataset { who: u8 },
    Model { who: u8, picked: Vec<prop::sample::Index>, bps: Bps },
    Pay { asset: prop::sample::Index, amount: Balance },
}

fn step() -> impl Strategy<Value = Step> {
    let index = any::<prop::sample::Index>();
    prop_oneof![
        1 => (1..=4u8).prop_map(|who| Step::Dataset { who }),
        3 => (1..=4u8, proptest::collection::vec(index.clone(), 0..6), 0..=2_000u16)
            .prop_map(|(who, picked, bps)| Step::Model { who, picked, bps }),
        2 => (index, 1..=1_000_000_000u128).prop_map(|(asset, amount)| Step::Pay { asset, amount }),
    ]
}

/// Every model's rounds, to see where a payment went.
fn rounds(market: &MarketData, assets: u64) -> Vec<Balance> {
    (1..=assets).map(|asset| market.pending_of(asset)).collect()
}

/// Fails unless `model` owes each of its edges' non-zero shares and every
/// obligation of each parent, at least as much: no edge below an ancestor
/// (a dataset most of all) cuts its share off.
fn check_flattened(
    registry: &RegistryData,
    model: ModelId,
) -> core::result::Result<(), TestCaseError> {
    let owed = registry.obligations(model);
    let owes = |ancestor: ModelId, bps: Bps| {
        owed.iter().any(|obligation| obligation.ancestor == ancestor && obligation.bps >= bps)
    };
    for link in registry.parents(model) {
        prop_assert!(link.royalty_bps == 0 || owes(link.model, link.royalty_bps));
        for inherited in registry.obligations(link.model) {
            prop_assert!(owes(inherited.ancestor, inherited.bps), "{:?} cut off", inherited);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// Deep lineages of models trained on datasets and fine-tuned from each
    /// other: every model owes each dataset (and model) upstream at least
    /// the share its parents owe it, and every payment for any asset is
    /// credited to the unit: the rounds grow by exactly what was paid, each
    /// ancestor's by its share of it rounded to the unit (its carry keeps
    /// the fraction).
    #[test]
    fn dataset_obligations_in_deep_lineages_stay_exact_and_every_unit_is_credited(
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        in_engine(|| {
                let mut registry = empty();
                let mut market = MarketData::default();
                let mut next_hash = 0;
                for step in &steps {
                    let assets = registry.total_supply();
                    let pick = |index: &prop::sample::Index| index.index(assets as usize) as ModelId + 1;
                    let registered = match step {
                        Step::Dataset { who: n } => {
                            next_hash += 1;
                            let draft = ModelDraft { kind: AssetKind::Dataset, ..draft(next_hash) };
                            reveal(&mut registry, who(*n), NOW, draft, unlicensed)
                        }
                        Step::Model { who: n, picked, bps } if assets > 0 => {
                            next_hash += 1;
                            let mut picked: Vec<ModelId> = picked.iter().map(pick).collect();
                            picked.sort_unstable();
                            picked.dedup();
                            let mut draft = derived(next_hash, &picked);
                            for request in &mut draft.parents {
                                if registry.model(request.model).unwrap().kind == AssetKind::Dataset {
                                    request.relation = Relation::TrainedOn;
                                }
                            }
                            let bps = *bps;
                            reveal(&mut registry, who(*n), NOW, draft, |_| Ok(Some(bps)))
                        }
                        Step::Pay { asset, amount } if assets > 0 => {
                            let asset = pick(asset);
                            let before = rounds(&market, assets);
                            market.deposit(who(9), asset, *amount).expect("a payment is credited");
                            let after = rounds(&market, assets);
                            let grown: Balance = after.iter().sum::<Balance>() - before.iter().sum::<Balance>();
                            prop_assert_eq!(grown, *amount, "every unit paid is credited");
                            for owed in registry.obligations(asset) {
                                let index = owed.ancestor as usize - 1;
                                let got = after[index] - before[index];
                                let exact = amount * Balance::from(owed.bps) / Balance::from(BPS_SCALE);
                                prop_assert!(got + 1 >= exact && got <= exact + 1, "{} for {:?}", got, owed);
                            }
                            continue;
                        }
                        _ => continue,
                    };
                    if let Ok((model, _, Push { model: pushed, record })) = registered {
                        market.sync_model(pushed, record).expect("the market records every push");
                        check_flattened(&registry, model)?;
                        prop_assert_eq!(copy_of(&market, model), registry.record(model));
                    }
                }
                Ok(())
        })?;
    }
}
