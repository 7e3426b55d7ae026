//! The renderer against a fixture run: every row it must keep, the new
//! targets met and missed.
use super::*;
use crate::report::*;
use crate::targets::{
    BUY_CASE, BUY_DERIVATIVE_CASE, BUY_HOLDER_CASE, RENEW_CASE, RESYNC_CASE, TRANSFER_CASE,
    TRANSFER_SETTLING_CASE,
};
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
        extrinsic_length: 170,
    }
}

/// The figures a fixture run varies: the purchases, the renewal, the
/// registration, the token transfers, the market's size.
struct Hot {
    /// (ref_time, proof_size, extrinsic length) of the three purchases.
    buy: (u64, u64, u64),
    buy_derivative: (u64, u64, u64),
    buy_holder: (u64, u64, u64),
    renew: u64,
    register: u64,
    /// (ref_time, proof_size) of the transfer with revenue to settle, and
    /// of the one without.
    transfer_settling: (u64, u64),
    transfer: (u64, u64),
    market_wasm: u64,
}

/// Figures that miss most targets: the purchase's of the licensing stack.
const MISSING: Hot = Hot {
    buy: (6_066_952_732, 592_052, 180),
    buy_derivative: (7_037_128_131, 672_367, 181),
    buy_holder: (6_100_000_000, 602_468, 180),
    renew: 5_000_000_000,
    register: 3_449_624_416,
    transfer_settling: (7_000_000_000, 400_000),
    transfer: (3_000_000_000, 380_000),
    market_wasm: 51_205,
};

/// Figures that meet every target they name.
const MEETING: Hot = Hot {
    buy: (1_800_000_000, 121_000, 180),
    buy_derivative: (2_100_000_000, 141_800, 181),
    buy_holder: (1_810_000_000, 121_400, 180),
    renew: 1_900_000_000,
    register: 1_800_000_000,
    transfer_settling: (4_000_000_000, 230_000),
    transfer: (3_800_000_000, 215_000),
    market_wasm: 42_346,
};

/// A small run: the floors, the purchases, a renewal, a registration, the
/// token transfers, the three deposit sizes and one withdrawal.
fn fixture() -> Report {
    let (chain, environment) = fixture_parts(&MISSING);
    Report::new(chain, environment).expect("the fixture has every figure the report needs")
}

fn fixture_parts(hot: &Hot) -> (ChainFigures, Environment) {
    let floor_pay = "floor (a): record one value, forward the payment";
    let purchase = |case: &str, price: u128, (time, proof, length): (u64, u64, u64)| Measurement {
        extrinsic_length: length,
        ..measured("market", "buy", case, price, time, proof, 300_900_000_000)
    };
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
            hot.register,
            261_467,
            500_900_000_000,
        ),
        purchase(BUY_CASE, 5 * UNIT, hot.buy),
        purchase(BUY_DERIVATIVE_CASE, 10 * UNIT, hot.buy_derivative),
        purchase(BUY_HOLDER_CASE, 5 * UNIT, hot.buy_holder),
        measured("market", "renew", RENEW_CASE, 5 * UNIT, hot.renew, 130_000, 0),
        measured(
            "market",
            "accept_license",
            "Eve accepts",
            0,
            2_077_903_913,
            173_343,
            -100_200_000_000,
        ),
        measured(
            "registry",
            "PSP34::transfer",
            TRANSFER_SETTLING_CASE,
            0,
            hot.transfer_settling.0,
            hot.transfer_settling.1,
            0,
        ),
        measured(
            "registry",
            "PSP34::transfer",
            TRANSFER_CASE,
            0,
            hot.transfer.0,
            hot.transfer.1,
            0,
        ),
        measured("registry", "resync", RESYNC_CASE, 0, 2_500_000_000, 300_000, 0),
    ];
    for n in [1, 8, 32] {
        measurements.push(measured(
            "market",
            "set_split",
            &format!("{n} recipients"),
            0,
            2_496_374_834,
            279_007,
            200_200_000_000,
        ));
        measurements.push(measured(
            "market",
            "Royalties::deposit",
            &format!("{n} recipients"),
            UNIT,
            2_504_944_571,
            281_348,
            100_080_000_000,
        ));
        measurements.push(measured(
            "market",
            "Royalties::deposit",
            &format!("{n} recipients, second deposit"),
            UNIT,
            2_506_073_775,
            281_380,
            0,
        ));
        measurements.push(measured(
            "market",
            "distribute",
            &format!("{n} recipients"),
            0,
            1_505_524_207,
            158_297,
            0,
        ));
    }
    measurements.push(measured(
        "market",
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
                "market_desk".into(),
                80_478,
                "0x00e346466dbed2fb011ebc0b634bf0d4b3310192a3f861eaed82abcaae027830".into(),
            ),
            (
                "market".into(),
                hot.market_wasm,
                "0x84b187b93df1ec5f7c7b3fb6917a438e112a6ed8b0d9eb7be6f25c7b5caed805".into(),
            ),
            (
                "gateway".into(),
                24_000,
                "0x552f26e905b224c80ef157e59d17cb03c67d027085e5b760a1c736df02855dfa".into(),
            ),
        ],
        floor_sizes: vec![
            ("floor_pay".into(), 4163),
            ("floor_relay".into(), 4056),
            ("floor_mint".into(), 5677),
        ],
        mutating: vec![(
            "market".into(),
            vec!["set_split".into(), "sweep".into(), "ModelSync::sync_model".into()],
        )],
        message_counts: vec![
            ("registry".into(), 44),
            ("market_desk".into(), 45),
            ("market".into(), 45),
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
        delivery: json!({
            "measured_at": "2026-12-08T01:00:00Z", "commit": "0123456789ab", "nginx": "1.22.1", "cores": 2,
            "load": "0.50", "clients": 32, "size_mib": 256, "rounds": 3,
            "delivery": {"throughput_mib_s": 1800.0, "ttfb_p50_ms": 20.0, "ttfb_p99_ms": 60.0},
            "static": {"throughput_mib_s": 2000.0, "ttfb_p50_ms": 10.0, "ttfb_p99_ms": 40.0},
            "rounds_mib_s": {"delivery": [1800.0, 1700.0, 1900.0], "static": [2000.0, 1900.0, 2100.0]},
            "throughput_ratio": 0.9
        }),
    };
    (chain, environment)
}

/// Asserts that every row is a line, or part of one, of `markdown`.
fn assert_rows(markdown: &str, rows: &[&str]) {
    for row in rows {
        assert!(
            markdown.lines().any(|line| line.contains(row)),
            "missing row {row:?} in:\n{markdown}"
        );
    }
}

#[test]
fn the_report_keeps_its_key_rows() {
    let markdown = render(&fixture());
    assert_rows(
        &markdown,
        &[
            "| commit | `a806f13cadec` |",
            "| `register` ref_time / floor (c) | 2.756 | <= 1.5 | **missed** |",
            "| `Royalties::deposit` ref_time, 32 recipients / 1 | 1.00000 | <= 1.1 | met |",
            "| end-to-end suite, seconds (stage `end-to-end tests` of the last `scripts/test.sh`) | 205 | <= 300 | met |",
            "| first setup of a fresh machine, minutes (`scripts/setup.sh`) | not measured | <= 60 | **not measured here** |",
            "Optimized Wasm of every contract: registry 75,404, market 51,205, market desk 80,478 (code the market delegate-calls",
            "| (b) through a second contract | 1,324,454,886 | 76,182 | 4,056 + 4,163 |",
            "| market | `buy` | original model, no split (first license) | (b) | 4.581 | 7.772 |",
            "| market | `accept_license` | Eve accepts | (c) | 1.66 | 2.219 |",
            "| market | `Royalties::deposit` | 1 recipients | (a) | 5.761 | 8.038 |",
            "| `buy` ref_time / `transfer_keep_alive` | 37.18 | <= 3 | **missed** |",
            "| hashing | not run (`--skip-hash`) | | |",
            "| registry | 75,404 | 44 | 1,713 | `0x4e9e39eba5c3271f…` |",
            "| market_desk | 80,478 | 45 | 1,788 | `0x00e346466dbed2fb…` |",
            "| market | `accept_license` | Eve accepts | Bob | 2,077,903,913 | 173,343 | -0.1002 |",
            "| floor_mint | `mint` | floor (c): minimal PSP34 mint | Bob | 1,251,679,334 | 78,118 | 0.2002 |",
            "State-changing messages in the contract metadata but not measured in this run: market: `sweep`.",
            "market `ModelSync::sync_model` is measured within every registration, PSP34 transfer, status change, ruling and `resync` of the registry",
            "market `Admin::wire` is not measured: its constructor wires it, so `wire` only answers `WiringAlreadySet`.",
            "run in its own code; every other market message is forwarded to its desk by delegate call, so its figures include the desk's 80,478 bytes of code and one delegate frame",
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
        ],
    );
    for retired in ["<= 24,576", "<= 65,536", ">= 50", "`buy` proof_size / floor (b)"] {
        assert!(!markdown.contains(retired), "a retired target is back: {retired:?}");
    }
}

#[test]
fn the_targets_of_the_market_are_reported_missed_with_their_arithmetic() {
    let markdown = render(&fixture());
    assert_rows(
        &markdown,
        &[
            "| `buy` proof_size, original model, first license, bytes | 592052 | <= 152,815 | **missed** |",
            // 3,932,160 / (592,052 + 4,291 + 180) = 6.59
            "| license purchases per block, original model, first license (parachain proof share) | 6 | >= 25 | **missed** |",
            "| the same, stretch goal | 6 | >= 30 | **missed** |",
            // 3,932,160 / (672,367 + 4,291 + 181) = 5.81
            "| license purchases per block, derivative with an upstream share and a 2-way split | 5 | >= 20 | **missed** |",
            "| license purchases per block, buyer already holding 7 licenses of the model | 6 | >= 22 | **missed** |",
            "| `buy` ref_time / floor (b), original model, no split (first license) | 4.58072 | <= 1.5 | **missed** |",
            // 5,000,000,000 / 1,324,454,886
            "| `renew` ref_time / floor (b), original license, one more period | 3.77514 | <= 1.5 | **missed** |",
            "| PSP34 `transfer` with its push, a model with revenue to settle (no split): ref_time / floor (c) | 5.59249 | <= 5 | **missed** |",
            "| PSP34 `transfer` with its push, a model with revenue to settle (no split): proof_size / floor (c) | 5.12046 | <= 5 | **missed** |",
            "| PSP34 `transfer` with its push, a model without revenue: ref_time / floor (c) | 2.39678 | <= 5 | met |",
            "| PSP34 `transfer` with its push, a model without revenue: proof_size / floor (c) | 4.86444 | <= 5 | met |",
            "| market optimized Wasm, bytes | 51205 | <= 45,000 | **missed** |",
            "| original model, no split (first license) | 592,052 | 180 | 596,523 | **6** |",
            "| floor (c): minimal PSP34 mint | 1,251,679,334 | 1 | 78,118 | 1 | 0.2002 |",
            "| `transfer`, a model with revenue to settle (no split) | 7,000,000,000 | 5.592 | 400,000 | 5.12 | 0 |",
            // 592,052 = 51,205 + 71,810 + 5,940 + 463,097
            "Of its 592,052 bytes of proof: code 51,205 (8.6 %), the 7 accesses 71,810 (12.1 %), the event 5,940 (1 %), and 463,097 (78.2 %)",
            "a purchase takes 596,523 bytes of the block's 3,932,160: **6** per block. 25 per block needs `buy` within 152,815 bytes of proof with this extrinsic (over by 439,237 bytes; issue 29's 152,815 assumes a 180-byte one), the stretch of 30 within 126,601 (over by 465,451 bytes).",
            "- `buy` proof_size, original model, first license, bytes: 592,052 bytes = the market's code 51,205 + 7 storage accesses 71,810 + the event's 2 topics 5,940 + the values' lengths and the rest 463,097; 25 per block needs at most 152,815 with this 180-byte extrinsic (see below).",
            "- license purchases per block, derivative with an upstream share and a 2-way split: a purchase takes 672,367 of proof + 4,291 (`Contracts::call`) + 181 (its extrinsic) = 676,839 bytes of the block's 3,932,160; 20 per block needs at most 192,136 of proof: over by 480,231; 80,315 bytes more than the first license of an original model: the ancestor's record, read and written (2 accesses, 20,517 bytes besides its length), and the upstream cut in the event.",
            "- license purchases per block, buyer already holding 7 licenses of the model: a purchase takes 602,468 of proof",
            "10,416 bytes more than the first license of an original model: each license held is an entry of the buyer's list, which the purchase reads and writes.",
            "- `buy` ref_time / floor (b), original model, no split (first license): 6,066,952,732 ps against 1.5 × floor (b)'s 1,324,454,886 = 1,986,682,329, over by 4,080,270,403: loading the market's 51,205 bytes of code 35,843,500 (700 ps a byte), 7 storage accesses 862,363,640 (3 reads at 63.4e6, 4 writes at 168.1e6), the event's 2 topics 254,022,180 (127e6 each), and 4,914,723,412 of running the code",
            "- `renew` ref_time / floor (b), original license, one more period: 5,000,000,000 ps against",
            "8 storage accesses 925,741,876 (4 reads at 63.4e6, 4 writes at 168.1e6)",
            // 75,404 + 51,205 + 80,478 = 207,087; 400,000 - 207,087 - 7,980 = 184,933
            "proof_size / floor (c): 400,000 bytes against 5 × floor (c)'s 78,118 = 390,590, over by 9,410: code 207,087 (the registry 75,404, the market 51,205 it pushes to, the desk 80,478 the market forwards `sync_model` to), a call frame and a delegate frame 7,980, and 184,933 of storage accesses and events (about 18 accesses' worth at 10,258 bytes). The push alone, as `resync` measures it, takes 300,000 (the code, the frames and about 8 accesses' worth",
            // 380,000 - 300,000; 400,000 - 380,000
            "the token's move and its PSP34 `Transfer` event take the other 80,000; ending the model's round adds 20,000 over the transfer without revenue (the seller's owed balance read and written, a `Distributed` event).",
            "ref_time / floor (c): 7,000,000,000 ps against 5 × floor (c)'s 1,251,679,334 = 6,258,396,670, over by 741,603,330: the transfer loads the registry's, the market's and the desk's code (207,087 bytes, 144,960,900 ps to load alone, more to compile what it runs) where floor (c) loads 5,677 bytes; the push alone, as `resync` measures it, takes 2,500,000,000 ps of it.",
            "- market optimized Wasm, bytes: 51,205 bytes, over by 6,205, for 45 messages in its metadata (1,137 a message)",
            "- `register` ref_time / floor (c): 3,449,624,416 ps against 1.5 × floor (c)'s 1,251,679,334 = 1,877,519,001, over by 1,572,105,415: a registration runs the registry (75,404 bytes) and pushes the record to the market (51,205), which forwards `sync_model` to its desk (80,478): 207,087 bytes of code",
            "; the push alone, as `resync` measures it, takes 2,500,000,000 ps, the registration itself the other 949,624,416.",
        ],
    );
    // A met row is not explained.
    assert!(!markdown.contains("- PSP34 `transfer` with its push, a model without revenue"));
}

#[test]
fn the_targets_of_the_market_are_reported_met() {
    let (chain, environment) = fixture_parts(&MEETING);
    let markdown = render(&Report::new(chain, environment).unwrap());
    assert_rows(
        &markdown,
        &[
            "| `buy` proof_size, original model, first license, bytes | 121000 | <= 152,815 | met |",
            // 3,932,160 / (121,000 + 4,291 + 180) = 31.3
            "| license purchases per block, original model, first license (parachain proof share) | 31 | >= 25 | met |",
            "| the same, stretch goal | 31 | >= 30 | met |",
            // 3,932,160 / (141,800 + 4,291 + 181) = 26.9
            "| license purchases per block, derivative with an upstream share and a 2-way split | 26 | >= 20 | met |",
            "| license purchases per block, buyer already holding 7 licenses of the model | 31 | >= 22 | met |",
            "| `buy` ref_time / floor (b), original model, no split (first license) | 1.35905 | <= 1.5 | met |",
            "| `renew` ref_time / floor (b), original license, one more period | 1.43455 | <= 1.5 | met |",
            "| PSP34 `transfer` with its push, a model with revenue to settle (no split): ref_time / floor (c) | 3.19571 | <= 5 | met |",
            "| PSP34 `transfer` with its push, a model with revenue to settle (no split): proof_size / floor (c) | 2.94426 | <= 5 | met |",
            "| market optimized Wasm, bytes | 42346 | <= 45,000 | met |",
            "| `register` ref_time / floor (c) | 1.43807 | <= 1.5 | met |",
            "25 per block needs `buy` within 152,815 bytes of proof with this extrinsic (within by 31,815 bytes; issue 29's 152,815 assumes a 180-byte one), the stretch of 30 within 126,601 (within by 5,601 bytes).",
            "Every measured target is met.",
        ],
    );
}

#[test]
fn a_first_setup_is_the_latest_run_that_provisioned_a_fresh_machine() {
    let (chain, mut environment) = fixture_parts(&MISSING);
    let Value::Array(entries) = &mut environment.setup else { panic!("the fixture records steps") };
    entries.extend([
        json!({"run": "scripts/setup.sh", "seconds": 3_550, "first_setup": true, "installed": 9, "cores": 2, "date": "2026-12-01T06:00:00Z"}),
        json!({"run": "scripts/setup.sh", "seconds": 2, "first_setup": false, "installed": 0, "cores": 2, "date": "2026-12-01T07:00:00Z"}),
    ]);
    let markdown = render(&Report::new(chain, environment).unwrap());
    for row in [
        "| first setup of a fresh machine, minutes (`scripts/setup.sh`) | 59.2 | <= 60 | met |",
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
    assert_eq!(report["unmeasured_messages"], json!({"market": ["sweep"]}));
    assert_eq!(report["withdraw_scaling"][0]["memberships"], json!(64));
    assert_eq!(report["targets"]["purchases"][0]["per_block"], json!(6));
    assert_eq!(report["targets"]["purchases"][0]["extrinsic_length"], json!(180));
    assert_eq!(report["targets"]["purchase_proof"]["within_target"], json!(152_815));
    assert_eq!(report["targets"]["rows"][0]["key"], json!("buy_proof"));
    assert_eq!(report["messages"][0]["extrinsic_length"], json!(170));
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(report["message_counts"]["registry"], json!(44));
    assert_eq!(report["delivery"]["throughput_ratio"], json!(0.9));
    assert_eq!(keys.len(), 21, "{keys:?}");
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

#[test]
fn the_report_shows_the_delivery_figures_scripts_bench_delivery_wrote() {
    let markdown = render(&fixture());
    assert_rows(
        &markdown,
        &[
            "## Licensed delivery (`modelmint serve`)",
            "| modelmint-delivery | 1800 | 1800, 1700, 1900 | 20.0 | 60.0 |",
            "| throughput, share of nginx's | 90 % | >= 80 % | met |",
        ],
    );
    let delivery = markdown.find("## Licensed delivery").expect("the section");
    assert!(delivery < markdown.find("## Reproduce").expect("the last section"));
}
