#!/usr/bin/env bash
# Builds every ModelMint contract with cargo-contract and prints where the
# artifacts are (`.contract` bundle, `.wasm`, `.json` metadata: what polkadot.js
# and other clients load), each contract's optimized Wasm size and its code hash
# (blake2-256 of the Wasm, what pallet-contracts stores it under).
#
# Usage: scripts/build.sh [--debug]    # release by default
#
# The builds are reproducible: every source path rustc would embed in the Wasm
# (panic locations) is remapped by scripts/lib/rustc-remap.sh, and every
# dependency is the version Cargo.lock pins (scripts/lib/cargo-locked.sh), so
# the same commit and toolchain give the same code hashes in any checkout, for
# any user, with any CARGO_HOME, on any day (scripts/check-reproducible.sh
# checks it).
#
# Artifacts: $CARGO_TARGET_DIR/ink/<crate>/ (default $MODELMINT_CACHE/target);
# $CARGO_TARGET_DIR/ink/build-summary.json lists them with sizes and code
# hashes, and $CARGO_TARGET_DIR/ink/build-info.json records what they were
# built from: the commit, whether the working tree had uncommitted changes (and
# a digest of them), the toolchain (rustc, cargo-contract, ink!) and each code
# hash. `modelmint deploy` copies the commit and toolchain into the deployment
# manifest; `modelmint verify` compares them with the chain.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
use_contract_toolchain

MODE="--release"
case "${1:-}" in
  --debug) MODE="" ;;
  "") ;;
  *) die "usage: scripts/build.sh [--debug]" ;;
esac
command -v cargo-contract >/dev/null || die "cargo-contract is not installed: run scripts/setup.sh"

# cargo-contract replaces RUSTFLAGS with its own flags: the remapping is added
# by a rustc wrapper instead (see scripts/lib/rustc-remap.sh). A wrapper the
# caller set (sccache) is not chained: it would see the checkout's paths.
export RUSTC_WRAPPER="$MODELMINT_ROOT/scripts/lib/rustc-remap.sh"
# cargo-contract builds outside the workspace, where cargo would not read
# Cargo.lock: cargo-locked.sh puts it back (see there). It is cargo-contract's
# CARGO only when cargo-contract is run directly: `cargo contract` would set
# CARGO to cargo itself. What cargo still resolves (the host-side metadata
# generator's crates) it resolves for Rust 1.85, as .cargo/config.toml asks
# in the workspace.
cargo_contract() { CARGO="$MODELMINT_ROOT/scripts/lib/cargo-locked.sh" cargo-contract contract "$@"; }
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback

# What the artifacts are built from, read before building so that an edit
# made during the build is not credited to it.
git_root() { git -C "$MODELMINT_ROOT" "$@" 2>/dev/null; }
if commit=$(git_root rev-parse HEAD); then
  if [ -n "$(git_root status --porcelain --untracked-files=no)" ]; then dirty=true; else dirty=false; fi
  # The same digest for the same uncommitted changes to tracked files, in any
  # checkout (modelmint verify --no-build compares it with the tree's).
  changes=$(git_root diff HEAD --binary | git hash-object --stdin)
else
  commit="" dirty=null changes=""
fi

SUMMARY="$CARGO_TARGET_DIR/ink/build-summary.json"
INFO="$CARGO_TARGET_DIR/ink/build-info.json"
mkdir -p "$(dirname "$SUMMARY")"
# A build that fails half-way leaves no record that the old artifacts are current.
rm -f "$INFO"
entries=()
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  say "building contracts/$contract ${MODE:---debug}"
  out=$(cargo_contract build $MODE --manifest-path "$MODELMINT_ROOT/contracts/$contract/Cargo.toml" \
    --output-json) || die "cargo contract build failed for contracts/$contract"
  wasm=$(jq -er '.dest_wasm' <<<"$out") || die "unexpected cargo-contract output for contracts/$contract: $out"
  bundle=$(jq -er '.metadata_result.dest_bundle' <<<"$out") || die "unexpected cargo-contract output for contracts/$contract: $out"
  # The code hash as pallet-contracts computes it (BLAKE2b-256 of the code);
  # it must be the one cargo-contract wrote in the bundle.
  hash="0x$(b2sum -l 256 "$wasm" | cut -d' ' -f1)"
  [ "$hash" = "$(jq -r '.source.hash' "$bundle")" ] ||
    die "contracts/$contract: $wasm hashes to $hash, but $bundle says $(jq -r '.source.hash' "$bundle")"
  # Measured from the file: cargo-contract reports no sizes when it reuses a build.
  entry=$(jq -c --arg name "$contract" --arg hash "$hash" --argjson bytes "$(stat -c %s "$wasm")" '{
      contract: $name,
      bundle: .metadata_result.dest_bundle,
      wasm: .dest_wasm,
      metadata: .metadata_result.dest_metadata,
      wasm_bytes: $bytes,
      code_hash: $hash
    }' <<<"$out")
  entries+=("$entry")
  jq -r '"  \(.bundle)\n  optimized Wasm: \(.wasm_bytes) bytes, code hash \(.code_hash)"' <<<"$entry"
done
printf '%s\n' "${entries[@]}" | jq -s '.' >"$SUMMARY"
printf '%s\n' "${entries[@]}" | jq -s \
  --arg commit "$commit" --argjson dirty "$dirty" --arg changes "$changes" \
  --arg mode "${MODE:---debug}" --arg rustc "$(rustc --version)" \
  --arg cargo_contract "$(cargo_contract --version | awk '{print $2}' | cut -d- -f1)" \
  --arg ink "$(jq -r '.source.language | ltrimstr("ink! ")' "$(jq -r '.[0].bundle' "$SUMMARY")")" '{
    commit: (if $commit == "" then null else $commit end),
    dirty: $dirty,
    changes: (if $changes == "" then null else $changes end),
    mode: ($mode | ltrimstr("--")),
    remapped_paths: true,
    toolchain: {rustc: $rustc, "cargo-contract": $cargo_contract, ink: $ink},
    code_hashes: (map({key: (.contract | gsub("-"; "_")), value: .code_hash}) | from_entries)
  }' >"$INFO"
ok "built ${#entries[@]} contract(s) from ${commit:0:12}$([ "$dirty" = true ] && echo ' + uncommitted changes'); summary in $SUMMARY"
