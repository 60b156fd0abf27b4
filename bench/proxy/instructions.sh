#!/bin/bash
# Instructions per forwarded request (callgrind), the node:http + undici forwarder against Mimicus:
#   bash bench/proxy/instructions.sh [warm-up=6000] [requests=4000] [connections=8] [mimicus-bin=bin/mimicus.js]
# Each proxy runs under valgrind --tool=callgrind with counting on; after `warm-up` requests (JIT
# tiers, pools) the counters are zeroed, `requests` more are sent by a closed-loop client over
# `connections` keep-alive connections, and the counters dumped. Printed: user-space instructions
# per request, the main thread and all threads (V8's compiler and GC helpers), and Mimicus / forwarder.
# Repeatable under load, where CPU time is not; kernel time (writev, epoll) is not counted, so the
# ratio reads higher than the CPU-time ratio of `bench/run.ts proxy`. Too short a warm-up measures
# baseline-tier code still compiling (valgrind is ~50× slower): check the two runs agree before
# trusting a figure. Needs valgrind and a build (npx tsc -p tsconfig.build.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
WARM=${1:-6000}; N=${2:-4000}; C=${3:-8}; MBIN=${4:-bin/mimicus.js}
BP=$((22800 + RANDOM % 50 * 4)); FP=$((BP + 1)); MP=$((BP + 2))
D=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$D"' EXIT
printf 'version: 2\nupstreams:\n  - id: backend\n    targets: [ { url: "http://127.0.0.1:%s" } ]\nserver: { unmatched: { proxy: { upstream: backend } } }\nendpoints: []\n' $BP > "$D/m.yaml"
# A closed loop of exactly $2 GETs over $3 connections.
cat > "$D/send.mjs" <<'JS'
import { Agent, get } from 'node:http';
const [url, total, conns] = process.argv.slice(2);
let left = Number(total); let errors = 0;
const agent = new Agent({ keepAlive: true, maxSockets: Number(conns) });
const one = () => new Promise((done) => get(url, { agent }, (r) => { r.resume(); r.on('end', done); }).on('error', () => { errors++; done(); }));
await Promise.all(Array.from({ length: Number(conns) }, async () => { while (left-- > 0) await one(); }));
agent.destroy();
if (errors > 0) { console.error(`${errors} requests failed`); process.exit(1); }
JS
node bench/proxy/backend.mjs $BP > /dev/null &
vg() { valgrind --tool=callgrind --separate-threads=yes --dump-instr=no --smc-check=all-non-file --callgrind-out-file="$D/$1.out" "${@:2}" > /dev/null 2> "$D/$1.log" & }
vg fwd node bench/proxy/minimal-forwarder.mjs $FP http://127.0.0.1:$BP; FPID=$!
vg mim node "$MBIN" serve "$D/m.yaml" --port $MP --no-admin --no-watch --log-level silent --data-dir "$D/data"; MPID=$!
for port in $BP $FP $MP; do for _ in $(seq 2400); do curl -s -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.25; done; done
measure() { # name pid port -> instructions per request: "all main"
  node "$D/send.mjs" "http://127.0.0.1:$3/small" "$WARM" "$C"
  callgrind_control -z "$2" > /dev/null
  node "$D/send.mjs" "http://127.0.0.1:$3/small" "$N" "$C"
  callgrind_control -d "$2" > /dev/null
  sleep 1
  local all=0 main=0 ir
  for f in "$D/$1".out.*; do
    ir=$(grep -m1 '^summary:\|^totals:' "$f" | awk '{print $2}'); ir=${ir:-0}
    all=$((all + ir))
    [[ $f == *-01 ]] && main=$ir
  done
  echo "$((all / N)) $((main / N))"
}
read -r fa fm <<< "$(measure fwd $FPID $FP)"
read -r ma mm <<< "$(measure mim $MPID $MP)"
echo "instructions per request (callgrind, ${N} requests after ${WARM}, ${C} connections):"
echo "  node forwarder  all threads $fa  main thread $fm"
echo "  mimicus         all threads $ma  main thread $mm"
awk -v a="$ma" -v b="$fa" -v c="$mm" -v d="$fm" 'BEGIN { printf "  mimicus / node forwarder: %.2fx (all threads), %.2fx (main thread)\n", a / b, c / d }'
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg)"
