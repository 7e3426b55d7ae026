# Shared by every script in scripts/: paths, the toolchain name, and messages.
# Source it; it defines functions and variables and changes nothing on disk.

MODELMINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Everything heavy lives outside the repository so that a fresh clone (and CI)
# reuses it: cargo's build output, the node's and cargo-contract's build trees.
MODELMINT_CACHE="${MODELMINT_CACHE:-$HOME/.cache/modelmint}"

# rustup name of the Rust 1.85 toolchain that builds the contracts (Debian's
# rustc-web 1.85 linked into rustup; ink! 5 needs Rust <= 1.86).
MODELMINT_TOOLCHAIN="modelmint-1.85"

# Versions that belong together (docs/setup.md, "Versions").
CARGO_CONTRACT_VERSION="5.0.3"
CONTRACTS_NODE_VERSION="0.42.0"

CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
case ":$PATH:" in
  *":$CARGO_HOME/bin:"*) ;;
  *) export PATH="$CARGO_HOME/bin:$PATH" ;;
esac

# The contract crates under contracts/, in deployment order.
MODELMINT_CONTRACTS=(registry market-desk market gateway)

# Makes every cargo/rustc call below use the contracts' toolchain and the shared
# build cache. Call it only after setup has linked the toolchain.
use_contract_toolchain() {
  export RUSTUP_TOOLCHAIN="$MODELMINT_TOOLCHAIN"
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$MODELMINT_CACHE/target}"
  CONTRACTS_NODE="${CONTRACTS_NODE:-$(command -v substrate-contracts-node || true)}"
  export CONTRACTS_NODE
}

# The `modelmint` command line (tools/cli): build_modelmint builds it (a no-op
# when it is current), then `modelmint ...` runs it. The scripts use the debug
# build: it shares its dependencies' build (ink_e2e, subxt) with the e2e suite,
# where a release build would compile them all again. Needs
# use_contract_toolchain first.
MODELMINT_CLI="${CARGO_TARGET_DIR:-$MODELMINT_CACHE/target}/debug/modelmint"
build_modelmint() {
  cargo build -q --locked -p modelmint-cli --manifest-path "$MODELMINT_ROOT/Cargo.toml"
}
modelmint() { "$MODELMINT_CLI" "$@"; }

if [ -t 1 ]; then
  _bold=$'\e[1m' _green=$'\e[32m' _red=$'\e[31m' _reset=$'\e[0m'
else
  _bold="" _green="" _red="" _reset=""
fi

say() { printf '%s==>%s %s\n' "$_bold" "$_reset" "$*"; }
ok() { printf '%s ok%s %s\n' "$_green" "$_reset" "$*"; }
die() {
  printf '%serror:%s %s\n' "$_red" "$_reset" "$*" >&2
  exit 1
}

# Runs a named stage of a longer job and reports its wall time.
# With STAGE_TIMINGS set to a file, each passed stage appends its title and
# duration there as a JSON line (scripts/test.sh records the suite's timings).
stage() {
  local title="$1"
  shift
  say "$title"
  local start=$SECONDS
  "$@" || die "$title failed (command: $*)"
  ok "$title ($((SECONDS - start)) s)"
  if [ -n "${STAGE_TIMINGS:-}" ]; then
    jq -cn --arg stage "$title" --argjson seconds "$((SECONDS - start))" '{stage: $stage, seconds: $seconds}' \
      >>"$STAGE_TIMINGS"
  fi
}
