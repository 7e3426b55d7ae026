//! `benchmarks/latest.json`: the measurements, the figures derived from them
//! (floors, targets, scaling, the transfer baseline) and what the run found on
//! the machine (versions, suite timings, hashing). The schema is the one
//! BENCHMARKS.md, `scripts/check-sizes.sh` and earlier runs use.

use serde::Serialize;
use serde_json::Value;

/// The dev chain's token has 12 decimals.
pub const UNIT: u128 = 1_000_000_000_000;

/// A block's budget for normal transactions, from the runtime sources:
/// contracts-node-runtime 0.42.0 gives them 75 % of 2e12 ref_time; its
/// parachain twin 75 % of the relay chain's 5 MiB proof budget.
pub const BLOCK: Weight =
    Weight { ref_time: 1_500_000_000_000, proof_size: 5 * 1024 * 1024 * 3 / 4 };

/// `Royalties::deposit` ref_time with 32 recipients over 1: at most this.
pub const TARGET_DEPOSIT_32_OVER_1: &str = "1.1";

/// The case of the purchase the targets are about: an original model's first
/// license, no split.
pub const BUY_CASE: &str = "original model, no split (first license)";

/// The license purchases a block should hold.
pub const TARGET_PURCHASES_PER_BLOCK: u64 = 50;

/// The registry's optimized Wasm: at most this many bytes.
pub const TARGET_REGISTRY_WASM: u64 = 24 * 1024;

/// Registry, licensing and royalties' optimized Wasm together: at most this.
pub const TARGET_THREE_WASM: u64 = 64 * 1024;

/// The stage of `scripts/test.sh` that runs the end-to-end suite.
pub const E2E_STAGE: &str = "end-to-end tests";

/// Mutating messages no account can call directly, measured inside another
/// (contract, message, where): only the wired licensing contract calls
/// `Royalties::deposit_sale`, within every `buy` and `renew`.
pub const MEASURED_WITHIN: &[(&str, &str, &str)] = &[(
    "royalties",
    "Royalties::deposit_sale",
    "every `buy` and `renew` (only licensing may call it)",
)];
/// Mutating messages that can only refuse on a deployed contract
/// (contract, message, why): licensing and the gateway are wired by their
/// constructors, so their `Admin::wire` answers `WiringAlreadySet`; every
/// later change of their links is a scheduled rewiring, which is measured.
pub const ONLY_REFUSED: &[(&str, &str, &str)] = &[
    (
        "licensing",
        "Admin::wire",
        "its constructor wires it, so `wire` only answers `WiringAlreadySet`",
    ),
    (
        "gateway",
        "Admin::wire",
        "its constructor wires it, so `wire` only answers `WiringAlreadySet`",
    ),
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
    /// `registry`, `licensing`, `royalties`, `gateway`, `floor_pay`, ...
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
    pub targets: Targets,
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
pub struct Targets {
    pub block: Weight,
    pub purchases_per_block: u64,
    pub purchases_per_block_derivative: u64,
    pub purchase_proof: PurchaseProof,
    pub rows: Vec<TargetRow>,
}

/// Where `buy`'s proof goes (the case [`BUY_CASE`]).
#[derive(Clone, Debug, Serialize)]
pub struct PurchaseProof {
    /// `buy`'s proof_size.
    pub proof_size: u64,
    /// The Wasm of the three contracts a purchase runs (licensing, the
    /// registry, royalties), charged byte for byte when loaded.
    pub code: u64,
    /// The most proof a purchase may take for the target of purchases per
    /// block, with the fixed part of `Contracts::call`.
    pub within_target: u64,
    /// `buy`'s proof_size if the three contracts' Wasm met its target
    /// ([`TARGET_THREE_WASM`]) and everything else stayed: what the size
    /// target alone can do for the proof targets.
    pub at_size_target: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TargetRow {
    pub figure: String,
    /// A number, or a ratio's text when its trailing zeros say something.
    pub value: Value,
    pub target: String,
    pub met: bool,
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
        let buy = find(m, "licensing", "buy", BUY_CASE)?;
        let buy_tune = find(m, "licensing", "buy", "derivative: upstream share + 2-way split")?;
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

        let transfer_ratio = |ref_time: u64| ratio_text(ref_time, transfer.ref_time, 2);
        let buy_ratio = transfer_ratio(buy.ref_time);
        let buy_extrinsic = buy.ref_time.saturating_add(contracts_call.ref_time);
        let transfer_baseline = TransferBaseline {
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
        };

        // Which floor a message is compared with: (b) for payments that pay
        // another contract (buy, renew, infer), (a) for the other payable
        // messages, (c) for everything else.
        let floor_a =
            find(m, "floor_pay", "Pay::pay", "floor (a): record one value, forward the payment")?;
        let floor_b = find(m, "floor_relay", "pay", "floor (b): (a) through a second contract")?;
        let floor_c = find(m, "floor_mint", "mint", "floor (c): minimal PSP34 mint")?;
        let ratios = m
            .iter()
            .filter(|x| !x.contract.starts_with("floor_"))
            .map(|x| {
                let (floor, f) = if matches!(x.message.as_str(), "buy" | "renew" | "infer") {
                    ("b", floor_b)
                } else if x.value > 0 {
                    ("a", floor_a)
                } else {
                    ("c", floor_c)
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
            .collect();

        let register = find(m, "registry", "register", "original model")?;
        let wasm = |name: &str| {
            contracts
                .iter()
                .find(|(contract, _, _)| contract == name)
                .map(|(_, bytes, _)| *bytes)
                .ok_or_else(|| format!("no Wasm size of {name}"))
        };
        let (registry, licensing, royalties) =
            (wasm("registry")?, wasm("licensing")?, wasm("royalties")?);
        // A purchase counted as its gas consumed plus the fixed weight of
        // `Contracts::call`, bound by whichever budget it exhausts first.
        let per_block = |x: &Measurement| {
            let by_time =
                BLOCK.ref_time / x.ref_time.saturating_add(contracts_call.ref_time).max(1);
            let by_proof =
                BLOCK.proof_size / x.proof_size.saturating_add(contracts_call.proof_size).max(1);
            by_time.min(by_proof)
        };
        let r5 = |a: u64, b: u64| number(rounded(float(a) / float(b), 5));
        let whole = registry.saturating_add(licensing).saturating_add(royalties);
        // The suite's figure is the e2e stage of the last complete
        // scripts/test.sh (its binary is built in the stage before).
        let suite_seconds = environment.suite["stages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|stage| stage["stage"] == E2E_STAGE)
            .and_then(|stage| stage["seconds"].as_u64());
        // scripts/setup.sh closes every run with a record of it; it marks
        // `first_setup` a run that installed the Rust packages, cargo-contract
        // and the node, i.e. provisioned a fresh machine. The latest counts.
        let first_setup_minutes = environment
            .setup
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .find(|entry| entry["first_setup"] == Value::Bool(true))
            .and_then(|run| run["seconds"].as_u64())
            .map(|seconds| rounded(float(seconds) / 60.0, 1));
        let targets = Targets {
            block: BLOCK,
            purchases_per_block: per_block(buy),
            purchases_per_block_derivative: per_block(buy_tune),
            purchase_proof: PurchaseProof {
                proof_size: buy.proof_size,
                code: whole,
                within_target: (BLOCK.proof_size / TARGET_PURCHASES_PER_BLOCK)
                    .saturating_sub(contracts_call.proof_size),
                // Code is charged byte for byte, so smaller code lowers the
                // proof by exactly the bytes it saves.
                at_size_target: buy.proof_size.saturating_sub(whole.saturating_sub(TARGET_THREE_WASM)),
            },
            rows: vec![
                TargetRow {
                    figure: "`buy` ref_time / floor (b)".into(),
                    value: r5(buy.ref_time, floor_b.ref_time),
                    target: "<= 3".into(),
                    met: buy.ref_time <= floor_b.ref_time.saturating_mul(3),
                },
                TargetRow {
                    figure: "`buy` proof_size / floor (b)".into(),
                    value: r5(buy.proof_size, floor_b.proof_size),
                    target: "<= 3".into(),
                    met: buy.proof_size <= floor_b.proof_size.saturating_mul(3),
                },
                TargetRow {
                    figure: "`register` ref_time / floor (c)".into(),
                    value: r5(register.ref_time, floor_c.ref_time),
                    target: "<= 1.5".into(),
                    met: float(register.ref_time) <= 1.5 * float(floor_c.ref_time),
                },
                TargetRow {
                    figure: "registry optimized Wasm, bytes".into(),
                    value: Value::from(registry),
                    target: format!("<= {}", crate::markdown::commas(TARGET_REGISTRY_WASM)),
                    met: registry <= TARGET_REGISTRY_WASM,
                },
                TargetRow {
                    figure: "registry + licensing + royalties Wasm, bytes".into(),
                    value: Value::from(whole),
                    target: format!("<= {}", crate::markdown::commas(TARGET_THREE_WASM)),
                    met: whole <= TARGET_THREE_WASM,
                },
                TargetRow {
                    figure: "license purchases per block (ref_time and proof_size bound)".into(),
                    value: Value::from(per_block(buy)),
                    target: format!(">= {TARGET_PURCHASES_PER_BLOCK}"),
                    met: per_block(buy) >= TARGET_PURCHASES_PER_BLOCK,
                },
                TargetRow {
                    figure: "`Royalties::deposit` ref_time, 32 recipients / 1".into(),
                    value: Value::from(deposit_ratio.clone()),
                    target: format!("<= {TARGET_DEPOSIT_32_OVER_1}"),
                    met: deposit_met,
                },
                TargetRow {
                    figure: format!(
                        "end-to-end suite, seconds (stage `{E2E_STAGE}` of the last `scripts/test.sh`)"
                    ),
                    value: suite_seconds.map_or(Value::Null, Value::from),
                    target: "<= 300".into(),
                    met: suite_seconds.is_some_and(|seconds| seconds <= 300),
                },
                TargetRow {
                    figure: "first setup of a fresh machine, minutes (`scripts/setup.sh`)".into(),
                    value: first_setup_minutes.map_or(Value::Null, number),
                    target: "<= 60".into(),
                    met: first_setup_minutes.is_some_and(|minutes| minutes <= 60.0),
                },
            ],
        };

        // Coverage: every message a contract's metadata marks as mutating,
        // against what this run measured.
        let unmeasured = Ordered(
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
        );
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
