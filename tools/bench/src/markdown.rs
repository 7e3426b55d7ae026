//! BENCHMARKS.md from a [`Report`]: the same sections, tables and wording the
//! report has had since the figures were first published, so that a re-run
//! changes only figures.

use crate::report::{
    float, rounded, Measurement, Report, TARGET_PURCHASES_PER_BLOCK, TARGET_THREE_WASM,
};
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
        "meets target"
    } else {
        "**misses target**"
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

    line("## Targets".into());
    line(String::new());
    line(format!(
        "Each figure against the floors measured in the same run on the same node (see Floors below); a block is {} ref_time and {} bytes of proof for normal transactions.",
        commas(r.targets.block.ref_time),
        commas(r.targets.block.proof_size)
    ));
    line(String::new());
    line("| figure | value | target | |".into());
    line("|---|---:|---:|---|".into());
    for row in &r.targets.rows {
        let (value, verdict) = if row.value.is_null() {
            ("not measured".to_string(), "**not measured here**")
        } else {
            (text(&row.value), verdict(row.met))
        };
        line(format!("| {} | {} | {} | {} |", row.figure, value, row.target, verdict));
    }
    line(String::new());
    line(format!(
        "License purchases per block: **{}** (original model), {} (derivative with an upstream share and a split); each purchase counted as its gas consumed plus the fixed weight of `Contracts::call`.",
        r.targets.purchases_per_block, r.targets.purchases_per_block_derivative
    ));
    line(String::new());
    let p = &r.targets.purchase_proof;
    line(format!(
        "Where a purchase's proof goes: pallet-contracts 38 charges every contract a call runs its Wasm byte for byte, and every storage access 10,258 bytes plus the value's length, whatever its size (`get_storage_full` minus `get_storage_empty`, plus `seal_get_storage`'s base, in its weights). Of `buy`'s {} bytes, {} ({} %) are the code of licensing, the registry and royalties; the rest is their storage accesses (counted by the unit tests `a_purchase_and_a_renewal_touch_storage_the_least_their_rules_need` in licensing and `a_sale_reads_the_least_storage_its_lineage_needs` in the registry) and the fixed part of three call frames. Floor (b), two contracts of about 4 KB, already costs {} bytes: {TARGET_PURCHASES_PER_BLOCK} purchases per block would need `buy` within {} bytes. Were the three contracts' Wasm at its target ({} bytes) and all else the same, `buy` would take {} bytes of proof, {} × floor (b): the proof target needs fewer storage accesses or call frames too, not only less code.",
        commas(p.proof_size),
        commas(p.code),
        rounded(float(p.code) * 100.0 / float(p.proof_size.max(1)), 1),
        commas(r.floors.b.proof_size),
        commas(p.within_target),
        commas(TARGET_THREE_WASM),
        commas(p.at_size_target),
        float_text(rounded(float(p.at_size_target) / float(r.floors.b.proof_size.max(1)), 5)),
    ));
    line(String::new());

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

    let f = &r.floors;
    let size = |name: &str| commas(f.wasm_sizes.get(name).copied().unwrap_or(0));
    line("## Floors".into());
    line(String::new());
    line("Fixture contracts in `benchmarks/floors/`, built and measured by this run: (a) `pay` records one value and forwards the payment; (b) `relay` does the same and pays (a) through one payable cross-contract call, as licensing pays royalties on a sale; (c) `mint`, a minimal PSP34 mint (owner, balance, `Transfer` event). No checks, no administration, no events beyond those PSP34 requires: the least a contract purchase or mint can cost on this node.".into());
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
    line("Every measured ModelMint message as a multiple of its floor ((b) for `buy`, `renew` and `infer`, which pay another contract; (a) for the other payable messages; (c) for the rest):".into());
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

    line("## Messages".into());
    line(String::new());
    line("Each state-changing message dry-run (through the node's contracts runtime API, as `cargo contract call` without `-x` does) right before it is submitted, in one scenario on a fresh `--dev` chain:".into());
    line("Alice registers a model and offers 30-day licenses; Bob buys one and registers a fine-tune, splits it 70/30 with Dave and offers it;".into());
    line("Charlie, approved by Alice, registers a distillation, buys and renews a license on the fine-tune and transfers it to Eve; payments, distribution and withdrawals follow.".into());
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
    for (contract, message, within) in crate::report::MEASURED_WITHIN {
        line(format!("{contract} `{message}` is measured within {within}."));
    }
    for (contract, message, why) in crate::report::ONLY_REFUSED {
        line(format!("{contract} `{message}` is not measured: {why}."));
    }
    line(String::new());

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
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::*;
    use serde_json::json;

    fn measured(
        contract: &str,
        message: &str,
        case: &str,
        value: u128,
        time: u64,
        proof: u64,
        deposit: i128,
    ) -> Measurement {
        Measurement {
            contract: contract.into(),
            message: message.into(),
            case: case.into(),
            signer: "Bob".into(),
            value,
            ref_time: time,
            proof_size: proof,
            gas_required: Weight { ref_time: time, proof_size: proof + 16_384 },
            storage_deposit: deposit,
        }
    }

    /// A small run: the floors, the two purchases, a registration, the three
    /// deposit sizes and one withdrawal, with figures of the published report.
    fn fixture() -> Report {
        let (chain, environment) = fixture_parts();
        Report::new(chain, environment).expect("the fixture has every figure the report needs")
    }

    fn fixture_parts() -> (ChainFigures, Environment) {
        let floor_pay = "floor (a): record one value, forward the payment";
        let mut measurements = vec![
            measured(
                "floor_pay",
                "Pay::pay",
                floor_pay,
                5 * UNIT,
                434_775_843,
                35_003,
                100_080_000_000,
            ),
            measured(
                "floor_relay",
                "pay",
                "floor (b): (a) through a second contract",
                5 * UNIT,
                1_324_454_886,
                76_182,
                100_080_000_000,
            ),
            measured(
                "floor_mint",
                "mint",
                "floor (c): minimal PSP34 mint",
                0,
                1_251_679_334,
                78_118,
                200_180_000_000,
            ),
            measured(
                "registry",
                "register",
                "original model",
                0,
                3_449_624_416,
                261_467,
                500_900_000_000,
            ),
            measured(
                "licensing",
                "buy",
                "original model, no split (first license)",
                5 * UNIT,
                6_066_952_732,
                592_052,
                300_900_000_000,
            ),
            measured(
                "licensing",
                "buy",
                "derivative: upstream share + 2-way split",
                10 * UNIT,
                7_037_128_131,
                672_367,
                300_900_000_000,
            ),
            measured(
                "licensing",
                "accept_license",
                "Eve accepts",
                0,
                2_077_903_913,
                173_343,
                -100_200_000_000,
            ),
        ];
        for n in [1, 8, 32] {
            measurements.push(measured(
                "royalties",
                "set_split",
                &format!("{n} recipients"),
                0,
                2_496_374_834,
                279_007,
                200_200_000_000,
            ));
            measurements.push(measured(
                "royalties",
                "Royalties::deposit",
                &format!("{n} recipients"),
                UNIT,
                2_504_944_571,
                281_348,
                100_080_000_000,
            ));
            measurements.push(measured(
                "royalties",
                "Royalties::deposit",
                &format!("{n} recipients, second deposit"),
                UNIT,
                2_506_073_775,
                281_380,
                0,
            ));
            measurements.push(measured(
                "royalties",
                "distribute",
                &format!("{n} recipients"),
                0,
                1_505_524_207,
                158_297,
                0,
            ));
        }
        measurements.push(measured(
            "royalties",
            "withdraw",
            "64 memberships",
            0,
            25_977_057_947,
            2_829_919,
            3_202_560_000_000,
        ));
        let chain = ChainFigures {
            measurements,
            contracts: vec![
                (
                    "registry".into(),
                    75_404,
                    "0x4e9e39eba5c3271f0e20652c1a1159c8e3195e6e95a659a2328d562a1e6d691b".into(),
                ),
                (
                    "royalties".into(),
                    59_928,
                    "0x00e346466dbed2fb011ebc0b634bf0d4b3310192a3f861eaed82abcaae027830".into(),
                ),
                (
                    "licensing".into(),
                    49_182,
                    "0x84b187b93df1ec5f7c7b3fb6917a438e112a6ed8b0d9eb7be6f25c7b5caed805".into(),
                ),
            ],
            floor_sizes: vec![
                ("floor_pay".into(), 4163),
                ("floor_relay".into(), 4056),
                ("floor_mint".into(), 5677),
            ],
            mutating: vec![("royalties".into(), vec!["set_split".into(), "sweep".into()])],
            message_counts: vec![
                ("registry".into(), 44),
                ("royalties".into(), 28),
                ("licensing".into(), 23),
                ("gateway".into(), 13),
            ],
            transfer: Weight { ref_time: 163_159_000, proof_size: 3593 },
            contracts_call: Weight { ref_time: 518_582_000, proof_size: 4291 },
        };
        let environment = Environment {
            date: "2026-11-30T18:50:48Z".into(),
            quick: false,
            duration_s: 156,
            git: Git {
                commit: "a806f13cadecc9c54375dfd7dbd8fbf205fd1f57".into(),
                contracts_dirty: false,
            },
            versions: Versions {
                ink: "5.1.1".into(),
                cargo_contract: "5.0.3".into(),
                substrate_contracts_node: "0.42.0".into(),
                runtime_code_hash: "0x3dcd".into(),
                rustc: "rustc 1.85.0".into(),
                toolchain: "modelmint-1.85".into(),
            },
            machine: Machine {
                cpu: "Xeon".into(),
                cores: 2,
                loadavg_at_start: "1.37 1.45 1.89".into(),
            },
            suite: json!({
                "date": "2026-11-30T23:00:00Z", "commit": "a806f13cadecc9c54375dfd7dbd8fbf205fd1f57",
                "cores": 2, "e2e_test_threads": "4", "total_s": 1100,
                "stages": [
                    {"stage": "end-to-end tests: build the test binary and the contracts it deploys", "seconds": 40},
                    {"stage": "end-to-end tests", "seconds": 205}
                ]
            }),
            setup: json!([
                {"step": "npm ci", "seconds": 25, "cores": 2, "date": "2026-11-30T17:29:52Z"},
                {"step": "apt", "seconds": 33, "cores": 2, "date": "2026-11-30T17:30:10Z"},
                {"step": "npm ci", "seconds": 12, "cores": 2, "date": "2026-12-01T00:14:32Z"}
            ]),
            hashing: Value::Null,
            browser_hashing: json!({
                "measured_at": "2026-11-30T18:33:18.098Z", "browser": "chromium", "cores": 2, "hasher": "hash-wasm",
                "runs": [{"source": "four files", "files": 4, "mib_per_file": 64, "seconds": 0.904, "mib_per_second": 283.1}]
            }),
        };
        (chain, environment)
    }

    #[test]
    fn the_report_keeps_its_key_rows() {
        let markdown = render(&fixture());
        for row in [
            "| commit | `a806f13cadec` |",
            "| `buy` ref_time / floor (b) | 4.58072 | <= 3 | **misses target** |",
            "| `buy` proof_size / floor (b) | 7.77155 | <= 3 | **misses target** |",
            "| `register` ref_time / floor (c) | 2.756 | <= 1.5 | **misses target** |",
            "| registry + licensing + royalties Wasm, bytes | 184514 | <= 65,536 | **misses target** |",
            "| license purchases per block (ref_time and proof_size bound) | 6 | >= 50 | **misses target** |",
            "| `Royalties::deposit` ref_time, 32 recipients / 1 | 1.00000 | <= 1.1 | meets target |",
            "Where a purchase's proof goes: pallet-contracts 38 charges every contract a call runs its Wasm byte for byte",
            // 592,052 bytes of proof less the 118,978 the three contracts' 184,514 bytes are over 65,536.
            "Were the three contracts' Wasm at its target (65,536 bytes) and all else the same, `buy` would take 473,074 bytes of proof, 6.20979 × floor (b)",
            "| end-to-end suite, seconds (stage `end-to-end tests` of the last `scripts/test.sh`) | 205 | <= 300 | meets target |",
            "| first setup of a fresh machine, minutes (`scripts/setup.sh`) | not measured | <= 60 | **not measured here** |",
            "License purchases per block: **6** (original model), 5 (derivative",
            "| (b) through a second contract | 1,324,454,886 | 76,182 | 4,056 + 4,163 |",
            "| licensing | `buy` | original model, no split (first license) | (b) | 4.581 | 7.772 |",
            "| licensing | `accept_license` | Eve accepts | (c) | 1.66 | 2.219 |",
            "| royalties | `Royalties::deposit` | 1 recipients | (a) | 5.761 | 8.038 |",
            "| `buy` ref_time / `transfer_keep_alive` | 37.18 | <= 3 | **misses target** |",
            "| hashing | not run (`--skip-hash`) | | |",
            "| registry | 75,404 | 44 | 1,713 | `0x4e9e39eba5c3271f…` |",
            "| licensing | `accept_license` | Eve accepts | Bob | 2,077,903,913 | 173,343 | -0.1002 |",
            "| floor_mint | `mint` | floor (c): minimal PSP34 mint | Bob | 1,251,679,334 | 78,118 | 0.2002 |",
            "State-changing messages in the contract metadata but not measured in this run: royalties: `sweep`.",
            "licensing `Admin::wire` is not measured: its constructor wires it, so `wire` only answers `WiringAlreadySet`.",
            "| 32 | 2,496,374,834 | 2,504,944,571 | 281,348 | 2,506,073,775 | 1,505,524,207 |",
            "| 64 | 25,977,057,947 | 0.0173 | 2,829,919 | 0.72 | 3,202,560,000,000 |",
            "| `Contracts::call`, fixed part (no contract code run) | 518,582,000 | 4,291 | 3.17 |",
            "| `buy`, original model, whole extrinsic | 6,585,534,732 | | 40.36 |",
            "| `buy`, derivative with upstream share and split (gas consumed) | 7,037,128,131 | | 43.13 |",
            "Not run (`--skip-hash`).",
            "| four files | 4 | 256 | 0.904 | 283.1 |",
            "Setup steps recorded by `scripts/setup.sh` on this machine, the latest run of each (`$MODELMINT_CACHE/timings/setup.jsonl`): npm ci: 12 s (2 cores, 2026-12-01T00:14:32Z); apt: 33 s (2 cores, 2026-11-30T17:30:10Z).",
            "The last complete `scripts/test.sh` on this machine (2026-11-30T23:00:00Z, commit `a806f13cadec`, 2 cores, e2e test threads: 4): **1100 s** in all.",
            "| end-to-end tests | 205 |",
            "~3 min here",
        ] {
            assert!(markdown.lines().any(|line| line.contains(row)), "missing row {row:?} in:\n{markdown}");
        }
    }

    #[test]
    fn a_first_setup_is_the_latest_run_that_provisioned_a_fresh_machine() {
        let (chain, mut environment) = fixture_parts();
        let Value::Array(entries) = &mut environment.setup else {
            panic!("the fixture records steps")
        };
        entries.extend([
            json!({"run": "scripts/setup.sh", "seconds": 3_550, "first_setup": true, "installed": 9, "cores": 2, "date": "2026-12-01T06:00:00Z"}),
            json!({"run": "scripts/setup.sh", "seconds": 2, "first_setup": false, "installed": 0, "cores": 2, "date": "2026-12-01T07:00:00Z"}),
        ]);
        let markdown = render(&Report::new(chain, environment).unwrap());
        for row in [
            "| first setup of a fresh machine, minutes (`scripts/setup.sh`) | 59.2 | <= 60 | meets target |",
            "The latest first setup of a fresh machine (a `scripts/setup.sh` run that installed the Rust packages, cargo-contract and the node): **3550 s** (2 cores, finished 2026-12-01T06:00:00Z).",
            "the latest run of each (`$MODELMINT_CACHE/timings/setup.jsonl`): npm ci: 12 s (2 cores, 2026-12-01T00:14:32Z); apt: 33 s",
        ] {
            assert!(markdown.lines().any(|line| line.contains(row)), "missing row {row:?} in:\n{markdown}");
        }
    }

    #[test]
    fn the_json_keeps_its_schema() {
        let report = serde_json::to_value(fixture()).unwrap();
        assert_eq!(report["transfer_baseline"]["buy_ratio"], json!(37.18));
        assert_eq!(report["deposit_scaling"]["ratio_32_over_1_ref_time"], json!(1));
        assert_eq!(report["deposit_scaling"]["ratio_32_over_1_text"], json!("1.00000"));
        assert_eq!(
            report["targets"]["block"],
            json!({"ref_time": 1_500_000_000_000_u64, "proof_size": 3_932_160})
        );
        assert_eq!(report["floors"]["a"]["gas_required"]["proof_size"], json!(51_387));
        assert_eq!(report["unmeasured_messages"], json!({"royalties": ["sweep"]}));
        assert_eq!(report["withdraw_scaling"][0]["memberships"], json!(64));
        let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
        assert_eq!(report["message_counts"]["registry"], json!(44));
        assert_eq!(keys.len(), 20, "{keys:?}");
    }

    #[test]
    fn figures_are_written_as_before() {
        assert_eq!(commas(1_500_000_000_000_u64), "1,500,000,000,000");
        assert_eq!(commas(999), "999");
        assert_eq!(signed(-100_080_000_000), "-100,080,000,000");
        assert_eq!(units(100_080_000_000), "0.1001");
        assert_eq!(units(0), "0");
        assert_eq!(units(-200_800_000_000), "-0.2008");
        assert_eq!(text(&json!(1.1)), "1.1");
        assert_eq!(text(&json!("4")), "4");
    }
}
