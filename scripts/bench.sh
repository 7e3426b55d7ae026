#!/usr/bin/env bash
# Benchmarks ModelMint and records the figures in benchmarks/latest.json and
# BENCHMARKS.md:
#
#   1. the optimized Wasm size of every contract (release build, cargo-contract):
#      the registry, the market, the market's desk and the gateway;
#   2. the weight (ref_time, proof_size), storage deposit and extrinsic length
#      of every state-changing message of the registry, the market and the
#      gateway, each dry-run right before it is submitted, in a realistic
#      scenario on a fresh local substrate-contracts-node --dev, against the
#      floors (benchmarks/floors) measured on the same node, and the targets
#      of issue 29: license purchases per block in a parachain's proof share,
#      buy and renew against floor (b), a token transfer with its push
#      against floor (c), the market's size;
#   3. Royalties::deposit (and set_split, distribute) with 1, 8 and 32 split
#      recipients, and the deposit ratio 32/1 (target <= 1.1);
#   4. the weight of a plain Balances::transfer_keep_alive, from the node's
#      TransactionPaymentCallApi, and `buy` as a multiple of it (target <= 3);
#   5. hashing throughput: modelmint-hash --threads 1 vs sha256sum (and vs
#      OpenSSL, which uses the CPU's SHA instructions as sha2 does) on one 1 GiB
#      file (target >= 0.9), and --threads 2 vs sha256sum on a sharded model of
#      4 x 256 MiB (target >= 1.7); wall clock, best of 3.
#
# This script builds the contracts (scripts/build.sh, in a target directory of
# its own: $MODELMINT_BENCH_TARGET, default $MODELMINT_CACHE/bench/target),
# starts the node, deploys them (`modelmint deploy`, as scripts/deploy.sh
# does), builds the floors (benchmarks/floors) and measures hashing;
# everything on the chain (2 to 4), the report and BENCHMARKS.md are the
# benchmark runner's (tools/bench, `modelmint-bench`), which calls the
# contracts through their own Rust types.
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

# Hashing targets (see the header; the chain's are the runner's).
TARGET_HASH_SINGLE=0.9
TARGET_HASH_SHARDED=1.7

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

# ratio A B [SCALE]: A / B as a decimal with a leading zero.
ratio() { echo "scale=${3:-3}; $1 / $2" | bc | sed -E 's/^(-?)\./\10./'; }
# meets VALUE OP TARGET: "true" if VALUE OP TARGET (OP is <= or >=).
meets() { [ "$(echo "$1 $2 $3" | bc)" = 1 ] && echo true || echo false; }

# The benchmark runner (tools/bench), a debug build like the command line's:
# it shares its dependencies' build (ink_e2e, subxt) with the e2e suite.
BENCH_RUNNER="$CARGO_TARGET_DIR/debug/modelmint-bench"
# The contracts and the floors are built in a target directory of the
# benchmark's own ($MODELMINT_BENCH_TARGET): cargo-contract writes each
# crate's artifacts in place under <target>/ink, where other builds on the
# machine (ink_e2e's debug builds of the same crates, a concurrent
# scripts/build.sh) would replace them between the deployment and the
# measurements. A run measures, and reports the size of, the code it deployed.
BENCH_TARGET="${MODELMINT_BENCH_TARGET:-$MODELMINT_CACHE/bench/target}"
ARTIFACTS="$BENCH_TARGET/ink"

# --- chain: node, deployment, floors ----------------------------------------------

declare -A FLOOR_BUNDLE
chain_setup() {
  if chain_reachable "$URL"; then
    die "something already answers on $URL: the benchmark needs a fresh chain of its own (set MODELMINT_BENCH_PORT)"
  fi
  stage "build the benchmark runner" cargo build -q --locked -p modelmint-bench
  stage "build the command line" build_modelmint
  stage "build the contracts" env CARGO_TARGET_DIR="$BENCH_TARGET" "$MODELMINT_ROOT/scripts/build.sh"
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" start
  NODE_STARTED=true

  # The same deployment a user gets (what scripts/deploy.sh runs after its
  # build: `modelmint deploy` uploads the market's desk code, instantiates the
  # registry, the market with the desk's hash, and the gateway, and wires the
  # registry to the market); the runner reads addresses and sizes back from
  # the manifest. Ferdie is the arbiter of disputes.
  local arbiter
  arbiter=$(chain_account //Ferdie)
  stage "deploy" env MODELMINT_SURI=//Alice "$MODELMINT_CLI" --url "$URL" deploy --artifacts "$ARTIFACTS" \
    --network bench --redeploy --no-timelock --commit-window 1:1000 --arbiter "$arbiter"

  # Floors: fixture contracts (benchmarks/floors/) that do the least a contract
  # purchase or mint must do; the runner measures them on the same node.
  say "building the floors: (a) pay and forward, (b) the same through a second contract, (c) a minimal PSP34 mint"
  local c out
  for c in pay relay mint; do
    out=$(CARGO_TARGET_DIR="$BENCH_TARGET" cargo contract build --release \
      --manifest-path "$MODELMINT_ROOT/benchmarks/floors/$c/Cargo.toml" --output-json) ||
      die "cargo contract build failed for benchmarks/floors/$c"
    FLOOR_BUNDLE[$c]=$(jq -er '.metadata_result.dest_bundle' <<<"$out") || die "unexpected cargo-contract output: $out"
  done
}

# --- hashing ---------------------------------------------------------------------------

# Measures hashing and writes the figures to $WORK/hashing.json for the runner's
# report.
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
  jq -n --argjson mib "$HASH_MIB" --argjson runs "$HASH_RUNS" \
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
    }' >"$WORK/hashing.json"
  ok "single file: modelmint-hash/sha256sum = $single (target >= $TARGET_HASH_SINGLE), /openssl = $openssl_single; 4 shards, --threads 2: $sharded (target >= $TARGET_HASH_SHARDED), /2 openssl processes = $openssl_sharded"
}

# --- run ---------------------------------------------------------------------------------

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$SECONDS
START_EPOCH=$(date +%s)
chain_setup
$HASH && hashing_benchmarks

# Everything on the chain, then the report (and BENCHMARKS.md unless --quick).
runner_args=(
  --url "$URL" --deployment "$MODELMINT_ROOT/deployments/bench.json" --artifacts "$ARTIFACTS"
  --floor-pay "${FLOOR_BUNDLE[pay]}" --floor-relay "${FLOOR_BUNDLE[relay]}" --floor-mint "${FLOOR_BUNDLE[mint]}"
  --out "$OUT_JSON" --started-at "$START_EPOCH" --load-at-start "$LOAD_BEFORE"
  # The latest scripts/test.sh and scripts/setup.sh timings kept on this machine.
  --timings "$MODELMINT_CACHE/timings"
  # Every weight is the runtime's: the same runtime code (blake2-256 of the
  # chain's `:code`) gives the same figures, however the node was built.
  --runtime-code-hash "$(rpc "$URL" state_getStorageHash '["0x3a636f6465"]' | jq -r .)"
  # The web app's in-browser hashing figures, written by its browser tests
  # (scripts/ui-test.sh, run by scripts/test.sh) in this checkout.
  --browser-hashing "$MODELMINT_ROOT/ui/test-results/hash-throughput.json"
)
$QUICK && runner_args+=(--quick)
$QUICK || runner_args+=(--markdown "$OUT_MD")
$HASH && runner_args+=(--hashing "$WORK/hashing.json")
"$BENCH_RUNNER" "${runner_args[@]}" || die "the benchmark runner failed"

# The targets table (the deposit's scaling among its rows), the transfer
# baseline and hashing.
missed=$(jq -r '([.transfer_baseline, .hashing.single_file?, .hashing.sharded_4_files?]
  | map(select(. != null and .meets_target == false)) | length)
  + ([.targets.rows[] | select(.value != null and .met == false)] | length)' "$OUT_JSON")
if [ "$missed" -gt 0 ]; then
  say "$missed figure(s) miss their target (see above)"
  $STRICT && exit 1
fi
ok "benchmark finished in $((SECONDS - START)) s"
