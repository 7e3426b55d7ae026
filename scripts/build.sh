#!/usr/bin/env bash
# Builds every ModelMint contract with cargo-contract and prints where the
# artifacts are (`.contract` bundle, `.wasm`, `.json` metadata: what polkadot.js
# and other clients load) and each contract's optimized Wasm size.
#
# Usage: scripts/build.sh [--debug]    # release by default
#
# Artifacts: $CARGO_TARGET_DIR/ink/<crate>/ (default $MODELMINT_CACHE/target);
# a summary with the sizes is written to $CARGO_TARGET_DIR/ink/build-summary.json.
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

SUMMARY="$CARGO_TARGET_DIR/ink/build-summary.json"
mkdir -p "$(dirname "$SUMMARY")"
entries=()
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  say "building contracts/$contract ${MODE:---debug}"
  out=$(cargo contract build $MODE --manifest-path "$MODELMINT_ROOT/contracts/$contract/Cargo.toml" \
    --output-json) || die "cargo contract build failed for contracts/$contract"
  wasm=$(jq -er '.dest_wasm' <<<"$out") || die "unexpected cargo-contract output for contracts/$contract: $out"
  # Measured from the file: cargo-contract reports no sizes when it reuses a build.
  entry=$(jq -c --arg name "$contract" --argjson bytes "$(stat -c %s "$wasm")" '{
      contract: $name,
      bundle: .metadata_result.dest_bundle,
      wasm: .dest_wasm,
      metadata: .metadata_result.dest_metadata,
      wasm_bytes: $bytes
    }' <<<"$out")
  entries+=("$entry")
  jq -r '"  \(.bundle)\n  optimized Wasm: \(.wasm_bytes) bytes"' <<<"$entry"
done
printf '%s\n' "${entries[@]}" | jq -s '.' >"$SUMMARY"
ok "built ${#entries[@]} contract(s); summary in $SUMMARY"
