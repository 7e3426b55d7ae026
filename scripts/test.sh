#!/usr/bin/env bash
# The single test command: provisions the machine if needed (a no-op once it is),
# then runs every check ModelMint has, stopping at the first failure:
#
#   format check, clippy (host, and wasm32 with cargo-contract's lints), unit and
#   property tests (also of the benchmark floors), the API docs (rustdoc, with
#   broken links as errors), release builds of every contract, the agreement
#   of the market with its desk, the same code hashes from a second checkout
#   built by another user (scripts/check-reproducible.sh), a deployment and
#   its verification against the source (scripts/check-verify.sh), the
#   `modelmint` command line's
#   session and refusals
#   on a local node, the web app's tests (unit, Chromium without a chain, and
#   the demo scenario through the UI in Chromium on a local node:
#   scripts/ui-test.sh), and the end-to-end suite on real
#   substrate-contracts-node processes (a pool of one per test thread, each
#   leased to one test at a time).
#
# Usage: scripts/test.sh
# Build output is cached in $CARGO_TARGET_DIR (default $MODELMINT_CACHE/target).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"

"$MODELMINT_ROOT/scripts/setup.sh"
use_contract_toolchain
cd "$MODELMINT_ROOT"

# The lints cargo-contract enforces on every contract build, checked up front.
CONTRACT_LINTS=(-D clippy::arithmetic_side_effects -D clippy::cast_possible_truncation
  -D clippy::cast_possible_wrap -D clippy::cast_sign_loss)
# The market's rules are a library compiled into the market and its desk:
# the same lints apply.
contract_packages=(-p modelmint-market-core)
for contract in "${MODELMINT_CONTRACTS[@]}"; do
  contract_packages+=(-p "modelmint-$contract")
done

# Deploys to a fresh local node, deploys again (which must reuse every contract),
# and stops the node.
DEPLOY_PORT="${MODELMINT_TEST_DEPLOY_PORT:-9988}"
deploy_twice() (
  local record="$MODELMINT_ROOT/deployments/test-local.json" first second
  trap 'MODELMINT_NODE_PORT="$DEPLOY_PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true' EXIT
  MODELMINT_NODE_PORT="$DEPLOY_PORT" "$MODELMINT_ROOT/scripts/node.sh" restart
  "$MODELMINT_ROOT/scripts/deploy.sh" --url "ws://127.0.0.1:$DEPLOY_PORT" --network test-local --redeploy --timelock-ms 60000 \
    --arbiter "$(chain_account //Ferdie)"
  first=$(jq -c '.contracts | map_values(.address)' "$record")
  "$MODELMINT_ROOT/scripts/deploy.sh" --url "ws://127.0.0.1:$DEPLOY_PORT" --network test-local --timelock-ms 60000 \
    --arbiter "$(chain_account //Ferdie)"
  second=$(jq -c '.contracts | map_values(.address)' "$record")
  [ "$first" = "$second" ] || die "a second deploy did not reuse the first: $first vs $second"
  [ "$(jq '.timelock_ms' "$record")" = 60000 ] || die "the deployment manifest does not record the timelock"
  [ "$(jq '.grace_ms' "$record")" = 604800000 ] || die "the deployment manifest does not record the default grace period"
  [ "$(jq -c '.commit_window' "$record")" = '{"min_blocks":10,"max_blocks":14400}' ] ||
    die "the deployment manifest does not record the default commit window"
  [ "$(jq -r '.arbiter' "$record")" = "$(chain_account //Ferdie)" ] ||
    die "the deployment manifest does not record the arbiter"
)

# The administration conformance suite (modelmint_common::admin_conformance_tests!)
# runs inside every contract crate that runs the administration rules; this
# stage shows it ran for each of them. The market forwards its administration
# messages to its desk, which runs them: the suite runs there (and the e2e
# suite checks the forwarding on a node).
admin_conformance() {
  local contract output
  for contract in registry market-desk gateway; do
    output=$(cargo test --locked -p "modelmint-$contract" --lib admin_conformance 2>&1) ||
      { printf '%s\n' "$output"; return 1; }
    grep -Eq 'test result: ok\. ([1-9][0-9]*) passed' <<<"$output" ||
      { printf '%s\n' "$output"; echo "no admin conformance test ran for $contract"; return 1; }
    # The check of the pause lists against the contract's metadata exists only
    # in a build as a contract (-p, without ink-as-dependency): it must have run.
    grep -q 'admin_conformance::admin_every_state_changing_message_is_listed_as_pausable_or_a_way_out \.\.\. ok$' <<<"$output" ||
      { echo "the pause lists of $contract were not checked against its metadata"; return 1; }
    printf '  %-10s %s\n' "$contract" "$(grep -Eo '[0-9]+ passed' <<<"$output" | head -n 1)"
  done
}

# The fixture contracts scripts/bench.sh measures as floors live in a workspace
# of their own (benchmarks/floors), outside the root workspace's stages.
floors_check() {
  (cd "$MODELMINT_ROOT/benchmarks/floors" &&
    cargo +stable fmt --all -- --check &&
    cargo clippy --locked --all-targets -q -- -D warnings &&
    cargo test --locked -q)
}

# The timings of this run, kept in $MODELMINT_CACHE/timings/test.json when
# every stage passed; scripts/bench.sh reports the latest in BENCHMARKS.md.
STAGE_TIMINGS=$(mktemp "${TMPDIR:-/tmp}/modelmint-test-timings.XXXXXX")
# A test without a node of the pool starts its own, and ink_e2e stops it with
# SIGKILL, so that node never removes its --dev state directory (36 MB at most):
# the suite's temporary files go to a directory of its own, removed at exit.
E2E_TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-e2e.XXXXXX")
trap 'rm -f "$STAGE_TIMINGS"; rm -rf "$E2E_TMPDIR"' EXIT
export STAGE_TIMINGS
START=$SECONDS
stage "format check" cargo +stable fmt --all -- --check
stage "clippy (host, all targets)" cargo clippy --workspace --all-targets --locked -- -D warnings
stage "clippy (wasm32, contract lints)" cargo clippy --locked --no-default-features \
  --target wasm32-unknown-unknown -p modelmint-common "${contract_packages[@]}" -- -D warnings "${CONTRACT_LINTS[@]}"
stage "unit and property tests" cargo test --locked
# Every crate's API docs build, and a broken intra-doc link fails: composers
# read the traits' `# Errors` and `# Events` through these links.
stage "API docs (rustdoc; broken links fail)" env RUSTDOCFLAGS="-D warnings" \
  cargo doc --locked --no-deps --workspace
stage "benchmark floors (their own workspace): format, clippy, tests" floors_check
stage "admin conformance suite, every contract" admin_conformance
stage "release builds of every contract" "$MODELMINT_ROOT/scripts/build.sh"
stage "the market and its desk answer the same messages (metadata)" "$MODELMINT_ROOT/scripts/check-desk.sh"
stage "reproducible builds: the same code hashes from a clone built by another user, elsewhere" \
  "$MODELMINT_ROOT/scripts/check-reproducible.sh" --no-build
stage "contract size regression (<= 5 % over benchmarks/latest.json)" \
  "$MODELMINT_ROOT/scripts/check-sizes.sh" --no-build
stage "hashing tool roots = coreutils roots" "$MODELMINT_ROOT/scripts/check-hash.sh"
stage "deploy to a local node, then reuse it" deploy_twice
stage "modelmint verify: a deployment against this checkout's build, and other code" \
  "$MODELMINT_ROOT/scripts/check-verify.sh"
stage "the modelmint command line: a publisher's and a licensee's session, and its refusals" \
  "$MODELMINT_ROOT/scripts/cli-session.sh"
# The delivery server and its client, on loopback against a node of their own
# (port 9974, servers on 18040-18043); about a minute and a half.
stage "licensed delivery: modelmint serve and fetch, their refusals and a resumed download" \
  "$MODELMINT_ROOT/scripts/delivery-session.sh"
# Its stages record their own timings.
"$MODELMINT_ROOT/scripts/ui-test.sh"
say "end-to-end suite on $("$CONTRACTS_NODE" --version) ($CONTRACTS_NODE)"
# The test binary and the contracts it deploys (ink_e2e builds them in debug
# mode, apart from the release builds above) are built in a stage of their
# own, so that the next one times the suite itself.
stage "end-to-end tests: build the test binary and the contracts it deploys" \
  env TMPDIR="$E2E_TMPDIR" cargo test --locked -p modelmint-e2e -- --exact build::every_contract_the_suite_deploys_builds
# The suite runs on a pool of nodes started here, one per test thread, each
# leased to one test at a time (e2e/src/support/node.rs): a node costs about
# 15 s of CPU to start, which was most of the suite when each test started its
# own. Every test deploys its own contracts and leases its node alone, so no
# test sees another's state or races its nonces. The tests wait on their nodes
# more than they compute, so 4 run at a time even on 2 cores;
# MODELMINT_E2E_THREADS overrides it. BENCHMARKS.md has the latest timings.
E2E_THREADS="${MODELMINT_E2E_THREADS:-4}"
E2E_FIRST_PORT="${MODELMINT_E2E_FIRST_PORT:-9961}"
e2e_suite() (
  local ports=() urls=() starts=() port start
  for ((port = E2E_FIRST_PORT; port < E2E_FIRST_PORT + E2E_THREADS; port++)); do ports+=("$port"); done
  stop_pool() {
    for port in "${ports[@]}"; do MODELMINT_NODE_PORT="$port" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true; done
  }
  trap stop_pool EXIT
  for port in "${ports[@]}"; do
    MODELMINT_NODE_PORT="$port" "$MODELMINT_ROOT/scripts/node.sh" restart >/dev/null &
    starts+=($!)
    urls+=("ws://127.0.0.1:$port")
  done
  for start in "${starts[@]}"; do wait "$start" || die "a node of the e2e pool did not start (logs: $MODELMINT_CACHE/node/)"; done
  say "${#urls[@]} nodes: ${urls[*]}"
  env TMPDIR="$E2E_TMPDIR" MODELMINT_E2E_NODES="${urls[*]}" \
    cargo test --locked -p modelmint-e2e -- --test-threads="$E2E_THREADS"
)
stage "end-to-end tests" e2e_suite
# The indexer on a node of its own (port 9993, API on 19993); about a minute.
stage "modelmint index: a CLI session indexed while killed with SIGKILL, checked against the contracts' views" \
  "$MODELMINT_ROOT/scripts/index-session.sh"
ok "all checks passed ($((SECONDS - START)) s)"
mkdir -p "$MODELMINT_CACHE/timings"
jq -s --arg date "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" --arg commit "$(git -C "$MODELMINT_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)" \
  --argjson total "$((SECONDS - START))" --argjson cores "$(nproc)" --arg threads "$E2E_THREADS" \
  '{date: $date, commit: $commit, cores: $cores, e2e_test_threads: $threads, total_s: $total, stages: .}' \
  "$STAGE_TIMINGS" >"$MODELMINT_CACHE/timings/test.json"
