#!/usr/bin/env bash
# The licensed-delivery benchmark (issue 31): 32 concurrent licensed downloads
# of a 256 MiB model on loopback through modelmint-delivery's server (a release
# build, tools/delivery/src/bin/delivery-bench.rs), next to Debian's nginx
# serving the same files as plain static files in the same run; then the
# latency of 32 concurrent sign-ins through `modelmint serve` on a fresh local
# node, each checked on chain. Prints the figures, writes them to
# benchmarks/delivery.json and replaces BENCHMARKS.md's section "Licensed
# delivery" with them (scripts/bench.sh keeps that section from the JSON).
#
# Usage: scripts/bench-delivery.sh [--clients N] [--size-mib N] [--no-chain]
#   nginx: Debian's (apt-get install nginx-light); node on 127.0.0.1:9975,
#   nginx on 18090, modelmint serve on 18091.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"
use_contract_toolchain
cd "$MODELMINT_ROOT"

CLIENTS=32 SIZE_MIB=256 CHAIN=1
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS="$2"; shift 2 ;;
    --size-mib) SIZE_MIB="$2"; shift 2 ;;
    --no-chain) CHAIN=0; shift ;;
    *) die "usage: scripts/bench-delivery.sh [--clients N] [--size-mib N] [--no-chain]" ;;
  esac
done
PORT="${MODELMINT_DELIVERY_BENCH_PORT:-9975}"
NGINX_PORT="${MODELMINT_DELIVERY_BENCH_NGINX_PORT:-18090}"
SERVE_PORT="${MODELMINT_DELIVERY_BENCH_SERVE_PORT:-18091}"
command -v nginx >/dev/null || die "Debian's nginx is not installed: apt-get install nginx-light"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-delivery-bench.XXXXXX")
NGINX_PID="" SERVE_PID=""
cleanup() {
  [ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
  [ -z "$SERVE_PID" ] || kill "$SERVE_PID" 2>/dev/null || true
  [ "$CHAIN" = 0 ] || MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

stage "build delivery-bench (release)" cargo build --release --locked -q -p modelmint-delivery --bin delivery-bench
BENCH="$CARGO_TARGET_DIR/release/delivery-bench"

# The model: four shards of random bytes (not compressible), readable by
# nginx's workers (they run as another user).
mkdir -p "$WORK/model" "$WORK/nginx"
chmod 755 "$WORK" "$WORK/model"
for shard in 0 1 2 3; do
  head -c $((SIZE_MIB / 4 << 20)) /dev/urandom >"$WORK/model/model-0000$shard.safetensors"
done

# nginx as a static file server of the same directory: sendfile, no access log.
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/model;
  }
}
EOF
nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/"; do
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx did not start: $(cat "$WORK/nginx/error.log")"
  sleep 0.1
done

chain_args=()
if [ "$CHAIN" = 1 ]; then
  # Sign-in latency does not depend on the model's size: a small model.
  stage "build the modelmint command line" build_modelmint
  export MODELMINT_URL="ws://127.0.0.1:$PORT" MODELMINT_DEPLOYMENT="$MODELMINT_ROOT/deployments/delivery-bench.json"
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" restart >/dev/null
  stage "deploy" "$MODELMINT_ROOT/scripts/deploy.sh" --url "$MODELMINT_URL" --network delivery-bench --redeploy \
    --no-timelock --commit-window 1:1000 >/dev/null
  mkdir -p "$WORK/small"
  head -c $((1 << 20)) /dev/urandom >"$WORK/small/model.safetensors"
  model=$(MODELMINT_SURI=//Alice modelmint --json register "$WORK/small" --name bench --version v1 --uri ipfs://bench | jq -er '.model')
  offer=$(MODELMINT_SURI=//Alice modelmint --json offer create "$model" --price 1000000000000 --days 30 --uses research \
    --legal-uri ipfs://legal --legal-sha256 "$(printf legal | sha256sum | cut -d' ' -f1)" | jq -er '.offer')
  MODELMINT_SURI=//Bob modelmint --json license buy "$offer" --max-price 1000000000000 >/dev/null
  "$MODELMINT_CLI" serve "$model" "$WORK/small" --listen "127.0.0.1:$SERVE_PORT" --access-log "$WORK/access.jsonl" \
    --max-downloads-per-account "$CLIENTS" 2>"$WORK/serve.err" &
  SERVE_PID=$!
  until grep -q '^serving model' "$WORK/serve.err"; do
    kill -0 "$SERVE_PID" 2>/dev/null || die "modelmint serve exited: $(cat "$WORK/serve.err")"
    sleep 0.1
  done
  chain_args=(--chain-url "http://127.0.0.1:$SERVE_PORT" --model "$model")
fi

say "$CLIENTS concurrent downloads of $SIZE_MIB MiB: modelmint-delivery and nginx $(nginx -v 2>&1 | cut -d/ -f2)"
MODELMINT_SURI=//Bob "$BENCH" --dir "$WORK/model" --clients "$CLIENTS" --size-mib "$SIZE_MIB" \
  --static-url "http://127.0.0.1:$NGINX_PORT" "${chain_args[@]+"${chain_args[@]}"}" \
  --json-out "$MODELMINT_ROOT/benchmarks/delivery.json" --markdown "$MODELMINT_ROOT/BENCHMARKS.md" \
  --meta "measured_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)" --meta "commit=$(git -C "$MODELMINT_ROOT" rev-parse --short=12 HEAD)" \
  --meta "nginx=$(nginx -v 2>&1 | cut -d/ -f2)" --meta "load=$LOAD_AT_START"
