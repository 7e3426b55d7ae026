#!/usr/bin/env bash
# Licensed delivery on a fresh local node, with the real `modelmint` binary
# (docs/delivery.md): a publisher serves a registered model with
# `modelmint serve` on loopback, and licensees `modelmint fetch` it. Checks:
# a licensed account gets byte-identical files; refused, each with its exit
# code and sentence and nothing kept: no license, a license for another use,
# a license that expired once the chain's clock passed it, a license
# transferred away (also during a download, which stops within the recheck
# interval); a server on a directory of another root refuses to
# start; a file changed under a running server is caught by fetch, which
# keeps none of it; an interrupted download resumes (the server sends only
# the rest) and verifies; one process serves two models, each checked at
# start and with its own uses, and a token for one opens nothing of the
# other. scripts/test.sh runs it.
#
# Usage: scripts/delivery-session.sh   # node on 127.0.0.1:$MODELMINT_DELIVERY_PORT (default 9974),
#                                      # servers on 127.0.0.1:$MODELMINT_DELIVERY_HTTP_PORT (default 18040) and the next 3 ports
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"
use_contract_toolchain
cd "$MODELMINT_ROOT"

PORT="${MODELMINT_DELIVERY_PORT:-9974}"
HTTP_PORT="${MODELMINT_DELIVERY_HTTP_PORT:-18040}"
export MODELMINT_URL="ws://127.0.0.1:$PORT"
export MODELMINT_DEPLOYMENT="$MODELMINT_ROOT/deployments/delivery-session.json"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/modelmint-delivery.XXXXXX")
SERVERS=()
cleanup() {
  local pid
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  MODELMINT_NODE_PORT="$PORT" "$MODELMINT_ROOT/scripts/node.sh" stop >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fresh_dev_deployment "$PORT" delivery-session

# The model: a config and 24 MiB of weights in a subdirectory.
model_dir="$WORK/model"
mkdir -p "$model_dir/shards"
printf '{"architectures": ["TinyModel"]}\n' >"$model_dir/config.json"
head -c $((24 << 20)) /dev/urandom >"$model_dir/shards/model 00001.safetensors"
WEIGHTS="shards/model 00001.safetensors"
PRICE=1000000000000
LEGAL_SHA256=$(printf 'ModelMint license v1' | sha256sum | cut -d' ' -f1)
bob=$(chain_account //Bob) charlie=$(chain_account //Charlie) eve=$(chain_account //Eve) ferdie=$(chain_account //Ferdie)

say "publisher (Alice): register the model; offers for fine-tuning, for research, and a 20-second fine-tuning license"
model=$(MODELMINT_SURI=//Alice modelmint --json register "$model_dir" --name tiny --version v1 --uri ipfs://tiny/card.md | jq -er '.model')
offer() {
  MODELMINT_SURI=//Alice modelmint --json offer create "$model" --price "$PRICE" "$@" \
    --legal-uri ipfs://legal/v1.md --legal-sha256 "$LEGAL_SHA256" | jq -er '.offer'
}
fine_tuning=$(offer --days 30 --uses fine-tuning --transferable)
research=$(offer --days 30 --uses research)
short=$(offer --duration-ms 20000 --uses fine-tuning)
buy() { MODELMINT_SURI="$1" modelmint --json license buy "$2" --max-price "$PRICE" | jq -er '.license'; }
buy //Bob "$fine_tuning" >/dev/null
buy //Charlie "$research" >/dev/null
ferdies=$(buy //Ferdie "$fine_tuning")

# serve PORT DIR LOG [NAME [ARGS...]]: starts `modelmint serve` of the model in
# DIR (and whatever ARGS add) in the background (the binary itself, so that
# its pid is the server's) and waits until it listens.
serve() {
  local port="$1" dir="$2" log="$3" name="${4:-127.0.0.1:$1}" waited=0
  shift $(($# < 4 ? $# : 4))
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || die "something listens on port $port already"
  "$MODELMINT_CLI" serve "$model" "$dir" --uses fine-tuning,redistribution --listen "127.0.0.1:$port" \
    --name "$name" --recheck-s 2 --access-log "$log" "$@" 2>"$log.err" &
  SERVERS+=($!)
  until grep -q '^serving model' "$log.err" && curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "${SERVERS[-1]}" 2>/dev/null || die "modelmint serve exited: $(cat "$log.err")"
    [ "$waited" -lt 100 ] || die "modelmint serve did not listen on $port within 10 s"
    sleep 0.1
    waited=$((waited + 1))
  done
}
URL="http://127.0.0.1:$HTTP_PORT"
serve "$HTTP_PORT" "$model_dir" "$WORK/access.jsonl"
ok "$(cat "$WORK/access.jsonl.err")"

# fetch SURI OUT: `modelmint fetch` of the model from the server into OUT.
fetch() { env MODELMINT_SURI="$1" "$MODELMINT_CLI" fetch "$model" --from "$URL" --out "$2" --quiet; }
same_files() {
  cmp -s "$model_dir/config.json" "$1/config.json" && cmp -s "$model_dir/$WEIGHTS" "$1/$WEIGHTS"
}
# refused EXIT_CODE PATTERN OUT COMMAND...: fails with EXIT_CODE and a message
# matching PATTERN, and OUT holds no file afterwards (partial downloads aside).
refused() {
  local expected="$1" pattern="$2" out="$3" output code
  shift 3
  if output=$("$@" 2>&1); then die "expected a refusal, got success: $*"; else code=$?; fi
  [ "$code" = "$expected" ] || die "exit $code (expected $expected) from: $* -> $output"
  grep -q -- "$pattern" <<<"$output" || die "unclear message from: $* -> $output"
  [ -z "$(find "$out" -type f -not -path "*/.modelmint-partial/*" 2>/dev/null)" ] || die "refused, yet files were kept in $out"
  ok "exit $code: $output"
}
# served_to ADDRESS: the number of file bytes the access log says ADDRESS got.
served_to() { jq -s --arg a "$1" '[.[] | select(.account == $a and .route == "file") | .bytes] | add // 0' "$WORK/access.jsonl"; }

say "licensee (Bob, fine-tuning license): fetch"
fetch //Bob "$WORK/bob"
same_files "$WORK/bob" || die "Bob's files are not the model's"
[ "$(served_to "$bob")" = $(((24 << 20) + 33)) ] || die "the access log does not record Bob's $(((24 << 20) + 33)) bytes"
jq -e --arg a "$bob" --arg f "$WEIGHTS" 'select(.account == $a and .file == $f and .status == 200 and .outcome == "served")' \
  "$WORK/access.jsonl" >/dev/null || die "the access log has no line for Bob's weights"
ok "Bob's files are byte-identical; the access log has his account, the files, the bytes and the outcome"

say "refused: no license, a license for another use"
refused 3 "(403): $eve holds no valid license on model $model" "$WORK/eve" fetch //Eve "$WORK/eve"
refused 3 "does not permit FineTuning or Redistribution" "$WORK/charlie" fetch //Charlie "$WORK/charlie"

say "refused: a license transferred away"
fetch //Ferdie "$WORK/ferdie-before" && same_files "$WORK/ferdie-before" || die "Ferdie could not fetch with his license"
MODELMINT_SURI=//Ferdie modelmint license transfer "$ferdies" --to "$eve" >/dev/null
refused 3 "(403): $ferdie holds no valid license" "$WORK/ferdie" fetch //Ferdie "$WORK/ferdie"
MODELMINT_SURI=//Eve modelmint license accept "$ferdies" >/dev/null
fetch //Eve "$WORK/eve-after" && same_files "$WORK/eve-after" || die "Eve could not fetch with the license she accepted"
ok "the license moved to Eve, who fetches; Ferdie no longer can"

say "refused: a license that expired once the chain's clock passed it"
bought_at=$(date +%s%3N)
buy //Dave "$short" >/dev/null
fetch //Dave "$WORK/dave-before" && same_files "$WORK/dave-before" || die "Dave could not fetch with his 20-second license"

# While Dave's license runs out:
say "a license transferred away during a download stops it within the recheck interval (2 s)"
# The client reads slowly (2 MiB/s through a proxy), so the download is in
# flight when the license moves; the server is named after the proxy, which
# is the address the client asks.
charlies=$(buy //Charlie "$fine_tuning")
SLOW_PORT=$((HTTP_PORT + 3))
serve "$((HTTP_PORT + 2))" "$model_dir" "$WORK/slow.jsonl" "127.0.0.1:$SLOW_PORT"
cat >"$WORK/slow-proxy.py" <<'EOF'
import socket, sys, threading, time
listen, target = int(sys.argv[1]), int(sys.argv[2])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen))
server.listen(16)
def pipe(source, sink, slow):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
            if slow:
                time.sleep(0.03)
    except OSError:
        pass
    for end in (source, sink):
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    client, _ = server.accept()
    upstream = socket.create_connection(("127.0.0.1", target))
    threading.Thread(target=pipe, args=(client, upstream, False), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client, True), daemon=True).start()
EOF
python3 "$WORK/slow-proxy.py" "$SLOW_PORT" "$((HTTP_PORT + 2))" &
SERVERS+=($!)
waited=0
until curl -s -o /dev/null "http://127.0.0.1:$SLOW_PORT/"; do
  [ "$waited" -lt 100 ] || die "the slow proxy did not listen on $SLOW_PORT"
  sleep 0.1
  waited=$((waited + 1))
done
URL="http://127.0.0.1:$SLOW_PORT"
fetch //Charlie "$WORK/charlie-slow" >"$WORK/slow.out" 2>&1 &
slow_fetch=$!
sleep 3
MODELMINT_SURI=//Charlie modelmint license transfer "$charlies" --to "$(chain_account //Dave)" >/dev/null
transferred_ms=$(date +%s%3N)
if wait "$slow_fetch"; then die "the download went on after the license was transferred away"; else code=$?; fi
# Charlie still holds his research license: the refusal says it is not for these uses.
[ "$code" = 3 ] && grep -q "(403): $charlie's license on model $model does not permit" "$WORK/slow.out" ||
  die "fetch did not stop with the refusal (exit $code): $(cat "$WORK/slow.out")"
stopped=$(jq -sc --arg a "$charlie" --arg f "$WEIGHTS" \
  'map(select(.account == $a and .file == $f and (.outcome | startswith("incomplete")))) | last' "$WORK/slow.jsonl")
[ "$stopped" != null ] || die "the access log does not show Charlie's download stopped"
delay=$(($(jq '.time_ms' <<<"$stopped") - transferred_ms))
# The recheck interval, plus what the socket buffers still held when the
# license moved (the server sends the next piece only once they drain).
[ "$delay" -le 6000 ] || die "the download stopped $delay ms after the transfer, more than 2 s + 4 s of buffers"
[ "$(jq '.bytes' <<<"$stopped")" -lt $((24 << 20)) ] || die "the whole file was sent"
[ ! -e "$WORK/charlie-slow/$WEIGHTS" ] || die "a partial download has the final name"
ok "stopped ${delay} ms after the transfer, after $(jq '.bytes' <<<"$stopped") of $((24 << 20)) bytes: $(jq -r '.outcome' <<<"$stopped")"
URL="http://127.0.0.1:$HTTP_PORT"

say "(Dave's license, continued)"
remaining_ms=$((bought_at + 21000 - $(date +%s%3N)))
[ "$remaining_ms" -le 0 ] || sleep $((remaining_ms / 1000 + 1))
# A dev node seals a block per transaction: one moves its clock past the expiry.
MODELMINT_SURI=//Alice modelmint model set-uri "$model" ipfs://tiny/card-v2.md >/dev/null
refused 3 "(403): $(chain_account //Dave)" "$WORK/dave" fetch //Dave "$WORK/dave"

say "a server on a directory whose root differs refuses to start"
other_dir="$WORK/other"
cp -r "$model_dir" "$other_dir"
printf 'x' >>"$other_dir/config.json"
if output=$(modelmint serve "$model" "$other_dir" --listen "127.0.0.1:$((HTTP_PORT + 1))" 2>&1); then
  die "modelmint serve started on a directory of another root"
fi
grep -q "not the model's root on chain" <<<"$output" || die "unclear message: $output"
! curl -s -o /dev/null "http://127.0.0.1:$((HTTP_PORT + 1))/" || die "something listens on $((HTTP_PORT + 1))"
ok "$output"

say "a file changed under a running server is caught by fetch, which keeps none of it"
changed_dir="$WORK/changed"
cp -r "$model_dir" "$changed_dir"
URL="http://127.0.0.1:$((HTTP_PORT + 1))"
serve "$((HTTP_PORT + 1))" "$changed_dir" "$WORK/changed.jsonl"
changed_server=${SERVERS[-1]}
printf '\377' | dd of="$changed_dir/$WEIGHTS" bs=1 seek=12345 conv=notrunc status=none
refused 3 "sent $WEIGHTS with the sha256 .* nothing of it was kept" "$WORK/changed-out" fetch //Bob "$WORK/changed-out"
[ ! -e "$WORK/changed-out/.modelmint-partial/$WEIGHTS" ] || die "the wrong bytes were kept as a partial download"
# Its port serves two models below.
kill "$changed_server" && wait "$changed_server" 2>/dev/null || true
URL="http://127.0.0.1:$HTTP_PORT"

say "an interrupted download resumes and verifies"
partial="$WORK/resumed/.modelmint-partial/$WEIGHTS"
mkdir -p "$(dirname "$partial")"
# What a connection broken after 10 MiB leaves behind.
head -c $((10 << 20)) "$model_dir/$WEIGHTS" >"$partial"
output=$(MODELMINT_SURI=//Bob "$MODELMINT_CLI" --json fetch "$model" --from "$URL" --out "$WORK/resumed")
same_files "$WORK/resumed" || die "the resumed download is not the model"
[ "$(jq -r '.reused' <<<"$output")" = $((10 << 20)) ] || die "fetch did not resume from 10 MiB: $output"
[ ! -e "$WORK/resumed/.modelmint-partial" ] || die "the partial directory was left behind"
jq -se --arg a "$bob" --arg f "$WEIGHTS" --argjson rest $(((14 << 20))) \
  'map(select(.account == $a and .file == $f)) | last | .status == 206 and .bytes == $rest' "$WORK/access.jsonl" >/dev/null ||
  die "the server did not send only the rest of the file (206, 14 MiB)"
ok "resumed at 10 MiB: the server sent the other 14 MiB (206), and every sha256 and the root verified"

say "one process serves two models, each with its own root check and uses; a token for one opens nothing of the other"
[ -d "$MODELMINT_ROOT/ui/node_modules/@polkadot/keyring" ] ||
  die "ui/node_modules is missing (the sign-in below uses @polkadot/keyring): run scripts/setup.sh"
two_dir="$WORK/model-two"
mkdir -p "$two_dir"
printf '{"architectures": ["TinyModelTwo"]}\n' >"$two_dir/config.json"
head -c $((1 << 20)) /dev/urandom >"$two_dir/two.bin"
model2=$(MODELMINT_SURI=//Alice modelmint --json register "$two_dir" --name tiny-two --version v1 --uri ipfs://tiny-two/card.md | jq -er '.model')
research2=$(MODELMINT_SURI=//Alice modelmint --json offer create "$model2" --price "$PRICE" --days 30 --uses research \
  --legal-uri ipfs://legal/v1.md --legal-sha256 "$LEGAL_SHA256" | jq -er '.offer')
buy //Eve "$research2" >/dev/null
TWO_PORT=$((HTTP_PORT + 1))
# A directory that is not its model's stops the start, naming the model.
if output=$(modelmint serve "$model" "$model_dir" --model "$model2=$model_dir" --listen "127.0.0.1:$TWO_PORT" 2>&1); then
  die "modelmint serve started with model $model2 on the directory of model $model"
fi
grep -q "model $model2: .*not the model's root on chain" <<<"$output" || die "unclear message: $output"
ok "$output"
serve "$TWO_PORT" "$model_dir" "$WORK/two.jsonl" "127.0.0.1:$TWO_PORT" --model "$model2=$two_dir:research"
grep -q "^serving model $model2 .* licensed for Research$" "$WORK/two.jsonl.err" ||
  die "the server does not say it serves model $model2 for research: $(cat "$WORK/two.jsonl.err")"
URL="http://127.0.0.1:$TWO_PORT"
fetch //Bob "$WORK/two-bob" && same_files "$WORK/two-bob" || die "Bob could not fetch model $model from the two-model server"
env MODELMINT_SURI=//Eve "$MODELMINT_CLI" fetch "$model2" --from "$URL" --out "$WORK/two-eve" --quiet >/dev/null
cmp -s "$two_dir/two.bin" "$WORK/two-eve/two.bin" && cmp -s "$two_dir/config.json" "$WORK/two-eve/config.json" ||
  die "Eve's files of model $model2 are not the model's"
ok "model $model (fine-tuning) to Bob and model $model2 (research) to Eve, from one process"
fetch_two() { env MODELMINT_SURI="$1" "$MODELMINT_CLI" fetch "$model2" --from "$URL" --out "$2" --quiet; }
refused 3 "(403): $bob holds no valid license on model $model2" "$WORK/two-bob2" fetch_two //Bob "$WORK/two-bob2"
# Bob signs in for model 1 (with @polkadot/keyring, as a wallet would) and asks for model 2's file.
token=$(cd "$MODELMINT_ROOT/ui" && node --input-type=module -e '
  import { Keyring } from "@polkadot/keyring";
  import { cryptoWaitReady } from "@polkadot/util-crypto";
  const [url, model, suri] = process.argv.slice(1);
  await cryptoWaitReady();
  const pair = new Keyring({ type: "sr25519" }).addFromUri(suri);
  const { message } = await (await fetch(`${url}/v1/models/${model}/challenge`)).json();
  const signature = "0x" + Buffer.from(pair.sign(new TextEncoder().encode(message))).toString("hex");
  const answer = await fetch(`${url}/v1/models/${model}/session`, { method: "POST", body: JSON.stringify({ account: pair.address, message, signature }) });
  if (!answer.ok) throw new Error(`sign-in refused (${answer.status}): ${await answer.text()}`);
  console.log((await answer.json()).token);
' "$URL" "$model" //Bob) || die "Bob could not sign in for model $model"
answer=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $token" "$URL/v1/models/$model2/files/two.bin")
[ "${answer##* }" = 403 ] && grep -q "issued for model $model and opens nothing of model $model2" <<<"$answer" ||
  die "a token for model $model was not refused on model $model2's file: $answer"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$URL/v1/models/$model/files/config.json")" = 200 ] ||
  die "the same token does not open model $model's own file"
ok "a token for model $model on model $model2's file: $(head -n 1 <<<"${answer% *}") (${answer##* })"

