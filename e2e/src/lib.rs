//! End-to-end tests of the ModelMint contracts.
//!
//! Every `#[ink_e2e::test]` starts its own `substrate-contracts-node --dev` (found
//! through `CONTRACTS_NODE` or on `PATH`), deploys the contracts it needs and talks
//! to them through signed extrinsics, exactly as a wallet would. Typed errors are
//! read with `dry_run()`; state changes go through `submit()`.
//!
//! Run with `scripts/test.sh` (or `cargo test -p modelmint-e2e` once the toolchain
//! and node are set up).

#[cfg(test)]
mod admin;
#[cfg(test)]
mod disputes;
#[cfg(test)]
mod gateway;
#[cfg(test)]
mod hostile;
#[cfg(test)]
mod licensing;
#[cfg(test)]
mod psp34;
#[cfg(test)]
mod registry;
#[cfg(test)]
mod royalties;
#[cfg(test)]
mod sale;
#[cfg(test)]
mod stack;
#[cfg(test)]
mod support;
#[cfg(test)]
mod upgrade;
