//! BENCHMARKS.md's "Targets" section: the targets table, the purchases per
//! block, where a purchase's proof goes, the token transfer next to floor
//! (c), and every miss explained.

use super::{commas, float_text, text, units, verdict};
use crate::report::{float, rounded, Report, BLOCK};
use crate::targets::{
    STRETCH_PER_BLOCK, TARGET_BUY_PROOF, TARGET_PER_BLOCK, TRANSFER_CASE, TRANSFER_SETTLING_CASE,
};

/// `part` of `whole` in percent, one decimal.
fn percent(part: u64, whole: u64) -> String {
    float_text(rounded(float(part) * 100.0 / float(whole.max(1)), 1))
}

/// "within by N bytes" or "over by N bytes".
fn against(value: u64, limit: u64) -> String {
    if value > limit {
        format!("over by {} bytes", commas(value - limit))
    } else {
        format!("within by {} bytes", commas(limit - value))
    }
}

/// The section's lines.
pub fn lines(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let t = &r.targets;
    out.push("## Targets".into());
    out.push(String::new());
    out.push(format!(
        "Issue 29's targets (the market), and those of earlier issues that still apply, each measured in this run on the same node as the floors (see Floors below). A parachain block carries {} bytes of proof for normal transactions (75 % of the relay chain's 5 MiB), the budget the purchase targets are set against; this dev node has no proof limit, and {} ref_time.",
        commas(BLOCK.proof_size),
        commas(BLOCK.ref_time)
    ));
    out.push(String::new());
    out.push("| figure | value | target | |".into());
    out.push("|---|---:|---:|---|".into());
    for row in &t.rows {
        let (value, verdict) = if row.value.is_null() {
            ("not measured".to_string(), "**not measured here**")
        } else {
            (text(&row.value), verdict(row.met))
        };
        out.push(format!("| {} | {} | {} | {} |", row.figure, value, row.target, verdict));
    }
    out.push(String::new());
    let size = |name: &str| commas(r.wasm_sizes.get(name).copied().unwrap_or(0));
    out.push(format!(
        "Optimized Wasm of every contract: registry {}, market {}, market desk {} (code the market delegate-calls for every message off the purchase path: uploaded, never instantiated), gateway {} bytes (see Optimized Wasm size).",
        size("registry"),
        size("market"),
        size("market_desk"),
        size("gateway")
    ));
    out.push(String::new());

    out.push("### License purchases per block".into());
    out.push(String::new());
    out.push(format!(
        "Purchases per block = ⌊{} / (proof_size + {} for `Contracts::call` + the extrinsic's length)⌋, the extrinsic's length read back from its block. On this dev node, which has no proof limit, a purchase is bound by ref_time instead (gas consumed plus the fixed ref_time of `Contracts::call`).",
        commas(BLOCK.proof_size),
        commas(r.transfer_baseline.contracts_call_fixed.proof_size)
    ));
    out.push(String::new());
    out.push("| purchase | proof_size | extrinsic bytes | of the block's proof | per block | per block on this dev node (ref_time) |".into());
    out.push("|---|---:|---:|---:|---:|---:|".into());
    for p in &t.purchases {
        out.push(format!(
            "| {} | {} | {} | {} | **{}** | {} |",
            p.case,
            commas(p.proof_size),
            p.extrinsic_length,
            commas(p.block_proof),
            p.per_block,
            p.per_block_dev_node
        ));
    }
    out.push(String::new());
    out.extend(purchase_paragraph(r));
    out.extend(transfer_table(r));

    out.push("### Misses explained".into());
    out.push(String::new());
    let misses: Vec<String> = t
        .rows
        .iter()
        .filter_map(|row| row.why.as_ref().map(|why| format!("- {}: {why}.", row.figure)))
        .collect();
    if misses.is_empty() {
        out.push("Every measured target is met.".into());
    } else {
        out.extend(misses);
    }
    out.push(String::new());
    out
}

/// Where the first license's proof goes.
fn purchase_paragraph(r: &Report) -> Vec<String> {
    let p = &r.targets.purchase_proof;
    let Some(first) = r.targets.purchases.first() else { return Vec::new() };
    vec![
        "### Where a purchase's proof goes".into(),
        String::new(),
        format!(
            "`buy` of an original model's first license runs in one contract frame, the market's own code ({} bytes; the desk is not loaded), and calls no other contract. pallet-contracts 38 charges a frame's code byte for byte, every storage access 10,258 bytes (a read) or 10,259 (a write) plus the value's length (for a write, the old value's) whatever its size, and every event topic 2,475 bytes. A purchase makes {} storage accesses: the root cell read and written (ink!'s dispatcher; the pause guard lives in it), the model's record read and written, the buyer's list of licenses on the model read and written, and the new license written (counted by the unit test `a_purchase_and_a_renewal_touch_storage_the_least_their_rules_need` in market-core); it emits one event, `LicenseSold`, with {} topics (its signature and the model). Of its {} bytes of proof: code {} ({} %), the {} accesses {} ({} %), the event {} ({} %), and {} ({} %) for the lengths of the values read and overwritten and anything the cost model does not name.",
            commas(p.code),
            p.accesses,
            p.topics,
            commas(p.proof_size),
            commas(p.code),
            percent(p.code, p.proof_size),
            p.accesses,
            commas(p.storage),
            percent(p.storage, p.proof_size),
            commas(p.event),
            percent(p.event, p.proof_size),
            commas(p.values_and_rest),
            percent(p.values_and_rest, p.proof_size),
        ),
        String::new(),
        format!(
            "With `Contracts::call`'s fixed {} bytes and its {}-byte extrinsic, a purchase takes {} bytes of the block's {}: **{}** per block. {TARGET_PER_BLOCK} per block needs `buy` within {} bytes of proof with this extrinsic ({}; issue 29's {} assumes a 180-byte one), the stretch of {STRETCH_PER_BLOCK} within {} ({}). Floor (b), two contracts of about 4 KB and a payable call between them, costs {} bytes.",
            commas(r.transfer_baseline.contracts_call_fixed.proof_size),
            first.extrinsic_length,
            commas(first.block_proof),
            commas(BLOCK.proof_size),
            first.per_block,
            commas(p.within_target),
            against(p.proof_size, p.within_target),
            commas(TARGET_BUY_PROOF),
            commas(p.within_stretch),
            against(p.proof_size, p.within_stretch),
            commas(r.floors.b.proof_size)
        ),
        String::new(),
    ]
}

/// The token transfers with their push, next to floor (c).
fn transfer_table(r: &Report) -> Vec<String> {
    let c = &r.floors.c;
    let mut out = vec![
        "### PSP34 `transfer` with its push, next to floor (c)".into(),
        String::new(),
        "A token transfer pushes the model's new owner and owner epoch to the market in the same transaction: the registry calls the market's `ModelSync::sync_model`, which the market forwards to its desk. A third-party PSP34 marketplace that sells a model token pays the same. With revenue to settle (a model without a split that received payments since its owner last collected), the push also ends the model's round: the revenue goes to the seller's owed balance.".into(),
        String::new(),
        "| | ref_time | × floor (c) | proof_size | × floor (c) | storage deposit |".into(),
        "|---|---:|---:|---:|---:|---:|".into(),
        format!(
            "| floor (c): minimal PSP34 mint | {} | 1 | {} | 1 | {} |",
            commas(c.ref_time),
            commas(c.proof_size),
            units(c.storage_deposit)
        ),
    ];
    for case in [TRANSFER_SETTLING_CASE, TRANSFER_CASE] {
        let found = r
            .messages
            .iter()
            .find(|x| x.contract == "registry" && x.message == "PSP34::transfer" && x.case == case);
        if let Some(x) = found {
            out.push(format!(
                "| `transfer`, {case} | {} | {} | {} | {} | {} |",
                commas(x.ref_time),
                float_text(rounded(float(x.ref_time) / float(c.ref_time.max(1)), 3)),
                commas(x.proof_size),
                float_text(rounded(float(x.proof_size) / float(c.proof_size.max(1)), 3)),
                units(x.storage_deposit)
            ));
        }
    }
    out.push(String::new());
    out
}
