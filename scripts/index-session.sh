#!/usr/bin/env bash
# `modelmint index` on a fresh local node: a small scenario with the command
# line (Dave registers a dataset and offers training licenses; Alice buys one,
# registers a model trained on it and offers it; Bob and Charlie buy licenses,
# Bob renews his; Alice and Dave withdraw; Alice splits the model's revenue
# with Dave, who accepts), indexed into SQLite while the indexer is killed
# with SIGKILL twice (once while following the scenario, once while
# backfilling after a restart) and restarted. Then:
# - the index equals, table by table (row counts and a sha256 of the rows), an
#   index built in one uninterrupted run: no gap and no duplicate;
# - every figure the index's API reports (owners, kinds, roots, statuses,
#   lineage, offers' prices and sales, licenses' holders and expiries, a
#   model's total sales and renewals, split members, payouts) equals the
#   contracts' views, read with `modelmint --json`, to the unit;
# - the database is refused, with a sentence, for another deployment and for
#   a development chain started again (the same genesis, other blocks).
# scripts/test.sh runs it.
#
# Usage: scripts/index-session.sh   # node on 127.0.0.1:$MODELMINT_INDEX_NODE_PORT (default 9993)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"
use_contract_toolchain
cd "$MODELMINT_ROOT"

PORT="${MODELMINT_INDEX_NODE_PORT:-9993}"
API_PORT="${MODELMINT_INDEX_API_PORT:-19993}"
API="http://127.0.0.1:$API_PORT"
export MODELMINT_URL="ws://127.0.0.1:$PORT"
export MODELMINT_DEPLOYMENT="$MODELMINT_ROOT/deployments/index-test.json"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-index.XXXXXX")
DB="$WORK/index.sqlite"
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

fresh_dev_deployment "$PORT" index-test

# tx SIGNER COMMAND...: a transaction's JSON; read COMMAND...: a view's JSON.
tx() { MODELMINT_SURI="$1" modelmint --json "${@:2}" || die "modelmint ${*:2} signed by $1 failed"; }
read_chain() { modelmint --json "$@" || die "modelmint $* failed"; }
# api PATH: the index API's JSON answer.
api() { curl -sf -m 10 "$API$1" || die "the index API did not answer $1"; }
status() { index_status "$API"; }
# start_indexer [OPTION...]: the indexer in the background, once its API answers.
start_indexer() {
  index_start "$DB" "$API_PORT" "$WORK/indexer.log" "$@"
  INDEXER=$INDEX_PID
}
kill_indexer() {
  kill -KILL "$INDEXER"
  wait "$INDEXER" 2>/dev/null || true
  INDEXER=""
}
settled_block() { chain_settled_block "$MODELMINT_URL"; }

dataset="$WORK/dataset"
model_dir="$WORK/model"
mkdir -p "$dataset" "$model_dir"
printf 'code,name\nDE,Germany\nFR,France\n' >"$dataset/countries.csv"
printf 'ModelMint index session weights\n%.0s' {1..500} >"$model_dir/model.safetensors"
printf '{"architectures": ["TinyModel"]}\n' >"$model_dir/config.json"
DATA_PRICE=2000000000000
PRICE=5000000000000
LEGAL=(--legal-uri ipfs://modelmint/legal/commercial-v1.md
  --legal-sha256 "$(printf 'ModelMint commercial license v1' | sha256sum | cut -d' ' -f1)")
alice=$(chain_account //Alice)
bob=$(chain_account //Bob)
charlie=$(chain_account //Charlie)
dave=$(chain_account //Dave)

say "the indexer follows the chain from the deployment on (SQLite, API on $API)"
start_indexer

say "scenario, part 1: Dave registers a dataset and offers research and training licenses"
DATA_ID=$(tx //Dave dataset register "$dataset" --name countries --version 2026 --uri ipfs://dave/countries.md | jq -er '.model')
DATA_OFFER=$(tx //Dave offer create "$DATA_ID" --price "$DATA_PRICE" --uses research,training \
  --derivative-royalty-bps 500 "${LEGAL[@]}" | jq -er '.offer')
tries=0
until [ "$(status | jq -r '.indexed // 0')" -gt 0 ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 200 ] || die "the indexer indexed nothing while following"
  sleep 0.05
done
killed_at=$(status | jq -r '.indexed')
kill_indexer
ok "SIGKILL while following, at block $killed_at"

say "scenario, part 2 (not indexed meanwhile): Alice trains on the dataset, registers and offers her model; Bob and Charlie buy, Bob renews; Alice and Dave withdraw; Alice splits the model with Dave, who accepts"
ALICE_LICENSE=$(tx //Alice license buy "$DATA_OFFER" --model "$DATA_ID" --max-price "$DATA_PRICE" | jq -er '.license')
MODEL_ID=$(tx //Alice register "$model_dir" --name tiny-trained --version v1 --uri ipfs://alice/tiny.md \
  --trained-on "$DATA_ID:500" | jq -er '.model')
OFFER=$(tx //Alice offer create "$MODEL_ID" --price "$PRICE" --days 30 --uses research,inference --transferable \
  "${LEGAL[@]}" | jq -er '.offer')
# The first block after the model's registration: an index started there
# knows neither the dataset nor the model.
MODEL_BLOCK=$(($(rpc "$MODELMINT_URL" chain_getHeader | jq -r '.number') + 1))
BOB_LICENSE=$(tx //Bob license buy "$OFFER" --model "$MODEL_ID" --max-price "$PRICE" | jq -er '.license')
CHARLIE_LICENSE=$(tx //Charlie license buy "$OFFER" --model "$MODEL_ID" --max-price "$PRICE" | jq -er '.license')
tx //Bob license renew "$BOB_LICENSE" --max-price "$PRICE" >/dev/null
ALICE_WITHDREW=$(tx //Alice royalties withdraw | jq -er '.withdrawn')
DAVE_WITHDREW=$(tx //Dave royalties withdraw | jq -er '.withdrawn')
tx //Alice split set "$MODEL_ID" --to "$alice=600000" --to "$dave=400000" >/dev/null
tx //Dave split accept "$MODEL_ID" >/dev/null
TARGET=$(settled_block)
ok "dataset $DATA_ID, model $MODEL_ID, licenses $BOB_LICENSE and $CHARLIE_LICENSE; Alice withdrew $ALICE_WITHDREW, Dave $DAVE_WITHDREW; finalized block $TARGET"

say "restart: the indexer backfills from its cursor (10 blocks a second); SIGKILL as soon as it moved"
start_indexer --rate 10
tries=0
while [ "$(status | jq -r '.indexed // 0')" -le "$killed_at" ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 400 ] || die "the restarted indexer did not move past block $killed_at"
  sleep 0.01
done
resumed_to=$(status | jq -r '.indexed')
kill_indexer
[ "$resumed_to" -lt "$TARGET" ] || die "the backfill ended (block $resumed_to) before the SIGKILL meant for its middle"
ok "SIGKILL during the backfill at block $resumed_to of $TARGET"

say "restart again: it catches up with the finalized head"
start_indexer
tries=0
index_wait "$API" "$TARGET"
[ "$(status | jq -r '.lag')" = 0 ] || die "the index lags the finalized head: $(status)"

say "no gap and no duplicate: the index equals one built in a single uninterrupted run"
reference=$(modelmint --json index --database "$WORK/reference.sqlite" --once)
[ "$(jq -r '.indexed' <<<"$reference")" = "$TARGET" ] || die "the reference run indexed up to $(jq -r '.indexed' <<<"$reference"), not $TARGET"
digest=$(api /digest)
[ "$(jq -cS . <<<"$digest")" = "$(jq -cS '.tables' <<<"$reference")" ] ||
  die "the index that was killed twice differs from the reference: $(diff <(jq -S . <<<"$digest") <(jq -S '.tables' <<<"$reference"))"
[ "$(jq -r '.blocks.rows' <<<"$digest")" = $((TARGET + 1)) ] || die "the index holds $(jq -r '.blocks.rows' <<<"$digest") blocks, not blocks 0..=$TARGET"
ok "$(jq -r '[to_entries[] | "\(.key) \(.value.rows)"] | join(", ")' <<<"$digest") rows, equal checksums"

say "--from-block: an index may start later; not beyond the finalized head"
late=$(modelmint --json index --database "$WORK/late.sqlite" --from-block "$MODEL_BLOCK" --once)
[ "$(jq -r '.tables.blocks.rows' <<<"$late")" = $((TARGET - MODEL_BLOCK + 1)) ] ||
  die "an index from block $MODEL_BLOCK holds $(jq -r '.tables.blocks.rows' <<<"$late") blocks, not $MODEL_BLOCK..=$TARGET"
[ "$(jq -r '.tables.models.rows' <<<"$late")" = 0 ] || die "an index from block $MODEL_BLOCK holds models registered before it"
if output=$(modelmint index --database "$WORK/early.sqlite" --from-block $((TARGET + 1000)) --once 2>&1); then
  die "an index from beyond the finalized head started: $output"
fi
grep -q "is beyond the chain's finalized block" <<<"$output" || die "the refusal does not say why: $output"
ok "from block $MODEL_BLOCK: $((TARGET - MODEL_BLOCK + 1)) blocks; refused: $output"

say "every figure of the index equals the contracts' views"
same() { [ "$2" = "$3" ] || die "$1: the index says ${2:-nothing}, the contracts ${3:-nothing}"; }
norm='ascii_downcase | gsub("_"; "")'
for id in "$DATA_ID" "$MODEL_ID"; do
  indexed=$(api "/models/$id")
  chain=$(read_chain model show "$id")
  for field in owner kind root name version uri epoch; do
    same "model $id's $field" "$(jq -r ".$field" <<<"$indexed")" "$(jq -r ".$field" <<<"$chain")"
  done
  same "model $id's status" "$(jq -r ".status | $norm" <<<"$indexed")" "$(jq -r ".status | $norm" <<<"$chain")"
done
same "model $MODEL_ID's lineage" \
  "$(api "/models/$MODEL_ID/lineage" | jq -c "[.parents[] | {model: .parent, relation: (.relation | $norm), royalty_bps}]")" \
  "$(read_chain model lineage "$MODEL_ID" | jq -c --argjson m "$MODEL_ID" "[.[] | select(.model == \$m) | .parents[] | {model, relation: (.relation | $norm), royalty_bps}]")"
for pair in "$DATA_ID:$DATA_OFFER" "$MODEL_ID:$OFFER"; do
  id=${pair%%:*} offer=${pair#*:}
  indexed=$(api "/models/$id/offers" | jq -c --argjson o "$offer" '.[] | select(.id == $o) | {model, price, sold}')
  chain=$(read_chain offer show "$offer" | jq -c '{model, price: (.price | tostring), sold}')
  same "offer $offer" "$indexed" "$chain"
done
# A model's total sales (sales and renewals): what the index summed, and what
# the market records as paid for each license of the model.
paid_on_chain() {
  local model="$1" holder
  shift
  for holder in "$@"; do read_chain license list "$model" --holder "$holder" | jq -r '.[].total_paid'; done | paste -sd+ | bc
}
same "dataset $DATA_ID's total sales" "$(api "/models/$DATA_ID/sales" | jq -r '.revenue')" "$(paid_on_chain "$DATA_ID" "$alice")"
same "model $MODEL_ID's total sales" "$(api "/models/$MODEL_ID/sales" | jq -r '.revenue')" "$(paid_on_chain "$MODEL_ID" "$bob" "$charlie")"
same "model $MODEL_ID's sales and renewals" "$(api "/models/$MODEL_ID/sales" | jq -c '[.sales[] | .renewal]')" '[false,false,true]'
same "model $MODEL_ID's split" \
  "$(api "/models/$MODEL_ID/split" | jq -c 'map({account, share}) | sort_by(.account)')" \
  "$(read_chain split show "$MODEL_ID" | jq -c '.recipients | sort_by(.account)')"
same "Dave's acceptance" "$(api "/accounts/$dave/splits" | jq -c 'map({model, accepted})')" "[{\"model\":$MODEL_ID,\"accepted\":true}]"
for triple in "$alice:$DATA_ID:$ALICE_LICENSE" "$bob:$MODEL_ID:$BOB_LICENSE" "$charlie:$MODEL_ID:$CHARLIE_LICENSE"; do
  IFS=: read -r holder id license <<<"$triple"
  same "license $license" \
    "$(api "/accounts/$holder/licenses" | jq -c '[.[] | {license: .id, model, offer, holder, expires_at, epoch, voided}]')" \
    "$(read_chain license list "$id" --holder "$holder" | jq -c '[.[] | {license, model, offer, holder, expires_at, epoch, voided}]')"
done
same "Alice's payouts" "$(api "/accounts/$alice/payouts" | jq -r '.total')" "$ALICE_WITHDREW"
same "Dave's payouts" "$(api "/accounts/$dave/payouts" | jq -r '.total')" "$DAVE_WITHDREW"
for who in "$alice" "$dave"; do
  same "what $who is still owed" 0 "$(read_chain royalties owed "$who" | jq -r '.owed')"
done
same "the dataset's search by kind" "$(api '/models?kind=dataset' | jq -c '[.models[].id]')" "[$DATA_ID]"
same "a search by name" "$(api '/models?name=TINY' | jq -c '[.models[].id]')" "[$MODEL_ID]"
same "a search by use and price" "$(api "/models?uses=training&min_price=$DATA_PRICE&max_price=$DATA_PRICE" | jq -c '[.models[].id]')" "[$DATA_ID]"
same "a search by owner" "$(api "/models?owner=$dave" | jq -c '[.models[].id]')" "[$DATA_ID]"
ok "models, lineage, offers, sales, licenses, splits and payouts match the chain"
kill "$INDEXER" && wait "$INDEXER" 2>/dev/null || true
INDEXER=""

say "the database is refused for another deployment"
jq --arg a "$(jq -r '.contracts.market.address' "$MODELMINT_DEPLOYMENT")" '.contracts.registry.address = $a' \
  "$MODELMINT_DEPLOYMENT" >"$WORK/other.json"
if output=$(modelmint --deployment "$WORK/other.json" index --database "$DB" --once 2>&1); then
  die "the index of one deployment accepted another: $output"
fi
grep -q "this database indexes another registry" <<<"$output" || die "the refusal does not say why: $output"
ok "refused: $output"

say "the database is refused for a development chain started again (the same genesis, other blocks)"
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart >/dev/null
if output=$(modelmint index --database "$DB" --once 2>&1); then
  die "the index of a chain that is gone accepted its successor: $output"
fi
grep -q "it indexes another chain with the same genesis" <<<"$output" || die "the refusal does not say why: $output"
ok "refused: $output"
