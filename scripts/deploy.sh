#!/usr/bin/env bash
# Builds the ModelMint contracts, then deploys them with `modelmint deploy` to a
# chain with pallet-contracts and records them in deployments/<network>.json
# (addresses, code hashes, block, versions, settings).
#
# Usage: scripts/deploy.sh [--url ws://127.0.0.1:9944] [--suri //Alice]
#                          [--network NAME] [--redeploy]
#                          [--timelock-ms MS | --no-timelock] [--grace-ms MS]
#                          [--commit-window MIN:MAX]
#                          [--dispute-deposit AMOUNT] [--arbiter ADDRESS]
#
# Timelock: every contract's upgrades and rewiring wait MS milliseconds of
# block time after they are scheduled (default 172800000, 48 hours), so users
# can leave before a change they do not accept. --no-timelock (no delay) is for
# local dev chains and must be asked for by name. The delay is recorded.
# A scheduled action stays executable for --grace-ms once ready (default
# 604800000, 7 days), then must be scheduled again; the grace is recorded.
#
# Commit window: a registration reveals a commitment at least MIN and at most
# MAX blocks old (default 10:14400, one minute to one day of 6-second blocks).
# MIN must exceed the number of blocks one author can seal in a row, or that
# author could hold back a reveal and commit to the root first. The window is
# recorded.
#
# Disputes: raising one costs AMOUNT (smallest units, default 10 000 000 000 000,
# ten units of a 12-decimal token), held until the arbiter rules. The arbiter
# (in production a multisig or a DAO) is wired to the registry with the market;
# without --arbiter no dispute can be raised (NoArbiter) until the administrator
# wires one through the timelock. Both are recorded.
#
# Order and wiring: the market's desk (the code of the market's cold messages)
# is uploaded, never instantiated; then the registry; the market(registry, the
# desk's code hash), wired to the registry by its constructor; the example
# inference gateway(market); then the registry's one immediate `Admin::wire`
# names the market (it pushes every model change there in the same transaction)
# and the arbiter. The manifest records registry, market and gateway with
# address, code hash and Wasm size, and market_desk with its code hash and Wasm
# size only. The contracts hold each other's addresses, so a re-run reuses the
# deployment only if its settings are the same, every recorded address still
# runs exactly the code just built, the market still runs the desk just built,
# and the registry and gateway are still wired to that market; --redeploy
# instantiates anew.
# The network name defaults to "local" for a loopback URL and to the URL's host
# otherwise. The key (--suri) pays the deposits: use a funded account.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$MODELMINT_ROOT/scripts/lib/chain.sh"
use_contract_toolchain

URL="ws://127.0.0.1:9944"
SURI="//Alice"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --suri) SURI="$2"; shift 2 ;;
    --network|--timelock-ms|--grace-ms|--commit-window|--dispute-deposit|--arbiter) args+=("$1" "$2"); shift 2 ;;
    --redeploy|--no-timelock) args+=("$1"); shift ;;
    *) die "usage: scripts/deploy.sh [--url URL] [--suri SURI] [--network NAME] [--redeploy] [--timelock-ms MS | --no-timelock] [--grace-ms MS] [--commit-window MIN:MAX] [--dispute-deposit AMOUNT] [--arbiter ADDRESS]" ;;
  esac
done

chain_reachable "$URL" || die "no chain answers at $URL: start one (scripts/node.sh start) or pass --url"
"$MODELMINT_ROOT/scripts/build.sh" >/dev/null
build_modelmint
# deployments/<network>.json is relative to the repository.
cd "$MODELMINT_ROOT"
MODELMINT_SURI="$SURI" modelmint --url "$URL" deploy --artifacts "$CARGO_TARGET_DIR/ink" "${args[@]}"
