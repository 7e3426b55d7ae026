//! End-to-end tests of the ModelMint contracts.
//!
//! Every test (`#[e2e::test]`, see `modelmint-e2e-macros`) deploys the
//! contracts it needs to a `substrate-contracts-node --dev` and talks to them
//! through signed extrinsics, exactly as a wallet would. Typed errors are read
//! with `dry_run()`; state changes go through `submit()`.
//!
//! The node is one of a pool of running nodes that `scripts/test.sh` starts,
//! one per test thread, and leases to one test at a time
//! (`MODELMINT_E2E_NODES`; see `support::node`); without a pool each test
//! starts a node of its own (found through `CONTRACTS_NODE` or on `PATH`).
//!
//! Run with `scripts/test.sh` (or `cargo test -p modelmint-e2e` once the toolchain
//! and node are set up).

// `#[e2e::test]`, named like `#[ink_e2e::test]`, whose client it builds.
#[cfg(test)]
extern crate modelmint_e2e_macros as e2e;

#[cfg(test)]
mod admin;
#[cfg(test)]
mod datasets;
#[cfg(test)]
mod disputes;
#[cfg(test)]
mod forwarding;
#[cfg(test)]
mod gateway;
#[cfg(test)]
mod hostile;
#[cfg(test)]
mod licensing;
#[cfg(test)]
mod obligations;
#[cfg(test)]
mod psp34;
#[cfg(test)]
mod registry;
#[cfg(test)]
mod royalties;
#[cfg(test)]
mod sale;
#[cfg(test)]
mod splits;
#[cfg(test)]
mod stack;
#[cfg(test)]
mod support;
#[cfg(test)]
mod sync;
#[cfg(test)]
mod upgrade;

/// The contracts the suite deploys, built as every test builds them first
/// (once per test process): `scripts/test.sh` runs this test alone in a stage
/// of its own, so that the suite's stage times the tests, not the builds.
#[cfg(test)]
mod build {
    #[test]
    fn every_contract_the_suite_deploys_builds() {
        let artifacts = ink_e2e::build_root_and_contract_dependencies();
        // the registry, the market and its desk, the gateway, and the three
        // fixtures (hostile, market v2, v3)
        assert_eq!(artifacts.len(), 7, "contracts built: {artifacts:?}");
        for wasm in &artifacts {
            let bytes = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
            assert!(bytes > 0, "{} is missing or empty", wasm.display());
        }
    }
}
