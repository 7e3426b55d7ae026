#!/usr/bin/env bash
# `modelmint verify` on a fresh local node, end to end: a deployment made by
# scripts/deploy.sh records the commit and toolchain it was built from and
# verifies (every contract and the market's desk run the code this checkout
# builds, exit 0); then a gateway instantiated by hand from other code (the
# gateway's Wasm with one custom section appended: the same behaviour, other
# bytes, as any rebuilt or tampered contract) is reported as different, with
# both code hashes, by manifest and by address (exit 4), and an address with
# no contract as missing. scripts/test.sh runs it.
#
# Usage: scripts/check-verify.sh   # node on 127.0.0.1:$MODELMINT_VERIFY_PORT (default 9989)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"
use_contract_toolchain
cd "$MODELMINT_ROOT"

PORT="${MODELMINT_VERIFY_PORT:-9989}"
URL="ws://127.0.0.1:$PORT"
MANIFEST="$MODELMINT_ROOT/deployments/verify-check.json"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-verify.XXXXXX")
cleanup() {
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

build_modelmint
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart
"$MODELMINT_ROOT/scripts/deploy.sh" --url "$URL" --network verify-check --redeploy --no-timelock

# verify EXPECTED_EXIT ARGS...: runs `modelmint --json verify --no-build ARGS`
# (deploy.sh has just built), checks its exit code, prints the report for
# people, and leaves the JSON report in $report.
verify() {
  local expected="$1" code=0
  shift
  report=$(modelmint --url "$URL" --json verify --no-build "$@") || code=$?
  [ "$code" = "$expected" ] || die "modelmint verify $* exited with $code, not $expected: $report"
  modelmint --url "$URL" verify --no-build "$@" || true
}

say "the manifest records the commit and the toolchain"
commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then dirty=true; else dirty=false; fi
jq -e --arg commit "$commit" --argjson dirty "$dirty" '
    .source == {commit: $commit, dirty: $dirty}
    and (.versions.rustc | startswith("rustc 1.85."))
    and .versions["cargo-contract"] == "5.0.3" and .versions.ink == "5.1.1"' "$MANIFEST" >/dev/null ||
  die "$MANIFEST does not record commit $commit (dirty: $dirty) and the toolchain: $(jq -c '{source, versions}' "$MANIFEST")"
ok "commit $commit (dirty: $dirty), $(jq -r '.versions.rustc' "$MANIFEST")"

say "a fresh deployment verifies"
verify 0 --deployment "$MANIFEST"
jq -e --arg commit "$commit" '.verified and .build.commit == $commit
    and ([.contracts[] | select(.verdict == "verified") | .contract] == ["registry", "market_desk", "market", "gateway"])' \
  <<<"$report" >/dev/null || die "the fresh deployment did not verify: $report"
for name in registry market_desk market gateway; do
  [ "$(jq -r --arg n "$name" '.contracts[] | select(.contract == $n) | .on_chain' <<<"$report")" = \
    "$(jq -r --arg n "$name" '.contracts[$n].code_hash' "$MANIFEST")" ] ||
    die "verify read another code hash for $name than the deployment recorded"
done

say "a gateway instantiated by hand from other code is different"
built=$(jq -r '.contracts.gateway.code_hash' "$MANIFEST")
market=$(jq -r '.contracts.market.address' "$MANIFEST")
registry=$(jq -r '.contracts.registry.address' "$MANIFEST")
artifact="$CARGO_TARGET_DIR/ink/modelmint_gateway"
# A custom section (id 0, 47 bytes: a 20-byte name and a 26-byte payload):
# pallet-contracts runs the code as before, but its hash is another.
cp "$artifact/modelmint_gateway.wasm" "$WORK/other.wasm"
printf '\x00\x2f\x14%s%s' modelmint-other-code "not built from this source" >>"$WORK/other.wasm"
other_hash="0x$(b2sum -l 256 "$WORK/other.wasm" | cut -d' ' -f1)"
[ "$other_hash" != "$built" ] || die "the other code has the gateway's hash"
jq --arg wasm "0x$(od -An -v -tx1 "$WORK/other.wasm" | tr -d ' \n')" --arg hash "$other_hash" \
  '.source.wasm = $wasm | .source.hash = $hash' "$artifact/modelmint_gateway.contract" >"$WORK/other.contract"
other=$(cargo contract instantiate --suri //Alice --url "$URL" --constructor new --args "$market" Disabled 604800000 \
  -x -y --output-json "$WORK/other.contract" | jq -er '.contract') || die "cannot instantiate the other gateway"
ok "other code $other_hash at $other"
jq --arg other "$other" '.contracts.gateway.address = $other' "$MANIFEST" >"$WORK/other-deployment.json"
verify 4 --deployment "$WORK/other-deployment.json"
jq -e --arg other "$other" --arg hash "$other_hash" --arg built "$built" '(.verified | not)
    and ([.contracts[] | select(.verdict == "verified") | .contract] == ["registry", "market_desk", "market"])
    and (.contracts[] | select(.contract == "gateway")
         | .verdict == "different" and .address == $other and .on_chain == $hash and .built == $built)' \
  <<<"$report" >/dev/null || die "the other gateway was not reported as different with both hashes: $report"

say "by address: the other code is none of the contracts; the registry and the market (with its desk) verify"
verify 4 "$other" "$registry"
jq -e --arg hash "$other_hash" '(.verified | not) and .deployment == null
    and .contracts[0].contract == null and .contracts[0].verdict == "different" and .contracts[0].on_chain == $hash
    and .contracts[1].contract == "registry" and .contracts[1].verdict == "verified"' <<<"$report" >/dev/null ||
  die "verify by address did not tell the other code from the registry: $report"
verify 0 "$market"
jq -e '[.contracts[] | [.contract, .verdict]] == [["market", "verified"], ["market_desk", "verified"]]' \
  <<<"$report" >/dev/null || die "verify of the market's address did not check its desk: $report"
verify 4 "$(chain_account //Eve)"
jq -e '.contracts[0].verdict == "missing"' <<<"$report" >/dev/null ||
  die "an account without a contract was not reported as missing: $report"
ok "modelmint verify tells the deployed source from other code"
