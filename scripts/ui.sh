#!/usr/bin/env bash
# Starts the ModelMint web app (ui/) on http://127.0.0.1:5173.
#
# Without options: provisions the machine if needed, starts a local dev node
# (scripts/node.sh, ws://127.0.0.1:9944), deploys the contracts to it as
# network "local" when deployments/local.json does not match it (no timelock,
# a one-block commit window: a dev chain seals a block per transaction), then
# generates the app's contract bindings and serves the app. Open the printed
# address in a browser with a polkadot{.js}, Talisman or SubWallet extension
# holding a dev account (docs/web-app.md).
#
# With --network NAME [--url URL]: serves the app for an existing deployment
# deployments/NAME.json (written by scripts/deploy.sh on that chain), node URL
# from the deployment unless --url says otherwise; nothing is started or
# deployed.
#
# With --static: builds the app (npm run build: ui/dist/, every deployments/*.json
# bundled) and serves ui/dist/ with a plain static server (python3 -m http.server)
# on http://127.0.0.1:4173 (--port to change), as any static host or IPFS gateway
# would: the same files run from any folder of any server.
#
# Usage: scripts/ui.sh [--network NAME] [--url URL] [--static [--port PORT]]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

NETWORK=""
URL=""
STATIC=""
PORT=4173
while [ $# -gt 0 ]; do
  case "$1" in
    --network) NETWORK="$2"; shift 2 ;;
    --url) URL="$2"; shift 2 ;;
    --static) STATIC=1; shift ;;
    --port) PORT="$2"; shift 2 ;;
    *) die "usage: scripts/ui.sh [--network NAME] [--url URL] [--static [--port PORT]]" ;;
  esac
done

"$MODELMINT_ROOT/scripts/setup.sh"
use_contract_toolchain
if [ -z "$NETWORK" ]; then
  NETWORK=local
  URL="${URL:-ws://127.0.0.1:9944}"
  MODELMINT_NODE_PORT="${URL##*:}" "$MODELMINT_ROOT/scripts/node.sh" start
  # deploy.sh reuses a deployment whose code and settings are unchanged.
  "$MODELMINT_ROOT/scripts/deploy.sh" --url "$URL" --network local --no-timelock --commit-window 1:1000
else
  [ -f "$MODELMINT_ROOT/deployments/$NETWORK.json" ] ||
    die "deployments/$NETWORK.json does not exist: deploy first (scripts/deploy.sh --url URL --network $NETWORK)"
  # The app speaks the market's ABI: a manifest of the licensing and royalties
  # contracts it replaced (no market, no desk code) cannot be served.
  jq -e '.contracts.market.address and .contracts.market_desk.code_hash' \
    "$MODELMINT_ROOT/deployments/$NETWORK.json" >/dev/null ||
    die "deployments/$NETWORK.json records no market (and its desk): it predates the market contract; deploy again (scripts/deploy.sh --url URL --network $NETWORK --redeploy)"
  "$MODELMINT_ROOT/scripts/build.sh" >/dev/null
fi
cd "$MODELMINT_ROOT/ui"
npm run --silent gen
query="?network=$NETWORK${URL:+&url=$URL}"
if [ -n "$STATIC" ]; then
  npm run --silent build
  ok "the web app, built in ui/dist/ (copy that folder to any static host): http://127.0.0.1:$PORT/$query#/connect (Ctrl-C stops it)"
  exec python3 -m http.server --bind 127.0.0.1 --directory "$MODELMINT_ROOT/ui/dist" "$PORT"
fi
ok "the web app: http://127.0.0.1:5173/$query (Ctrl-C stops it)"
exec npx vite --host 127.0.0.1 --port 5173 --strictPort
