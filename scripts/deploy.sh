#!/usr/bin/env bash
# Deploys the ModelMint contracts to a chain with pallet-contracts and records
# them in deployments/<network>.json (addresses, code hashes, block, versions).
#
# Usage: scripts/deploy.sh [--url ws://127.0.0.1:9944] [--suri //Alice]
#                          [--network NAME] [--redeploy]
#                          [--timelock-ms MS | --no-timelock]
#                          [--commit-window MIN:MAX]
#                          [--dispute-deposit AMOUNT] [--arbiter ADDRESS]
#
# Timelock: every contract's upgrades and rewiring wait MS milliseconds of
# block time after they are scheduled (default 172800000, 48 hours), so users
# can leave before a change they do not accept. --no-timelock (no delay) is for
# local dev chains and must be asked for by name. The delay is recorded.
#
# Commit window: a registration reveals a commitment at least MIN and at most
# MAX blocks old (default 10:14400, one minute to one day of 6-second blocks).
# MIN must exceed the number of blocks one author can seal in a row, or that
# author could hold back a reveal and commit to the root first. The window is
# recorded.
#
# Disputes: raising one costs AMOUNT (smallest units, default 10 000 000 000 000,
# ten units of a 12-decimal token), held until the arbiter rules. The arbiter
# (in production a multisig or a DAO) is wired with the licensing contract; without
# --arbiter nobody can rule until the administrator wires one through the
# timelock. Both are recorded.
#
# Order and wiring: registry; royalties(registry); licensing(registry,
# royalties); the registry is then wired to licensing (derivative rights) with
# its one immediate `Admin::wire`; the example inference gateway(licensing,
# royalties) last. The contracts hold each
# other's addresses, so a re-run reuses the deployment only if every recorded
# address still runs exactly the code just built; --redeploy instantiates anew.
# The network name defaults to "local" for a loopback URL and to the URL's host
# otherwise. The key (--suri) pays the deposits: use a funded account.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$MODELMINT_ROOT/scripts/lib/chain.sh"
use_contract_toolchain

URL="ws://127.0.0.1:9944"
SURI="//Alice"
NETWORK=""
REDEPLOY=false
TIMELOCK_MS=172800000
NO_TIMELOCK=false
COMMIT_WINDOW="10:14400"
DISPUTE_DEPOSIT=10000000000000
ARBITER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --timelock-ms) TIMELOCK_MS="$2"; shift 2 ;;
    --no-timelock) NO_TIMELOCK=true; shift ;;
    --commit-window) COMMIT_WINDOW="$2"; shift 2 ;;
    --dispute-deposit) DISPUTE_DEPOSIT="$2"; shift 2 ;;
    --arbiter) ARBITER="$2"; shift 2 ;;
    --url) URL="$2"; shift 2 ;;
    --suri) SURI="$2"; shift 2 ;;
    --network) NETWORK="$2"; shift 2 ;;
    --redeploy) REDEPLOY=true; shift ;;
    *) die "usage: scripts/deploy.sh [--url URL] [--suri SURI] [--network NAME] [--redeploy] [--timelock-ms MS | --no-timelock] [--commit-window MIN:MAX] [--dispute-deposit AMOUNT] [--arbiter ADDRESS]" ;;
  esac
done
if $NO_TIMELOCK; then
  TIMELOCK="Disabled"
  TIMELOCK_MS=0
else
  [[ "$TIMELOCK_MS" =~ ^[1-9][0-9]*$ ]] ||
    die "--timelock-ms takes a positive number of milliseconds (for no delay, say --no-timelock)"
  TIMELOCK="Delay($TIMELOCK_MS)"
fi
[[ "$COMMIT_WINDOW" =~ ^([1-9][0-9]*):([1-9][0-9]*)$ ]] && [ "${BASH_REMATCH[1]}" -lt "${BASH_REMATCH[2]}" ] ||
  die "--commit-window takes MIN:MAX blocks with 1 <= MIN < MAX (got $COMMIT_WINDOW)"
COMMIT_MIN=${BASH_REMATCH[1]}
COMMIT_MAX=${BASH_REMATCH[2]}
[[ "$DISPUTE_DEPOSIT" =~ ^[1-9][0-9]*$ ]] || die "--dispute-deposit takes a positive amount (got $DISPUTE_DEPOSIT)"
if [ -n "$ARBITER" ]; then ARBITER_ARG="Some($ARBITER)"; else ARBITER_ARG="None"; fi
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

bundle_of() { jq -r --arg c "$1" '.[] | select(.contract == $c) | .bundle' "$SUMMARY"; }
size_of() { jq -r --arg c "$1" '.[] | select(.contract == $c) | .wasm_bytes' "$SUMMARY"; }
code_hash_of() { jq -r '.source.hash' "$(bundle_of "$1")"; }

# The contracts hold each other's addresses, so a deployment is reused only as a
# whole: every recorded address must still run exactly the code just built.
reuse=true
# A deployment with another timelock is not the one asked for.
[ "$(jq -r '.timelock_ms // empty' <<<"$previous")" = "$TIMELOCK_MS" ] || reuse=false
[ "$(jq -c '.commit_window // empty' <<<"$previous")" = "{\"min_blocks\":$COMMIT_MIN,\"max_blocks\":$COMMIT_MAX}" ] || reuse=false
[ "$(jq -r '.dispute_deposit // empty' <<<"$previous")" = "$DISPUTE_DEPOSIT" ] || reuse=false
[ "$(jq -r '.arbiter // ""' <<<"$previous")" = "$ARBITER" ] || reuse=false
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  address=$(jq -r --arg c "$contract" '.contracts[$c].address // empty' <<<"$previous")
  if [ -z "$address" ] || [ "$(chain_code_hash_of "$URL" "$address" "$(bundle_of "$contract")")" != "$(code_hash_of "$contract")" ]; then
    reuse=false
  fi
done

declare -A ADDRESS
if $reuse; then
  for contract in "${MODELMINT_CONTRACTS[@]}"; do
    ADDRESS[$contract]=$(jq -r --arg c "$contract" '.contracts[$c].address' <<<"$previous")
    ok "$contract: reusing ${ADDRESS[$contract]} (same code $(code_hash_of "$contract"))"
  done
else
  instantiate() {
    local contract="$1"
    shift
    say "$contract: instantiating (code $(code_hash_of "$contract"), $(size_of "$contract") bytes of Wasm) on $URL" >&2
    chain_instantiate "$URL" "$SURI" "$(bundle_of "$contract")" new "$@" ||
      die "$contract: instantiation failed (see the message above)"
  }
  say "timelock of upgrades and rewiring: $TIMELOCK"
  say "commit window of registrations: $COMMIT_MIN to $COMMIT_MAX blocks"
  say "disputes: deposit $DISPUTE_DEPOSIT, arbiter ${ARBITER:-none (wire one through the timelock)}"
  ADDRESS[registry]=$(instantiate registry "$TIMELOCK" "{ min_blocks: $COMMIT_MIN, max_blocks: $COMMIT_MAX }" "$DISPUTE_DEPOSIT")
  ok "registry: deployed at ${ADDRESS[registry]}"
  ADDRESS[royalties]=$(instantiate royalties "${ADDRESS[registry]}" "$TIMELOCK")
  ok "royalties: deployed at ${ADDRESS[royalties]}"
  ADDRESS[licensing]=$(instantiate licensing "${ADDRESS[registry]}" "${ADDRESS[royalties]}" "$TIMELOCK")
  ok "licensing: deployed at ${ADDRESS[licensing]}"
  ADDRESS[gateway]=$(instantiate gateway "${ADDRESS[licensing]}" "${ADDRESS[royalties]}" "$TIMELOCK")
  ok "gateway (example consumer): deployed at ${ADDRESS[gateway]}"
  say "wiring the registry to licensing (derivative rights) and the arbiter"
  chain_call "$URL" "$SURI" "$(bundle_of registry)" "${ADDRESS[registry]}" Admin::wire \
    "{ registry: None, licensing: Some(${ADDRESS[licensing]}), royalties: None, arbiter: $ARBITER_ARG }" >/dev/null ||
    die "wiring the registry failed"
  ok "wired"
fi

contracts='{}'
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  contracts=$(jq --arg c "$contract" --arg a "${ADDRESS[$contract]}" --arg h "$(code_hash_of "$contract")" \
    --argjson s "$(size_of "$contract")" \
    '. + {($c): {address: $a, code_hash: $h, wasm_bytes: $s}}' <<<"$contracts")
done

mkdir -p "$(dirname "$OUT")"
jq -n --arg network "$NETWORK" --arg url "$URL" --arg suri "$SURI" \
  --argjson block "$(chain_block_number "$URL")" --argjson contracts "$contracts" \
  --argjson timelock "$TIMELOCK_MS" \
  --argjson commit_min "$COMMIT_MIN" --argjson commit_max "$COMMIT_MAX" \
  --arg dispute_deposit "$DISPUTE_DEPOSIT" --arg arbiter "$ARBITER" \
  --arg cc "$CARGO_CONTRACT_VERSION" --arg ink "5.1.1" \
  --arg version "$(sed -nE 's/^version = "(.*)"/\1/p' "$MODELMINT_ROOT/contracts/registry/Cargo.toml" | head -n 1)" \
  '{network: $network, url: $url, deployer_suri: $suri, block: $block, timelock_ms: $timelock,
    commit_window: {min_blocks: $commit_min, max_blocks: $commit_max},
    dispute_deposit: $dispute_deposit, arbiter: (if $arbiter == "" then null else $arbiter end),
    versions: {modelmint: $version, ink: $ink, "cargo-contract": $cc},
    contracts: $contracts}' >"$OUT"
ok "deployment recorded in ${OUT#"$MODELMINT_ROOT"/}"
