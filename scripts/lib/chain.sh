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
