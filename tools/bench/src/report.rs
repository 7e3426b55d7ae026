//! `benchmarks/latest.json`: the measurements, the figures derived from them
//! (floors, targets, scaling, the transfer baseline) and what the run found on
//! the machine (versions, suite timings, hashing). The schema is the one
//! BENCHMARKS.md, `scripts/check-sizes.sh` and earlier runs use.

use crate::targets::{BUY_CASE, BUY_DERIVATIVE_CASE, E2E_STAGE, TARGET_DEPOSIT_32_OVER_1};
use serde::Serialize;
use serde_json::Value;

/// The dev chain's token has 12 decimals.
pub const UNIT: u128 = 1_000_000_000_000;

/// A block's budget for normal transactions, from the runtime sources:
/// contracts-node-runtime 0.42.0 gives them 75 % of 2e12 ref_time; its
/// parachain twin 75 % of the relay chain's 5 MiB proof budget.
pub const BLOCK: Weight =
    Weight { ref_time: 1_500_000_000_000, proof_size: 5 * 1024 * 1024 * 3 / 4 };

/// Mutating messages no account can call directly, measured inside another
/// (contract, message, where): only the wired registry pushes a model's
/// record to the market.
pub const MEASURED_WITHIN: &[(&str, &str, &str)] = &[(
    "market",
    "ModelSync::sync_model",
    "every registration, PSP34 transfer, status change, ruling and `resync` of the registry (only the wired registry may call it)",
)];
/// Mutating messages that can only refuse on a deployed contract
/// (contract, message, why): the market and the gateway are wired by their
/// constructors, so their `Admin::wire` answers `WiringAlreadySet`; every
/// later change of their links is a scheduled rewiring, which is measured.
pub const ONLY_REFUSED: &[(&str, &str, &str)] = &[
    (
        "market",
        "Admin::wire",
        "its constructor wires it, so `wire` only answers `WiringAlreadySet`",
    ),
    (
        "gateway",
        "Admin::wire",
        "its constructor wires it, so `wire` only answers `WiringAlreadySet`",
    ),
];
/// The market's messages that run in its own code; every other one is
/// forwarded to its desk by delegate call.
pub const MARKET_HOT: &[&str] = &[
    "buy",
    "renew",
    "Royalties::deposit",
    "Royalties::deposit_use",
    "LicenseCheck::is_licensed",
    "LicenseCheck::license",
    "DerivativeRights::derivative_royalty",
];
/// `buy` ref_time over a plain transfer: at most this.
pub const TARGET_BUY_OVER_TRANSFER: &str = "3";

/// A weight: picoseconds of reference hardware and bytes of proof.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Weight {
    pub ref_time: u64,
    pub proof_size: u64,
}

/// One message, dry-run as its signer right before it was submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Measurement {
    /// `registry`, `market`, `gateway`, `floor_pay`, ...
    pub contract: String,
    /// The message's label in the contract metadata (`Admin::set_paused`).
    pub message: String,
    /// What the scenario was doing.
    pub case: String,
    /// The dev account that signed (`Alice`).
    pub signer: String,
    /// The payment attached.
    pub value: u128,
    /// Gas consumed.
    pub ref_time: u64,
    pub proof_size: u64,
    /// Gas required (the limit the call needs, at least what it consumed).
    pub gas_required: Weight,
    /// Storage deposit: charged positive, refunded negative.
    pub storage_deposit: i128,
    /// The encoded length of the signed extrinsic that carried the call.
    pub extrinsic_length: u64,
}

impl Measurement {
    /// The line printed while the benchmark runs.
    pub fn line(&self) -> String {
        let name = format!("  {}.{} [{}]", self.contract, self.message, self.case);
        let pad = 60usize.saturating_sub(name.chars().count()).max(1);
        format!(
            "{name}{}ref_time {}  proof_size {}  deposit {}",
            " ".repeat(pad),
            self.ref_time,
            self.proof_size,
            self.storage_deposit
        )
    }
}

/// A map that keeps the order its entries were made in (serde_json's own map
/// sorts its keys).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

impl<V> Ordered<V> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(name, _)| name == key).map(|(_, value)| value)
    }
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub quick: bool,
    pub duration_s: u64,
    pub git: Git,
    pub versions: Versions,
    pub machine: Machine,
    pub wasm_sizes: Ordered<u64>,
    pub code_hashes: Ordered<String>,
    pub messages: Vec<Measurement>,
    /// How many messages each contract has: its Wasm holds a dispatcher arm,
    /// a decoder and an encoder for each.
    pub message_counts: Ordered<u64>,
    pub unmeasured_messages: Ordered<Vec<String>>,
    pub floors: Floors,
    pub targets: crate::targets::Targets,
    /// `$MODELMINT_CACHE/timings/test.json` as scripts/test.sh wrote it.
    pub suite: Value,
    /// `$MODELMINT_CACHE/timings/setup.jsonl`, one entry a line.
    pub setup: Value,
    pub withdraw_scaling: Vec<Withdrawal>,
    pub deposit_scaling: DepositScaling,
    pub transfer_baseline: TransferBaseline,
    /// scripts/bench.sh's hashing figures, or null (`--skip-hash`).
    pub hashing: Value,
    /// `ui/test-results/hash-throughput.json`, or null.
    pub browser_hashing: Value,
    /// `benchmarks/delivery.json` (scripts/bench-delivery.sh), or null.
    pub delivery: Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct Git {
    pub commit: String,
    /// Uncommitted changes under contracts/, tools/ or in Cargo.lock.
    pub contracts_dirty: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Versions {
    pub ink: String,
    #[serde(rename = "cargo-contract")]
    pub cargo_contract: String,
    #[serde(rename = "substrate-contracts-node")]
    pub substrate_contracts_node: String,
    /// blake2-256 of the chain's `:code`: the weights are the runtime's.
    pub runtime_code_hash: String,
    pub rustc: String,
    pub toolchain: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub loadavg_at_start: String,
}

/// The floors and every ModelMint message as a multiple of one.
#[derive(Clone, Debug, Serialize)]
pub struct Floors {
    pub a: Measurement,
    pub b: Measurement,
    pub c: Measurement,
    pub wasm_sizes: Ordered<u64>,
    pub ratios: Vec<FloorRatio>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FloorRatio {
    pub contract: String,
    pub message: String,
    pub case: String,
    /// `a`, `b` or `c`.
    pub floor: &'static str,
    pub ref_time: Value,
    pub proof_size: Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct Withdrawal {
    pub memberships: u64,
    pub ref_time: u64,
    pub proof_size: u64,
    pub storage_deposit: i128,
}

#[derive(Clone, Debug, Serialize)]
pub struct Deposit {
    pub recipients: u64,
    pub ref_time: u64,
    pub proof_size: u64,
    pub storage_deposit: i128,
}

#[derive(Clone, Debug, Serialize)]
pub struct DepositScaling {
    pub deposits: Vec<Deposit>,
    pub ratio_32_over_1_ref_time: Value,
    /// Five decimals: 1.00004, not 1.
    pub ratio_32_over_1_text: String,
    pub target_max: Value,
    pub meets_target: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransferBaseline {
    pub transfer_keep_alive: Weight,
    pub contracts_call_fixed: Weight,
    pub contracts_call_fixed_ratio: Value,
    pub buy_ref_time: u64,
    pub buy_ratio: Value,
    pub buy_extrinsic_ref_time: u64,
    pub buy_extrinsic_ratio: Value,
    pub buy_derivative_ref_time: u64,
    pub buy_derivative_ratio: Value,
    pub target_max: Value,
    pub meets_target: bool,
    pub method: &'static str,
}

/// What the run measured on the chain, before the figures are derived.
pub struct ChainFigures {
    pub measurements: Vec<Measurement>,
    /// Optimized Wasm size and code hash of each ModelMint contract, in
    /// deployment order.
    pub contracts: Vec<(String, u64, String)>,
    /// Optimized Wasm size of each floor (`floor_pay`, ...).
    pub floor_sizes: Vec<(String, u64)>,
    /// Each measured contract and the labels of its state-changing messages
    /// in its metadata.
    pub mutating: Vec<(String, Vec<String>)>,
    /// How many messages each ModelMint contract's metadata lists.
    pub message_counts: Vec<(String, u64)>,
    pub transfer: Weight,
    pub contracts_call: Weight,
}

/// What the run found on the machine.
pub struct Environment {
    pub date: String,
    pub quick: bool,
    pub duration_s: u64,
    pub git: Git,
    pub versions: Versions,
    pub machine: Machine,
    pub suite: Value,
    pub setup: Value,
    pub hashing: Value,
    pub browser_hashing: Value,
    pub delivery: Value,
}

/// `a / b` truncated to `scale` decimals, as bc prints it with a leading
/// zero (`scale=2; 1/3` is `0.33`): the figures BENCHMARKS.md has always shown.
pub fn ratio_text(a: u64, b: u64, scale: u32) -> String {
    if b == 0 {
        return "inf".into();
    }
    let factor = 10u128.pow(scale);
    let scaled = u128::from(a).saturating_mul(factor) / u128::from(b);
    let (whole, fraction) = (scaled / factor, scaled % factor);
    if scale == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fraction:0width$}", width = scale as usize)
    }
}

/// A JSON number as jq writes one: integral values without a fraction.
pub fn number(value: f64) -> Value {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 9e15 {
        // Exact: integral and well inside i64.
        #[allow(clippy::cast_possible_truncation)]
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

/// The number a ratio's text stands for.
fn text_number(text: &str) -> Value {
    text.parse::<f64>().map_or(Value::Null, number)
}

/// `value` rounded to `decimals` decimals (half away from zero, as jq's round).
pub fn rounded(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

/// Lossless for the figures here (below 2^53).
#[allow(clippy::cast_precision_loss)]
pub fn float(value: u64) -> f64 {
    value as f64
}

/// The measurement of `message` of `contract` in `case`.
///
/// # Errors
/// Names what is missing.
pub fn find<'a>(
    measurements: &'a [Measurement],
    contract: &str,
    message: &str,
    case: &str,
) -> Result<&'a Measurement, String> {
    measurements
        .iter()
        .find(|m| m.contract == contract && m.message == message && m.case == case)
        .ok_or_else(|| format!("no measurement of {contract}.{message} [{case}]"))
}

/// The leading count of a case such as `32 recipients`, if that is all it says
/// after the number.
fn counted(case: &str, noun: &str) -> Option<u64> {
    let (count, rest) = case.split_once(' ')?;
    (rest == noun).then(|| count.parse().ok()).flatten()
}

impl Report {
    /// Derives every figure from what was measured.
    ///
    /// # Errors
    /// Names a measurement the derivation needs and the run did not make.
    pub fn new(chain: ChainFigures, environment: Environment) -> Result<Self, String> {
        let ChainFigures {
            measurements,
            contracts,
            floor_sizes,
            mutating,
            message_counts,
            transfer,
            contracts_call,
        } = chain;
        let m = &measurements;
        let buy = find(m, "market", "buy", BUY_CASE)?;
        let buy_tune = find(m, "market", "buy", BUY_DERIVATIVE_CASE)?;
        let deposits: Vec<Deposit> = m
            .iter()
            .filter(|x| x.message == "Royalties::deposit")
            .filter_map(|x| {
                Some(Deposit {
                    recipients: counted(&x.case, "recipients")?,
                    ref_time: x.ref_time,
                    proof_size: x.proof_size,
                    storage_deposit: x.storage_deposit,
                })
            })
            .collect();
        let deposit_of = |n: u64| {
            deposits
                .iter()
                .find(|d| d.recipients == n)
                .map(|d| d.ref_time)
                .ok_or_else(|| format!("no Royalties::deposit measurement with {n} recipients"))
        };
        let deposit_ratio = ratio_text(deposit_of(32)?, deposit_of(1)?, 5);
        let deposit_met = meets_at_most(&deposit_ratio, TARGET_DEPOSIT_32_OVER_1);

        let transfer_baseline = transfer_baseline((buy, buy_tune), transfer, contracts_call);

        let floor_a =
            find(m, "floor_pay", "Pay::pay", "floor (a): record one value, forward the payment")?;
        let floor_b = find(m, "floor_relay", "pay", "floor (b): (a) through a second contract")?;
        let floor_c = find(m, "floor_mint", "mint", "floor (c): minimal PSP34 mint")?;
        let ratios = floor_ratios(m, [floor_a, floor_b, floor_c]);

        // The suite's figure is the e2e stage of the last complete
        // scripts/test.sh (its binary is built in the stage before).
        let suite_seconds = environment.suite["stages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|stage| stage["stage"] == E2E_STAGE)
            .and_then(|stage| stage["seconds"].as_u64());
        let wasm: Vec<(String, u64)> =
            contracts.iter().map(|(name, bytes, _)| (name.clone(), *bytes)).collect();
        let floor_c_wasm = floor_sizes
            .iter()
            .find(|(name, _)| name == "floor_mint")
            .map_or(0, |(_, bytes)| *bytes);
        let targets = crate::targets::derive(&crate::targets::Inputs {
            measurements: m,
            floor_b,
            floor_c,
            wasm: &wasm,
            floor_c_wasm,
            message_counts: &message_counts,
            contracts_call,
            deposit: (&deposit_ratio, deposit_of(32)?, deposit_of(1)?),
            suite_seconds,
            first_setup: first_setup(&environment.setup),
        })?;

        let unmeasured = unmeasured(mutating, m);
        let withdraw_scaling = m
            .iter()
            .filter(|x| x.message == "withdraw")
            .filter_map(|x| {
                Some(Withdrawal {
                    memberships: counted(&x.case, "memberships")?,
                    ref_time: x.ref_time,
                    proof_size: x.proof_size,
                    storage_deposit: x.storage_deposit,
                })
            })
            .collect();
        let floors = Floors {
            a: floor_a.clone(),
            b: floor_b.clone(),
            c: floor_c.clone(),
            wasm_sizes: Ordered(floor_sizes),
            ratios,
        };
        let Environment {
            date,
            quick,
            duration_s,
            git,
            versions,
            machine,
            suite,
            setup,
            hashing,
            browser_hashing,
            delivery,
        } = environment;
        Ok(Self {
            date,
            quick,
            duration_s,
            git,
            versions,
            machine,
            wasm_sizes: Ordered(
                contracts.iter().map(|(name, bytes, _)| (name.clone(), *bytes)).collect(),
            ),
            code_hashes: Ordered(
                contracts.iter().map(|(name, _, hash)| (name.clone(), hash.clone())).collect(),
            ),
            message_counts: Ordered(message_counts),
            unmeasured_messages: unmeasured,
            floors,
            targets,
            suite,
            setup,
            withdraw_scaling,
            deposit_scaling: DepositScaling {
                deposits,
                ratio_32_over_1_ref_time: text_number(&deposit_ratio),
                ratio_32_over_1_text: deposit_ratio,
                target_max: text_number(TARGET_DEPOSIT_32_OVER_1),
                meets_target: deposit_met,
            },
            transfer_baseline,
            hashing,
            browser_hashing,
            delivery,
            messages: measurements,
        })
    }

    /// The summary printed at the end of a run.
    pub fn summary(&self) -> String {
        let sizes: Vec<String> =
            self.wasm_sizes.0.iter().map(|(name, bytes)| format!("{name} {bytes}")).collect();
        let t = &self.transfer_baseline;
        let mut lines = vec![
            String::new(),
            format!("ModelMint benchmark summary ({})", self.date),
            format!("  Wasm sizes        {} bytes", sizes.join(", ")),
            format!(
                "  deposit 32/1      {} (target <= {TARGET_DEPOSIT_32_OVER_1})",
                self.deposit_scaling.ratio_32_over_1_text
            ),
            format!(
                "  buy / transfer    {} (target <= {TARGET_BUY_OVER_TRANSFER}); whole extrinsic {}; Contracts::call alone {}",
                crate::markdown::text(&t.buy_ratio),
                crate::markdown::text(&t.buy_extrinsic_ratio),
                crate::markdown::text(&t.contracts_call_fixed_ratio)
            ),
        ];
        for purchase in &self.targets.purchases {
            lines.push(format!(
                "  buy per block     {} ({}: proof {}, extrinsic {} bytes)",
                purchase.per_block, purchase.case, purchase.proof_size, purchase.extrinsic_length
            ));
        }
        for row in self.targets.rows.iter().filter(|row| !row.value.is_null()) {
            lines.push(format!(
                "  {} {}: {} (target {})",
                if row.met { "met   " } else { "MISSED" },
                row.key,
                crate::markdown::text(&row.value),
                row.target
            ));
        }
        if !self.hashing.is_null() {
            let at = |pointer: &str| {
                crate::markdown::text(self.hashing.pointer(pointer).unwrap_or(&Value::Null))
            };
            lines.push(format!(
                "  hash 1 file      {} (target >= {})",
                at("/single_file/ratio"),
                at("/single_file/target_min")
            ));
            lines.push(format!(
                "  hash 4 shards    {} (target >= {}); --threads 2 / --threads 1: {}",
                at("/sharded_4_files/ratio"),
                at("/sharded_4_files/target_min"),
                at("/sharded_4_files/threads2_speedup_over_threads1")
            ));
        }
        lines.join("\n")
    }
}

/// `buy` against a plain balance transfer.
fn transfer_baseline(
    (buy, buy_tune): (&Measurement, &Measurement),
    transfer: Weight,
    contracts_call: Weight,
) -> TransferBaseline {
    let transfer_ratio = |ref_time: u64| ratio_text(ref_time, transfer.ref_time, 2);
    let buy_ratio = transfer_ratio(buy.ref_time);
    let buy_extrinsic = buy.ref_time.saturating_add(contracts_call.ref_time);
    TransferBaseline {
        transfer_keep_alive: transfer,
        contracts_call_fixed: contracts_call,
        contracts_call_fixed_ratio: text_number(&transfer_ratio(contracts_call.ref_time)),
        buy_ref_time: buy.ref_time,
        buy_ratio: text_number(&buy_ratio),
        buy_extrinsic_ref_time: buy_extrinsic,
        buy_extrinsic_ratio: text_number(&transfer_ratio(buy_extrinsic)),
        buy_derivative_ref_time: buy_tune.ref_time,
        buy_derivative_ratio: text_number(&transfer_ratio(buy_tune.ref_time)),
        target_max: text_number(TARGET_BUY_OVER_TRANSFER),
        meets_target: meets_at_most(&buy_ratio, TARGET_BUY_OVER_TRANSFER),
        method: "transfer: dispatch weight from TransactionPaymentCallApi_query_call_info; buy: gas_consumed of a dry run; buy_extrinsic adds the fixed weight of Contracts::call",
    }
}

/// Every ModelMint message as a multiple of its floor: (b), the purchase
/// floor of the targets, for `buy`, `renew` and `infer` (which pays the
/// market), (a) for the other payable messages, (c) for everything else.
fn floor_ratios(m: &[Measurement], [a, b, c]: [&Measurement; 3]) -> Vec<FloorRatio> {
    m.iter()
        .filter(|x| !x.contract.starts_with("floor_"))
        .map(|x| {
            let (floor, f) = if matches!(x.message.as_str(), "buy" | "renew" | "infer") {
                ("b", b)
            } else if x.value > 0 {
                ("a", a)
            } else {
                ("c", c)
            };
            FloorRatio {
                contract: x.contract.clone(),
                message: x.message.clone(),
                case: x.case.clone(),
                floor,
                ref_time: number(rounded(float(x.ref_time) / float(f.ref_time), 3)),
                proof_size: number(rounded(float(x.proof_size) / float(f.proof_size), 3)),
            }
        })
        .collect()
}

/// Coverage: every message a contract's metadata marks as mutating, against
/// what this run measured.
fn unmeasured(mutating: Vec<(String, Vec<String>)>, m: &[Measurement]) -> Ordered<Vec<String>> {
    Ordered(
        mutating
            .into_iter()
            .map(|(contract, labels)| {
                let missing = labels
                    .into_iter()
                    .filter(|label| {
                        !m.iter().any(|x| x.contract == contract && &x.message == label)
                            && !MEASURED_WITHIN
                                .iter()
                                .chain(ONLY_REFUSED)
                                .any(|&(c, l, _)| c == contract && l == label.as_str())
                    })
                    .collect();
                (contract, missing)
            })
            .collect(),
    )
}

/// The latest first setup of a fresh machine, from scripts/setup.sh's
/// records: its seconds and its two longest steps. Each run of setup.sh
/// appends its steps, then a record of the run; it marks `first_setup` a run
/// that installed the Rust packages, cargo-contract and the node, i.e.
/// provisioned a fresh machine.
fn first_setup(setup: &Value) -> Option<(u64, Vec<(String, u64)>)> {
    let entries = setup.as_array()?;
    let end = entries.iter().rposition(|entry| entry["first_setup"] == Value::Bool(true))?;
    let seconds = entries[end]["seconds"].as_u64()?;
    let start =
        entries[..end].iter().rposition(|entry| entry.get("run").is_some()).map_or(0, |i| i + 1);
    let mut steps: Vec<(String, u64)> = entries[start..end]
        .iter()
        .filter_map(|step| Some((step["step"].as_str()?.to_string(), step["seconds"].as_u64()?)))
        .collect();
    steps.sort_by(|a, b| b.1.cmp(&a.1));
    steps.truncate(2);
    Some((seconds, steps))
}

/// Whether the ratio `value` is at most `target` (both decimal texts; bc's
/// comparison, as the bash version made it).
fn meets_at_most(value: &str, target: &str) -> bool {
    match (value.parse::<f64>(), target.parse::<f64>()) {
        (Ok(value), Ok(target)) => value <= target,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_truncated_like_bc_with_a_leading_zero() {
        assert_eq!(ratio_text(518_582_000, 163_159_000, 2), "3.17");
        assert_eq!(ratio_text(6_066_952_732, 163_159_000, 2), "37.18");
        assert_eq!(ratio_text(2_504_944_571, 2_504_944_571, 5), "1.00000");
        assert_eq!(ratio_text(1, 3, 3), "0.333");
        assert_eq!(text_number("1.00000"), Value::from(1));
        assert_eq!(text_number("3.17"), serde_json::json!(3.17));
    }

    #[test]
    fn numbers_are_written_as_jq_writes_them() {
        assert_eq!(number(2.0).to_string(), "2");
        assert_eq!(number(rounded(3_449_624_416.0 / 1_251_679_334.0, 5)).to_string(), "2.756");
        assert_eq!(rounded(-0.100_2, 4), -0.1002);
        assert_eq!(counted("32 recipients", "recipients"), Some(32));
        assert_eq!(counted("32 recipients, second deposit", "recipients"), None);
        assert_eq!(counted("split model 1", "recipients"), None);
    }
}
