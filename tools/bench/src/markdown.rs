//! BENCHMARKS.md from a [`Report`]: the same sections, tables and wording the
//! report has had since the figures were first published, so that a re-run
//! changes only figures.

mod target_section;

use crate::report::{Measurement, Report, MARKET_HOT};
use serde_json::Value;

/// A JSON value as jq's string interpolation writes it: strings bare, numbers
/// without a needless fraction.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                integer.to_string()
            } else if let Some(integer) = number.as_u64() {
                integer.to_string()
            } else {
                float_text(number.as_f64().unwrap_or(f64::NAN))
            }
        }
        other => other.to_string(),
    }
}

/// A float as jq writes it: integral values without `.0`.
fn float_text(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 9e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// Digits in groups of three: 1,234,567.
pub fn commas(value: impl ToString) -> String {
    let digits: Vec<char> = value.to_string().chars().filter(char::is_ascii_digit).collect();
    let mut out = String::new();
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(*digit);
    }
    out
}

/// A signed amount with commas.
fn signed(value: i128) -> String {
    if value < 0 {
        format!("-{}", commas(value.unsigned_abs()))
    } else {
        commas(value)
    }
}

/// Planck as units of 10^12, to 4 decimals.
fn units(planck: i128) -> String {
    // Below 2^53 for every deposit here, so exact.
    #[allow(clippy::cast_precision_loss)]
    let units = planck as f64 / 1e12;
    float_text((units * 10_000.0).round() / 10_000.0)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**missed**"
    }
}

/// The first `n` characters.
fn prefix(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(end, _)| &text[..end])
}

/// `value[field]` as text.
fn at(value: &Value, pointer: &str) -> String {
    text(value.pointer(pointer).unwrap_or(&Value::Null))
}

/// A number field of a JSON value (0 when absent).
fn number_at(value: &Value, pointer: &str) -> f64 {
    value.pointer(pointer).and_then(Value::as_f64).unwrap_or(0.0)
}

/// The closing records of scripts/setup.sh's runs, latest first.
fn setup_runs(entries: &[Value]) -> impl Iterator<Item = &Value> {
    entries.iter().rev().filter(|entry| entry.get("run").is_some())
}

/// BENCHMARKS.md.
pub fn render(r: &Report) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("# ModelMint benchmarks".into());
    line(String::new());
    line("Written by `scripts/bench.sh` (do not edit by hand; re-run it). Raw figures: `benchmarks/latest.json`.".into());
    line(String::new());
    line("| | |".into());
    line("|---|---|".into());
    line(format!("| date | {} |", r.date));
    line(format!(
        "| commit | `{}`{} |",
        prefix(&r.git.commit, 12),
        if r.git.contracts_dirty { " + uncommitted changes under contracts/, tools/" } else { "" }
    ));
    line(format!("| ink! | {} |", r.versions.ink));
    line(format!("| cargo-contract | {} |", r.versions.cargo_contract));
    line(format!("| substrate-contracts-node | {} |", r.versions.substrate_contracts_node));
    line(format!(
        "| its dev runtime | `:code` blake2-256 `{}` (every weight is the runtime's: the same hash gives the same figures, however the node was built) |",
        if r.versions.runtime_code_hash.is_empty() { "not read" } else { &r.versions.runtime_code_hash }
    ));
    line(format!("| rustc | {} (`{}`) |", r.versions.rustc, r.versions.toolchain));
    line(format!(
        "| machine | {}, {} cores, load {} at start |",
        r.machine.cpu, r.machine.cores, r.machine.loadavg_at_start
    ));
    line(String::new());

    for text in target_section::lines(r) {
        line(text);
    }

    for text in [
        test_suite(r),
        floors(r),
        summary(r),
        wasm_sizes(r),
        messages(r),
        deposit_scaling(r),
        obligation_scaling(r),
        withdraw_scaling(r),
        transfer_baseline(r),
        hashing(r),
        browser(r),
        modelmint_delivery::report::section(&r.delivery),
        reproduce(r),
    ]
    .into_iter()
    .flatten()
    {
        line(text);
    }
    out.join("\n") + "\n"
}

/// The last test suite run and the setup steps recorded on this machine.
fn test_suite(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("## Test suite and first setup".into());
    line(String::new());
    if r.suite.is_null() {
        line("No complete `scripts/test.sh` run is recorded on this machine yet (`$MODELMINT_CACHE/timings/test.json`).".into());
    } else {
        let s = &r.suite;
        line(format!(
            "The last complete `scripts/test.sh` on this machine ({}, commit `{}`, {} cores, e2e test threads: {}): **{} s** in all.",
            at(s, "/date"),
            prefix(&at(s, "/commit"), 12),
            at(s, "/cores"),
            at(s, "/e2e_test_threads"),
            at(s, "/total_s")
        ));
        line(String::new());
        line("| stage | seconds |".into());
        line("|---|---:|".into());
        for stage in s["stages"].as_array().into_iter().flatten() {
            line(format!("| {} | {} |", at(stage, "/stage"), at(stage, "/seconds")));
        }
    }
    line(String::new());
    match r.setup.as_array() {
        Some(entries) if !entries.is_empty() => {
            // A step that ran again (npm ci in every fresh clone) is shown once,
            // at its latest run: the file keeps every run, in order.
            let mut latest: Vec<&Value> = Vec::new();
            // A run's closing record (no "step") is summed up below.
            for step in entries.iter().filter(|entry| entry.get("step").is_some()) {
                match latest.iter_mut().find(|kept| kept["step"] == step["step"]) {
                    Some(kept) => *kept = step,
                    None => latest.push(step),
                }
            }
            let steps: Vec<String> = latest
                .iter()
                .map(|step| {
                    format!(
                        "{}: {} s ({} cores, {})",
                        at(step, "/step"),
                        at(step, "/seconds"),
                        at(step, "/cores"),
                        at(step, "/date")
                    )
                })
                .collect();
            line(format!(
                "Setup steps recorded by `scripts/setup.sh` on this machine, the latest run of each (`$MODELMINT_CACHE/timings/setup.jsonl`): {}.",
                steps.join("; ")
            ));
            let first = setup_runs(entries).find(|run| run["first_setup"] == Value::Bool(true));
            line(String::new());
            line(match first {
                Some(run) => format!(
                    "The latest first setup of a fresh machine (a `scripts/setup.sh` run that installed the Rust packages, cargo-contract and the node): **{} s** ({} cores, finished {}).",
                    at(run, "/seconds"),
                    at(run, "/cores"),
                    at(run, "/date")
                ),
                None => "No first setup of a fresh machine is recorded on this machine (a `scripts/setup.sh` run that installed the Rust packages, cargo-contract and the node).".into(),
            });
        }
        _ => line("No first-setup timing is recorded on this machine: it was provisioned before `scripts/setup.sh` recorded its steps (they are recorded from now on, in `$MODELMINT_CACHE/timings/setup.jsonl`).".into()),
    }
    line(String::new());

    out
}

/// The floors and every measured message as a multiple of its floor.
fn floors(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    let f = &r.floors;
    let size = |name: &str| commas(f.wasm_sizes.get(name).copied().unwrap_or(0));
    line("## Floors".into());
    line(String::new());
    line("Fixture contracts in `benchmarks/floors/`, built and measured by this run: (a) `pay` records one value and forwards the payment; (b) `relay` does the same and pays (a) through one payable cross-contract call, as a sale that pays another contract would (the licensing and royalties contracts before the market); (c) `mint`, a minimal PSP34 mint (owner, balance, `Transfer` event). No checks, no administration, no events beyond those PSP34 requires: the least a contract purchase or mint can cost on this node.".into());
    line(String::new());
    line("| floor | ref_time | proof_size | Wasm bytes |".into());
    line("|---|---:|---:|---:|".into());
    line(format!(
        "| (a) pay and forward | {} | {} | {} |",
        commas(f.a.ref_time),
        commas(f.a.proof_size),
        size("floor_pay")
    ));
    line(format!(
        "| (b) through a second contract | {} | {} | {} + {} |",
        commas(f.b.ref_time),
        commas(f.b.proof_size),
        size("floor_relay"),
        size("floor_pay")
    ));
    line(format!(
        "| (c) minimal PSP34 mint | {} | {} | {} |",
        commas(f.c.ref_time),
        commas(f.c.proof_size),
        size("floor_mint")
    ));
    line(String::new());
    line("Every measured ModelMint message as a multiple of its floor ((b), the purchase floor of the targets, for `buy`, `renew` and the gateway's `infer`, which pays the market; (a) for the other payable messages; (c) for the rest):".into());
    line(String::new());
    line("| contract | message | case | floor | ref_time × | proof_size × |".into());
    line("|---|---|---|---|---:|---:|".into());
    for x in &f.ratios {
        line(format!(
            "| {} | `{}` | {} | ({}) | {} | {} |",
            x.contract,
            x.message,
            x.case,
            x.floor,
            text(&x.ref_time),
            text(&x.proof_size)
        ));
    }
    line(String::new());

    out
}

/// The summary of the figures outside the targets table.
fn summary(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    let d = &r.deposit_scaling;
    let t = &r.transfer_baseline;
    let h = &r.hashing;
    line("## Summary".into());
    line(String::new());
    line("| figure | value | target | |".into());
    line("|---|---:|---:|---|".into());
    line(format!(
        "| `Royalties::deposit` ref_time, 32 recipients / 1 | {} | <= {} | {} |",
        d.ratio_32_over_1_text,
        text(&d.target_max),
        verdict(d.meets_target)
    ));
    line(format!(
        "| `buy` ref_time / `transfer_keep_alive` | {} | <= {} | {} |",
        text(&t.buy_ratio),
        text(&t.target_max),
        verdict(t.meets_target)
    ));
    if h.is_null() {
        line("| hashing | not run (`--skip-hash`) | | |".into());
    } else {
        line(format!(
            "| modelmint-hash `--threads 1` / sha256sum, one {} MiB file | {} | >= {} | {} |",
            at(h, "/data_mib"),
            at(h, "/single_file/ratio"),
            at(h, "/single_file/target_min"),
            verdict(h.pointer("/single_file/meets_target") == Some(&Value::Bool(true)))
        ));
        line(format!(
            "| modelmint-hash `--threads 2` / sha256sum, 4 shards | {} | >= {} | {} |",
            at(h, "/sharded_4_files/ratio"),
            at(h, "/sharded_4_files/target_min"),
            verdict(h.pointer("/sharded_4_files/meets_target") == Some(&Value::Bool(true)))
        ));
    }
    line(String::new());

    out
}

/// Every contract's optimized Wasm size and message count.
fn wasm_sizes(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("## Optimized Wasm size".into());
    line(String::new());
    line(
        "`scripts/check-sizes.sh` fails when a contract grows more than 5 % over these figures."
            .into(),
    );
    line(String::new());
    line("Messages are those in the contract's metadata, the trait messages (PSP34, administration) included: each adds a dispatcher arm, an argument decoder and a result encoder to the Wasm.".into());
    line(String::new());
    line("| contract | bytes | messages | bytes per message | code hash |".into());
    line("|---|---:|---:|---:|---|".into());
    for (name, bytes) in &r.wasm_sizes.0 {
        let hash = r.code_hashes.get(name).map_or("", String::as_str);
        let count = r.message_counts.get(name).copied().unwrap_or(0);
        let per_message = if count == 0 { String::new() } else { commas(bytes / count) };
        line(format!(
            "| {name} | {} | {count} | {per_message} | `{}…` |",
            commas(bytes),
            prefix(hash, 18)
        ));
    }
    line(String::new());

    out
}

/// Every measured message, and the state-changing messages not measured.
fn messages(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("## Messages".into());
    line(String::new());
    line("Each state-changing message dry-run (through the node's contracts runtime API, as `cargo contract call` without `-x` does) right before it is submitted, in one scenario on a fresh `--dev` chain:".into());
    line("Alice registers a model and offers 30-day licenses; Bob buys one and registers a fine-tune, splits it 70/30 with Dave and offers it;".into());
    line("Charlie, approved by Alice, registers a distillation, buys and renews a license on the fine-tune and transfers it to Eve; Ferdie buys an eighth license of Alice's model; payments, distribution and withdrawals follow;".into());
    line("tokens change hands (each pushing the model's record to the market), and an arbiter dismisses one dispute and upholds another, reassigning the model.".into());
    line("ref_time in picoseconds of reference hardware (10^12 = 1 s), proof_size in bytes; storage deposit in units (10^12 planck; negative = refund).".into());
    line(String::new());
    line("| contract | message | case | signer | ref_time | proof_size | storage deposit |".into());
    line("|---|---|---|---|---:|---:|---:|".into());
    for x in &r.messages {
        line(format!(
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            x.contract,
            x.message,
            x.case,
            x.signer,
            commas(x.ref_time),
            commas(x.proof_size),
            units(x.storage_deposit)
        ));
    }
    line(String::new());
    let unmeasured: Vec<String> = r
        .unmeasured_messages
        .0
        .iter()
        .filter(|(_, labels)| !labels.is_empty())
        .map(|(contract, labels)| {
            let labels: Vec<String> = labels.iter().map(|label| format!("`{label}`")).collect();
            format!("{contract}: {}", labels.join(", "))
        })
        .collect();
    line(format!(
        "State-changing messages in the contract metadata but not measured in this run: {}",
        if unmeasured.is_empty() {
            "none.".to_string()
        } else {
            format!("{}.", unmeasured.join("; "))
        }
    ));
    let hot: Vec<String> = MARKET_HOT.iter().map(|label| format!("`{label}`")).collect();
    line(format!(
        "The market is one address with two codes: {} run in its own code; every other market message is forwarded to its desk by delegate call, so its figures include the desk's {} bytes of code and one delegate frame (3,895 bytes of proof besides the code).",
        hot.join(", "),
        commas(r.wasm_sizes.get("market_desk").copied().unwrap_or(0))
    ));
    for (contract, message, within) in crate::report::MEASURED_WITHIN {
        line(format!("{contract} `{message}` is measured within {within}."));
    }
    for (contract, message, why) in crate::report::ONLY_REFUSED {
        line(format!("{contract} `{message}` is not measured: {why}."));
    }
    line(String::new());

    out
}

/// `Royalties::deposit` against split size.
fn deposit_scaling(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    let d = &r.deposit_scaling;
    line("## Royalties::deposit against split size".into());
    line(String::new());
    line("One fresh model per split size, owned by Alice; Ferdie deposits 1 unit (twice); `distribute` then apportions the pending 2 units.".into());
    line(String::new());
    line("| recipients | `set_split` ref_time | `deposit` ref_time | `deposit` proof_size | second `deposit` ref_time | `distribute` ref_time |".into());
    line("|---:|---:|---:|---:|---:|---:|".into());
    for n in [1, 8, 32] {
        let case = format!("{n} recipients");
        let second = format!("{case}, second deposit");
        // The last measurement of each message in the case, as jq's INDEX keeps.
        let of = |message: &str, case: &str| -> Option<&Measurement> {
            r.messages.iter().rev().find(|x| x.message == message && x.case == case)
        };
        let ref_time =
            |x: Option<&Measurement>| x.map_or_else(|| "null".into(), |x| commas(x.ref_time));
        let deposit = of("Royalties::deposit", &case);
        line(format!(
            "| {n} | {} | {} | {} | {} | {} |",
            ref_time(of("set_split", &case)),
            ref_time(deposit),
            deposit.map_or_else(|| "null".into(), |x| commas(x.proof_size)),
            ref_time(r.messages.iter().find(|x| x.case == second)),
            ref_time(of("distribute", &case))
        ));
    }
    line(String::new());
    line(format!(
        "deposit ref_time ratio 32 / 1: **{}** (target <= {}).",
        d.ratio_32_over_1_text,
        text(&d.target_max)
    ));
    line(String::new());

    out
}

/// `Royalties::deposit` against the obligations a model owes upstream.
fn obligation_scaling(r: &Report) -> Vec<String> {
    use crate::obligations::{case, OBLIGATION_COUNTS};
    let of = |n: usize| {
        r.messages.iter().rev().find(|x| x.message == "Royalties::deposit" && x.case == case(n))
    };
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("## Royalties::deposit against the obligations a model owes".into());
    line(String::new());
    line("Dave's 4 datasets and Alice's 11 models upstream: a model owing nothing, one trained on the 4 datasets (4 obligations), and a fine-tune owing 16 ancestors, the most a model may (`MAX_OBLIGATIONS`: 4 datasets and 12 models, flattened through its parent); Ferdie deposits 1 unit for each. The market credits each obligation directly, so the cost is linear in the obligations and bounded by the cap, whatever the depth of the lineage or the kinds of the ancestors.".into());
    line(String::new());
    line("| obligations | `deposit` ref_time | proof_size | ref_time / owing 0 |".into());
    line("|---:|---:|---:|---:|".into());
    let base = of(0).map(|x| x.ref_time);
    for n in OBLIGATION_COUNTS {
        let Some(x) = of(n) else {
            line(format!("| {n} | not measured | | |"));
            continue;
        };
        let ratio = base
            .filter(|&b| b > 0)
            .map_or_else(|| "null".into(), |b| format!("{:.2}", x.ref_time as f64 / b as f64));
        line(format!("| {n} | {} | {} | {ratio} |", commas(x.ref_time), commas(x.proof_size)));
    }
    if let (Some(none), Some(most)) = (of(0), of(16)) {
        line(String::new());
        line(format!(
            "Each obligation adds about {} ref_time and {} proof_size; a deposit for a model at the cap costs {:.2}x one for a model owing nothing, and no lineage costs more.",
            commas(most.ref_time.saturating_sub(none.ref_time) / 16),
            commas(most.proof_size.saturating_sub(none.proof_size) / 16),
            most.ref_time as f64 / none.ref_time.max(1) as f64
        ));
    }
    line(String::new());
    out
}

/// `withdraw` against split memberships.
fn withdraw_scaling(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("## `withdraw` against split memberships".into());
    line(String::new());
    line("Dave accepted the splits of 1, 8, 32 and 64 models (64 is the most an account may accept), each split of 32 recipients (the most a split may have: Dave and 31 others, 1/32 each), and 1 UNIT was deposited for each model; his `withdraw` computes his part of every one of them and writes only his own cells (one claim per split, and his owed balance), so its cost grows with his memberships, not with the other recipients. 64 × 32 is the worst case. Limits, from the runtime sources: contracts-node-runtime 0.42.0 gives normal transactions 75 % of a block of 2e12 ref_time (1.5e12); its parachain twin contracts-parachain-runtime 0.42.0 gives them 75 % of the relay chain 5 MiB proof budget (3.75 MiB).".into());
    line(String::new());
    line("| memberships (32 recipients each) | `withdraw` ref_time | ref_time / 1.5e12 | proof_size | proof_size / 3.75 MiB | storage deposit |".into());
    line("|---:|---:|---:|---:|---:|---:|".into());
    for w in &r.withdraw_scaling {
        #[allow(clippy::cast_precision_loss)]
        let (time, proof) = (w.ref_time as f64, w.proof_size as f64);
        line(format!(
            "| {} | {} | {} | {} | {} | {} |",
            w.memberships,
            commas(w.ref_time),
            float_text((time / 1.5e12 * 10_000.0).round() / 10_000.0),
            commas(w.proof_size),
            float_text((proof / (3.75 * 1_048_576.0) * 1000.0).round() / 1000.0),
            signed(w.storage_deposit)
        ));
    }
    line(String::new());

    out
}

/// `buy` against a plain balance transfer.
fn transfer_baseline(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    let t = &r.transfer_baseline;
    line("## Against a plain balance transfer".into());
    line(String::new());
    line("The transfer weight is the dispatch weight the node reports for `Balances::transfer_keep_alive` (runtime API `TransactionPaymentCallApi_query_call_info`); a contract message is its dry-run `gas_consumed`.".into());
    line("A submitted contract call also pays the fixed weight of the `Contracts::call` extrinsic (queried the same way, with a zero gas limit).".into());
    line(String::new());
    line("| | ref_time | proof_size | × transfer |".into());
    line("|---|---:|---:|---:|".into());
    line(format!(
        "| `Balances::transfer_keep_alive` | {} | {} | 1 |",
        commas(t.transfer_keep_alive.ref_time),
        commas(t.transfer_keep_alive.proof_size)
    ));
    line(format!(
        "| `Contracts::call`, fixed part (no contract code run) | {} | {} | {} |",
        commas(t.contracts_call_fixed.ref_time),
        commas(t.contracts_call_fixed.proof_size),
        text(&t.contracts_call_fixed_ratio)
    ));
    line(format!(
        "| `buy`, original model (gas consumed) | {} | | **{}** |",
        commas(t.buy_ref_time),
        text(&t.buy_ratio)
    ));
    line(format!(
        "| `buy`, original model, whole extrinsic | {} | | {} |",
        commas(t.buy_extrinsic_ref_time),
        text(&t.buy_extrinsic_ratio)
    ));
    line(format!(
        "| `buy`, derivative with upstream share and split (gas consumed) | {} | | {} |",
        commas(t.buy_derivative_ref_time),
        text(&t.buy_derivative_ratio)
    ));
    line(String::new());
    line(format!(
        "Target: `buy` <= {} × transfer: {}.",
        text(&t.target_max),
        verdict(t.meets_target)
    ));
    line(String::new());

    out
}

/// Hashing throughput on this machine.
fn hashing(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    let h = &r.hashing;
    line("## Hashing throughput".into());
    line(String::new());
    if h.is_null() {
        line("Not run (`--skip-hash`).".into());
    } else {
        let mib = at(h, "/data_mib");
        let quarter = float_text(number_at(h, "/data_mib") / 4.0);
        line(format!(
            "Wall clock, best of {} interleaved runs, page cache warm, random data; `{}` and `{}` (CPU SHA-NI: {}). Ratio = reference time / modelmint-hash time. sha256sum (coreutils) is plain C here; OpenSSL, like the `sha2` crate, uses the CPU SHA instructions, so the OpenSSL rows are the honest comparison: the same instruction set at the same thread count (two OpenSSL processes for two threads).",
            at(h, "/runs"),
            at(h, "/sha256sum"),
            at(h, "/openssl"),
            at(h, "/cpu_sha_ni")
        ));
        line(String::new());
        line("| input | tool | ms | MiB/s | ratio | target |".into());
        line("|---|---|---:|---:|---:|---:|".into());
        let s = |field: &str| at(h, &format!("/single_file/{field}"));
        let m = |field: &str| at(h, &format!("/sharded_4_files/{field}"));
        line(format!(
            "| one {mib} MiB file | sha256sum | {} | {} | | |",
            s("sha256sum_ms"),
            s("sha256sum_mib_s")
        ));
        line(format!(
            "| one {mib} MiB file | openssl dgst -sha256 | {} | {} | | |",
            s("openssl_ms"),
            s("openssl_mib_s")
        ));
        line(format!(
            "| one {mib} MiB file | modelmint-hash --threads 1 | {} | {} | **{}** vs sha256sum, **{}** vs openssl | >= {} vs sha256sum |",
            s("modelmint_hash_threads1_ms"),
            s("modelmint_hash_mib_s"),
            s("ratio"),
            s("ratio_vs_openssl"),
            s("target_min")
        ));
        line(format!(
            "| 4 × {quarter} MiB files | sha256sum | {} | {} | | |",
            m("sha256sum_ms"),
            m("sha256sum_mib_s")
        ));
        line(format!(
            "| 4 × {quarter} MiB files | 2 × openssl dgst -sha256 (2 files each, in parallel) | {} | {} | | |",
            m("openssl_2_processes_ms"),
            m("openssl_2_processes_mib_s")
        ));
        line(format!(
            "| 4 × {quarter} MiB files | modelmint-hash --threads 2 | {} | {} | **{}** vs sha256sum, **{}** vs openssl | >= {} vs sha256sum |",
            m("modelmint_hash_threads2_ms"),
            m("modelmint_hash_threads2_mib_s"),
            m("ratio"),
            m("ratio_vs_openssl"),
            m("target_min")
        ));
        line(format!(
            "| 4 × {quarter} MiB files | modelmint-hash --threads 1 | {} | {} | | |",
            m("modelmint_hash_threads1_ms"),
            m("modelmint_hash_threads1_mib_s")
        ));
        line(String::new());
        line(format!(
            "`--threads 2` over `--threads 1` on the same 4 files: {}× (2 cores; load average {} after the runs: on a shared machine the second core is often busy, so this is a lower bound).",
            m("threads2_speedup_over_threads1"),
            at(h, "/loadavg_after")
        ));
    }
    line(String::new());

    out
}

/// Hashing throughput in the web app.
fn browser(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("### In the browser (the web app)".into());
    line(String::new());
    let b = &r.browser_hashing;
    if b.is_null() {
        line("Not measured in this checkout yet (`ui/test-results/hash-throughput.json` is written by `scripts/ui-test.sh`).".into());
    } else {
        line(format!(
            "Measured by the web app's browser tests (`npm run test:browser`, run by `scripts/ui-test.sh`) at {}: {}, in {} headless, {} cores; every file's SHA-256 checked against Node's.",
            at(b, "/measured_at"),
            at(b, "/hasher"),
            at(b, "/browser"),
            at(b, "/cores")
        ));
        line(String::new());
        line("| input | files | MiB | seconds | MiB/s |".into());
        line("|---|---:|---:|---:|---:|".into());
        for run in b["runs"].as_array().into_iter().flatten() {
            line(format!(
                "| {} | {} | {} | {} | {} |",
                at(run, "/source"),
                at(run, "/files"),
                float_text(number_at(run, "/files") * number_at(run, "/mib_per_file")),
                at(run, "/seconds"),
                at(run, "/mib_per_second")
            ));
        }
    }
    line(String::new());

    out
}

/// How to run it again.
fn reproduce(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = |text: String| out.push(text);
    line("## Reproduce".into());
    line(String::new());
    line("```sh".into());
    line(format!(
        "nice -n 10 scripts/bench.sh            # full run: node on 127.0.0.1:9966 (MODELMINT_BENCH_PORT), ~{} min here",
        r.duration_s.div_ceil(60)
    ));
    line("scripts/bench.sh --quick               # 64 MiB hashing, one run; writes benchmarks/quick.json only".into());
    line("scripts/check-sizes.sh                 # size regression check against benchmarks/latest.json".into());
    line("```".into());
    out
}

#[cfg(test)]
mod tests;
