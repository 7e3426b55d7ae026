# Talking to a chain from the benchmark script: RPC over HTTP with curl, and
# contract calls through cargo-contract (`--output-json`), with the chain's
# refusals turned into plain words. Everything else (deploy, demo, the CLI
# session) goes through the `modelmint` command line. Source after
# lib/common.sh.

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

# chain_call URL SURI BUNDLE ADDRESS MESSAGE [ARG...]: submits a call and prints
# cargo-contract's JSON (events included). Fails, with the contract's typed
# error explained, if the call would revert. CALL_VALUE=amount in the
# environment attaches a payment to a payable message.
chain_call() {
  local url="$1" suri="$2" bundle="$3" address="$4" message="$5" output
  shift 5
  local args=() value=()
  [ $# -gt 0 ] && args=(--args "$@")
  [ -n "${CALL_VALUE:-}" ] && value=(--value "$CALL_VALUE")
  if ! output=$(cargo contract call "$bundle" --contract "$address" --message "$message" "${args[@]}" "${value[@]}" \
    --suri "$suri" --url "$url" -x -y --output-json 2>&1); then
    explain_chain_error "$output"
    return 1
  fi
  # A submitted call prints its events as a JSON array after the build log.
  sed -n '/^[[{]/,$p' <<<"$output"
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

# The public key (hex) of a dev keyring account.
chain_public_key() {
  case "$1" in
    //Alice) echo d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d ;;
    //Bob) echo 8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48 ;;
    //Charlie) echo 90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22 ;;
    //Dave) echo 306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20 ;;
    //Eve) echo e659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e ;;
    //Ferdie) echo 1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c ;;
    *) die "no dev public key known for $1" ;;
  esac
}

# chain_random_salt: 32 random bytes as hex, the secret of a registration
# commitment.
chain_random_salt() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

# chain_registration_commitment ROOT REGISTRANT SALT (each 64 hex digits, the
# registrant as its public key): the registry's commitment, the sha256 of the
# 96 raw bytes root ‖ registrant ‖ salt, as hex. This is the construction of
# modelmint_common::registry::registration_commitment, whose unit test pins
# it against this same coreutils computation; a wrong value would make the
# registration fail with NoCommitment.
chain_registration_commitment() {
  local hex="$1$2$3"
  [[ "$hex" =~ ^[0-9a-fA-F]{192}$ ]] || die "a commitment takes three 32-byte hex values"
  # shellcheck disable=SC2059 # the format is built from hex digits only
  printf "$(sed 's/../\\x&/g' <<<"$hex")" | sha256sum | cut -d' ' -f1
}
