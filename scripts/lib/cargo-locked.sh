#!/usr/bin/env bash
# The cargo that cargo-contract runs (its CARGO) for scripts/build.sh: cargo
# itself, with the workspace's Cargo.lock where cargo looks for it.
#
# cargo-contract 5.0.3 builds a contract from a copy of its manifest in a
# temporary workspace, …/cargo-contract_XXXXXX/<path of the crate>/Cargo.toml,
# with an empty [workspace] of its own, and copies the checkout's Cargo.lock to
# …/cargo-contract_XXXXXX/Cargo.lock: the temporary workspace's root is the
# crate's directory, so cargo never reads that copy and resolves every
# dependency anew, to the newest versions crates.io has that day (for example
# parity-scale-codec 3.7.5 where Cargo.lock says 3.7.4). The same commit would
# then give other code, hence another code hash, as crates are published.
# Here the copy is put where cargo reads it, so the contracts are built with
# the versions Cargo.lock pins (cargo adds only what it lacks: the host-side
# metadata generator's crates).
#
# Usage: CARGO=scripts/lib/cargo-locked.sh cargo-contract contract build …
# (through `cargo contract`, cargo would set CARGO to itself).
set -euo pipefail

manifest_dir="$PWD"
previous=""
for arg in "$@"; do
  case "$arg" in
    --manifest-path=*) manifest_dir=$(dirname "${arg#--manifest-path=}") ;;
  esac
  [ "$previous" != "--manifest-path" ] || manifest_dir=$(dirname "$arg")
  previous="$arg"
done
case "$manifest_dir" in
  */cargo-contract_*)
    base="${manifest_dir%%/cargo-contract_*}"
    rest="${manifest_dir#"$base"/}"
    workspace="$base/${rest%%/*}"
    if [ -f "$workspace/Cargo.lock" ] && [ ! -f "$manifest_dir/Cargo.lock" ]; then
      cp "$workspace/Cargo.lock" "$manifest_dir/Cargo.lock"
    fi
    ;;
esac
# `cargo` from PATH (rustup's proxy: RUSTUP_TOOLCHAIN picks the toolchain),
# never $CARGO, which is this script.
exec cargo "$@"
