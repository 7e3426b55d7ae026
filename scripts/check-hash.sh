#!/usr/bin/env bash
# Recomputes model content roots with GNU coreutils alone (sha256sum, stat,
# find, sort) from the documented manifest v1 encoding, and checks that
# modelmint-hash prints the same root for each directory.
#
# Usage: scripts/check-hash.sh DIR...
#   With no DIR: the demo's real model (if it was fetched) and a generated
#   directory with nested paths, odd names and a file spanning many read buffers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
use_contract_toolchain

# The manifest v1 root of DIR, computed without modelmint-hash (see
# tools/model-hash/README.md for the encoding).
coreutils_root() {
  (
    cd "$1"
    { printf 'modelmint-manifest-v1\n'
      find -L . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
        f=${f#./}
        printf '%s  %s  %s\n' "$(sha256sum -- "$f" | cut -d' ' -f1)" "$(stat -L -c%s -- "$f")" "$f"
      done; } | sha256sum | cut -d' ' -f1
  )
}

dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  generated="$MODELMINT_CACHE/check-hash/generated-model"
  if [ ! -f "$generated/shards/model-00002-of-00002.safetensors" ]; then
    rm -rf "$generated" && mkdir -p "$generated/shards" "$generated/tokenizer"
    head -c $((40 * 1024 * 1024 + 7)) /dev/urandom >"$generated/shards/model-00001-of-00002.safetensors"
    head -c $((3 * 1024 * 1024)) /dev/urandom >"$generated/shards/model-00002-of-00002.safetensors"
    printf '{"hidden_size": 64}\n' >"$generated/config.json"
    printf '{"model": "bpe"}\n' >"$generated/tokenizer/tokenizer.json"
    printf 'a-b sorts before a/b\n' >"$generated/a-b"
    mkdir -p "$generated/a" && printf 'nested\n' >"$generated/a/b"
    : >"$generated/empty file.txt"
  fi
  dirs+=("$generated")
  [ -f "$MODELMINT_CACHE/models/all-MiniLM-L6-v2/model.safetensors" ] &&
    dirs+=("$MODELMINT_CACHE/models/all-MiniLM-L6-v2")
fi

cargo build -q --release --locked -p modelmint-hash
HASHER="$CARGO_TARGET_DIR/release/modelmint-hash"
for dir in "${dirs[@]}"; do
  tool=$("$HASHER" --quiet "$dir")
  independent=$(coreutils_root "$dir")
  [ "$tool" = "$independent" ] || die "$dir: modelmint-hash says $tool, coreutils say $independent"
  ok "$(basename "$dir"): root $tool (modelmint-hash = coreutils)"
done
