#!/usr/bin/env bash
# A publisher's and a licensee's session with the `modelmint` command line on a
# fresh local node (what docs/cli.md's "Using ModelMint from the command line"
# shows): register, offer, buy, collect, split; then a license's life (renew,
# pass on through escrow, release), an offer paused and opened again, a new
# metadata URI, a resync of the market's copy, a split cleared, the
# administration's status; then the refusals a user meets: each must print a
# clear message, exit with its code and send nothing (the signer's balance and
# the state the command would have changed are the same afterwards); last, an
# arbiter's ruling that hands a squatted model to its author and voids the
# licenses the squatter sold. scripts/test.sh runs it.
#
# Usage: scripts/cli-session.sh   # node on 127.0.0.1:$MODELMINT_CLI_PORT (default 9977)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"
use_contract_toolchain
cd "$MODELMINT_ROOT"

PORT="${MODELMINT_CLI_PORT:-9977}"
export MODELMINT_URL="ws://127.0.0.1:$PORT"
export MODELMINT_DEPLOYMENT="$MODELMINT_ROOT/deployments/cli-session.json"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-cli.XXXXXX")
cleanup() {
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

stage "build the modelmint command line" build_modelmint
MODELMINT="$MODELMINT_CLI"
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart
# Ferdie arbitrates the registry's disputes (the last part of the session).
ferdie=$(chain_account //Ferdie)
stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$MODELMINT_URL" --network cli-session --redeploy \
  --no-timelock --commit-window 1:1000 --arbiter "$ferdie"
[ "$(jq -r '.contracts | keys_unsorted | join(",")' "$MODELMINT_DEPLOYMENT")" = registry,market_desk,market,gateway ] ||
  die "the manifest does not list the registry, the market's desk, the market and the gateway"

# A small model: two files with fixed contents.
model_dir="$WORK/tiny-model"
mkdir -p "$model_dir"
printf 'ModelMint CLI session weights\n%.0s' {1..2000} >"$model_dir/model.safetensors"
printf '{"architectures": ["TinyModel"]}\n' >"$model_dir/config.json"
PRICE=5000000000000
THIRTY_DAYS_MS=$((30 * 24 * 3600 * 1000))
address_of() { MODELMINT_SURI="$1" modelmint --json account | jq -er '.account'; }
free_balance() { modelmint --json account "$1" | jq -er '.free'; }
alice=$(address_of //Alice)
bob=$(address_of //Bob)
charlie=$(address_of //Charlie)
dave=$(address_of //Dave)
eve=$(address_of //Eve)
LEGAL_SHA256=$(printf 'ModelMint commercial license v1' | sha256sum | cut -d' ' -f1)

say "publisher (Alice): register the model, show it, offer transferable 30-day inference licenses"
registered=$(MODELMINT_SURI=//Alice modelmint --json register "$model_dir" --name tiny-model --version v1 \
  --uri ipfs://modelmint-cli/tiny-model/card.md)
model=$(jq -er '.model' <<<"$registered")
root=$(jq -er '.root' <<<"$registered")
[ "$root" = "0x$(cargo run --locked -q -p modelmint-hash -- --quiet "$model_dir")" ] ||
  die "the command line registered root $root, not what modelmint-hash computes"
modelmint model show "$model"
[ "$(modelmint --json model show "$model" | jq -r '.owner')" = "$alice" ] ||
  die "model $model is not Alice's after she registered it"
offer=$(MODELMINT_SURI=//Alice modelmint --json offer create "$model" --price "$PRICE" --days 30 --uses inference --transferable \
  --legal-uri ipfs://modelmint/legal/commercial-v1.md --legal-sha256 "$LEGAL_SHA256" | jq -er '.offer')
modelmint model list
[ "$(modelmint --json model list | jq -r --argjson m "$model" '.[] | select(.model == $m) | .root')" = "$root" ] ||
  die "model list does not show model $model with its root"
modelmint model lineage "$model"
modelmint offer list "$model"
[ "$(modelmint --json offer list "$model" | jq -r '.[0].price')" = "$PRICE" ] || die "offer list does not show the offer's price"
modelmint offer show "$offer"
[ "$(modelmint --json offer show "$offer" | jq -r '.model, .legal_sha256' | paste -sd,)" = "$model,$LEGAL_SHA256" ] ||
  die "offer show does not show the offer's model and legal text"
ok "model $model (root $root), offer $offer"

say "licensee (Bob): buy a license, never above the price he agreed to, and only of the model he means"
bob_before=$(free_balance "$bob")
sold_before=$(modelmint --json offer show "$offer" | jq -er '.sold')
if output=$(MODELMINT_SURI=//Bob modelmint license buy "$offer" --max-price $((PRICE - 1)) 2>&1); then
  die "a purchase above --max-price went through: $output"
else
  code=$?
fi
[ "$code" = 3 ] && grep -q "the price $PRICE is above the $((PRICE - 1)) you agreed to pay" <<<"$output" && grep -q 'nothing was sent' <<<"$output" ||
  die "a purchase above --max-price was not refused clearly (exit $code): $output"
[ "$(free_balance "$bob")" = "$bob_before" ] || die "the refused purchase moved Bob's money"
[ "$(modelmint --json offer show "$offer" | jq -er '.sold')" = "$sold_before" ] || die "the refused purchase sold a license"
ok "refused: $output"
MODELMINT_SURI=//Bob modelmint license buy "$offer" --model "$model" --max-price "$PRICE"

say "publisher (Alice): collect the royalties (her model has no split: its revenue waits in its round until her withdrawal collects it)"
owed=$(MODELMINT_SURI=//Alice modelmint --json royalties owed)
[ "$(jq -er '.owed' <<<"$owed")" = "$PRICE" ] || die "Alice is owed $(jq -r .owed <<<"$owed") after one sale at $PRICE"
[ "$(jq -c '[.models[] | .model]' <<<"$owed")" = "[$model]" ] || die "royalties owed does not name model $model's round: $owed"
withdrawal=$(MODELMINT_SURI=//Alice modelmint --json royalties withdraw)
[ "$(jq -er '.withdrawn' <<<"$withdrawal")" = "$PRICE" ] || die "Alice withdrew $(jq -r .withdrawn <<<"$withdrawal"), not $PRICE"
[ "$(jq -c '.collected' <<<"$withdrawal")" = "[$model]" ] || die "Alice's withdrawal did not collect model $model: $withdrawal"
ok "Alice withdrew $PRICE, collecting model $model"

say "publisher (Alice): split the model's revenue with Dave, who accepts; Bob buys again; Dave takes his half"
MODELMINT_SURI=//Alice modelmint split set "$model" --to "$alice=500000" --to "$dave=500000"
MODELMINT_SURI=//Dave modelmint split accept "$model"
MODELMINT_SURI=//Bob modelmint license buy "$offer" --max-price "$PRICE"
modelmint split show "$model"
[ "$(modelmint --json split show "$model" | jq -r '.pending, .applies' | paste -sd,)" = "$PRICE,true" ] ||
  die "the split does not hold the second sale's $PRICE"
dave_owed=$(modelmint --json royalties owed "$dave" | jq -er '.owed')
[ "$dave_owed" = $((PRICE / 2)) ] || die "Dave can withdraw $dave_owed, not half of $PRICE"
[ "$(MODELMINT_SURI=//Dave modelmint --json royalties withdraw | jq -er '.withdrawn')" = $((PRICE / 2)) ] ||
  die "Dave did not withdraw his half"
MODELMINT_SURI=//Dave modelmint split leave "$model"
MODELMINT_SURI=//Bob modelmint royalties distribute "$model"
[ "$(MODELMINT_SURI=//Bob modelmint --json royalties withdraw-for "$alice" | jq -er '.paid')" = $((PRICE / 2)) ] ||
  die "Alice's half was not paid out to her"
ok "Dave took his half, left the split; Bob paid Alice her half"

say "publisher (Alice): a new model card, the market's copy resynced, the split cleared, the offer paused and opened again"
MODELMINT_SURI=//Alice modelmint model set-uri "$model" ipfs://modelmint-cli/tiny-model/card-v2.md
[ "$(modelmint --json model show "$model" | jq -r '.uri')" = ipfs://modelmint-cli/tiny-model/card-v2.md ] ||
  die "model $model does not show its new URI"
MODELMINT_SURI=//Charlie modelmint model resync "$model"
MODELMINT_SURI=//Alice modelmint split clear "$model"
[ "$(modelmint --json split show "$model" | jq '.recipients | length')" = 0 ] || die "model $model still has a split"
MODELMINT_SURI=//Alice modelmint offer pause "$offer"
[ "$(modelmint --json offer list "$model" | jq -r '.[0].state')" = Paused ] || die "offer $offer is not paused"
MODELMINT_SURI=//Alice modelmint offer open "$offer"
[ "$(modelmint --json offer list "$model" | jq -r '.[0].state')" = Open ] || die "offer $offer did not open again"
ok "new URI, resynced, no split, offer $offer open again"

say "licensee (Bob): renew a license, pass it on to Charlie (in escrow until he accepts), who later releases it"
MODELMINT_SURI=//Bob modelmint license list "$model"
license=$(MODELMINT_SURI=//Bob modelmint --json license list "$model" | jq -er '.[0].license')
expires=$(modelmint --json license list "$model" --holder "$bob" | jq -er --argjson l "$license" '.[] | select(.license == $l) | .expires_at')
renewed=$(MODELMINT_SURI=//Bob modelmint --json license renew "$license" --max-price "$PRICE" | jq -er '.expires_at')
[ "$renewed" = $((expires + THIRTY_DAYS_MS)) ] || die "license $license expires at $renewed after its renewal, not 30 days after $expires"
MODELMINT_SURI=//Bob modelmint license transfer "$license" --to "$charlie"
MODELMINT_SURI=//Charlie modelmint license accept "$license"
[ "$(modelmint --json license list "$model" --holder "$charlie" | jq -r '.[0].license')" = "$license" ] ||
  die "license $license is not Charlie's after he accepted it"
[ "$(modelmint --json license check "$model" "$charlie" --use inference | jq -r '.licensed')" = true ] ||
  die "Charlie is not licensed for inference with license $license"
MODELMINT_SURI=//Charlie modelmint license release "$license"
[ "$(modelmint --json license list "$model" --holder "$charlie" | jq 'length')" = 0 ] ||
  die "Charlie still holds a license after releasing it"
ok "license $license renewed to $(date -u -d "@$((renewed / 1000))" '+%Y-%m-%d'), passed to Charlie, released"

say "operator: the administration of every contract"
modelmint admin status
status=$(modelmint --json admin status)
[ "$(jq -r '[.[] | .admin] | unique | .[]' <<<"$status")" = "$alice" ] ||
  die "not every contract is administered by Alice, who deployed them"
[ "$(jq '[.[] | .paused] | any' <<<"$status")" = false ] || die "a contract is paused"
[ "$(jq '[.[] | .grace_ms] | unique | .[]' <<<"$status")" = 604800000 ] ||
  die "not every contract has the default 7-day grace period for scheduled actions"
[ "$(jq -r '.market.desk_code' <<<"$status")" = "$(jq -r '.contracts.market_desk.code_hash' "$MODELMINT_DEPLOYMENT")" ] ||
  die "the market does not run the desk the manifest records"
[ "$(jq -r '.registry.wiring.market' <<<"$status")" = "$(jq -r '.contracts.market.address' "$MODELMINT_DEPLOYMENT")" ] ||
  die "the registry is not wired to the market"
ok "every contract: admin Alice, running, no timelock (a dev deployment), a 7-day grace; the market runs the recorded desk"

# refused EXIT_CODE PATTERN WHO STATE COMMAND...: the command fails with
# EXIT_CODE and a message matching PATTERN, and sends nothing: the free balance
# of WHO (the signer's address; for a command without one, the account whose
# balance would pay) and the output of STATE (a command line, evaluated, that
# prints what the command would have changed) are the same afterwards.
refused() {
  local expected="$1" pattern="$2" who="$3" state="$4" output code balance_before state_before
  shift 4
  balance_before=$(free_balance "$who")
  state_before=$(eval "$state")
  if output=$("$@" 2>&1); then die "expected a refusal, got success: $*"; else code=$?; fi
  [ "$code" = "$expected" ] || die "exit $code (expected $expected) from: $* -> $output"
  grep -q -- "$pattern" <<<"$output" || die "unclear message from: $* -> $output"
  [ "$(free_balance "$who")" = "$balance_before" ] || die "refused, yet the balance of $who changed: $*"
  [ "$(eval "$state")" = "$state_before" ] || die "refused, yet the state changed ($state): $*"
  ok "exit $code, nothing sent: $output"
}
say "refusals"
models="modelmint --json model list"
card="modelmint --json model show $model"
split="modelmint --json split show $model"
ledger="modelmint --json royalties solvency"
bobs_licenses="modelmint --json license list $model --holder $bob; modelmint --json offer show $offer"
refused 3 'no model has id 999' "$alice" "$models" modelmint model show 999
refused 3 'refused withdraw: nothing is owed to this account (NothingOwed)' "$dave" \
  "modelmint --json royalties owed $dave; $ledger" env MODELMINT_SURI=//Dave "$MODELMINT" royalties withdraw
refused 2 'cannot read the deployment manifest' "$alice" "$card" \
  modelmint --deployment "$WORK/missing.json" model show "$model"
refused 2 'no node answers at ws://127.0.0.1:1 ' "$alice" "$card" modelmint --url ws://127.0.0.1:1 model show "$model"
refused 2 'secret URI is not a key' "$alice" "$ledger" env MODELMINT_SURI='not a key' "$MODELMINT" royalties withdraw
refused 2 'give the signing account' "$alice" "$ledger" env -u MODELMINT_SURI "$MODELMINT" royalties withdraw
refused 3 'refused set_split: the shares add up to 400000 parts per million' "$alice" "$split" \
  env MODELMINT_SURI=//Alice "$MODELMINT" split set "$model" --to "$dave=400000"
refused 3 "refused set_split: model $model belongs to $alice: only its owner" "$bob" "$split" \
  env MODELMINT_SURI=//Bob "$MODELMINT" split set "$model" --to "$dave=1000000"
refused 2 "offer $offer licenses model $model, not model 999; nothing was sent" "$bob" "$bobs_licenses" \
  env MODELMINT_SURI=//Bob "$MODELMINT" license buy "$offer" --model 999 --max-price "$PRICE"
MODELMINT_SURI=//Alice modelmint offer pause "$offer"
refused 3 "refused buy: offer $offer is paused by the model's owner (OfferPaused)" "$bob" "$bobs_licenses" \
  env MODELMINT_SURI=//Bob "$MODELMINT" license buy "$offer" --max-price "$PRICE"
MODELMINT_SURI=//Alice modelmint offer open "$offer"
bob_license=$(MODELMINT_SURI=//Bob modelmint --json license list "$model" | jq -er '.[0].license')
refused 3 "refused renew: the price $PRICE is above the 1 you agreed to pay" "$bob" "$bobs_licenses" \
  env MODELMINT_SURI=//Bob "$MODELMINT" license renew "$bob_license" --max-price 1
refused 3 "refused release_license: you do not hold license $bob_license" "$charlie" "$bobs_licenses" \
  env MODELMINT_SURI=//Charlie "$MODELMINT" license release "$bob_license"
refused 3 "refused clear_split: model $model has no split (NoSplit)" "$alice" "$split" \
  env MODELMINT_SURI=//Alice "$MODELMINT" split clear "$model"
refused 3 "refused set_paused: only the contract's administrator may do this" "$bob" "modelmint --json admin status market" \
  env MODELMINT_SURI=//Bob "$MODELMINT" admin pause market
refused 3 'no license has id 999' "$bob" "$bobs_licenses" env MODELMINT_SURI=//Bob "$MODELMINT" license renew 999 --max-price "$PRICE"
refused 2 'is not MODEL:RELATION:MAX_BPS' "$bob" "$models" env MODELMINT_SURI=//Bob "$MODELMINT" register "$model_dir" --name x --uri y \
  --parent "$model:sibling:100"
refused 2 '--commit-window takes MIN:MAX blocks' "$alice" "test -e deployments/cli-refused.json && echo recorded || echo absent" \
  env MODELMINT_SURI=//Alice "$MODELMINT" deploy --network cli-refused --no-timelock --commit-window 5:1

say "arbiter (Ferdie): Eve registers Bob's model as her own and sells Charlie a license; Bob disputes it; Ferdie hands the model to Bob and voids what Eve sold"
squatted_dir="$WORK/squatted-model"
mkdir -p "$squatted_dir"
printf 'Bob'"'"'s weights, registered by Eve\n%.0s' {1..500} >"$squatted_dir/model.safetensors"
squatted=$(MODELMINT_SURI=//Eve modelmint --json register "$squatted_dir" --name bobs-model --uri ipfs://eve/card.md | jq -er '.model')
# ... and a version of it, which the ruling's restoration hands to Bob too
mkdir -p "$WORK/squatted-v2"
printf 'Bob'"'"'s weights, version 2, registered by Eve\n%.0s' {1..500} >"$WORK/squatted-v2/model.safetensors"
squatted_v2=$(MODELMINT_SURI=//Eve modelmint --json register "$WORK/squatted-v2" --name bobs-model --version v2 \
  --uri ipfs://eve/card.md --previous-version "$squatted" | jq -er '.model')
eve_offer=$(MODELMINT_SURI=//Eve modelmint --json offer create "$squatted" --price "$PRICE" --days 30 --uses inference --transferable \
  --legal-uri ipfs://modelmint/legal/commercial-v1.md --legal-sha256 "$LEGAL_SHA256" | jq -er '.offer')
eve_license=$(MODELMINT_SURI=//Charlie modelmint --json license buy "$eve_offer" --max-price "$PRICE" | jq -er '.license')
dispute=$(MODELMINT_SURI=//Bob modelmint --json dispute raise "$squatted" --evidence-uri ipfs://bob/authorship.md \
  --evidence-sha256 "$(printf 'Bob wrote it' | sha256sum | cut -d' ' -f1)" | jq -er '.dispute')
modelmint dispute show "$dispute"
ruling="modelmint --json dispute show $dispute; modelmint --json model show $squatted"
refused 3 'refused resolve_dispute: only the arbiter wired to the registry rules on disputes' "$bob" "$ruling" \
  env MODELMINT_SURI=//Bob "$MODELMINT" dispute resolve "$dispute" uphold --reassign --void-from 0
refused 2 'a dismissal moves nothing and voids nothing' "$ferdie" "$ruling" \
  env MODELMINT_SURI=//Ferdie "$MODELMINT" dispute resolve "$dispute" dismiss --reassign
refused 2 'required' "$ferdie" "$ruling" env MODELMINT_SURI=//Ferdie "$MODELMINT" dispute resolve "$dispute" uphold --void-from 0
resolved=$(MODELMINT_SURI=//Ferdie modelmint --json dispute resolve "$dispute" uphold --reassign --void-from 0)
[ "$(jq -r '.owner, .status' <<<"$resolved" | paste -sd,)" = "$bob,Active" ] ||
  die "the upheld dispute did not hand model $squatted to Bob: $resolved"
[ "$(jq -c '.voided' <<<"$resolved")" = '[{"from":0,"to":1}]' ] || die "the ruling did not void Eve's epoch: $resolved"
[ "$(modelmint --json license check "$squatted" "$charlie" --use inference | jq -r '.licensed')" = false ] ||
  die "Charlie's license from Eve still grants inference after the ruling voided it"
[ "$(modelmint --json license list "$squatted" --holder "$charlie" | jq -r --argjson l "$eve_license" '.[] | select(.license == $l) | .voided')" = true ] ||
  die "license list does not show Charlie's license $eve_license as voided"
refused 3 "refused transfer_license: an arbiter's ruling voided license $eve_license" "$charlie" \
  "modelmint --json license list $squatted --holder $charlie" \
  env MODELMINT_SURI=//Charlie "$MODELMINT" license transfer "$eve_license" --to "$dave"
restored="modelmint --json model show $squatted_v2"
refused 3 'refused restore_descendant: only the arbiter' "$bob" "$restored" \
  env MODELMINT_SURI=//Bob "$MODELMINT" dispute restore "$dispute" "$squatted_v2"
refused 3 "model $model is not a version or derivative of the disputed model" "$ferdie" "$restored" \
  env MODELMINT_SURI=//Ferdie "$MODELMINT" dispute restore "$dispute" "$model"
[ "$(MODELMINT_SURI=//Ferdie modelmint --json dispute restore "$dispute" "$squatted_v2" | jq -r '.owner')" = "$bob" ] ||
  die "the restoration did not hand Eve's version $squatted_v2 to Bob"
lineage=$(MODELMINT_SURI=//Ferdie modelmint --json dispute set-lineage "$dispute" --parent "$model:fine-tune:500")
[ "$(jq -c '.obligations' <<<"$lineage")" = "[{\"ancestor\":$model,\"bps\":500}]" ] ||
  die "set-lineage did not make model $squatted owe model $model 5 %: $lineage"
ok "Ferdie restored Eve's version $squatted_v2 to Bob and gave model $squatted its parent $model at 5 %"
MODELMINT_SURI=//Bob modelmint dispute clear "$dispute"
refused 3 "no dispute has id $dispute" "$bob" "$models" modelmint dispute show "$dispute"
ok "model $squatted is Bob's now; license $eve_license, which Eve ($eve) sold Charlie, grants nothing"
ok "command line session passed"
