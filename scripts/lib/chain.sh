# Talking to a chain from the scripts: is a node there (RPC over HTTP with
# curl), and the dev accounts' addresses. Everything else goes through the
# `modelmint` command line (deploy, demo, the CLI session) and the benchmark
# runner (tools/bench), which call the contracts through their own Rust types.
# Source after lib/common.sh.

# The HTTP form of a ws:// or wss:// RPC URL (Substrate serves both on one port).
rpc_http_url() {
  sed -E 's#^ws://#http://#; s#^wss://#https://#' <<<"$1"
}

# rpc URL METHOD [PARAMS_JSON]: prints the JSON result of one RPC call.
rpc() {
  local body
  body=$(jq -cn --arg m "$2" --argjson p "${3:-[]}" '{id: 1, jsonrpc: "2.0", method: $m, params: $p}')
  curl -sf -m 10 -H 'Content-Type: application/json' -d "$body" "$(rpc_http_url "$1")" |
    jq -ce '.result'
}

chain_reachable() {
  rpc "$1" system_health >/dev/null 2>&1
}

# The SS58 address of a dev keyring account (//Alice ... //Ferdie), the accounts
# substrate-contracts-node --dev endows.
chain_account() {
  case "$1" in
    //Alice) echo 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY ;;
    //Bob) echo 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty ;;
    //Charlie) echo 5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y ;;
    //Dave) echo 5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy ;;
    //Eve) echo 5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw ;;
    //Ferdie) echo 5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL ;;
    *) die "no dev address known for $1" ;;
  esac
}

# fresh_dev_deployment PORT NETWORK: a fresh dev node on PORT with every
# contract deployed as NETWORK (deployments/NETWORK.json) for a dev chain: no
# timelock, and a commit window of 1 to 1000 blocks (a dev chain seals a block
# per transaction). Builds the command line first.
fresh_dev_deployment() {
  stage "build the modelmint command line" build_modelmint
  MODELMINT_NODE_PORT="$1" "$MODELMINT_ROOT/scripts/node.sh" restart
  stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "ws://127.0.0.1:$1" --network "$2" --redeploy \
    --no-timelock --commit-window 1:1000
}

# --- the indexer (modelmint index) -------------------------------------------

# index_status API_URL: the index API's /status JSON, or {} while it does not answer.
index_status() { curl -sf -m 2 "$1/status" 2>/dev/null || echo '{}'; }

# index_start DATABASE API_PORT LOG [OPTION...]: starts `modelmint index` in the
# background on a SQLite DATABASE with its API on 127.0.0.1:API_PORT, appending
# to LOG; returns once the API answers. Its pid is in INDEX_PID.
index_start() {
  local database="$1" port="$2" log="$3" tries=0
  shift 3
  # The binary itself (not a shell function), so that $! is its pid.
  "$MODELMINT_CLI" index --database "$database" --serve "127.0.0.1:$port" "$@" >>"$log" 2>&1 &
  INDEX_PID=$!
  until [ "$(index_status "http://127.0.0.1:$port" | jq -r '.database // empty')" = sqlite ]; do
    kill -0 "$INDEX_PID" 2>/dev/null || die "the indexer stopped: $(tail -5 "$log")"
    tries=$((tries + 1))
    [ "$tries" -lt 200 ] || die "the index API did not answer on 127.0.0.1:$port"
    sleep 0.05
  done
}

# index_wait API_URL BLOCK: waits until the index has indexed BLOCK.
index_wait() {
  local tries=0
  until [ "$(index_status "$1" | jq -r '.indexed // 0')" -ge "$2" ]; do
    tries=$((tries + 1))
    [ "$tries" -lt 600 ] || die "the index did not reach block $2 in 60 s (status: $(index_status "$1"))"
    sleep 0.1
  done
}

# chain_settled_block URL: the block the chain has finalized once it caught up
# with its best block (the dev node finalizes each block it seals).
chain_settled_block() {
  local best finalized tries=0
  while :; do
    best=$(rpc "$1" chain_getHeader | jq -r '.number')
    finalized=$(rpc "$1" chain_getHeader "[$(rpc "$1" chain_getFinalizedHead)]" | jq -r '.number')
    [ "$best" = "$finalized" ] && break
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || die "the node does not finalize its best block $best (finalized: $finalized)"
    sleep 0.2
  done
  echo $((finalized))
}
