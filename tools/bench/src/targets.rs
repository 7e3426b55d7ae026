//! The targets of issue 29 (the market), each a row of BENCHMARKS.md with
//! its verdict, measured in the same run and on the same node as the floors;
//! a missed row says why with its arithmetic ([`crate::cost`]). The rows of
//! earlier issues that still apply are kept: `register`, the deposit's
//! scaling, the end-to-end suite and the first setup.

use crate::cost::{
    event_proof, Accesses, BUY_ACCESSES, CALL_PROOF, CODE_LOAD_TIME_PER_BYTE, DELEGATE_PROOF,
    PER_ANCESTOR, READ_PROOF, RENEW_ACCESSES, SALE_TOPICS, TOPIC_TIME,
};
use crate::markdown::commas;
use crate::report::{find, float, number, rounded, Measurement, Weight, BLOCK};
use serde::Serialize;
use serde_json::Value;

/// The purchase the targets are about: an original model's first license.
pub const BUY_CASE: &str = "original model, no split (first license)";
/// A derivative's purchase: one ancestor owed a share, a 2-way split.
pub const BUY_DERIVATIVE_CASE: &str = "derivative: upstream share + 2-way split";
/// A purchase by a buyer who already holds 7 licenses of the model.
pub const BUY_HOLDER_CASE: &str = "original model, buyer already holds 7 licenses of it";
/// The renewal the targets are about.
pub const RENEW_CASE: &str = "original license, one more period";
/// A token transfer whose push ends the model's round: the revenue goes to
/// the seller's owed balance.
pub const TRANSFER_SETTLING_CASE: &str = "a model with revenue to settle (no split)";
/// A token transfer of a model that has received nothing.
pub const TRANSFER_CASE: &str = "a model without revenue";
/// The registry's `resync`: a push to the market and nothing else, the
/// measure of what a push adds to a registry message.
pub const RESYNC_CASE: &str = "anyone pushes a model's record again (Ferdie)";

/// `buy`'s proof, original model, first license: 25 purchases per block with
/// a 180-byte extrinsic (issue 29).
pub const TARGET_BUY_PROOF: u64 = 152_815;
/// Purchases per block of an original model's first license.
pub const TARGET_PER_BLOCK: u64 = 25;
/// The stretch goal of the same.
pub const STRETCH_PER_BLOCK: u64 = 30;
/// Purchases per block of a derivative with an upstream share and a split.
pub const TARGET_PER_BLOCK_DERIVATIVE: u64 = 20;
/// Purchases per block by a buyer who holds 7 licenses of the model.
pub const TARGET_PER_BLOCK_HOLDER: u64 = 22;
/// The market's optimized Wasm, bytes.
pub const TARGET_MARKET_WASM: u64 = 45_000;
/// `buy` and `renew` ref_time over floor (b), and `register` over floor (c),
/// in tenths: at most 1.5.
pub const TARGET_OVER_FLOOR_TENTHS: u64 = 15;
/// A PSP34 transfer with its push over floor (c), both dimensions.
pub const TARGET_TRANSFER_OVER_FLOOR_C: u64 = 5;
/// `Royalties::deposit` ref_time with 32 recipients over 1: at most this.
pub const TARGET_DEPOSIT_32_OVER_1: &str = "1.1";
/// The stage of `scripts/test.sh` that runs the end-to-end suite.
pub const E2E_STAGE: &str = "end-to-end tests";
/// The end-to-end suite, seconds.
pub const TARGET_E2E_SECONDS: u64 = 300;
/// A fresh machine's first setup, minutes.
pub const TARGET_FIRST_SETUP_MINUTES: f64 = 60.0;

/// The targets, the purchases behind them, and where a purchase's proof goes.
#[derive(Clone, Debug, Serialize)]
pub struct Targets {
    /// A block's budget for normal transactions: the dev node's ref_time,
    /// the parachain share of the relay chain's proof.
    pub block: Weight,
    /// The three purchases the targets name.
    pub purchases: Vec<Purchase>,
    pub purchase_proof: PurchaseProof,
    pub rows: Vec<TargetRow>,
}

/// One purchase, as a block's proof budget counts it.
#[derive(Clone, Debug, Serialize)]
pub struct Purchase {
    pub case: String,
    /// Gas consumed.
    pub proof_size: u64,
    pub ref_time: u64,
    /// The signed extrinsic's encoded length, as it sits in its block.
    pub extrinsic_length: u64,
    /// proof_size + the fixed proof of `Contracts::call` + the extrinsic's
    /// length: what one purchase takes of the block's proof.
    pub block_proof: u64,
    /// ⌊block proof / block_proof⌋: purchases per block on a parachain.
    pub per_block: u64,
    /// Purchases per block on this dev node, which has no proof limit: bound
    /// by ref_time (gas consumed plus the fixed weight of `Contracts::call`).
    pub per_block_dev_node: u64,
}

/// Where `buy`'s proof goes ([`BUY_CASE`]): one frame, the market's code,
/// [`BUY_ACCESSES`], one event with [`SALE_TOPICS`] topics.
#[derive(Clone, Debug, Serialize)]
pub struct PurchaseProof {
    pub proof_size: u64,
    /// The market's Wasm, charged byte for byte when its frame loads it.
    pub code: u64,
    /// How many storage accesses, and their fixed proof.
    pub accesses: u64,
    pub storage: u64,
    /// The event's topics and its proof.
    pub topics: u64,
    pub event: u64,
    /// The rest: the lengths of the values read and of the old values
    /// overwritten, and anything the cost model does not name.
    pub values_and_rest: u64,
    /// The most proof a purchase with this extrinsic may take for
    /// [`TARGET_PER_BLOCK`] and for [`STRETCH_PER_BLOCK`] per block.
    pub within_target: u64,
    pub within_stretch: u64,
}

/// One row of the targets table.
#[derive(Clone, Debug, Serialize)]
pub struct TargetRow {
    /// A stable name for scripts.
    pub key: &'static str,
    pub figure: String,
    /// A number, or a ratio's text when its trailing zeros say something;
    /// null when not measured here.
    pub value: Value,
    pub target: String,
    pub met: bool,
    /// Why a measured row missed, with its arithmetic.
    pub why: Option<String>,
}

/// What the targets are derived from.
pub struct Inputs<'a> {
    pub measurements: &'a [Measurement],
    pub floor_b: &'a Measurement,
    pub floor_c: &'a Measurement,
    /// Optimized Wasm size of each ModelMint contract, by manifest name.
    pub wasm: &'a [(String, u64)],
    /// Floor (c)'s optimized Wasm size.
    pub floor_c_wasm: u64,
    /// How many messages each contract's metadata lists.
    pub message_counts: &'a [(String, u64)],
    /// The fixed weight of a `Contracts::call` extrinsic.
    pub contracts_call: Weight,
    /// `Royalties::deposit` ref_time with 32 recipients over 1 (text), and
    /// the two figures.
    pub deposit: (&'a str, u64, u64),
    /// The end-to-end stage of the last `scripts/test.sh`, seconds.
    pub suite_seconds: Option<u64>,
    /// The latest first setup, seconds, and its two longest steps.
    pub first_setup: Option<(u64, Vec<(String, u64)>)>,
}

/// A ratio rounded to 5 decimals, as a JSON number.
fn r5(a: u64, b: u64) -> Value {
    number(rounded(float(a) / float(b.max(1)), 5))
}

/// "over by N" or "within by N": how `value` stands against `limit`.
fn against(value: u64, limit: u64) -> String {
    if value > limit {
        format!("over by {}", commas(value - limit))
    } else {
        format!("within by {}", commas(limit - value))
    }
}

impl Inputs<'_> {
    fn wasm_of(&self, name: &str) -> Result<u64, String> {
        self.wasm
            .iter()
            .find(|(contract, _)| contract == name)
            .map(|(_, bytes)| *bytes)
            .ok_or_else(|| format!("no Wasm size of {name}"))
    }

    fn purchase(&self, message: &str, case: &str) -> Result<Purchase, String> {
        let x = find(self.measurements, "market", message, case)?;
        let block_proof = x
            .proof_size
            .saturating_add(self.contracts_call.proof_size)
            .saturating_add(x.extrinsic_length);
        let by_time = x.ref_time.saturating_add(self.contracts_call.ref_time).max(1);
        Ok(Purchase {
            case: case.into(),
            proof_size: x.proof_size,
            ref_time: x.ref_time,
            extrinsic_length: x.extrinsic_length,
            block_proof,
            per_block: BLOCK.proof_size / block_proof.max(1),
            per_block_dev_node: BLOCK.ref_time / by_time,
        })
    }

    /// The most proof a purchase with `extrinsic_length` may take for `n`
    /// per block.
    fn within(&self, n: u64, extrinsic_length: u64) -> u64 {
        (BLOCK.proof_size / n)
            .saturating_sub(self.contracts_call.proof_size)
            .saturating_sub(extrinsic_length)
    }
}

/// Derives the targets.
///
/// # Errors
/// Names a measurement or size the derivation needs and the run did not make.
pub fn derive(inputs: &Inputs) -> Result<Targets, String> {
    let first = inputs.purchase("buy", BUY_CASE)?;
    let derivative = inputs.purchase("buy", BUY_DERIVATIVE_CASE)?;
    let holder = inputs.purchase("buy", BUY_HOLDER_CASE)?;
    let market = inputs.wasm_of("market")?;
    let storage = BUY_ACCESSES.proof();
    let event = event_proof(SALE_TOPICS);
    let proof = PurchaseProof {
        proof_size: first.proof_size,
        code: market,
        accesses: BUY_ACCESSES.count(),
        storage,
        topics: SALE_TOPICS,
        event,
        values_and_rest: first
            .proof_size
            .saturating_sub(market)
            .saturating_sub(storage)
            .saturating_sub(event),
        within_target: inputs.within(TARGET_PER_BLOCK, first.extrinsic_length),
        within_stretch: inputs.within(STRETCH_PER_BLOCK, first.extrinsic_length),
    };
    let mut rows = purchase_rows(inputs, &proof, [&first, &derivative, &holder]);
    rows.extend(hot_time_rows(inputs, market)?);
    rows.extend(transfer_rows(inputs)?);
    rows.extend(kept_rows(inputs, market)?);
    Ok(Targets {
        block: BLOCK,
        purchases: vec![first, derivative, holder],
        purchase_proof: proof,
        rows,
    })
}

/// `why` when `met` is false.
fn unless(met: bool, why: impl FnOnce() -> String) -> Option<String> {
    (!met).then(why)
}

/// The proof target of the first license and the three per-block targets.
fn purchase_rows(
    inputs: &Inputs,
    p: &PurchaseProof,
    [first, derivative, holder]: [&Purchase; 3],
) -> Vec<TargetRow> {
    let breakdown = || {
        format!(
            "{} bytes = the market's code {} + {} storage accesses {} + the event's {} topics {} + the values' lengths and the rest {}; {} per block needs at most {} with this {}-byte extrinsic (see below)",
            commas(p.proof_size),
            commas(p.code),
            p.accesses,
            commas(p.storage),
            p.topics,
            commas(p.event),
            commas(p.values_and_rest),
            TARGET_PER_BLOCK,
            commas(p.within_target),
            first.extrinsic_length
        )
    };
    let per_block_why = |x: &Purchase, n: u64, reason: &str| {
        let within = inputs.within(n, x.extrinsic_length);
        let mut why = format!(
            "a purchase takes {} of proof + {} (`Contracts::call`) + {} (its extrinsic) = {} bytes of the block's {}; {n} per block needs at most {} of proof: {}",
            commas(x.proof_size),
            commas(inputs.contracts_call.proof_size),
            x.extrinsic_length,
            commas(x.block_proof),
            commas(BLOCK.proof_size),
            commas(within),
            against(x.proof_size, within)
        );
        if !reason.is_empty() {
            why.push_str(&format!(
                "; {} bytes more than the first license of an original model: {reason}",
                commas(x.proof_size.saturating_sub(first.proof_size))
            ));
        }
        why
    };
    let row = |key, figure: &str, x: &Purchase, n: u64, target: String, reason: &str| {
        let met = x.per_block >= n;
        TargetRow {
            key,
            figure: figure.into(),
            value: Value::from(x.per_block),
            target,
            met,
            why: unless(met, || per_block_why(x, n, reason)),
        }
    };
    let proof_met = p.proof_size <= TARGET_BUY_PROOF;
    let ancestor = format!(
        "the ancestor's record, read and written ({} accesses, {} bytes besides its length), and the upstream cut in the event",
        PER_ANCESTOR.count(),
        commas(PER_ANCESTOR.proof())
    );
    vec![
        TargetRow {
            key: "buy_proof",
            figure: "`buy` proof_size, original model, first license, bytes".into(),
            value: Value::from(p.proof_size),
            target: format!("<= {}", commas(TARGET_BUY_PROOF)),
            met: proof_met,
            why: unless(proof_met, breakdown),
        },
        row(
            "buy_per_block",
            "license purchases per block, original model, first license (parachain proof share)",
            first,
            TARGET_PER_BLOCK,
            format!(">= {TARGET_PER_BLOCK}"),
            "",
        ),
        row(
            "buy_per_block_stretch",
            "the same, stretch goal",
            first,
            STRETCH_PER_BLOCK,
            format!(">= {STRETCH_PER_BLOCK}"),
            "",
        ),
        row(
            "buy_derivative_per_block",
            "license purchases per block, derivative with an upstream share and a 2-way split",
            derivative,
            TARGET_PER_BLOCK_DERIVATIVE,
            format!(">= {TARGET_PER_BLOCK_DERIVATIVE}"),
            &ancestor,
        ),
        row(
            "buy_holder_per_block",
            "license purchases per block, buyer already holding 7 licenses of the model",
            holder,
            TARGET_PER_BLOCK_HOLDER,
            format!(">= {TARGET_PER_BLOCK_HOLDER}"),
            "each license held is an entry of the buyer's list, which the purchase reads and writes",
        ),
    ]
}

/// `buy` and `renew` ref_time over floor (b).
fn hot_time_rows(inputs: &Inputs, market: u64) -> Result<Vec<TargetRow>, String> {
    let floor = inputs.floor_b;
    let limit = floor.ref_time.saturating_mul(TARGET_OVER_FLOOR_TENTHS) / 10;
    let mut rows = Vec::new();
    for (key, message, case, accesses) in [
        ("buy_ref_time", "buy", BUY_CASE, BUY_ACCESSES),
        ("renew_ref_time", "renew", RENEW_CASE, RENEW_ACCESSES),
    ] {
        let x = find(inputs.measurements, "market", message, case)?;
        let met = x.ref_time.saturating_mul(10)
            <= floor.ref_time.saturating_mul(TARGET_OVER_FLOOR_TENTHS);
        rows.push(TargetRow {
            key,
            figure: format!("`{message}` ref_time / floor (b), {case}"),
            value: r5(x.ref_time, floor.ref_time),
            target: "<= 1.5".into(),
            met,
            why: unless(met, || hot_time_why(x, accesses, market, (floor.ref_time, limit))),
        });
    }
    Ok(rows)
}

/// Where a purchase's or renewal's ref_time goes.
fn hot_time_why(
    x: &Measurement,
    accesses: Accesses,
    market: u64,
    (floor, limit): (u64, u64),
) -> String {
    let load = market.saturating_mul(CODE_LOAD_TIME_PER_BYTE);
    let storage = accesses.ref_time();
    let topics = SALE_TOPICS.saturating_mul(TOPIC_TIME);
    let rest = x.ref_time.saturating_sub(load).saturating_sub(storage).saturating_sub(topics);
    format!(
        "{} ps against 1.5 × floor (b)'s {} = {}, {}: loading the market's {} bytes of code {} ({} ps a byte), {} storage accesses {} ({} reads at 63.4e6, {} writes at 168.1e6), the event's {} topics {} (127e6 each), and {} of running the code and wasmi's lazy compilation of each function it enters (about 8,400 ps per byte of its body)",
        commas(x.ref_time),
        commas(floor),
        commas(limit),
        against(x.ref_time, limit),
        commas(market),
        commas(load),
        CODE_LOAD_TIME_PER_BYTE,
        accesses.count(),
        commas(storage),
        accesses.reads,
        accesses.writes,
        SALE_TOPICS,
        commas(topics),
        commas(rest)
    )
}

/// The code a registry message that pushes to the market loads: the
/// registry's, the market's and the desk's, by name and in all.
fn push_code(inputs: &Inputs) -> Result<([u64; 3], u64), String> {
    let parts =
        [inputs.wasm_of("registry")?, inputs.wasm_of("market")?, inputs.wasm_of("market_desk")?];
    Ok((parts, parts.iter().sum()))
}

/// A PSP34 transfer with its push, both cases, both dimensions, over floor (c).
fn transfer_rows(inputs: &Inputs) -> Result<Vec<TargetRow>, String> {
    let floor = inputs.floor_c;
    let ([registry, market, desk], code) = push_code(inputs)?;
    let frames = CALL_PROOF.saturating_add(DELEGATE_PROOF);
    let push = find(inputs.measurements, "registry", "resync", RESYNC_CASE).ok();
    let plain = find(inputs.measurements, "registry", "PSP34::transfer", TRANSFER_CASE)?;
    let limit = |floor: u64| floor.saturating_mul(TARGET_TRANSFER_OVER_FLOOR_C);
    let mut rows = Vec::new();
    for (key, case) in [("transfer_settling", TRANSFER_SETTLING_CASE), ("transfer", TRANSFER_CASE)]
    {
        let x = find(inputs.measurements, "registry", "PSP34::transfer", case)?;
        let time_met = x.ref_time <= limit(floor.ref_time);
        let proof_met = x.proof_size <= limit(floor.proof_size);
        let time_why = || {
            let mut why = format!(
                "{} ps against 5 × floor (c)'s {} = {}, {}: the transfer loads the registry's, the market's and the desk's code ({} bytes, {} ps to load alone, more to compile what it runs) where floor (c) loads {} bytes",
                commas(x.ref_time),
                commas(floor.ref_time),
                commas(limit(floor.ref_time)),
                against(x.ref_time, limit(floor.ref_time)),
                commas(code),
                commas(code.saturating_mul(CODE_LOAD_TIME_PER_BYTE)),
                commas(inputs.floor_c_wasm)
            );
            if let Some(push) = push {
                why.push_str(&format!(
                    "; the push alone, as `resync` measures it, takes {} ps of it",
                    commas(push.ref_time)
                ));
            }
            why
        };
        let proof_why = || {
            let rest = x.proof_size.saturating_sub(code).saturating_sub(frames);
            let mut why = format!(
                "{} bytes against 5 × floor (c)'s {} = {}, {}: code {} (the registry {}, the market {} it pushes to, the desk {} the market forwards `sync_model` to), a call frame and a delegate frame {}, and {} of storage accesses and events (about {} accesses' worth at 10,258 bytes)",
                commas(x.proof_size),
                commas(floor.proof_size),
                commas(limit(floor.proof_size)),
                against(x.proof_size, limit(floor.proof_size)),
                commas(code),
                commas(registry),
                commas(market),
                commas(desk),
                commas(frames),
                commas(rest),
                rest / READ_PROOF
            );
            if let Some(push) = push {
                let accesses =
                    push.proof_size.saturating_sub(code).saturating_sub(frames) / READ_PROOF;
                why.push_str(&format!(
                    ". The push alone, as `resync` measures it, takes {} (the code, the frames and about {accesses} accesses' worth: the registry's root, the model's holding and record, the market's root read by the market and again by the desk, which writes it and the market's record of the model); the token's move and its PSP34 `Transfer` event take the other {}",
                    commas(push.proof_size),
                    commas(plain.proof_size.saturating_sub(push.proof_size))
                ));
            }
            if x.proof_size > plain.proof_size {
                why.push_str(&format!(
                    "; ending the model's round adds {} over the transfer without revenue (the seller's owed balance read and written, a `Distributed` event)",
                    commas(x.proof_size - plain.proof_size)
                ));
            }
            why
        };
        let (time_key, proof_key) = if key == "transfer" {
            ("transfer_ref_time", "transfer_proof")
        } else {
            ("transfer_settling_ref_time", "transfer_settling_proof")
        };
        rows.push(TargetRow {
            key: time_key,
            figure: format!("PSP34 `transfer` with its push, {case}: ref_time / floor (c)"),
            value: r5(x.ref_time, floor.ref_time),
            target: format!("<= {TARGET_TRANSFER_OVER_FLOOR_C}"),
            met: time_met,
            why: unless(time_met, time_why),
        });
        rows.push(TargetRow {
            key: proof_key,
            figure: format!("PSP34 `transfer` with its push, {case}: proof_size / floor (c)"),
            value: r5(x.proof_size, floor.proof_size),
            target: format!("<= {TARGET_TRANSFER_OVER_FLOOR_C}"),
            met: proof_met,
            why: unless(proof_met, proof_why),
        });
    }
    Ok(rows)
}

/// Where a registration's ref_time goes, against floor (c).
fn register_why(inputs: &Inputs, register: &Measurement) -> String {
    let floor = inputs.floor_c;
    let limit = floor.ref_time.saturating_mul(TARGET_OVER_FLOOR_TENTHS) / 10;
    let ([registry, market, desk], code) = push_code(inputs).unwrap_or(([0; 3], 0));
    let mut why = format!(
        "{} ps against 1.5 × floor (c)'s {} = {}, {}: a registration runs the registry ({} bytes) and pushes the record to the market ({}), which forwards `sync_model` to its desk ({}): {} bytes of code, {} ps to load alone and more to compile what it runs, where floor (c) is one contract of {} bytes",
        commas(register.ref_time),
        commas(floor.ref_time),
        commas(limit),
        against(register.ref_time, limit),
        commas(registry),
        commas(market),
        commas(desk),
        commas(code),
        commas(code.saturating_mul(CODE_LOAD_TIME_PER_BYTE)),
        commas(inputs.floor_c_wasm)
    );
    if let Ok(push) = find(inputs.measurements, "registry", "resync", RESYNC_CASE) {
        why.push_str(&format!(
            "; the push alone, as `resync` measures it, takes {} ps, the registration itself the other {}",
            commas(push.ref_time),
            commas(register.ref_time.saturating_sub(push.ref_time))
        ));
    }
    why
}

/// The market's size, and the rows of earlier issues that still apply.
fn kept_rows(inputs: &Inputs, market: u64) -> Result<Vec<TargetRow>, String> {
    let floor = inputs.floor_c;
    let register = find(inputs.measurements, "registry", "register", "original model")?;
    let messages = inputs
        .message_counts
        .iter()
        .find(|(name, _)| name == "market")
        .map_or(0, |(_, count)| *count);
    let size_met = market <= TARGET_MARKET_WASM;
    let register_met = register.ref_time.saturating_mul(10)
        <= floor.ref_time.saturating_mul(TARGET_OVER_FLOOR_TENTHS);
    let (ratio, deposit_32, deposit_1) = inputs.deposit;
    let deposit_met = ratio.parse::<f64>().is_ok_and(|value| value <= 1.1);
    let suite_met = inputs.suite_seconds.is_some_and(|seconds| seconds <= TARGET_E2E_SECONDS);
    let minutes =
        inputs.first_setup.as_ref().map(|(seconds, _)| rounded(float(*seconds) / 60.0, 1));
    let setup_met = minutes.is_some_and(|minutes| minutes <= TARGET_FIRST_SETUP_MINUTES);
    Ok(vec![
        TargetRow {
            key: "market_wasm",
            figure: "market optimized Wasm, bytes".into(),
            value: Value::from(market),
            target: format!("<= {}", commas(TARGET_MARKET_WASM)),
            met: size_met,
            why: unless(size_met, || {
                format!(
                    "{} bytes, {}, for {messages} messages in its metadata ({} a message): each forwarded message still has its dispatcher arm and argument decoder in the market",
                    commas(market),
                    against(market, TARGET_MARKET_WASM),
                    commas(market / messages.max(1))
                )
            }),
        },
        TargetRow {
            key: "register_ref_time",
            figure: "`register` ref_time / floor (c)".into(),
            value: r5(register.ref_time, floor.ref_time),
            target: "<= 1.5".into(),
            met: register_met,
            why: unless(register_met, || register_why(inputs, register)),
        },
        TargetRow {
            key: "deposit_32_over_1",
            figure: "`Royalties::deposit` ref_time, 32 recipients / 1".into(),
            value: Value::from(ratio),
            target: format!("<= {TARGET_DEPOSIT_32_OVER_1}"),
            met: deposit_met,
            why: unless(deposit_met, || {
                format!(
                    "{} ps with 32 recipients against {} with 1: a deposit should touch the model's record only, whatever its split",
                    commas(deposit_32),
                    commas(deposit_1)
                )
            }),
        },
        TargetRow {
            key: "e2e_suite",
            figure: format!(
                "end-to-end suite, seconds (stage `{E2E_STAGE}` of the last `scripts/test.sh`)"
            ),
            value: inputs.suite_seconds.map_or(Value::Null, Value::from),
            target: format!("<= {TARGET_E2E_SECONDS}"),
            met: suite_met,
            why: inputs.suite_seconds.filter(|_| !suite_met).map(|seconds| {
                format!("{seconds} s, {} s over", seconds.saturating_sub(TARGET_E2E_SECONDS))
            }),
        },
        TargetRow {
            key: "first_setup",
            figure: "first setup of a fresh machine, minutes (`scripts/setup.sh`)".into(),
            value: minutes.map_or(Value::Null, number),
            target: "<= 60".into(),
            met: setup_met,
            why: inputs.first_setup.as_ref().filter(|_| !setup_met).map(|(seconds, longest)| {
                let steps: Vec<String> = longest
                    .iter()
                    .map(|(step, seconds)| format!("{step} {} s", commas(seconds)))
                    .collect();
                format!("{} s in all, the longest steps: {}", commas(seconds), steps.join(", "))
            }),
        },
    ])
}
