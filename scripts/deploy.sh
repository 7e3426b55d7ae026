#!/usr/bin/env bash
# Deploys the ModelMint contracts to a chain with pallet-contracts and records
# them in deployments/<network>.json (addresses, code hashes, block, versions).
#
# Usage: scripts/deploy.sh [--url ws://127.0.0.1:9944] [--suri //Alice]
#                          [--network NAME] [--redeploy]
#
# Re-running against the same network reuses every contract whose recorded
# address still holds the code just built; --redeploy instantiates anew.
# The network name defaults to "local" for a loopback URL and to the URL's host
# otherwise. The key (--suri) pays the deposits: use a funded account.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$MODELMINT_ROOT/scripts/lib/chain.sh"

URL="ws://127.0.0.1:9944"
SURI="//Alice"
NETWORK=""
REDEPLOY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --suri) SURI="$2"; shift 2 ;;
    --network) NETWORK="$2"; shift 2 ;;
    --redeploy) REDEPLOY=true; shift ;;
    *) die "usage: scripts/deploy.sh [--url URL] [--suri SURI] [--network NAME] [--redeploy]" ;;
  esac
done
if [ -z "$NETWORK" ]; then
  host=$(sed -E 's#^[a-z]+://([^:/]+).*#\1#' <<<"$URL")
  case "$host" in
    127.*|localhost|"[::1]") NETWORK="local" ;;
    *) NETWORK="$host" ;;
  esac
fi
OUT="$MODELMINT_ROOT/deployments/$NETWORK.json"

chain_reachable "$URL" || die "no chain answers at $URL: start one (scripts/node.sh start) or pass --url"
"$MODELMINT_ROOT/scripts/build.sh" >/dev/null
SUMMARY="$CARGO_TARGET_DIR/ink/build-summary.json"

previous='{}'
[ -f "$OUT" ] && ! $REDEPLOY && previous=$(cat "$OUT")

contracts='{}'
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  bundle=$(jq -r --arg c "$contract" '.[] | select(.contract == $c) | .bundle' "$SUMMARY")
  code_hash=$(jq -r '.source.hash' "$bundle")
  size=$(jq -r --arg c "$contract" '.[] | select(.contract == $c) | .wasm_bytes' "$SUMMARY")
  address=$(jq -r --arg c "$contract" '.contracts[$c].address // empty' <<<"$previous")
  if [ -n "$address" ] && [ "$(chain_code_hash_of "$URL" "$address" "$bundle")" = "$code_hash" ]; then
    ok "$contract: reusing $address (same code $code_hash)"
  else
    say "$contract: instantiating (code $code_hash, $size bytes of Wasm) on $URL"
    address=$(chain_instantiate "$URL" "$SURI" "$bundle" new) ||
      die "$contract: instantiation failed (see the message above)"
    ok "$contract: deployed at $address"
  fi
  contracts=$(jq --arg c "$contract" --arg a "$address" --arg h "$code_hash" --argjson s "$size" \
    '. + {($c): {address: $a, code_hash: $h, wasm_bytes: $s}}' <<<"$contracts")
done

mkdir -p "$(dirname "$OUT")"
jq -n --arg network "$NETWORK" --arg url "$URL" --arg suri "$SURI" \
  --argjson block "$(chain_block_number "$URL")" --argjson contracts "$contracts" \
  --arg cc "$CARGO_CONTRACT_VERSION" --arg ink "5.1.1" \
  --arg version "$(sed -nE 's/^version = "(.*)"/\1/p' "$MODELMINT_ROOT/contracts/registry/Cargo.toml" | head -n 1)" \
  '{network: $network, url: $url, deployer_suri: $suri, block: $block,
    versions: {modelmint: $version, ink: $ink, "cargo-contract": $cc},
    contracts: $contracts}' >"$OUT"
ok "deployment recorded in ${OUT#"$MODELMINT_ROOT"/}"
