#!/usr/bin/env bash
# Checks that the contracts' code hashes do not depend on where, or by whom,
# they are built: clones the current commit (with the working tree's
# uncommitted changes to tracked files, if any) into another directory, builds
# the contracts there as another user would (another HOME, CARGO_HOME, TMPDIR
# and target directory; scripts/build.sh of the clone), then compares each
# contract's code hash (blake2-256 of the optimized Wasm, as pallet-contracts
# computes it) with this checkout's build, prints both, and fails on any
# difference or if a Wasm holds a path of either build (checkout, home, cargo
# home, temporary or target directory); then checks that README.md publishes
# these code hashes.
#
# Usage: scripts/check-reproducible.sh [--no-build]
#   --no-build  use this checkout's artifacts as scripts/build.sh left them in
#               $CARGO_TARGET_DIR/ink (they must be of the current tree)
#
# The second build reuses what it can, so that the check fits in
# scripts/test.sh: its target directory and its CARGO_HOME (whose crate
# archives are hard links to this CARGO_HOME's; cargo unpacks them once, and
# builds offline) persist under $MODELMINT_CACHE/reproducible. The first run
# compiles every dependency (about as long as a clean scripts/build.sh); later
# runs rebuild only the workspace's crates, which a fresh clone always
# rebuilds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
use_contract_toolchain

BUILD=true
case "${1:-}" in
  --no-build) BUILD=false ;;
  "") ;;
  *) die "usage: scripts/check-reproducible.sh [--no-build]" ;;
esac
command -v git >/dev/null || die "git is needed to clone the checkout"
git -C "$MODELMINT_ROOT" rev-parse --verify -q HEAD >/dev/null || die "$MODELMINT_ROOT is not a git checkout with a commit"

START=$SECONDS
MAIN="$CARGO_TARGET_DIR/ink"
if $BUILD; then
  say "building in this checkout ($MODELMINT_ROOT)"
  "$MODELMINT_ROOT/scripts/build.sh" >/dev/null || die "scripts/build.sh failed"
fi
# The main build must be of the tree that is cloned below, and remapped.
commit=$(git -C "$MODELMINT_ROOT" rev-parse HEAD)
changes=$(git -C "$MODELMINT_ROOT" diff HEAD --binary | git hash-object --stdin)
[ -f "$MAIN/build-info.json" ] || die "no $MAIN/build-info.json: run scripts/build.sh (or drop --no-build)"
jq -e --arg commit "$commit" --arg changes "$changes" \
  '.commit == $commit and .changes == $changes and .mode == "release" and .remapped_paths == true' \
  "$MAIN/build-info.json" >/dev/null ||
  die "the artifacts in $MAIN are not a release build of the current tree ($(jq -c '{commit, dirty, mode}' "$MAIN/build-info.json")): run scripts/build.sh (or drop --no-build)"

# The other builder. Its home and temporary directory are new on every run,
# its checkout is cloned anew; its CARGO_HOME and target directory persist
# (see above). The clone's path stays the same from one run to the next: cargo
# names the workspace crates' build outputs after their path, and a new path
# on every run would leave a new set of them in the target directory each time.
ALT="$MODELMINT_CACHE/reproducible"
ALT_CARGO_HOME="$ALT/cargo-home"
ALT_TARGET="$ALT/target"
CLONE="$ALT/checkout"
mkdir -p "$ALT"
exec 9>"$ALT/lock"
flock -n 9 || { say "waiting for another scripts/check-reproducible.sh to finish"; flock 9; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-reproducible.XXXXXX")
trap 'rm -rf "$WORK" "$CLONE"' EXIT
mkdir -p "$WORK/home" "$WORK/tmp" "$ALT_CARGO_HOME/registry/cache" "$ALT_CARGO_HOME/registry/index" "$ALT_TARGET"

say "cloning $commit into $CLONE"
rm -rf "$CLONE"
git clone -q --no-checkout "$MODELMINT_ROOT" "$CLONE"
# In the clone, never in this checkout.
git -C "$CLONE" checkout -q --detach "$commit"
if [ -n "$(git -C "$MODELMINT_ROOT" status --porcelain --untracked-files=no)" ]; then
  # This checkout's build saw them: the clone must too.
  git -C "$MODELMINT_ROOT" diff HEAD --binary | git -C "$CLONE" apply --binary --whitespace=nowarn ||
    die "cannot apply the working tree's uncommitted changes to the clone"
  say "  with the working tree's uncommitted changes to tracked files (untracked files are not part of the source)"
fi

# The downloaded crates, without downloading them again: the index cache is
# copied (cargo may rewrite it), the crate archives are hard-linked (cargo
# only reads them; a copy where links cannot be made).
say "preparing CARGO_HOME $ALT_CARGO_HOME"
cp -a "$CARGO_HOME/registry/index/." "$ALT_CARGO_HOME/registry/index/"
# (-n: links made by an earlier run stay; a newer cp reports them as skipped.)
cp -aln "$CARGO_HOME/registry/cache/." "$ALT_CARGO_HOME/registry/cache/" 2>/dev/null ||
  cp -an "$CARGO_HOME/registry/cache/." "$ALT_CARGO_HOME/registry/cache/" 2>/dev/null || true
for config in config.toml config; do
  [ ! -f "$CARGO_HOME/$config" ] || cp "$CARGO_HOME/$config" "$ALT_CARGO_HOME/$config"
done

say "building in the clone (HOME, CARGO_HOME, TMPDIR and target directory of its own)"
build_start=$SECONDS
# rustup's toolchains and the cargo-contract binary are the machine's: RUSTUP_HOME
# and PATH keep them. Offline: the clone builds from the crates already here.
env HOME="$WORK/home" TMPDIR="$WORK/tmp" CARGO_HOME="$ALT_CARGO_HOME" \
  RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_TARGET_DIR="$ALT_TARGET" \
  MODELMINT_CACHE="$WORK/home/.cache/modelmint" CARGO_NET_OFFLINE=true \
  "$CLONE/scripts/build.sh" >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log" >&2; die "the build in the clone failed (output above)"; }
ok "built in the clone ($((SECONDS - build_start)) s)"

# Every directory either build ran in: none may appear in a contract's Wasm.
needles=("$MODELMINT_ROOT" "$(cd "$MODELMINT_ROOT" && pwd -P)" "$CLONE" "$HOME" "$WORK/home"
  "$CARGO_HOME" "$ALT_CARGO_HOME" "$CARGO_TARGET_DIR" "$ALT_TARGET" "${TMPDIR:-/tmp}/" "$WORK/tmp"
  "cargo-contract_" "/.cargo/" "/.rustup/")
leaks() {
  local wasm="$1" needle
  for needle in "${needles[@]}"; do
    grep -aqF -- "$needle" "$wasm" && printf '%s ' "$needle"
  done
  return 0
}

say "code hashes (blake2-256 of the optimized Wasm): this checkout, then the clone"
failed=0
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  name="modelmint_${contract//-/_}"
  ours="$MAIN/$name/$name.wasm"
  theirs="$ALT_TARGET/ink/$name/$name.wasm"
  [ -f "$ours" ] && [ -f "$theirs" ] || die "$contract: $ours or $theirs is missing"
  hash_ours="0x$(b2sum -l 256 "$ours" | cut -d' ' -f1)"
  hash_theirs="0x$(b2sum -l 256 "$theirs" | cut -d' ' -f1)"
  # What build.sh recorded must be what is on disk now (nothing rebuilt the
  # Wasm in between, ink_e2e's debug builds included).
  [ "$hash_ours" = "$(jq -r --arg c "${contract//-/_}" '.code_hashes[$c]' "$MAIN/build-info.json")" ] ||
    die "$ours changed since scripts/build.sh recorded it: run scripts/build.sh again"
  if [ "$hash_ours" = "$hash_theirs" ]; then verdict="same"; else verdict="DIFFERENT"; failed=$((failed + 1)); fi
  printf '  %-12s %s  %7d bytes\n  %-12s %s  %7d bytes  %s\n' \
    "$contract" "$hash_ours" "$(stat -c %s "$ours")" "" "$hash_theirs" "$(stat -c %s "$theirs")" "$verdict"
  for wasm in "$ours" "$theirs"; do
    found=$(leaks "$wasm")
    if [ -n "$found" ]; then
      printf '  %s holds build paths: %s\n' "$wasm" "$found"
      failed=$((failed + 1))
    fi
  done
done
[ "$failed" -eq 0 ] || die "$failed difference(s): the code hashes depend on where the contracts are built"

# README.md publishes the code hash of each contract at this commit (its table
# "Code hashes of this commit"): a contract change must update it.
say "the code hashes README.md publishes are this build's"
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  key="${contract//-/_}"
  built=$(jq -r --arg c "$key" '.code_hashes[$c]' "$MAIN/build-info.json")
  published=$(sed -n "s/^| \`$key\` | \`\(0x[0-9a-f]\{64\}\)\` |.*/\1/p" "$MODELMINT_ROOT/README.md")
  [ "$published" = "$built" ] ||
    die "README.md publishes ${published:-no code hash} for $key, this commit builds $built: update its table \"Code hashes of this commit\""
  printf '  %-12s %s\n' "$key" "$built"
done
ok "every contract has the same code hash in $MODELMINT_ROOT and in a clone built by another user ($((SECONDS - START)) s)"
