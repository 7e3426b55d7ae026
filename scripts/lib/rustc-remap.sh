#!/usr/bin/env bash
# A rustc wrapper (cargo's RUSTC_WRAPPER) that makes contract builds
# independent of where they run. rustc writes source paths into the code it
# emits: the locations of panics (`#[track_caller]` keeps them even with
# `panic_immediate_abort`), `file!()`. In a contract's Wasm those paths change
# its code hash from one machine to the next and put the builder's directories
# on chain. Every place a build reads sources from is rewritten to a fixed,
# short name (rustc applies the LAST matching --remap-path-prefix, so the
# general prefixes come first and the specific ones after them):
#
#   $TMPDIR (or /tmp)                       -> tmp
#   $HOME                                   -> ~
#   <rustc's sysroot>/lib/rustlib/src/rust  -> rust      (-Zbuild-std's core, alloc)
#   <this checkout>                         -> modelmint
#   <cargo-contract's temporary workspace>  -> modelmint (a copy of the checkout's layout)
#   $OUT_DIR (build-script output)          -> out
#   $CARGO_HOME/registry/src/<index>        -> crates    (the downloaded crates)
#   $CARGO_HOME/git/checkouts               -> git
#
# and the `-C metadata` cargo gives a crate of this checkout is replaced by a
# digest without its path (below).
#
# Each directory is given both as cargo may name it and with its symbolic links
# resolved. So the same commit and toolchain give the same Wasm, hence the same
# code hash, in any checkout, for any user, with any CARGO_HOME.
#
# Why a wrapper: cargo-contract 5.0.3 sets CARGO_ENCODED_RUSTFLAGS for its
# builds, which replaces RUSTFLAGS and the `rustflags` of cargo's config, so
# flags can only be added where cargo calls `<wrapper> <rustc> ARGS...`.
# cargo does not see flags a wrapper adds, so it would reuse what a build
# without them left in the target directory: the wrapper therefore adds a
# line naming itself (with a digest of this file) to `rustc -vV`, which cargo
# hashes into every unit's -C metadata. Remapped and plain builds (ink_e2e's)
# then keep separate artifacts in a shared target directory, and a change to
# these rules rebuilds everything.
#
# scripts/build.sh sets it; scripts/check-reproducible.sh checks the result;
# tools/cli/tests/remap.rs checks the arguments. By hand:
#   RUSTC_WRAPPER=$PWD/scripts/lib/rustc-remap.sh cargo contract build --release
set -euo pipefail
rustc="$1"
shift

self="${BASH_SOURCE[0]}"
for arg in "$@"; do
  if [ "$arg" = "-vV" ]; then
    "$rustc" "$@"
    # Path-independent: the digest of this file, not its path.
    printf 'modelmint-remap: %s\n' "$(sha256sum <"$self" | cut -c1-16)"
    exit 0
  fi
done

flags=()
# remap DIR TO: DIR as given and, if it differs, with its links resolved.
remap() {
  local dir="${1%/}" to="$2" physical
  # An empty or root prefix would rewrite every path: never.
  [ -n "$dir" ] && [ "$dir" != "/" ] || return 0
  flags+=("--remap-path-prefix=$dir=$to")
  physical=$(cd "$dir" 2>/dev/null && pwd -P) || return 0
  [ "$physical" = "$dir" ] || flags+=("--remap-path-prefix=$physical=$to")
}

remap "${TMPDIR:-/tmp}" tmp
remap "${HOME:-}" "~"
# The real rustc sits in <sysroot>/bin (clippy-driver too, when cargo clippy
# runs it as `<wrapper> clippy-driver rustc ARGS`).
remap "$(cd "$(dirname "$rustc")/.." 2>/dev/null && pwd)/lib/rustlib/src/rust" rust
checkout="$(cd "$(dirname "$self")/../.." && pwd)"
remap "$checkout" modelmint
# cargo-contract builds from a copy of the manifest in a temporary workspace
# (…/cargo-contract_XXXXXX/<path of the crate in the checkout>); a path under
# it must read the same as under the checkout.
crate=""
case "${CARGO_MANIFEST_DIR:-}" in
  */cargo-contract_*)
    workspace="${CARGO_MANIFEST_DIR%%/cargo-contract_*}"
    rest="${CARGO_MANIFEST_DIR#"$workspace"/}"
    remap "$workspace/${rest%%/*}" modelmint
    crate="${rest#*/}"
    ;;
  "$checkout"/*) crate="${CARGO_MANIFEST_DIR#"$checkout"/}" ;;
  *)
    physical=$(cd "$checkout" && pwd -P)
    case "${CARGO_MANIFEST_DIR:-}" in "$physical"/*) crate="${CARGO_MANIFEST_DIR#"$physical"/}" ;; esac
    ;;
esac

# cargo's `-C metadata` seeds a crate's StableCrateId, which enters its
# symbol hashes and TypeIds, so the code emitted. For a path dependency that
# lies outside the workspace being built, cargo hashes its absolute path into
# it; cargo-contract builds each contract in a temporary workspace, outside
# which every shared crate of this checkout lies (modelmint-common, the
# market's rules), so the same source gave other code in another checkout.
# For a crate of this checkout the value is replaced by a digest of what
# identifies the unit without a path: its place in the checkout, name,
# version, crate name and types, edition, target and cfgs (its features).
args=("$@")
if [ -n "$crate" ]; then
  identity=("$crate" "${CARGO_PKG_NAME:-}" "${CARGO_PKG_VERSION:-}")
  previous=""
  for arg in "${args[@]}"; do
    case "$previous" in
      --crate-name | --crate-type | --edition | --target | --cfg) identity+=("$previous=$arg") ;;
    esac
    previous="$arg"
  done
  metadata=$(printf '%s\n' "${identity[@]}" | sha256sum | cut -c1-16)
  for i in "${!args[@]}"; do
    case "${args[$i]}" in
      metadata=*) [ "$i" -gt 0 ] && [ "${args[$((i - 1))]}" = "-C" ] && args[i]="metadata=$metadata" ;;
      -Cmetadata=*) args[i]="-Cmetadata=$metadata" ;;
    esac
  done
fi
[ -z "${OUT_DIR:-}" ] || remap "$OUT_DIR" out
cargo_home="${CARGO_HOME:-${HOME:-}/.cargo}"
# One prefix per registry index (index.crates.io-<hash>: the hash part
# depends on cargo's version), so that only <crate>-<version>/… remains.
for index in "$cargo_home"/registry/src/*/; do
  [ -d "$index" ] && remap "$index" crates
done
remap "$cargo_home/git/checkouts" git

exec "$rustc" "${args[@]}" "${flags[@]}"
