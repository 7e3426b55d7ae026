#!/usr/bin/env bash
# Provisions this machine with everything ModelMint needs to build, test and run
# its ink! 5 contracts, from the package registries only:
#
#   1. Debian packages: rustc-web 1.85 with its std sources, clippy, lld-19,
#      and what the node's build needs (protobuf-compiler, clang, libclang-dev);
#   2. that Rust 1.85 linked into rustup as `modelmint-1.85`;
#   3. a `rust-lld` on PATH (the wasm32 target's linker; Debian ships lld-19);
#   4. a prebuilt wasm32 `std` in that toolchain's sysroot (the node's runtime
#      build needs one, and clippy for wasm uses it);
#   5. cargo-contract 5.0.3;
#   6. substrate-contracts-node 0.42.0 (crate `contracts-node`);
#   7. for the web app (ui/): Node.js >= 20.19 with npm, Debian's Chromium for
#      its browser tests, and ui/node_modules installed from the committed
#      package-lock.json (`npm ci`; npm's download cache stays in ~/.npm).
#
# Idempotent: each step first checks whether its result is already in place and
# skips itself if so; a provisioned machine passes in seconds. Everything lands
# outside the repository (apt, ~/.cargo/bin, $MODELMINT_CACHE), so fresh clones
# and CI reuse it. Long builds keep their build trees in $MODELMINT_CACHE and
# resume where an interrupted run stopped.
#
# Usage: scripts/setup.sh            # everything
#        scripts/setup.sh --check    # report what is missing, install nothing
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

CHECK_ONLY=false
case "${1:-}" in
  --check) CHECK_ONLY=true ;;
  "") ;;
  *) die "usage: scripts/setup.sh [--check]" ;;
esac

RUST_WEB_VERSION="1.85.0+dfsg3-1~deb12u3"
RUST_WEB_PACKAGES=(rustc-web cargo-web libstd-rust-web-dev libstd-rust-web-1.85 rust-web-src rust-web-clippy)
# iso-codes: the ISO 639/3166/4217 tables it ships are the demo's dataset.
# postgresql: initdb and pg_ctl, with which the index's tests start a server of
# their own (no system service is used).
OTHER_PACKAGES=(lld-19 protobuf-compiler clang libclang-dev pkg-config curl jq unzip ca-certificates bc xxd iso-codes postgresql)
WASM_TARGET="wasm32-unknown-unknown"
NODE_SRC="$MODELMINT_CACHE/contracts-node-$CONTRACTS_NODE_VERSION"

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null; then
  SUDO=(sudo)
else
  SUDO=(__no_sudo__)
fi

as_root() {
  [ "${SUDO[0]:-}" != "__no_sudo__" ] || die "this step needs root: run scripts/setup.sh as root or install sudo"
  "${SUDO[@]}" "$@"
}

# Runs one provisioning step: skip it if `check` passes, else run `install`
# and insist that `check` passes afterwards.
MISSING=()
INSTALLED=()
step() {
  local title="$1" check="$2" install="$3" usual="$4"
  if "$check"; then
    ok "$title"
    return
  fi
  if $CHECK_ONLY; then
    MISSING+=("$title")
    printf '  missing: %s\n' "$title"
    return
  fi
  say "$title: installing (usually takes $usual)"
  local start=$SECONDS
  "$install"
  "$check" || die "$title: the install finished but the result is still not in place"
  INSTALLED+=("$install")
  ok "$title: installed in $((SECONDS - start)) s"
  # Kept for BENCHMARKS.md (scripts/bench.sh): where a first setup's time goes.
  mkdir -p "$MODELMINT_CACHE/timings"
  printf '{"step": "%s", "seconds": %d, "cores": %d, "date": "%s"}\n' "$title" "$((SECONDS - start))" "$(nproc)" \
    "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" >>"$MODELMINT_CACHE/timings/setup.jsonl"
}

# --- 1. Debian packages ------------------------------------------------------

packages_present() {
  local pkg status
  for pkg in "${RUST_WEB_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$pkg" 2>/dev/null) || return 1
    [ "$status" = "installed $RUST_WEB_VERSION" ] || return 1
  done
  for pkg in "${OTHER_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) || return 1
    [ "$status" = "installed" ] || return 1
  done
}

install_packages() {
  command -v apt-get >/dev/null ||
    die "apt-get not found: scripts/setup.sh provisions Debian 12 (bookworm). Elsewhere install Rust 1.85 with rust-src, clippy and the wasm32 target, link it with 'rustup toolchain link $MODELMINT_TOOLCHAIN <its sysroot>', then rerun."
  grep -q 'VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null ||
    say "warning: this is not Debian 12 (bookworm); rustc-web $RUST_WEB_VERSION may not be offered"
  as_root apt-get update -qq || die "apt-get update failed: check the machine's Debian sources and network"
  local pinned=()
  local pkg
  for pkg in "${RUST_WEB_PACKAGES[@]}"; do
    apt-cache show "$pkg=$RUST_WEB_VERSION" >/dev/null 2>&1 ||
      die "Debian package $pkg version $RUST_WEB_VERSION is not available from this machine's apt sources. It is Rust 1.85 from Debian 12 (bookworm) main; 'apt-cache policy $pkg' shows what is offered."
    pinned+=("$pkg=$RUST_WEB_VERSION")
  done
  for pkg in "${OTHER_PACKAGES[@]}"; do
    apt-cache show "$pkg" >/dev/null 2>&1 ||
      die "Debian package $pkg is not available from this machine's apt sources ('apt-cache policy $pkg')"
  done
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    --allow-downgrades --allow-change-held-packages "${pinned[@]}" "${OTHER_PACKAGES[@]}" ||
    die "apt-get install failed for: ${pinned[*]} ${OTHER_PACKAGES[*]}"
  # An upgrade to rustc-web 1.96 would break ink! 5 builds.
  as_root apt-mark hold "${RUST_WEB_PACKAGES[@]}" >/dev/null
}

# --- 2. rustup toolchain -------------------------------------------------------

toolchain_linked() {
  command -v rustup >/dev/null || return 1
  rustup toolchain list 2>/dev/null | grep -q "^$MODELMINT_TOOLCHAIN" || return 1
  rustc "+$MODELMINT_TOOLCHAIN" --version 2>/dev/null | grep -q '^rustc 1\.85\.'
}

link_toolchain() {
  command -v rustup >/dev/null ||
    die "rustup not found: ModelMint selects its Rust 1.85 through rustup (the machine image ships it)"
  [ -x /usr/bin/rustc ] || die "/usr/bin/rustc is missing: the rustc-web package did not install it"
  rustup toolchain link "$MODELMINT_TOOLCHAIN" /usr
}

# rustfmt does not depend on the compiler version; the stable toolchain's is used.
rustfmt_present() {
  rustup run stable rustfmt --version >/dev/null 2>&1
}

install_rustfmt() {
  rustup component add rustfmt --toolchain stable ||
    die "rustfmt for the stable toolchain is missing and could not be added"
}

# --- 3. rust-lld ---------------------------------------------------------------

rust_lld_present() {
  command -v rust-lld >/dev/null
}

link_rust_lld() {
  [ -x /usr/bin/lld-19 ] || die "/usr/bin/lld-19 is missing: the lld-19 package did not install it"
  mkdir -p "$CARGO_HOME/bin"
  ln -sf /usr/bin/lld-19 "$CARGO_HOME/bin/rust-lld"
}

# --- 4. wasm32 std sysroot -----------------------------------------------------

wasm_sysroot_dir() {
  echo "$(rustc "+$MODELMINT_TOOLCHAIN" --print sysroot)/lib/rustlib/$WASM_TARGET/lib"
}

# The stamp records which compiler built the rlibs: a different rustc cannot use them.
wasm_sysroot_present() {
  local dir
  dir=$(wasm_sysroot_dir 2>/dev/null) || return 1
  [ -f "$dir/.modelmint-stamp" ] &&
    [ "$(cat "$dir/.modelmint-stamp")" = "$(rustc "+$MODELMINT_TOOLCHAIN" -vV)" ] &&
    compgen -G "$dir/libstd-*.rlib" >/dev/null
}

build_wasm_sysroot() {
  local probe="$MODELMINT_CACHE/wasm32-std-probe" dir
  dir=$(wasm_sysroot_dir)
  mkdir -p "$probe/src"
  cat >"$probe/Cargo.toml" <<'TOML'
[package]
name = "wasm32-std-probe"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]
TOML
  echo 'fn main() { println!("wasm32 std probe"); }' >"$probe/src/main.rs"
  (cd "$probe" && RUSTC_BOOTSTRAP=1 cargo "+$MODELMINT_TOOLCHAIN" build -q --release \
    --target "$WASM_TARGET" -Zbuild-std=std,panic_abort) ||
    die "building the wasm32 std from rust-web-src failed (see the output above)"
  as_root mkdir -p "$dir"
  as_root find "$dir" -maxdepth 1 -name 'lib*.rlib' -delete
  as_root cp "$probe/target/$WASM_TARGET/release/deps/"lib*.rlib "$dir/"
  # Proves the sysroot works the way the node's runtime build will use it.
  (cd "$probe" && cargo "+$MODELMINT_TOOLCHAIN" build -q --release --target "$WASM_TARGET") ||
    die "the installed wasm32 std does not build a plain std crate"
  rustc "+$MODELMINT_TOOLCHAIN" -vV | as_root tee "$dir/.modelmint-stamp" >/dev/null
}

# --- 5. cargo-contract ---------------------------------------------------------

cargo_contract_present() {
  command -v cargo-contract >/dev/null &&
    cargo-contract contract --version 2>/dev/null | grep -q "^cargo-contract-contract $CARGO_CONTRACT_VERSION"
}

install_cargo_contract() {
  # A host tool: built with the machine's default toolchain, outside the repo so
  # that rust-toolchain.toml does not apply.
  (cd "$MODELMINT_CACHE" && env -u RUSTUP_TOOLCHAIN cargo install cargo-contract \
    --version "$CARGO_CONTRACT_VERSION" --locked --force \
    --target-dir "$MODELMINT_CACHE/cargo-contract-target") ||
    die "cargo install cargo-contract $CARGO_CONTRACT_VERSION failed (see the output above); rerunning resumes the build"
}

# --- 6. substrate-contracts-node -----------------------------------------------

node_present() {
  command -v substrate-contracts-node >/dev/null &&
    substrate-contracts-node --version 2>/dev/null | grep -q "^substrate-contracts-node $CONTRACTS_NODE_VERSION"
}

install_node() {
  # The node embeds Wasm runtimes that substrate-wasm-builder compiles in separate
  # cargo projects. They only see the node's Cargo.lock when the crate is unpacked
  # somewhere WASM_BUILD_WORKSPACE_HINT can point at; from cargo's registry cache
  # they resolve the newest crates, which no longer build with Rust 1.85.
  if [ ! -f "$NODE_SRC/Cargo.lock" ]; then
    local crate
    crate=$(compgen -G "$CARGO_HOME/registry/cache/*/contracts-node-$CONTRACTS_NODE_VERSION.crate" | head -n 1 || true)
    if [ -z "$crate" ]; then
      (cd "$MODELMINT_CACHE" && cargo "+$MODELMINT_TOOLCHAIN" info "contracts-node@$CONTRACTS_NODE_VERSION" >/dev/null) ||
        die "could not download crate contracts-node $CONTRACTS_NODE_VERSION from crates.io"
      crate=$(compgen -G "$CARGO_HOME/registry/cache/*/contracts-node-$CONTRACTS_NODE_VERSION.crate" | head -n 1 || true)
      [ -n "$crate" ] || die "crate contracts-node $CONTRACTS_NODE_VERSION is not in cargo's registry cache after downloading it"
    fi
    tar -xzf "$crate" -C "$MODELMINT_CACHE"
  fi
  # A development node, built lighter than `cargo install`'s default, with the
  # same chain:
  # - only the dev chain's runtime is built. The node also embeds the rococo
  #   relay chain's and the contracts parachain's runtimes, for a parachain mode
  #   ModelMint never runs (every script and test starts `--dev`);
  #   substrate-wasm-builder skips each one named in SKIP_<CRATE>_WASM_BUILD,
  #   and those chain specs then answer "wasm not available".
  # - the native code (client, RPC, executor) is compiled at opt-level 1, not 3.
  # The dev runtime is built exactly as by a default build: the same `:code`
  # (blake2-256 0x3dcd11e3…035d7) and genesis hash, so the same weights
  # (BENCHMARKS.md records the code hash of every run). Measured here on 2
  # cores: 75 min in each of two fresh-machine setups (its 1,366 crates download
  # in 20 s of that; one earlier build from an empty build tree took 47 min); the
  # default build took 1-2 hours.
  say "building substrate-contracts-node: about 75 min on 2 cores from a fresh machine; the build tree in $MODELMINT_CACHE/node-target survives interruptions"
  (cd "$MODELMINT_CACHE" && WASM_BUILD_WORKSPACE_HINT="$NODE_SRC" \
    SKIP_ROCOCO_RUNTIME_WASM_BUILD=1 SKIP_CONTRACTS_PARACHAIN_RUNTIME_WASM_BUILD=1 \
    cargo "+$MODELMINT_TOOLCHAIN" --config 'profile.release.opt-level=1' install \
    --path "$NODE_SRC" --locked --force --target-dir "$MODELMINT_CACHE/node-target") ||
    die "building substrate-contracts-node failed (see the output above); rerunning resumes the build"
}

# --- 7. the web app: Node.js, Chromium, node modules ----------------------------

UI_DIR="$MODELMINT_ROOT/ui"
UI_STAMP="$UI_DIR/node_modules/.modelmint-lock-sha256"

# Vite 8 needs Node.js >= 20.19; Debian 12's own nodejs is 18, so a machine
# without a newer one gets a clear message instead of an install we cannot vouch for.
nodejs_present() {
  command -v node >/dev/null && command -v npm >/dev/null &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}

nodejs_missing() {
  die "Node.js >= 20.19 with npm is needed for the web app (found: $(node --version 2>/dev/null || echo none)); install it from your distribution or nodejs.org, then rerun"
}

chromium_present() {
  [ -x /usr/bin/chromium ] && /usr/bin/chromium --headless --no-sandbox --version >/dev/null 2>&1
}

install_chromium() {
  as_root apt-get update -qq || die "apt-get update failed: check the machine's Debian sources and network"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation ||
    die "apt-get install chromium failed"
}

# Installed when package-lock.json changed since the last install (the stamp).
ui_modules_present() {
  [ -f "$UI_STAMP" ] && [ "$(cat "$UI_STAMP")" = "$(sha256sum <"$UI_DIR/package-lock.json")" ]
}

install_ui_modules() {
  (cd "$UI_DIR" && npm ci --prefer-offline --no-audit --no-fund) ||
    die "npm ci failed in ui/ (see the output above)"
  sha256sum <"$UI_DIR/package-lock.json" >"$UI_STAMP"
}

# --- run -----------------------------------------------------------------------

mkdir -p "$MODELMINT_CACHE"
START=$SECONDS
say "provisioning for ModelMint (cache: $MODELMINT_CACHE)"
step "Debian packages (Rust 1.85 rustc-web, clippy, lld-19, node build deps)" packages_present install_packages "about 30 s"
step "rustup toolchain $MODELMINT_TOOLCHAIN -> /usr (Rust 1.85)" toolchain_linked link_toolchain "a second"
step "rustfmt (stable toolchain)" rustfmt_present install_rustfmt "a few seconds"
step "rust-lld on PATH (lld-19)" rust_lld_present link_rust_lld "a second"
step "wasm32 std in the $MODELMINT_TOOLCHAIN sysroot" wasm_sysroot_present build_wasm_sysroot "1-2 min"
step "cargo-contract $CARGO_CONTRACT_VERSION" cargo_contract_present install_cargo_contract "17-22 min"
step "substrate-contracts-node $CONTRACTS_NODE_VERSION" node_present install_node "about 75 min from a fresh machine"
step "Node.js >= 20.19 and npm (the web app)" nodejs_present nodejs_missing "-"
step "Chromium (Debian) for the web app's browser tests" chromium_present install_chromium "about 30 s"
step "the web app's node modules (ui/, npm ci from package-lock.json)" ui_modules_present install_ui_modules "about 30 s"

if $CHECK_ONLY && [ ${#MISSING[@]} -gt 0 ]; then
  die "${#MISSING[@]} piece(s) missing; run scripts/setup.sh to install them"
fi
ok "machine provisioned ($((SECONDS - START)) s)"
if ! $CHECK_ONLY && [ ${#INSTALLED[@]} -gt 0 ]; then
  # The run's closing record (BENCHMARKS.md): a run that installed the Rust
  # packages, cargo-contract and the node provisioned a fresh machine.
  installed() { [[ " ${INSTALLED[*]} " == *" $1 "* ]]; }
  first_setup=false
  if installed install_packages && installed install_cargo_contract && installed install_node; then
    first_setup=true
  fi
  mkdir -p "$MODELMINT_CACHE/timings"
  printf '{"run": "scripts/setup.sh", "seconds": %d, "first_setup": %s, "installed": %d, "cores": %d, "date": "%s"}\n' \
    "$((SECONDS - START))" "$first_setup" "${#INSTALLED[@]}" "$(nproc)" "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" \
    >>"$MODELMINT_CACHE/timings/setup.jsonl"
fi
