#!/usr/bin/env bash
# The web app's tests (ui/), run by scripts/test.sh after the contracts are built:
#
#   bindings generated from the contracts' build artifacts -> TypeScript check ->
#   unit tests (manifest encoding vectors, error texts) -> production build ->
#   browser tests in Debian's Chromium without a chain (hashing in a Web Worker,
#   the test wallet, the node-down state, Register offline) -> the demo scenario
#   through the UI in Chromium on a fresh substrate-contracts-node (port
#   $MODELMINT_UI_TEST_PORT, default 9933), signed by a test wallet backed by the
#   dev keys, against the dist/ of `npm run build` (made after the deployment, which
#   it bundles) served by a plain static server (python3 -m http.server) from a
#   sub-path, as a publisher would host it. The chain suite includes the download
#   test: a real `modelmint serve` on loopback (the debug build of the command line,
#   built here) allowing the static server's origin, and the app downloading and
#   verifying a licensed model from it ->
#   the app against an index of that node
#   (`modelmint index --serve` on port $MODELMINT_UI_INDEX_PORT, default the node's port
#   + 10000, into a temporary SQLite file, started after the scenario so it backfills it):
#   Browse's search and a model's revenue chart, whose figures must equal the chain's.
#
# Screenshots and figures land in ui/test-results/.
# Usage: scripts/ui-test.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"
use_contract_toolchain
UI="$MODELMINT_ROOT/ui"
cd "$UI"

PORT="${MODELMINT_UI_TEST_PORT:-9933}"
INDEX_PORT="${MODELMINT_UI_INDEX_PORT:-$((PORT + 10000))}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-ui-test.XXXXXX")
INDEXER=""
cleanup() {
  local code=$?
  if [ -n "$INDEXER" ]; then kill "$INDEXER" 2>/dev/null || true; fi
  if [ "$code" != 0 ] && [ -s "$WORK/indexer.log" ]; then
    echo "the indexer's log:" >&2
    tail -20 "$WORK/indexer.log" >&2
  fi
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

stage "web app: bindings from the contracts' metadata" npm run --silent gen
stage "web app: TypeScript check" npm run --silent typecheck
stage "web app: unit tests" npm run --silent test:unit
stage "web app: production build" npm run --silent build
stage "web app: browser tests without a chain (Chromium)" npm run --silent test:browser

MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart
stage "web app: deploy for the browser scenario" "$MODELMINT_ROOT/scripts/deploy.sh" \
  --url "ws://127.0.0.1:$PORT" --network ui-test --redeploy --no-timelock --commit-window 1:1000
# deploy.sh builds the contracts again if they changed since the first stage: the app is
# generated again from what was deployed, so its verified-source check compares like with like.
stage "web app: bindings from the deployed build" npm run --silent gen
stage "web app: static build bundling the deployment" npm run --silent build
stage "web app: the modelmint command line (the download test registers, buys and serves with it)" build_modelmint
export MODELMINT_CLI
export MODELMINT_UI_NETWORK=ui-test MODELMINT_UI_NODE_URL="ws://127.0.0.1:$PORT" MODELMINT_UI_DIST="$UI/dist"
stage "web app: the demo scenario and a download from modelmint serve through the UI on the node (Chromium, dist/ from a static server)" npm run --silent test:chain

# The index: started once the scenario is on chain, so it backfills it from the first block.
start_indexer() {
  MODELMINT_URL="ws://127.0.0.1:$PORT" MODELMINT_DEPLOYMENT="$MODELMINT_ROOT/deployments/ui-test.json" \
    index_start "$WORK/index.sqlite" "$INDEX_PORT" "$WORK/indexer.log"
  INDEXER=$INDEX_PID
}
stage "web app: an index of the node (modelmint index --serve 127.0.0.1:$INDEX_PORT)" start_indexer
export MODELMINT_UI_INDEX_URL="http://127.0.0.1:$INDEX_PORT/"
stage "web app: Browse's search and a model's revenue chart through the index (Chromium)" npm run --silent test:index
ok "web app: screenshots in ui/test-results/screenshots/"
