#!/usr/bin/env bash
# A publisher's and a licensee's session with the `modelmint` command line on a
# fresh local node (what the README's "Using ModelMint from the command line"
# shows): register, offer, buy, collect, split; then a license's life (renew,
# pass on, release), an offer paused and resumed, a new metadata URI, a split
# cleared, the administration's status; then the refusals a user meets: each
# must print a clear message, exit with its code and send nothing.
# scripts/test.sh runs it.
#
# Usage: scripts/cli-session.sh   # node on 127.0.0.1:$MODELMINT_CLI_PORT (default 9977)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
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
stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$MODELMINT_URL" --network cli-session --redeploy \
  --no-timelock --commit-window 1:1000

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
ok "model $model (root $root), offer $offer"

say "licensee (Bob): buy a license, never above the price he agreed to"
bob_before=$(free_balance "$bob")
if output=$(MODELMINT_SURI=//Bob modelmint license buy "$offer" --max-price $((PRICE - 1)) 2>&1); then
  die "a purchase above --max-price went through: $output"
else
  code=$?
fi
[ "$code" = 3 ] && grep -q "the price $PRICE is above the $((PRICE - 1)) you agreed to pay" <<<"$output" && grep -q 'nothing was sent' <<<"$output" ||
  die "a purchase above --max-price was not refused clearly (exit $code): $output"
[ "$(free_balance "$bob")" = "$bob_before" ] ||
  die "the refused purchase moved Bob's money"
ok "refused: $output"
MODELMINT_SURI=//Bob modelmint license buy "$offer" --max-price "$PRICE"

say "publisher (Alice): collect the royalties"
owed=$(MODELMINT_SURI=//Alice modelmint --json royalties owed | jq -er '.owed')
[ "$owed" = "$PRICE" ] || die "Alice is owed $owed after one sale at $PRICE"
withdrawn=$(MODELMINT_SURI=//Alice modelmint --json royalties withdraw | jq -er '.withdrawn')
[ "$withdrawn" = "$PRICE" ] || die "Alice withdrew $withdrawn, not $PRICE"
ok "Alice withdrew $withdrawn"

say "publisher (Alice): split the model's revenue with Dave, who accepts; Bob buys again; Dave takes his half"
MODELMINT_SURI=//Alice modelmint split set "$model" --to "$alice=500000" --to "$dave=500000"
MODELMINT_SURI=//Dave modelmint split accept "$model"
MODELMINT_SURI=//Bob modelmint license buy "$offer" --max-price "$PRICE"
modelmint split show "$model"
[ "$(modelmint --json split show "$model" | jq -r '.pending')" = "$PRICE" ] ||
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

say "publisher (Alice): a new model card, the split cleared, the offer paused and resumed"
MODELMINT_SURI=//Alice modelmint model set-uri "$model" ipfs://modelmint-cli/tiny-model/card-v2.md
[ "$(modelmint --json model show "$model" | jq -r '.uri')" = ipfs://modelmint-cli/tiny-model/card-v2.md ] ||
  die "model $model does not show its new URI"
MODELMINT_SURI=//Alice modelmint split clear "$model"
[ "$(modelmint --json split show "$model" | jq '.recipients | length')" = 0 ] || die "model $model still has a split"
MODELMINT_SURI=//Alice modelmint offer pause "$offer"
[ "$(modelmint --json offer list "$model" | jq -r '.[0].state')" = Paused ] || die "offer $offer is not paused"
MODELMINT_SURI=//Alice modelmint offer resume "$offer"
[ "$(modelmint --json offer list "$model" | jq -r '.[0].state')" = Open ] || die "offer $offer did not open again"
ok "new URI, no split, offer $offer open again"

say "licensee (Bob): renew a license, pass it on to Charlie, who accepts it and later releases it"
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
[ "$(modelmint --json admin status | jq -r '[.[] | .admin] | unique | .[]')" = "$alice" ] ||
  die "not every contract is administered by Alice, who deployed them"
[ "$(modelmint --json admin status | jq '[.[] | .paused] | any')" = false ] || die "a contract is paused"
ok "every contract: admin Alice, running, no timelock (a dev deployment)"

# refused EXIT_CODE PATTERN COMMAND...: the command fails with EXIT_CODE and a
# message matching PATTERN.
refused() {
  local expected="$1" pattern="$2" output code
  shift 2
  if output=$("$@" 2>&1); then die "expected a refusal, got success: $*"; else code=$?; fi
  [ "$code" = "$expected" ] || die "exit $code (expected $expected) from: $* -> $output"
  grep -q -- "$pattern" <<<"$output" || die "unclear message from: $* -> $output"
  ok "exit $code: $output"
}
say "refusals"
refused 3 'no model has id 999' modelmint model show 999
refused 3 'refused withdraw: nothing is owed to this account (NothingOwed)' env MODELMINT_SURI=//Dave "$MODELMINT" royalties withdraw
refused 2 'cannot read the deployment manifest' modelmint --deployment "$WORK/missing.json" model show "$model"
refused 2 'no node answers at ws://127.0.0.1:1 ' modelmint --url ws://127.0.0.1:1 model show "$model"
refused 2 'secret URI is not a key' env MODELMINT_SURI='not a key' "$MODELMINT" royalties withdraw
refused 2 'give the signing account' env -u MODELMINT_SURI "$MODELMINT" royalties withdraw
refused 3 'refused set_split: the shares add up to 400000 parts per million' env MODELMINT_SURI=//Alice "$MODELMINT" \
  split set "$model" --to "$dave=400000"
refused 3 "refused set_split: model $model belongs to $alice: only its owner" env MODELMINT_SURI=//Bob "$MODELMINT" \
  split set "$model" --to "$dave=1000000"
MODELMINT_SURI=//Alice modelmint offer pause "$offer"
refused 3 "refused buy: offer $offer is paused by the model's owner (OfferPaused)" env MODELMINT_SURI=//Bob "$MODELMINT" \
  license buy "$offer" --max-price "$PRICE"
MODELMINT_SURI=//Alice modelmint offer resume "$offer"
bob_license=$(MODELMINT_SURI=//Bob modelmint --json license list "$model" | jq -er '.[0].license')
refused 3 "refused renew: the price $PRICE is above the 1 you agreed to pay" env MODELMINT_SURI=//Bob "$MODELMINT" \
  license renew "$bob_license" --max-price 1
refused 3 "refused release_license: you do not hold license $bob_license" env MODELMINT_SURI=//Charlie "$MODELMINT" \
  license release "$bob_license"
refused 3 "refused clear_split: model $model has no split (NoSplit)" env MODELMINT_SURI=//Alice "$MODELMINT" split clear "$model"
refused 3 "refused set_paused: only the contract's administrator may do this" env MODELMINT_SURI=//Bob "$MODELMINT" \
  admin pause licensing
refused 3 'no license has id 999' env MODELMINT_SURI=//Bob "$MODELMINT" license renew 999 --max-price "$PRICE"
refused 2 'is not MODEL:RELATION:MAX_BPS' env MODELMINT_SURI=//Bob "$MODELMINT" register "$model_dir" --name x --uri y \
  --parent "$model:sibling:100"
refused 2 '--commit-window takes MIN:MAX blocks' env MODELMINT_SURI=//Alice "$MODELMINT" deploy --network cli-refused \
  --no-timelock --commit-window 5:1
ok "command line session passed"
