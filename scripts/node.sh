#!/usr/bin/env bash
# Starts, stops and reports on a local development chain:
# substrate-contracts-node --dev (instant seal, temporary state, Alice..Ferdie
# endowed) with RPC on 127.0.0.1:$MODELMINT_NODE_PORT (default 9944).
#
# Usage: scripts/node.sh start     # no-op if a node already answers on the port
#        scripts/node.sh stop      # stops the node this script started
#        scripts/node.sh status
#        scripts/node.sh restart   # fresh chain state
#
# The log goes to $MODELMINT_CACHE/node/node-$PORT.log. Nodes on other ports
# run beside it (the p2p port is left to the system).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PORT="${MODELMINT_NODE_PORT:-9944}"
NODE_DIR="$MODELMINT_CACHE/node"
PID_FILE="$NODE_DIR/node-$PORT.pid"
LOG_FILE="$NODE_DIR/node-$PORT.log"
START_TIMEOUT_S=60

rpc_answers() {
  curl -sf -m 2 -H 'Content-Type: application/json' \
    -d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
    "http://127.0.0.1:$PORT" >/dev/null 2>&1
}

our_pid() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"
}

start() {
  if rpc_answers; then
    ok "a node already answers on 127.0.0.1:$PORT"
    return
  fi
  command -v substrate-contracts-node >/dev/null ||
    die "substrate-contracts-node is not installed: run scripts/setup.sh"
  mkdir -p "$NODE_DIR"
  say "starting substrate-contracts-node --dev on 127.0.0.1:$PORT (log: $LOG_FILE)"
  nohup substrate-contracts-node --dev --rpc-port "$PORT" --port 0 --rpc-cors all \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local waited=0
  until rpc_answers; do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2
      die "the node exited during start-up (log above, full log in $LOG_FILE)"
    fi
    [ "$waited" -lt "$START_TIMEOUT_S" ] || die "the node did not answer RPC within $START_TIMEOUT_S s (log: $LOG_FILE)"
    sleep 1
    waited=$((waited + 1))
  done
  ok "node answers on ws://127.0.0.1:$PORT (pid $(cat "$PID_FILE"))"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    if rpc_answers; then
      say "a node answers on port $PORT but was not started by this script; leaving it running"
    else
      ok "no node running on port $PORT"
    fi
    return
  fi
  kill "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    [ "$waited" -lt 30 ] || kill -9 "$pid"
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  ok "node stopped (pid $pid)"
}

status() {
  if rpc_answers; then
    ok "node answers on ws://127.0.0.1:$PORT"
  else
    say "no node answers on port $PORT"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart)
    stop
    start
    ;;
  *) die "usage: scripts/node.sh start|stop|status|restart" ;;
esac
