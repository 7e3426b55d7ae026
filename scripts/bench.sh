#!/usr/bin/env bash
# Benchmarks ModelMint and records the figures in benchmarks/latest.json and
# BENCHMARKS.md:
#
#   1. the optimized Wasm size of every contract (release build, cargo-contract);
#   2. the weight (ref_time, proof_size) and storage deposit of every
#      state-changing message, each dry-run right before it is submitted, in a
#      realistic scenario on a fresh local substrate-contracts-node --dev;
#   3. Royalties::deposit (and set_split, distribute) with 1, 8 and 32 split
#      recipients, and the deposit ratio 32/1 (target <= 1.1);
#   4. the weight of a plain Balances::transfer_keep_alive, from the node's
#      TransactionPaymentCallApi, and `buy` as a multiple of it (target <= 3);
#   5. hashing throughput: modelmint-hash --threads 1 vs sha256sum (and vs
#      OpenSSL, which uses the CPU's SHA instructions as sha2 does) on one 1 GiB
#      file (target >= 0.9), and --threads 2 vs sha256sum on a sharded model of
#      4 x 256 MiB (target >= 1.7); wall clock, best of 3.
#
# Usage: scripts/bench.sh [--quick] [--skip-hash] [--strict]
#   --quick      64 MiB of hashing data, one run each; writes benchmarks/quick.json
#                only (BENCHMARKS.md and benchmarks/latest.json, the size baseline
#                of scripts/check-sizes.sh, are left alone)
#   --skip-hash  no hashing benchmark
#   --strict     exit 1 if a figure misses its target (otherwise only reported)
#
# The node runs on 127.0.0.1:$MODELMINT_BENCH_PORT (default 9966) and is stopped
# on exit; hashing data is kept in $MODELMINT_CACHE/bench and reused. Run it
# nice'd on a shared machine: nice -n 10 scripts/bench.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$MODELMINT_ROOT/scripts/lib/chain.sh"

QUICK=false
HASH=true
STRICT=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=true; shift ;;
    --skip-hash) HASH=false; shift ;;
    --strict) STRICT=true; shift ;;
    *) die "usage: scripts/bench.sh [--quick] [--skip-hash] [--strict]" ;;
  esac
done

PORT="${MODELMINT_BENCH_PORT:-9966}"
URL="ws://127.0.0.1:$PORT"
BENCH_DATA="$MODELMINT_CACHE/bench"
OUT_DIR="$MODELMINT_ROOT/benchmarks"
if $QUICK; then
  OUT_JSON="$OUT_DIR/quick.json"
  HASH_MIB=64
  HASH_RUNS=1
else
  OUT_JSON="$OUT_DIR/latest.json"
  HASH_MIB=1024
  HASH_RUNS=3
fi
OUT_MD="$MODELMINT_ROOT/BENCHMARKS.md"

# Targets (see the header).
TARGET_DEPOSIT_32_OVER_1=1.1
TARGET_BUY_OVER_TRANSFER=3
TARGET_HASH_SINGLE=0.9
TARGET_HASH_SHARDED=1.7

UNIT=1000000000000 # the dev chain's token has 12 decimals
BASE_PRICE=$((5 * UNIT))
TUNE_PRICE=$((10 * UNIT))
THIRTY_DAYS_MS=$((30 * 24 * 3600 * 1000))

# Pallet and call indices of substrate-contracts-node 0.42.0's runtime
# (construct_runtime: Balances = 4, Contracts = 8; transfer_keep_alive = 3 in
# pallet-balances, call = 6 in pallet-contracts).
BALANCES_TRANSFER_KEEP_ALIVE="0403"
CONTRACTS_CALL="0806"

"$MODELMINT_ROOT/scripts/setup.sh" >/dev/null
use_contract_toolchain
cd "$MODELMINT_ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-bench.XXXXXX")
NODE_STARTED=false
cleanup() {
  if $NODE_STARTED; then
    MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- helpers -------------------------------------------------------------------

# ratio A B [SCALE]: A / B as a decimal with a leading zero.
ratio() { echo "scale=${3:-3}; $1 / $2" | bc | sed -E 's/^(-?)\./\10./'; }
# meets VALUE OP TARGET: "true" if VALUE OP TARGET (OP is <= or >=).
meets() { [ "$(echo "$1 $2 $3" | bc)" = 1 ] && echo true || echo false; }
# Reverses the byte order of a hex string (SCALE is little-endian).
le_to_be() {
  local hex="$1" out="" i
  for ((i = ${#hex} - 2; i >= 0; i -= 2)); do out+=${hex:$i:2}; done
  echo "$out"
}
# scale_compact HEX POS: decodes the SCALE compact integer at nibble POS of HEX
# and prints "VALUE NEXT_POS".
scale_compact() {
  local hex="$1" pos="$2" b0 len
  b0=$((16#${hex:$pos:2}))
  case $((b0 & 3)) in
    0) echo "$((b0 >> 2)) $((pos + 2))" ;;
    1) echo "$((16#$(le_to_be "${hex:$pos:4}") >> 2)) $((pos + 4))" ;;
    2) echo "$((16#$(le_to_be "${hex:$pos:8}") >> 2)) $((pos + 8))" ;;
    3)
      len=$(((b0 >> 2) + 4))
      echo "$(echo "ibase=16; $(le_to_be "${hex:$((pos + 2)):$((len * 2))}" | tr a-f A-F)" | bc) $((pos + 2 + len * 2))"
      ;;
  esac
}
# dispatch_weight CALL_HEX: the dispatch weight the runtime gives an extrinsic
# carrying this call, as {"ref_time": n, "proof_size": n}, from
# TransactionPaymentCallApi_query_call_info (SCALE: call ++ u32 length; returns
# RuntimeDispatchInfo { weight: { compact ref_time, compact proof_size }, .. }).
dispatch_weight() {
  local call="$1" len result ref_time proof_size pos
  len=$(le_to_be "$(printf '%08x' $((${#call} / 2)))")
  result=$(rpc "$URL" state_call "[\"TransactionPaymentCallApi_query_call_info\", \"0x$call$len\"]" | jq -r '.')
  result=${result#0x}
  read -r ref_time pos < <(scale_compact "$result" 0)
  read -r proof_size pos < <(scale_compact "$result" "$pos")
  jq -cn --argjson r "$ref_time" --argjson p "$proof_size" '{ref_time: $r, proof_size: $p}'
}

# --- chain: node, deployment -------------------------------------------------------

MESSAGES="$WORK/messages.jsonl"
: >"$MESSAGES"
declare -A BUNDLE ADDRESS

chain_benchmarks() {
  if chain_reachable "$URL"; then
    die "something already answers on $URL: the benchmark needs a fresh chain of its own (set MODELMINT_BENCH_PORT)"
  fi
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" start
  NODE_STARTED=true

  # The same deployment a user gets (scripts/deploy.sh builds, instantiates and
  # wires every contract); addresses, bundles and sizes are read back from it.
  stage "build and deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$URL" --network bench --redeploy --no-timelock --commit-window 1:1000 --arbiter "$(chain_account //Ferdie)"
  local summary="$CARGO_TARGET_DIR/ink/build-summary.json" deployment="$MODELMINT_ROOT/deployments/bench.json" c
  echo '{}' >"$WORK/sizes.json"
  for c in $(jq -r '.[].contract' "$summary"); do
    BUNDLE[$c]=$(jq -er --arg c "$c" '.[] | select(.contract == $c) | .bundle' "$summary")
    ADDRESS[$c]=$(jq -er --arg c "$c" '.contracts[$c].address' "$deployment") || die "deploy.sh recorded no $c address"
    jq --arg c "$c" --slurpfile d "$deployment" \
      '. + {($c): {wasm_bytes: $d[0].contracts[$c].wasm_bytes, code_hash: $d[0].contracts[$c].code_hash}}' \
      "$WORK/sizes.json" >"$WORK/sizes.tmp" || die "could not read the size of the $c Wasm"
    mv "$WORK/sizes.tmp" "$WORK/sizes.json"
  done
  ok "registry ${ADDRESS[registry]}, royalties ${ADDRESS[royalties]}, licensing ${ADDRESS[licensing]}"

  say "optimized Wasm sizes"
  jq -r 'to_entries[] | "  \(.key | . + " " * (12 - length)) \(.value.wasm_bytes) bytes"' "$WORK/sizes.json"

  floor_benchmarks
  scenario
  deposit_scaling
  withdraw_scaling
  transfer_baseline
}

# Floors: fixture contracts (benchmarks/floors/) that do the least a contract
# purchase or mint must do, on the same node in the same run. Every ModelMint
# message is reported as a multiple of one of them.
FLOOR_SIZES='{}'
floor_benchmarks() {
  say "floors: (a) pay and forward, (b) the same through a second contract, (c) a minimal PSP34 mint"
  local c out wasm
  for c in pay relay mint; do
    out=$(cargo contract build --release --manifest-path "$MODELMINT_ROOT/benchmarks/floors/$c/Cargo.toml" --output-json) ||
      die "cargo contract build failed for benchmarks/floors/$c"
    BUNDLE[floor_$c]=$(jq -er '.metadata_result.dest_bundle' <<<"$out") || die "unexpected cargo-contract output: $out"
    wasm=$(jq -er '.dest_wasm' <<<"$out")
    FLOOR_SIZES=$(jq -c --arg c "floor_$c" --argjson bytes "$(stat -c %s "$wasm")" '. + {($c): $bytes}' <<<"$FLOOR_SIZES")
  done
  ADDRESS[floor_pay]=$(chain_instantiate "$URL" //Alice "${BUNDLE[floor_pay]}" new "$(chain_account //Alice)") ||
    die "instantiating floor (a) failed"
  ADDRESS[floor_relay]=$(chain_instantiate "$URL" //Alice "${BUNDLE[floor_relay]}" new "${ADDRESS[floor_pay]}") ||
    die "instantiating floor (b) failed"
  ADDRESS[floor_mint]=$(chain_instantiate "$URL" //Alice "${BUNDLE[floor_mint]}" new) || die "instantiating floor (c) failed"
  CALL_VALUE=$BASE_PRICE measure "floor (a): record one value, forward the payment" //Bob floor_pay Pay::pay 1
  CALL_VALUE=$BASE_PRICE measure "floor (b): (a) through a second contract" //Bob floor_relay pay 1
  measure "floor (c): minimal PSP34 mint" //Bob floor_mint mint 1
}

# measure CASE SIGNER CONTRACT MESSAGE [ARG...]: dry-runs the message as SIGNER
# on the current state, records its weight and storage deposit, then submits it
# (CALL_VALUE=amount attaches a payment, as for chain_call).
measure() {
  local case_="$1" signer="$2" contract="$3" message="$4" output json
  shift 4
  local args=() value=()
  [ $# -gt 0 ] && args=(--args "$@")
  [ -n "${CALL_VALUE:-}" ] && value=(--value "$CALL_VALUE")
  if ! output=$(cargo contract call "${BUNDLE[$contract]}" --contract "${ADDRESS[$contract]}" --message "$message" \
    "${args[@]}" "${value[@]}" --suri "$signer" --url "$URL" --output-json 2>&1); then
    explain_chain_error "$output"
    die "dry run of $contract.$message ($case_) failed"
  fi
  json=$(sed -n '/^{/,$p' <<<"$output")
  if [ "$(jq -r '.reverted' <<<"$json")" != false ]; then
    printf '%s\n' "$json" >&2
    die "$contract.$message ($case_) would revert (dry-run output above)"
  fi
  jq -c --arg contract "$contract" --arg message "$message" --arg case "$case_" --arg signer "${signer#//}" \
    --arg value "${CALL_VALUE:-0}" '{
      contract: $contract, message: $message, case: $case, signer: $signer, value: ($value | tonumber),
      ref_time: .gas_consumed.ref_time, proof_size: .gas_consumed.proof_size,
      gas_required: .gas_required,
      storage_deposit: (if .storage_deposit.Refund then 0 - .storage_deposit.Refund else .storage_deposit.Charge end)
    }' <<<"$json" >>"$MESSAGES"
  tail -n 1 "$MESSAGES" | jq -r '"  \(.contract).\(.message) [\(.case)]" as $n |
    "\($n + " " * ([1, 60 - ($n | length)] | max))ref_time \(.ref_time)  proof_size \(.proof_size)  deposit \(.storage_deposit)"'
  chain_call "$URL" "$signer" "${BUNDLE[$contract]}" "${ADDRESS[$contract]}" "$message" "$@" >/dev/null ||
    die "submitting $contract.$message ($case_) failed"
}

query() {
  local contract="$1"
  shift
  chain_query "$URL" "${BUNDLE[$contract]}" "${ADDRESS[$contract]}" "$@"
}
first_uint() { jq -r '[.. | .UInt? // empty] | first // empty'; }
# A content root unique to this run and NAME.
root_of() { printf 'modelmint-bench %s %s' "$1" "$RUN_ID" | sha256sum | cut -d' ' -f1; }

# commit_measured CASE SIGNER NAME: SIGNER commits (measured) to registering
# the model NAME, with a fresh secret salt kept in SALT[NAME].
declare -A SALT
commit_measured() {
  local case_="$1" signer="$2" name="$3"
  SALT[$name]=$(chain_random_salt)
  measure "$case_" "$signer" registry commit \
    "0x$(chain_registration_commitment "$(root_of "$name")" "$(chain_public_key "$signer")" "${SALT[$name]}")"
}

# register_measured CASE SIGNER NAME PARENTS: registers a model (measured),
# revealing the commitment `commit_measured` made, and prints its id.
register_measured() {
  local case_="$1" signer="$2" name="$3" parents="$4" root id
  root=$(root_of "$name")
  measure "$case_" "$signer" registry register \
    "{ hash: 0x$root, name: \"$name\", version: \"v1\", uri: \"ipfs://modelmint-bench/$name/card.md\", previous_version: None, parents: $parents }" \
    "0x${SALT[$name]}" >&2
  id=$(query registry model_id_by_hash "0x$root" | first_uint)
  [ -n "$id" ] || die "model $name is not found by its content root after registering it"
  echo "$id"
}

offer_terms() {
  local price="$1" uses="$2" derivative="$3"
  printf '{ price: %s, duration: Period(%s), cap: None, license: { uses: UseSet(%s), derivative_royalty: %s, transferable: true, legal_hash: 0x%s, legal_uri: "%s" } }' \
    "$price" "$THIRTY_DAYS_MS" "$uses" "$derivative" "$(printf 'ModelMint commercial license v1' | sha256sum | cut -d' ' -f1)" \
    "ipfs://modelmint/legal/commercial-v1.md"
}

# The demo's story, with every state-changing message measured once.
scenario() {
  say "realistic scenario: every state-changing message dry-run, then submitted"
  local base tune approved base_offer tune_offer bob_license charlie_license
  # Each registrant first commits to its content root; the reveal comes at
  # least one block later (the commits themselves seal those blocks).
  commit_measured "commitment to a registration" //Alice bench-base
  commit_measured "commitment to a registration" //Bob bench-fine-tune
  commit_measured "commitment to a registration" //Charlie bench-distilled
  base=$(register_measured "original model" //Alice bench-base "[]")
  measure "original, 30-day offer with derivative royalty" //Alice licensing create_offer "$base" \
    "$(offer_terms "$BASE_PRICE" 7 "Some(1000)")"
  base_offer=$(query licensing offers_of "$base" | first_uint)
  CALL_VALUE=$BASE_PRICE measure "original model, no split (first license)" //Bob licensing buy "$base_offer" "$BASE_PRICE"
  bob_license=$(query licensing licenses_of "$base" "$(chain_account //Bob)" | first_uint)

  tune=$(register_measured "derivative, right from a license" //Bob bench-fine-tune "[{ model: $base, relation: FineTune, max_royalty_bps: 1000 }]")
  measure "owner approves Charlie for 5 %" //Alice registry approve_derivative "$base" "$(chain_account //Charlie)" "Some(500)"
  approved=$(register_measured "derivative, right from an approval" //Charlie bench-distilled "[{ model: $base, relation: Distillation, max_royalty_bps: 500 }]")
  measure "owner replaces the model card" //Alice registry set_uri "$base" '"ipfs://modelmint-bench/bench-base/card-v2.md"'

  measure "2 recipients (70/30)" //Bob royalties set_split "$tune" \
    "[{ account: $(chain_account //Bob), share: 700000 }, { account: $(chain_account //Dave), share: 300000 }]"
  measure "recipient accepts the split (Dave)" //Dave royalties accept_split "$tune"
  call //Bob royalties accept_split "$tune"
  measure "derivative, inference only" //Bob licensing create_offer "$tune" "$(offer_terms "$TUNE_PRICE" 2 None)"
  tune_offer=$(query licensing offers_of "$tune" | first_uint)
  CALL_VALUE=$TUNE_PRICE measure "derivative: upstream share + 2-way split" //Charlie licensing buy "$tune_offer" "$TUNE_PRICE"
  charlie_license=$(query licensing licenses_of "$tune" "$(chain_account //Charlie)" | first_uint)
  CALL_VALUE=$TUNE_PRICE measure "derivative license, one more period" //Charlie licensing renew "$charlie_license" "$TUNE_PRICE"
  CALL_VALUE=$BASE_PRICE measure "original license, one more period" //Bob licensing renew "$bob_license" "$BASE_PRICE"
  measure "Charlie offers to Eve" //Charlie licensing transfer_license "$charlie_license" "Some($(chain_account //Eve))"
  measure "Eve accepts" //Eve licensing accept_license "$charlie_license"

  CALL_VALUE=$UNIT measure "direct payment, derivative with 2-way split" //Ferdie royalties Royalties::deposit "$tune"
  measure "derivative's pending money, 2 recipients" //Ferdie royalties distribute "$tune"
  measure "recipient of one split (Dave)" //Dave royalties withdraw
  measure "owner without split, upstream credits (Alice)" //Alice royalties withdraw
  CALL_VALUE=$UNIT call //Ferdie royalties Royalties::deposit "$tune"
  measure "recipient leaves a 2-way split (Dave)" //Dave royalties leave_split "$tune"
  measure "owner removes the split" //Bob royalties clear_split "$tune"
  measure "anyone pays a recipient out (Ferdie for Dave)" //Ferdie royalties withdraw_for "$(chain_account //Dave)"

  # The inference gateway: its operator (the deployer) serves the base model,
  # and Bob, licensed for commercial inference, sends a request with its fee.
  measure "operator serves the base model" //Alice gateway set_fee "$base" "Some($((UNIT / 100)))"
  CALL_VALUE=$((UNIT / 100)) measure "licensed request, fee to royalties" //Bob gateway infer "$base" "0x$(printf 'bench request' | sha256sum | cut -d' ' -f1)"

  # A commitment given up, and a dispute raised, ruled on and cleared.
  SALT[bench-abandoned]=$(chain_random_salt)
  local abandoned
  abandoned="0x$(chain_registration_commitment "$(root_of bench-abandoned)" "$(chain_public_key //Eve)" "${SALT[bench-abandoned]}")"
  call //Eve registry commit "$abandoned"
  measure "committer takes its deposit back" //Eve registry cancel_commitment "$abandoned"
  CALL_VALUE=$(query registry dispute_deposit | first_uint) measure "claimant disputes a model" //Eve registry raise_dispute "$approved" \
    "0x$(printf 'bench evidence' | sha256sum | cut -d' ' -f1)" '"ipfs://modelmint-bench/evidence.md"'
  local dispute
  dispute=$(query registry open_disputes "$approved" | first_uint)
  [ -n "$dispute" ] || die "the dispute on model $approved is not open after raising it"
  measure "arbiter dismisses the claim" //Ferdie registry resolve_dispute "$dispute" Dismiss
  measure "claimant clears its ruled dispute" //Eve registry clear_dispute "$dispute"

  # Administration (the same implementation in every contract; measured on
  # licensing): pause and resume, schedule and cancel, schedule and execute a
  # rewiring (no timelock on the bench deployment).
  measure "pause" //Alice licensing Admin::set_paused true
  measure "resume" //Alice licensing Admin::set_paused false
  local wiring
  wiring="{ registry: Some(${ADDRESS[registry]}), licensing: None, royalties: Some(${ADDRESS[royalties]}), arbiter: None }"
  measure "schedule a rewiring" //Alice licensing Admin::schedule "Rewire { wiring: $wiring }"
  measure "cancel it" //Alice licensing Admin::cancel_scheduled
  call //Alice licensing Admin::schedule "Rewire { wiring: $wiring }"
  measure "execute a rewiring to the same links" //Alice licensing Admin::execute_scheduled
  # The administrator hands over (two steps), and the successor renounces.
  measure "propose a successor (Bob)" //Alice licensing Admin::propose_admin "Some($(chain_account //Bob))"
  measure "the successor accepts" //Bob licensing Admin::accept_admin
  measure "the administrator renounces" //Bob licensing Admin::renounce_admin

  # An approval declined by the account it names, and a license given up.
  call //Alice registry approve_derivative "$base" "$(chain_account //Eve)" "Some(500)"
  measure "the approved account declines" //Eve registry decline_derivative_approval "$base"
  measure "the holder gives up a license (Eve)" //Eve licensing release_license "$charlie_license"

  measure "owner approves an operator for one token" //Bob registry PSP34::approve "$(chain_account //Eve)" "Some(U64($tune))" true
  measure "owner transfers the token" //Charlie registry PSP34::transfer "$(chain_account //Ferdie)" "U64($approved)" "[]"
  measure "pause an offer" //Alice licensing set_offer_state "$base_offer" Paused
  measure "deprecate a model" //Alice registry set_status "$base" Deprecated
  measure "freeze a model's metadata" //Alice registry freeze_metadata "$base"
}

# recipients N: a split of N distinct accounts with equal shares (ppm). The
# accounts never sign, so any 32 bytes will do: hex public keys derived from N.
recipients() {
  local n="$1" i list=""
  for ((i = 1; i <= n; i++)); do
    list+="${list:+, }{ account: 0x$(printf 'modelmint-bench recipient %d' "$i" | sha256sum | cut -d' ' -f1), share: $((1000000 / n)) }"
  done
  echo "[$list]"
}

# call SIGNER CONTRACT MESSAGE [ARG...]: submits without measuring (set-up).
call() {
  local signer="$1" contract="$2"
  shift 2
  chain_call "$URL" "$signer" "${BUNDLE[$contract]}" "${ADDRESS[$contract]}" "$@" >/dev/null ||
    die "submitting $contract.$1 failed"
}

# The weight of `withdraw` grows with the splits the caller accepted, each
# with money to take: Dave is listed in the splits of 1, 8, 32, then 64 (the
# most an account may accept) fresh models of Alice's, each split the largest
# allowed (Dave and 31 accounts, 1/32 each), and accepts each; 1 UNIT is
# deposited for each, and Dave's withdrawal, which takes his part of all of
# them (and writes only his own cells), is measured. 64 × 32 is the worst case.
WITHDRAW_MEMBERSHIPS=(1 8 32 64)
withdraw_scaling() {
  say "royalties.withdraw with 1, 8, 32 and 64 memberships of 32-recipient splits"
  local n i model dave split
  dave=$(chain_account //Dave)
  split=$(recipients 31 | sed "s/share: [0-9]*/share: 31250/g; s/^\[/[{ account: $dave, share: 31250 }, /")
  local last=${WITHDRAW_MEMBERSHIPS[-1]}
  for ((i = 1; i <= last; i++)); do
    SALT[withdraw-$i]=$(chain_random_salt)
    call //Alice registry commit \
      "0x$(chain_registration_commitment "$(root_of "withdraw-$i")" "$(chain_public_key //Alice)" "${SALT[withdraw-$i]}")"
  done
  local models=()
  for ((i = 1; i <= last; i++)); do
    call //Alice registry register \
      "{ hash: 0x$(root_of "withdraw-$i"), name: \"withdraw-$i\", version: \"v1\", uri: \"ipfs://modelmint-bench/withdraw-$i\", previous_version: None, parents: [] }" \
      "0x${SALT[withdraw-$i]}"
    model=$(query registry model_id_by_hash "0x$(root_of "withdraw-$i")" | first_uint)
    [ -n "$model" ] || die "model withdraw-$i is not found after registering it"
    models+=("$model")
  done
  local listed=0
  for n in "${WITHDRAW_MEMBERSHIPS[@]}"; do
    # Dave joins splits until he is listed in exactly n of them
    for ((i = listed; i < n; i++)); do
      call //Alice royalties set_split "${models[$i]}" "$split"
      call //Dave royalties accept_split "${models[$i]}"
    done
    listed=$n
    for ((i = 0; i < n; i++)); do
      CALL_VALUE=$UNIT call //Ferdie royalties Royalties::deposit "${models[$i]}"
    done
    measure "$n memberships" //Dave royalties withdraw
  done
}

DEPOSIT_SIZES=(1 8 32)
deposit_scaling() {
  say "Royalties::deposit with 1, 8 and 32 split recipients (one fresh model each)"
  local n model
  for n in "${DEPOSIT_SIZES[@]}"; do
    commit_measured "split model $n" //Alice "bench-split-$n"
  done
  for n in "${DEPOSIT_SIZES[@]}"; do
    model=$(register_measured "split model $n" //Alice "bench-split-$n" "[]")
    measure "$n recipients" //Alice royalties set_split "$model" "$(recipients "$n")"
    CALL_VALUE=$UNIT measure "$n recipients" //Ferdie royalties Royalties::deposit "$model"
    CALL_VALUE=$UNIT measure "$n recipients, second deposit" //Ferdie royalties Royalties::deposit "$model"
    measure "$n recipients" //Ferdie royalties distribute "$model"
  done
}

TRANSFER_WEIGHT='null'
CALL_BASE_WEIGHT='null'
transfer_baseline() {
  say "baseline: Balances::transfer_keep_alive (and the fixed part of Contracts::call)"
  # transfer_keep_alive(dest: MultiAddress::Id(Bob), value: compact(1 UNIT = 0xe8d4a51000))
  TRANSFER_WEIGHT=$(dispatch_weight "${BALANCES_TRANSFER_KEEP_ALIVE}00$(chain_public_key //Bob)070010a5d4e8")
  # call(dest: MultiAddress::Id(0), value: 0, gas_limit: 0, storage_deposit_limit: None, data: [])
  CALL_BASE_WEIGHT=$(dispatch_weight "${CONTRACTS_CALL}00$(printf '0%.0s' {1..64})0000000000")
  ok "transfer_keep_alive: $TRANSFER_WEIGHT; Contracts::call without gas: $CALL_BASE_WEIGHT"
}

# --- hashing ---------------------------------------------------------------------------

HASHING='null'
hashing_benchmarks() {
  stage "build the hashing tool" nice -n 10 cargo build -q --release --locked -p modelmint-hash
  local hasher="$CARGO_TARGET_DIR/release/modelmint-hash"
  local bytes=$((HASH_MIB * 1024 * 1024)) shard_mib=$((HASH_MIB / 4))
  local file="$BENCH_DATA/data-${HASH_MIB}MiB.bin" shards="$BENCH_DATA/sharded-${HASH_MIB}MiB"
  mkdir -p "$BENCH_DATA"
  if [ "$(stat -c %s "$file" 2>/dev/null || echo 0)" != "$bytes" ]; then
    say "generating $HASH_MIB MiB of random data in $file"
    head -c "$bytes" /dev/urandom >"$file.tmp"
    mv "$file.tmp" "$file"
  fi
  # The shards are the same bytes as the single file, cut in four.
  local want_shards=true f
  if [ -d "$shards" ] && [ "$shards" -nt "$file" ] && [ "$(find "$shards" -type f | wc -l)" = 4 ]; then
    want_shards=false
    for f in "$shards"/*; do [ "$(stat -c %s "$f")" = $((bytes / 4)) ] || want_shards=true; done
  fi
  if $want_shards; then
    say "cutting it into 4 shards of $shard_mib MiB in $shards"
    rm -rf "$shards" "$shards.tmp"
    mkdir -p "$shards.tmp"
    split -b "$((bytes / 4))" -d -a 1 --additional-suffix=-of-4.safetensors "$file" "$shards.tmp/model-"
    mv "$shards.tmp" "$shards"
  fi
  cat "$file" "$shards"/* >/dev/null # warm the page cache: measure hashing, not the disk

  say "hashing $HASH_MIB MiB, wall clock, best of $HASH_RUNS (interleaved runs)"
  # coreutils' sha256sum is plain C here; OpenSSL uses the CPU's SHA
  # instructions, as the sha2 crate does: the fair comparison, at the same
  # thread count (one process per thread for OpenSSL).
  local names=(sha256sum_file openssl_file hash_t1_file sha256sum_shards openssl_p2_shards hash_t2_shards hash_t1_shards)
  local -A cmd best
  cmd[sha256sum_file]="sha256sum $file"
  cmd[openssl_file]="openssl dgst -sha256 $file"
  cmd[hash_t1_file]="$hasher --quiet --threads 1 $file"
  cmd[sha256sum_shards]="sha256sum $shards/*"
  cmd[openssl_p2_shards]="printf '%s\\n' $shards/* | xargs -P 2 -n 2 openssl dgst -sha256"
  cmd[hash_t2_shards]="$hasher --quiet --threads 2 $shards"
  cmd[hash_t1_shards]="$hasher --quiet --threads 1 $shards"
  local run name t0 t1 ms
  for ((run = 1; run <= HASH_RUNS; run++)); do
    for name in "${names[@]}"; do
      t0=$(date +%s%N)
      bash -c "${cmd[$name]}" >/dev/null || die "hashing failed: ${cmd[$name]}"
      t1=$(date +%s%N)
      ms=$(((t1 - t0) / 1000000))
      if [ -z "${best[$name]:-}" ] || [ "$ms" -lt "${best[$name]}" ]; then best[$name]=$ms; fi
      printf '  run %d  %-18s %6d ms\n' "$run" "$name" "$ms"
    done
  done
  local single sharded speedup openssl_single openssl_sharded
  single=$(ratio "${best[sha256sum_file]}" "${best[hash_t1_file]}")
  sharded=$(ratio "${best[sha256sum_shards]}" "${best[hash_t2_shards]}")
  speedup=$(ratio "${best[hash_t1_shards]}" "${best[hash_t2_shards]}")
  openssl_single=$(ratio "${best[openssl_file]}" "${best[hash_t1_file]}")
  openssl_sharded=$(ratio "${best[openssl_p2_shards]}" "${best[hash_t2_shards]}")
  HASHING=$(jq -n --argjson mib "$HASH_MIB" --argjson runs "$HASH_RUNS" \
    --argjson a "${best[sha256sum_file]}" --argjson b "${best[hash_t1_file]}" \
    --argjson c "${best[sha256sum_shards]}" --argjson d "${best[hash_t2_shards]}" --argjson e "${best[hash_t1_shards]}" \
    --argjson single "$single" --argjson sharded "$sharded" --argjson speedup "$speedup" \
    --argjson of "${best[openssl_file]}" --argjson os "${best[openssl_p2_shards]}" \
    --argjson ors "$openssl_single" --argjson orsh "$openssl_sharded" --arg openssl "$(openssl version)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson ts "$TARGET_HASH_SINGLE" --argjson tsh "$TARGET_HASH_SHARDED" \
    --argjson ms "$(meets "$single" '>=' "$TARGET_HASH_SINGLE")" --argjson msh "$(meets "$sharded" '>=' "$TARGET_HASH_SHARDED")" \
    --arg sha "$(sha256sum --version | head -n 1)" --arg shani "$(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)" '
    def mibs($ms): if $ms > 0 then ($mib * 1000 / $ms * 10 | floor) / 10 else null end;
    {
      data_mib: $mib, runs: $runs, method: "wall clock, best of runs, page cache warm",
      loadavg_after: $load,
      sha256sum: $sha, openssl: $openssl, cpu_sha_ni: $shani,
      single_file: {
        sha256sum_ms: $a, modelmint_hash_threads1_ms: $b,
        sha256sum_mib_s: mibs($a), modelmint_hash_mib_s: mibs($b),
        ratio: $single, target_min: $ts, meets_target: $ms,
        openssl_ms: $of, openssl_mib_s: mibs($of), ratio_vs_openssl: $ors
      },
      sharded_4_files: {
        sha256sum_ms: $c, modelmint_hash_threads2_ms: $d, modelmint_hash_threads1_ms: $e,
        sha256sum_mib_s: mibs($c), modelmint_hash_threads2_mib_s: mibs($d), modelmint_hash_threads1_mib_s: mibs($e),
        ratio: $sharded, target_min: $tsh, meets_target: $msh,
        openssl_2_processes_ms: $os, openssl_2_processes_mib_s: mibs($os), ratio_vs_openssl: $orsh,
        threads2_speedup_over_threads1: $speedup
      }
    }')
  ok "single file: modelmint-hash/sha256sum = $single (target >= $TARGET_HASH_SINGLE), /openssl = $openssl_single; 4 shards, --threads 2: $sharded (target >= $TARGET_HASH_SHARDED), /2 openssl processes = $openssl_sharded"
}

# --- run ---------------------------------------------------------------------------------

RUN_ID=$(date +%s%N)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$SECONDS
chain_benchmarks
$HASH && hashing_benchmarks

# --- results -------------------------------------------------------------------------------

msg() { # msg CONTRACT MESSAGE CASE: the recorded measurement
  jq -sc --arg c "$1" --arg m "$2" --arg k "$3" \
    'map(select(.contract == $c and .message == $m and .case == $k)) | first' "$MESSAGES"
}
BUY=$(msg licensing buy "original model, no split (first license)")
BUY_TUNE=$(msg licensing buy "derivative: upstream share + 2-way split")
DEPOSITS=$(jq -sc '[.[] | select(.message == "Royalties::deposit" and (.case | test("^[0-9]+ recipients$")))]' "$MESSAGES")
D1=$(jq -r '.[] | select(.case == "1 recipients") | .ref_time' <<<"$DEPOSITS")
D32=$(jq -r '.[] | select(.case == "32 recipients") | .ref_time' <<<"$DEPOSITS")
DEPOSIT_RATIO=$(ratio "$D32" "$D1" 5) # 5 decimals: 1.00004, not 1
TRANSFER_REF=$(jq -r '.ref_time' <<<"$TRANSFER_WEIGHT")
BUY_RATIO=$(ratio "$(jq -r '.ref_time' <<<"$BUY")" "$TRANSFER_REF" 2)
BUY_EXTRINSIC=$(jq -r --argjson base "$CALL_BASE_WEIGHT" '.ref_time + $base.ref_time' <<<"$BUY")
BUY_EXTRINSIC_RATIO=$(ratio "$BUY_EXTRINSIC" "$TRANSFER_REF" 2)
BUY_TUNE_RATIO=$(ratio "$(jq -r '.ref_time' <<<"$BUY_TUNE")" "$TRANSFER_REF" 2)
CALL_BASE_RATIO=$(ratio "$(jq -r '.ref_time' <<<"$CALL_BASE_WEIGHT")" "$TRANSFER_REF" 2)

# Floors and targets (issue 17). Which floor a message is compared with: (b)
# for payments that pay another contract (buy, renew, infer), (a) for the
# other payable messages, (c) for everything else.
FLOOR_A=$(msg floor_pay Pay::pay "floor (a): record one value, forward the payment")
FLOOR_B=$(msg floor_relay pay "floor (b): (a) through a second contract")
FLOOR_C=$(msg floor_mint mint "floor (c): minimal PSP34 mint")
REGISTER=$(msg registry register "original model")
# A block's budget for normal transactions, from the runtime sources:
# contracts-node-runtime 0.42.0 (75 % of 2e12 ref_time) and its parachain twin
# (75 % of the relay chain's 5 MiB proof budget).
BLOCK_REF_TIME=1500000000000
BLOCK_PROOF_SIZE=$((5 * 1024 * 1024 * 3 / 4))
TARGETS=$(jq -n --argjson buy "$BUY" --argjson buytune "$BUY_TUNE" --argjson base "$CALL_BASE_WEIGHT" \
  --argjson fb "$FLOOR_B" --argjson fc "$FLOOR_C" --argjson register "$REGISTER" --argjson sizes "$(cat "$WORK/sizes.json")" \
  --argjson dratio "$DEPOSIT_RATIO" --arg dratio_text "$DEPOSIT_RATIO" \
  --argjson brt "$BLOCK_REF_TIME" --argjson bps "$BLOCK_PROOF_SIZE" '
  def r5: . * 100000 | round / 100000;
  def per_block($m): [($brt / ($m.ref_time + $base.ref_time)), ($bps / ($m.proof_size + $base.proof_size))] | min | floor;
  ($sizes | map_values(.wasm_bytes)) as $w |
  {
    block: {ref_time: $brt, proof_size: $bps},
    purchases_per_block: per_block($buy),
    purchases_per_block_derivative: per_block($buytune),
    rows: [
      {figure: "`buy` ref_time / floor (b)", value: ($buy.ref_time / $fb.ref_time | r5), target: "<= 3", met: ($buy.ref_time <= 3 * $fb.ref_time)},
      {figure: "`buy` proof_size / floor (b)", value: ($buy.proof_size / $fb.proof_size | r5), target: "<= 3", met: ($buy.proof_size <= 3 * $fb.proof_size)},
      {figure: "`register` ref_time / floor (c)", value: ($register.ref_time / $fc.ref_time | r5), target: "<= 1.5", met: ($register.ref_time <= 1.5 * $fc.ref_time)},
      {figure: "registry optimized Wasm, bytes", value: $w.registry, target: "<= 24,576", met: ($w.registry <= 24576)},
      {figure: "registry + licensing + royalties Wasm, bytes", value: ($w.registry + $w.licensing + $w.royalties), target: "<= 65,536", met: ($w.registry + $w.licensing + $w.royalties <= 65536)},
      {figure: "license purchases per block (ref_time and proof_size bound)", value: per_block($buy), target: ">= 50", met: (per_block($buy) >= 50)},
      {figure: "`Royalties::deposit` ref_time, 32 recipients / 1", value: $dratio_text, target: "<= 1.1", met: ($dratio <= 1.1)}
    ]
  }')

ink_version=$(awk '/^name = "ink"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
# Coverage: every message a contract's metadata marks as mutating, against
# what this run measured.
UNMEASURED='{}'
for c in "${!BUNDLE[@]}"; do
  UNMEASURED=$(jq -c --arg c "$c" --slurpfile measured "$MESSAGES" --slurpfile bundle "${BUNDLE[$c]}" '
    . + {($c): [$bundle[0].spec.messages[] | select(.mutates) | .label
      | select(. as $l | ($measured | map(select(.contract == $c) | .message) | index($l)) | not)]}' <<<"$UNMEASURED")
done

# The latest scripts/test.sh and scripts/setup.sh timings kept on this machine.
TIMINGS="$MODELMINT_CACHE/timings"
# The web app's in-browser hashing figures, written by its browser tests
# (scripts/ui-test.sh, run by scripts/test.sh) in this checkout.
BROWSER_HASHING="$MODELMINT_ROOT/ui/test-results/hash-throughput.json"
git_commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
git_dirty=$([ -z "$(git status --porcelain --untracked-files=no -- contracts Cargo.lock tools 2>/dev/null)" ] && echo false || echo true)

mkdir -p "$OUT_DIR"
jq -n \
  --arg date "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" --arg commit "$git_commit" --argjson dirty "$git_dirty" \
  --arg ink "$ink_version" --arg cc "$(cargo contract --version | sed -E 's/^cargo-contract-contract //')" \
  --arg node "$(substrate-contracts-node --version | sed -E 's/^substrate-contracts-node //')" \
  --arg rustc "$(rustc --version)" --arg toolchain "$MODELMINT_TOOLCHAIN" \
  --arg cpu "$(lscpu | sed -nE 's/^Model name: +//p' | head -n 1)" --argjson cores "$(nproc)" --arg load "$LOAD_BEFORE" \
  --argjson quick "$QUICK" --argjson sizes "$(cat "$WORK/sizes.json")" \
  --slurpfile messages "$MESSAGES" --argjson deposits "$DEPOSITS" \
  --argjson dratio "$DEPOSIT_RATIO" --arg dratio_text "$DEPOSIT_RATIO" --argjson dtarget "$TARGET_DEPOSIT_32_OVER_1" \
  --argjson dmeets "$(meets "$DEPOSIT_RATIO" '<=' "$TARGET_DEPOSIT_32_OVER_1")" \
  --argjson transfer "$TRANSFER_WEIGHT" --argjson callbase "$CALL_BASE_WEIGHT" --argjson buy "$BUY" --argjson buytune "$BUY_TUNE" \
  --argjson bratio "$BUY_RATIO" --argjson bxratio "$BUY_EXTRINSIC_RATIO" --argjson btratio "$BUY_TUNE_RATIO" \
  --argjson cbratio "$CALL_BASE_RATIO" --argjson bx "$BUY_EXTRINSIC" --argjson btarget "$TARGET_BUY_OVER_TRANSFER" \
  --argjson bmeets "$(meets "$BUY_RATIO" '<=' "$TARGET_BUY_OVER_TRANSFER")" \
  --argjson suite "$(if [ -f "$TIMINGS/test.json" ]; then jq -c . "$TIMINGS/test.json"; else echo null; fi)" \
  --argjson setup "$(if [ -f "$TIMINGS/setup.jsonl" ]; then jq -sc . "$TIMINGS/setup.jsonl"; else echo null; fi)" \
  --argjson unmeasured "$UNMEASURED" --argjson floor_sizes "$FLOOR_SIZES" --argjson targets "$TARGETS" \
  --argjson fa "$FLOOR_A" --argjson fb "$FLOOR_B" --argjson fc "$FLOOR_C" \
  --argjson hashing "$HASHING" --argjson seconds "$((SECONDS - START))" \
  --argjson browser_hashing "$(if [ -f "$BROWSER_HASHING" ]; then jq -c . "$BROWSER_HASHING"; else echo null; fi)" '
  {
    date: $date, quick: $quick, duration_s: $seconds,
    git: {commit: $commit, contracts_dirty: $dirty},
    versions: {ink: $ink, "cargo-contract": $cc, "substrate-contracts-node": $node, rustc: $rustc, toolchain: $toolchain},
    machine: {cpu: $cpu, cores: $cores, loadavg_at_start: $load},
    wasm_sizes: ($sizes | map_values(.wasm_bytes)),
    code_hashes: ($sizes | map_values(.code_hash)),
    messages: $messages,
    unmeasured_messages: $unmeasured,
    floors: {
      a: $fa, b: $fb, c: $fc, wasm_sizes: $floor_sizes,
      ratios: ($messages | map(select(.contract | startswith("floor_") | not)) | map(
        (if (.message | test("^(buy|renew|infer)$")) then {floor: "b", f: $fb}
         elif .value > 0 then {floor: "a", f: $fa}
         else {floor: "c", f: $fc} end) as $x |
        {contract, message, case, floor: $x.floor,
         ref_time: (.ref_time / $x.f.ref_time * 1000 | round / 1000),
         proof_size: (.proof_size / $x.f.proof_size * 1000 | round / 1000)}))
    },
    targets: $targets,
    suite: $suite, setup: $setup,
    withdraw_scaling: ($messages | map(select(.message == "withdraw" and (.case | test("^[0-9]+ memberships$"))))
      | map({memberships: (.case | split(" ")[0] | tonumber), ref_time, proof_size, storage_deposit})),
    deposit_scaling: {
      deposits: ($deposits | map({recipients: (.case | split(" ")[0] | tonumber), ref_time, proof_size, storage_deposit})),
      ratio_32_over_1_ref_time: $dratio, ratio_32_over_1_text: $dratio_text, target_max: $dtarget, meets_target: $dmeets
    },
    transfer_baseline: {
      transfer_keep_alive: $transfer,
      contracts_call_fixed: $callbase,
      contracts_call_fixed_ratio: $cbratio,
      buy_ref_time: $buy.ref_time,
      buy_ratio: $bratio,
      buy_extrinsic_ref_time: $bx,
      buy_extrinsic_ratio: $bxratio,
      buy_derivative_ref_time: $buytune.ref_time,
      buy_derivative_ratio: $btratio,
      target_max: $btarget, meets_target: $bmeets,
      method: "transfer: dispatch weight from TransactionPaymentCallApi_query_call_info; buy: gas_consumed of a dry run; buy_extrinsic adds the fixed weight of Contracts::call"
    },
    hashing: $hashing,
    browser_hashing: $browser_hashing
  }' >"$OUT_JSON"
ok "results in ${OUT_JSON#"$MODELMINT_ROOT"/}"

# --- BENCHMARKS.md ----------------------------------------------------------------------------

render_markdown() {
  jq -r '
    def units: . / 1000000000000 | (. * 10000 | round) / 10000 | tostring;
    def commas: tostring | [scan("\\d")] | reverse | [range(0; length; 3) as $i | .[$i:$i+3] | reverse | join("")] | reverse | join(",");
    def num: if . < 0 then "-" + (-. | commas) else commas end;
    def verdict: if . then "meets target" else "**misses target**" end;
    . as $r |
    "# ModelMint benchmarks",
    "",
    "Written by `scripts/bench.sh` (do not edit by hand; re-run it). Raw figures: `benchmarks/latest.json`.",
    "",
    "| | |", "|---|---|",
    "| date | \($r.date) |",
    "| commit | `\($r.git.commit[0:12])`\(if $r.git.contracts_dirty then " + uncommitted changes under contracts/, tools/" else "" end) |",
    "| ink! | \($r.versions.ink) |",
    "| cargo-contract | \($r.versions["cargo-contract"]) |",
    "| substrate-contracts-node | \($r.versions["substrate-contracts-node"]) |",
    "| rustc | \($r.versions.rustc) (`\($r.versions.toolchain)`) |",
    "| machine | \($r.machine.cpu), \($r.machine.cores) cores, load \($r.machine.loadavg_at_start) at start |",
    "",
    "## Targets",
    "",
    "Each figure against the floors measured in the same run on the same node (see Floors below); a block is \($r.targets.block.ref_time | commas) ref_time and \($r.targets.block.proof_size | commas) bytes of proof for normal transactions.",
    "",
    "| figure | value | target | |",
    "|---|---:|---:|---|",
    ($r.targets.rows[] | "| \(.figure) | \(.value) | \(.target) | \(.met | verdict) |"),
    "",
    "License purchases per block: **\($r.targets.purchases_per_block)** (original model), \($r.targets.purchases_per_block_derivative) (derivative with an upstream share and a split); each purchase counted as its gas consumed plus the fixed weight of `Contracts::call`.",
    "",
    "## Test suite and first setup",
    "",
    (if $r.suite then
      "The last complete `scripts/test.sh` on this machine (\($r.suite.date), commit `\($r.suite.commit[0:12])`, \($r.suite.cores) cores, e2e test threads: \($r.suite.e2e_test_threads)): **\($r.suite.total_s) s** in all.",
      "",
      "| stage | seconds |", "|---|---:|",
      ($r.suite.stages[] | "| \(.stage) | \(.seconds) |")
    else "No complete `scripts/test.sh` run is recorded on this machine yet (`$MODELMINT_CACHE/timings/test.json`)." end),
    "",
    (if $r.setup and ($r.setup | length) > 0 then
      "First setup steps recorded by `scripts/setup.sh` on this machine (`$MODELMINT_CACHE/timings/setup.jsonl`): " + ([$r.setup[] | "\(.step): \(.seconds) s (\(.cores) cores, \(.date))"] | join("; ")) + "."
    else "No first-setup timing is recorded on this machine: it was provisioned before `scripts/setup.sh` recorded its steps (they are recorded from now on, in `$MODELMINT_CACHE/timings/setup.jsonl`)." end),
    "",
    "## Floors",
    "",
    "Fixture contracts in `benchmarks/floors/`, built and measured by this run: (a) `pay` records one value and forwards the payment; (b) `relay` does the same and pays (a) through one payable cross-contract call, as licensing pays royalties on a sale; (c) `mint`, a minimal PSP34 mint (owner, balance, `Transfer` event). No checks, no administration, no events beyond those PSP34 requires: the least a contract purchase or mint can cost on this node.",
    "",
    "| floor | ref_time | proof_size | Wasm bytes |", "|---|---:|---:|---:|",
    "| (a) pay and forward | \($r.floors.a.ref_time | commas) | \($r.floors.a.proof_size | commas) | \($r.floors.wasm_sizes.floor_pay | commas) |",
    "| (b) through a second contract | \($r.floors.b.ref_time | commas) | \($r.floors.b.proof_size | commas) | \($r.floors.wasm_sizes.floor_relay | commas) + \($r.floors.wasm_sizes.floor_pay | commas) |",
    "| (c) minimal PSP34 mint | \($r.floors.c.ref_time | commas) | \($r.floors.c.proof_size | commas) | \($r.floors.wasm_sizes.floor_mint | commas) |",
    "",
    "Every measured ModelMint message as a multiple of its floor ((b) for `buy`, `renew` and `infer`, which pay another contract; (a) for the other payable messages; (c) for the rest):",
    "",
    "| contract | message | case | floor | ref_time × | proof_size × |", "|---|---|---|---|---:|---:|",
    ($r.floors.ratios[] | "| \(.contract) | `\(.message)` | \(.case) | (\(.floor)) | \(.ref_time) | \(.proof_size) |"),
    "",
    "## Summary",
    "",
    "| figure | value | target | |",
    "|---|---:|---:|---|",
    "| `Royalties::deposit` ref_time, 32 recipients / 1 | \($r.deposit_scaling.ratio_32_over_1_text) | <= \($r.deposit_scaling.target_max) | \($r.deposit_scaling.meets_target | verdict) |",
    "| `buy` ref_time / `transfer_keep_alive` | \($r.transfer_baseline.buy_ratio) | <= \($r.transfer_baseline.target_max) | \($r.transfer_baseline.meets_target | verdict) |",
    (if $r.hashing then
      "| modelmint-hash `--threads 1` / sha256sum, one \($r.hashing.data_mib) MiB file | \($r.hashing.single_file.ratio) | >= \($r.hashing.single_file.target_min) | \($r.hashing.single_file.meets_target | verdict) |",
      "| modelmint-hash `--threads 2` / sha256sum, 4 shards | \($r.hashing.sharded_4_files.ratio) | >= \($r.hashing.sharded_4_files.target_min) | \($r.hashing.sharded_4_files.meets_target | verdict) |"
    else "| hashing | not run (`--skip-hash`) | | |" end),
    "",
    "## Optimized Wasm size",
    "",
    "`scripts/check-sizes.sh` fails when a contract grows more than 5 % over these figures.",
    "",
    "| contract | bytes | code hash |", "|---|---:|---|",
    ($r.wasm_sizes | to_entries[] | "| \(.key) | \(.value | commas) | `\($r.code_hashes[.key][0:18])…` |"),
    "",
    "## Messages",
    "",
    "Each state-changing message dry-run (`cargo contract call` without `-x`) right before it is submitted, in one scenario on a fresh `--dev` chain:",
    "Alice registers a model and offers 30-day licenses; Bob buys one and registers a fine-tune, splits it 70/30 with Dave and offers it;",
    "Charlie, approved by Alice, registers a distillation, buys and renews a license on the fine-tune and transfers it to Eve; payments, distribution and withdrawals follow.",
    "ref_time in picoseconds of reference hardware (10^12 = 1 s), proof_size in bytes; storage deposit in units (10^12 planck; negative = refund).",
    "",
    "| contract | message | case | signer | ref_time | proof_size | storage deposit |",
    "|---|---|---|---|---:|---:|---:|",
    ($r.messages[] | "| \(.contract) | `\(.message)` | \(.case) | \(.signer) | \(.ref_time | commas) | \(.proof_size | commas) | \(.storage_deposit | units) |"),
    "",
    "State-changing messages in the contract metadata but not measured in this run: " + ([$r.unmeasured_messages | to_entries[] | select(.value | length > 0) | "\(.key): " + (.value | map("`\(.)`") | join(", "))] | if length == 0 then "none." else join("; ") + "." end),
    "",
    "## Royalties::deposit against split size",
    "",
    "One fresh model per split size, owned by Alice; Ferdie deposits 1 unit (twice); `distribute` then apportions the pending 2 units.",
    "",
    "| recipients | `set_split` ref_time | `deposit` ref_time | `deposit` proof_size | second `deposit` ref_time | `distribute` ref_time |",
    "|---:|---:|---:|---:|---:|---:|",
    ([1, 8, 32][] as $n | "\($n) recipients" as $k |
      ($r.messages | map(select(.case == $k)) | INDEX(.message)) as $m |
      ($r.messages | map(select(.case == "\($k), second deposit")) | first) as $second |
      "| \($n) | \($m.set_split.ref_time | commas) | \($m["Royalties::deposit"].ref_time | commas) | \($m["Royalties::deposit"].proof_size | commas) | \($second.ref_time | commas) | \($m.distribute.ref_time | commas) |"),
    "",
    "deposit ref_time ratio 32 / 1: **\($r.deposit_scaling.ratio_32_over_1_text)** (target <= \($r.deposit_scaling.target_max)).",
    "",
    "## `withdraw` against split memberships",
    "",
    "Dave accepted the splits of 1, 8, 32 and 64 models (64 is the most an account may accept), each split of 32 recipients (the most a split may have: Dave and 31 others, 1/32 each), and 1 UNIT was deposited for each model; his `withdraw` computes his part of every one of them and writes only his own cells (one claim per split, and his owed balance), so its cost grows with his memberships, not with the other recipients. 64 × 32 is the worst case. Limits, from the runtime sources: contracts-node-runtime 0.42.0 gives normal transactions 75 % of a block of 2e12 ref_time (1.5e12); its parachain twin contracts-parachain-runtime 0.42.0 gives them 75 % of the relay chain 5 MiB proof budget (3.75 MiB).",
    "",
    "| memberships (32 recipients each) | `withdraw` ref_time | ref_time / 1.5e12 | proof_size | proof_size / 3.75 MiB | storage deposit |",
    "|---:|---:|---:|---:|---:|---:|",
    ($r.withdraw_scaling[] | "| \(.memberships) | \(.ref_time | commas) | \((.ref_time / 1.5e12 * 10000 | round) / 10000) | \(.proof_size | commas) | \((.proof_size / (3.75 * 1048576) * 1000 | round) / 1000) | \(.storage_deposit | num) |"),
    "",
    "## Against a plain balance transfer",
    "",
    "The transfer weight is the dispatch weight the node reports for `Balances::transfer_keep_alive` (runtime API `TransactionPaymentCallApi_query_call_info`); a contract message is its dry-run `gas_consumed`.",
    "A submitted contract call also pays the fixed weight of the `Contracts::call` extrinsic (queried the same way, with a zero gas limit).",
    "",
    "| | ref_time | proof_size | × transfer |", "|---|---:|---:|---:|",
    "| `Balances::transfer_keep_alive` | \($r.transfer_baseline.transfer_keep_alive.ref_time | commas) | \($r.transfer_baseline.transfer_keep_alive.proof_size | commas) | 1 |",
    "| `Contracts::call`, fixed part (no contract code run) | \($r.transfer_baseline.contracts_call_fixed.ref_time | commas) | \($r.transfer_baseline.contracts_call_fixed.proof_size | commas) | \($r.transfer_baseline.contracts_call_fixed_ratio) |",
    "| `buy`, original model (gas consumed) | \($r.transfer_baseline.buy_ref_time | commas) | | **\($r.transfer_baseline.buy_ratio)** |",
    "| `buy`, original model, whole extrinsic | \($r.transfer_baseline.buy_extrinsic_ref_time | commas) | | \($r.transfer_baseline.buy_extrinsic_ratio) |",
    "| `buy`, derivative with upstream share and split (gas consumed) | \($r.transfer_baseline.buy_derivative_ref_time | commas) | | \($r.transfer_baseline.buy_derivative_ratio) |",
    "",
    "Target: `buy` <= \($r.transfer_baseline.target_max) × transfer: \($r.transfer_baseline.meets_target | verdict).",
    "",
    "## Hashing throughput",
    "",
    (if $r.hashing then
      "Wall clock, best of \($r.hashing.runs) interleaved runs, page cache warm, random data; `\($r.hashing.sha256sum)` and `\($r.hashing.openssl)` (CPU SHA-NI: \($r.hashing.cpu_sha_ni)). Ratio = reference time / modelmint-hash time. sha256sum (coreutils) is plain C here; OpenSSL, like the `sha2` crate, uses the CPU SHA instructions, so the OpenSSL rows are the honest comparison: the same instruction set at the same thread count (two OpenSSL processes for two threads).",
      "",
      "| input | tool | ms | MiB/s | ratio | target |", "|---|---|---:|---:|---:|---:|",
      "| one \($r.hashing.data_mib) MiB file | sha256sum | \($r.hashing.single_file.sha256sum_ms) | \($r.hashing.single_file.sha256sum_mib_s) | | |",
      "| one \($r.hashing.data_mib) MiB file | openssl dgst -sha256 | \($r.hashing.single_file.openssl_ms) | \($r.hashing.single_file.openssl_mib_s) | | |",
      "| one \($r.hashing.data_mib) MiB file | modelmint-hash --threads 1 | \($r.hashing.single_file.modelmint_hash_threads1_ms) | \($r.hashing.single_file.modelmint_hash_mib_s) | **\($r.hashing.single_file.ratio)** vs sha256sum, **\($r.hashing.single_file.ratio_vs_openssl)** vs openssl | >= \($r.hashing.single_file.target_min) vs sha256sum |",
      "| 4 × \($r.hashing.data_mib / 4) MiB files | sha256sum | \($r.hashing.sharded_4_files.sha256sum_ms) | \($r.hashing.sharded_4_files.sha256sum_mib_s) | | |",
      "| 4 × \($r.hashing.data_mib / 4) MiB files | 2 × openssl dgst -sha256 (2 files each, in parallel) | \($r.hashing.sharded_4_files.openssl_2_processes_ms) | \($r.hashing.sharded_4_files.openssl_2_processes_mib_s) | | |",
      "| 4 × \($r.hashing.data_mib / 4) MiB files | modelmint-hash --threads 2 | \($r.hashing.sharded_4_files.modelmint_hash_threads2_ms) | \($r.hashing.sharded_4_files.modelmint_hash_threads2_mib_s) | **\($r.hashing.sharded_4_files.ratio)** vs sha256sum, **\($r.hashing.sharded_4_files.ratio_vs_openssl)** vs openssl | >= \($r.hashing.sharded_4_files.target_min) vs sha256sum |",
      "| 4 × \($r.hashing.data_mib / 4) MiB files | modelmint-hash --threads 1 | \($r.hashing.sharded_4_files.modelmint_hash_threads1_ms) | \($r.hashing.sharded_4_files.modelmint_hash_threads1_mib_s) | | |",
      "",
      "`--threads 2` over `--threads 1` on the same 4 files: \($r.hashing.sharded_4_files.threads2_speedup_over_threads1)× (2 cores; load average \($r.hashing.loadavg_after) after the runs: on a shared machine the second core is often busy, so this is a lower bound)."
    else "Not run (`--skip-hash`)." end),
    "",
    "### In the browser (the web app)",
    "",
    (if $r.browser_hashing then
      "Measured by the web app'"'"'s browser tests (`npm run test:browser`, run by `scripts/ui-test.sh`) at \($r.browser_hashing.measured_at): \($r.browser_hashing.hasher), in \($r.browser_hashing.browser) headless, \($r.browser_hashing.cores) cores; every file'"'"'s SHA-256 checked against Node'"'"'s.",
      "",
      "| input | files | MiB | seconds | MiB/s |", "|---|---:|---:|---:|---:|",
      ($r.browser_hashing.runs[] | "| \(.source) | \(.files) | \(.files * .mib_per_file) | \(.seconds) | \(.mib_per_second) |")
    else "Not measured in this checkout yet (`ui/test-results/hash-throughput.json` is written by `scripts/ui-test.sh`)." end),
    "",
    "## Reproduce",
    "",
    "```sh",
    "nice -n 10 scripts/bench.sh            # full run: node on 127.0.0.1:9966 (MODELMINT_BENCH_PORT), ~\($r.duration_s / 60 | ceil) min here",
    "scripts/bench.sh --quick               # 64 MiB hashing, one run; writes benchmarks/quick.json only",
    "scripts/check-sizes.sh                 # size regression check against benchmarks/latest.json",
    "```"
  ' "$OUT_JSON"
}

if ! $QUICK; then
  render_markdown >"$OUT_MD"
  ok "table in ${OUT_MD#"$MODELMINT_ROOT"/}"
fi

cat <<SUMMARY

ModelMint benchmark summary ($(jq -r '.date' "$OUT_JSON"))
  Wasm sizes        $(jq -r '.wasm_sizes | to_entries | map("\(.key) \(.value)") | join(", ")' "$OUT_JSON") bytes
  deposit 32/1      $DEPOSIT_RATIO (target <= $TARGET_DEPOSIT_32_OVER_1)
  buy / transfer    $BUY_RATIO (target <= $TARGET_BUY_OVER_TRANSFER); whole extrinsic $BUY_EXTRINSIC_RATIO; Contracts::call alone $CALL_BASE_RATIO
SUMMARY
if [ "$HASHING" != null ]; then
  printf '  hash 1 file      %s (target >= %s)\n  hash 4 shards    %s (target >= %s); --threads 2 / --threads 1: %s\n' \
    "$(jq -r '.single_file.ratio' <<<"$HASHING")" "$TARGET_HASH_SINGLE" \
    "$(jq -r '.sharded_4_files.ratio' <<<"$HASHING")" "$TARGET_HASH_SHARDED" \
    "$(jq -r '.sharded_4_files.threads2_speedup_over_threads1' <<<"$HASHING")"
fi

missed=$(jq -r '[.deposit_scaling, .transfer_baseline, .hashing.single_file?, .hashing.sharded_4_files?]
  | map(select(. != null and .meets_target == false)) | length' "$OUT_JSON")
if [ "$missed" -gt 0 ]; then
  say "$missed figure(s) miss their target (see above)"
  $STRICT && exit 1
fi
ok "benchmark finished in $((SECONDS - START)) s"
