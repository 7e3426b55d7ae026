#!/usr/bin/env bash
# Size regression check: compares each contract's optimized Wasm size with the
# figure scripts/bench.sh recorded in benchmarks/latest.json, prints the
# comparison, and fails if any contract grew more than 5 % (or a contract has no
# recorded size yet and --require-baseline is given).
#
# Usage: scripts/check-sizes.sh [--no-build] [--baseline FILE] [--tolerance PCT] [--require-baseline]
#   --no-build    read $CARGO_TARGET_DIR/ink/build-summary.json as the last
#                 scripts/build.sh left it instead of building first
#   --baseline    another recorded run (default benchmarks/latest.json)
#   --tolerance   allowed growth in percent (default 5)
#
# Shrinking never fails; record smaller sizes by re-running scripts/bench.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
use_contract_toolchain

BUILD=true
BASELINE="$MODELMINT_ROOT/benchmarks/latest.json"
TOLERANCE=5
REQUIRE_BASELINE=false
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=false; shift ;;
    --baseline) BASELINE="$2"; shift 2 ;;
    --tolerance) TOLERANCE="$2"; shift 2 ;;
    --require-baseline) REQUIRE_BASELINE=true; shift ;;
    *) die "usage: scripts/check-sizes.sh [--no-build] [--baseline FILE] [--tolerance PCT] [--require-baseline]" ;;
  esac
done
[[ "$TOLERANCE" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--tolerance takes a number of percent, not '$TOLERANCE'"
[ -f "$BASELINE" ] || die "no recorded sizes in $BASELINE: run scripts/bench.sh first"
jq -e '.wasm_sizes | type == "object"' "$BASELINE" >/dev/null 2>&1 ||
  die "$BASELINE has no wasm_sizes object (not written by scripts/bench.sh?)"

SUMMARY="$CARGO_TARGET_DIR/ink/build-summary.json"
if $BUILD; then
  "$MODELMINT_ROOT/scripts/build.sh" >/dev/null || die "scripts/build.sh failed"
fi
[ -f "$SUMMARY" ] || die "no build summary at $SUMMARY: run scripts/build.sh (or drop --no-build)"

say "optimized Wasm sizes against $(jq -r '"\(.date), commit \(.git.commit[0:12])"' "$BASELINE") (limit +$TOLERANCE %)"
printf '  %-12s %10s %10s %9s  %s\n' contract recorded now change verdict
failed=0
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  now=$(jq -r --arg c "$contract" '.[] | select(.contract == $c) | .wasm_bytes' "$SUMMARY")
  [ -n "$now" ] || die "$contract is missing from $SUMMARY: run scripts/build.sh"
  # The report names contracts as the deployment manifest does (market_desk
  # for contracts/market-desk).
  recorded=$(jq -r --arg c "${contract//-/_}" '.wasm_sizes[$c] // empty' "$BASELINE")
  if [ -z "$recorded" ]; then
    if $REQUIRE_BASELINE; then
      verdict="FAIL: no recorded size"
      failed=$((failed + 1))
    else
      verdict="new (no recorded size; run scripts/bench.sh)"
    fi
    printf '  %-12s %10s %10s %9s  %s\n' "$contract" - "$now" - "$verdict"
    continue
  fi
  change=$(echo "scale=2; ($now - $recorded) * 100 / $recorded" | bc | sed -E 's/^(-?)\./\10./')
  if [ "$(echo "$now * 100 > $recorded * (100 + $TOLERANCE)" | bc)" = 1 ]; then
    verdict="FAIL: grew more than $TOLERANCE %"
    failed=$((failed + 1))
  else
    verdict="ok"
  fi
  printf '  %-12s %10s %10s %8s%%  %s\n' "$contract" "$recorded" "$now" "$change" "$verdict"
done

if [ "$failed" -gt 0 ]; then
  die "$failed contract(s) failed the size check: shrink them, or re-record with scripts/bench.sh if the change is intended"
fi
ok "every contract within +$TOLERANCE % of its recorded size"
