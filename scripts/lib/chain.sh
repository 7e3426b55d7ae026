# Talking to a chain from the scripts: RPC over HTTP with curl, and contract
# calls through cargo-contract (`--output-json`), with the chain's refusals
# turned into plain words. Source after lib/common.sh.

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

chain_block_number() {
  local hex
  hex=$(rpc "$1" chain_getHeader | jq -r '.number')
  echo $((hex))
}

# Explains cargo-contract's error output in plain words, then echoes it.
explain_chain_error() {
  local output="$1"
  case "$output" in
    *InsufficientBalance*|*"Inability to pay some fees"*|*StorageDepositNotEnoughFunds*|*StorageDepositLimitExhausted*)
      echo "the signing account cannot pay the fees or storage deposit: fund it or use another --suri" >&2 ;;
    *CodeRejected*|*CodeTooLarge*|*"bulk memory"*)
      echo "the chain rejected the contract code (too large, or built with features this chain does not support)" >&2 ;;
    *"Connection refused"*|*"error trying to connect"*|*"Rpc error"*)
      echo "could not reach the chain's RPC endpoint: check --url" >&2 ;;
    *ContractReverted*)
      echo "the contract refused the call (its typed error is in the dry-run output below)" >&2 ;;
  esac
  printf '%s\n' "$output" >&2
}

# chain_instantiate URL SURI BUNDLE CONSTRUCTOR [ARG...]: instantiates the
# contract in BUNDLE (uploading its code if the chain lacks it) and prints the
# new contract's address. A fresh salt keeps repeated deployments distinct.
chain_instantiate() {
  local url="$1" suri="$2" bundle="$3" constructor="$4" output
  shift 4
  local args=()
  [ $# -gt 0 ] && args=(--args "$@")
  if ! output=$(cargo contract instantiate "$bundle" --constructor "$constructor" "${args[@]}" \
    --suri "$suri" --url "$url" --salt "$(printf '0x%016x' "$(date +%s%N)")" -x -y --output-json 2>&1); then
    explain_chain_error "$output"
    return 1
  fi
  jq -er '.contract' <<<"$(sed -n '/^{/,$p' <<<"$output")"
}

# chain_code_hash_of URL ADDRESS BUNDLE: the code hash the contract at ADDRESS
# runs, or nothing if there is no contract there.
chain_code_hash_of() {
  local output
  output=$(cargo contract info --contract "$2" --url "$1" --output-json 2>/dev/null) || return 0
  jq -r '.code_hash // empty' <<<"$output"
}

# chain_call URL SURI BUNDLE ADDRESS MESSAGE [ARG...]: submits a call and prints
# cargo-contract's JSON (events included). Fails, with the contract's typed
# error explained, if the call would revert.
chain_call() {
  local url="$1" suri="$2" bundle="$3" address="$4" message="$5" output
  shift 5
  local args=()
  [ $# -gt 0 ] && args=(--args "$@")
  if ! output=$(cargo contract call "$bundle" --contract "$address" --message "$message" "${args[@]}" \
    --suri "$suri" --url "$url" -x -y --output-json 2>&1); then
    explain_chain_error "$output"
    return 1
  fi
  sed -n '/^{/,$p' <<<"$output"
}

# chain_query URL BUNDLE ADDRESS MESSAGE [ARG...]: dry-runs a read-only message
# as Alice and prints the decoded return value as cargo-contract's JSON.
chain_query() {
  local url="$1" bundle="$2" address="$3" message="$4" output
  shift 4
  local args=()
  [ $# -gt 0 ] && args=(--args "$@")
  if ! output=$(cargo contract call "$bundle" --contract "$address" --message "$message" "${args[@]}" \
    --suri //Alice --url "$url" --output-json 2>&1); then
    explain_chain_error "$output"
    return 1
  fi
  sed -n '/^{/,$p' <<<"$output" | jq -c '.data'
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
