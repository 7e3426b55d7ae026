#!/usr/bin/env bash
# A publisher's and a licensee's session with the `modelmint` command line on a
# fresh local node (what the README's "Using ModelMint from the command line"
# shows), then the refusals a user meets: each must print a clear message,
# exit with its code and send nothing. scripts/test.sh runs it.
#
# Usage: scripts/cli-session.sh   # node on 127.0.0.1:$MODELMINT_CLI_PORT (default 9977)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$MODELMINT_ROOT/scripts/lib/chain.sh"
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

stage "build the modelmint command line" cargo build --locked -q -p modelmint-cli
modelmint() { "$CARGO_TARGET_DIR/debug/modelmint" "$@"; }
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart
stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$MODELMINT_URL" --network cli-session --redeploy \
  --no-timelock --commit-window 1:1000

# A small model: two files with fixed contents.
model_dir="$WORK/tiny-model"
mkdir -p "$model_dir"
printf 'ModelMint CLI session weights\n%.0s' {1..2000} >"$model_dir/model.safetensors"
printf '{"architectures": ["TinyModel"]}\n' >"$model_dir/config.json"
PRICE=5000000000000
LEGAL_SHA256=$(printf 'ModelMint commercial license v1' | sha256sum | cut -d' ' -f1)

say "publisher (Alice): register the model, show it, offer 30-day inference licenses"
registered=$(MODELMINT_SURI=//Alice modelmint --json register "$model_dir" --name tiny-model --version v1 \
  --uri ipfs://modelmint-cli/tiny-model/card.md)
model=$(jq -er '.model' <<<"$registered")
root=$(jq -er '.root' <<<"$registered")
[ "$root" = "0x$(cargo run --locked -q -p modelmint-hash -- --quiet "$model_dir")" ] ||
  die "the command line registered root $root, not what modelmint-hash computes"
modelmint model show "$model"
[ "$(modelmint --json model show "$model" | jq -r '.owner')" = "$(chain_account //Alice)" ] ||
  die "model $model is not Alice's after she registered it"
offer=$(MODELMINT_SURI=//Alice modelmint --json offer create "$model" --price "$PRICE" --days 30 --uses inference \
  --legal-uri ipfs://modelmint/legal/commercial-v1.md --legal-sha256 "$LEGAL_SHA256" | jq -er '.offer')
modelmint model list
[ "$(modelmint --json model list | jq -r --argjson m "$model" '.[] | select(.model == $m) | .root')" = "$root" ] ||
  die "model list does not show model $model with its root"
modelmint model lineage "$model"
modelmint offer list "$model"
[ "$(modelmint --json offer list "$model" | jq -r '.[0].price')" = "$PRICE" ] || die "offer list does not show the offer's price"
ok "model $model (root $root), offer $offer"

say "licensee (Bob): buy a license, never above the price he agreed to"
bob_before=$(chain_free_balance "$MODELMINT_URL" "$(chain_public_key //Bob)")
if output=$(MODELMINT_SURI=//Bob modelmint license buy "$offer" --max-price $((PRICE - 1)) 2>&1); then
  die "a purchase above --max-price went through: $output"
else
  code=$?
fi
[ "$code" = 3 ] && grep -q "the price $PRICE is above the $((PRICE - 1)) you agreed to pay" <<<"$output" && grep -q 'nothing was sent' <<<"$output" ||
  die "a purchase above --max-price was not refused clearly (exit $code): $output"
[ "$(chain_free_balance "$MODELMINT_URL" "$(chain_public_key //Bob)")" = "$bob_before" ] ||
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
dave=$(chain_account //Dave)
MODELMINT_SURI=//Alice modelmint split set "$model" --to "$(chain_account //Alice)=500000" --to "$dave=500000"
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
[ "$(MODELMINT_SURI=//Bob modelmint --json royalties withdraw-for "$(chain_account //Alice)" | jq -er '.paid')" = $((PRICE / 2)) ] ||
  die "Alice's half was not paid out to her"
ok "Dave took his half, left the split; Bob paid Alice her half"

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
refused 3 'refused withdraw: nothing is owed to this account (NothingOwed)' env MODELMINT_SURI=//Alice "$CARGO_TARGET_DIR/debug/modelmint" royalties withdraw
refused 2 'cannot read the deployment manifest' modelmint --deployment "$WORK/missing.json" model show "$model"
refused 2 'no node answers at ws://127.0.0.1:1 ' modelmint --url ws://127.0.0.1:1 model show "$model"
refused 2 'secret URI is not a key' env MODELMINT_SURI='not a key' "$CARGO_TARGET_DIR/debug/modelmint" royalties withdraw
refused 2 'give the signing account' env -u MODELMINT_SURI "$CARGO_TARGET_DIR/debug/modelmint" royalties withdraw
refused 3 'refused set_split: the shares add up to 400000 parts per million' env MODELMINT_SURI=//Alice "$CARGO_TARGET_DIR/debug/modelmint" \
  split set "$model" --to "$dave=400000"
refused 3 "refused set_split: model $model belongs to $(chain_account //Alice): only its owner" env MODELMINT_SURI=//Bob "$CARGO_TARGET_DIR/debug/modelmint" \
  split set "$model" --to "$dave=1000000"
ok "command line session passed"
