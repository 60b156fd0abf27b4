#!/bin/bash
# Server CPU time per request of two configs, measured the same way in alternating pairs:
#   bench/cpu-per-request.sh A.yaml B.yaml [pairs=8] [path=/hello] [log-level=silent]
# A_BIN / B_BIN choose the entry point of each side (default bin/mimicus.js), e.g. B_BIN=
# bench/mimicus-default-v8.mjs with the same config on both sides measures the CLI's V8 flag.
# Each side runs `mimicus serve` pinned to core 0 (stdout to /dev/null), wrk -t1 -c50 -d4s pinned to
# core 1; CPU is utime+stime from /proc/<pid>/stat before and after a run. CPU per request moves
# far less than rps when other work shares the machine (it still moves: caches, frequency).
# Needs a build (npx tsc -p tsconfig.build.json), wrk and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1; B=$2; PAIRS=${3:-8}; LEVEL=${5:-silent}
PA=$((20000 + RANDOM % 10000)); PB=$((PA + 1))
serve() { taskset -c 0 node "$3" serve "$1" --port "$2" --host 127.0.0.1 --no-admin --no-watch --data-dir "$(mktemp -d)" --log-level "$LEVEL" --no-pretty > /dev/null & }
serve "$A" $PA "${A_BIN:-bin/mimicus.js}"; APID=$!
serve "$B" $PB "${B_BIN:-bin/mimicus.js}"; BPID=$!
trap 'kill $APID $BPID 2>/dev/null' EXIT
for port in $PA $PB; do for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done; done
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
run() { # pid port path -> "requests ticks"
  local before; before=$(ticks "$1")
  local requests; requests=$(taskset -c 1 wrk -t1 -c50 -d4s "http://127.0.0.1:$2$3" | awk '/requests in/{print $1}')
  echo "$requests $(( $(ticks "$1") - before ))"
}
PATH_=${4:-/hello}
run $APID $PA "$PATH_" > /dev/null; run $BPID $PB "$PATH_" > /dev/null   # warm-up
for i in $(seq 1 "$PAIRS"); do
  if (( i % 2 )); then a=$(run $APID $PA "$PATH_"); b=$(run $BPID $PB "$PATH_"); else b=$(run $BPID $PB "$PATH_"); a=$(run $APID $PA "$PATH_"); fi
  echo "$i $a $b" | awk '{ ua = $3 * 10000 / $2; ub = $5 * 10000 / $4; printf "pair %d  A %d req %.2f us/req  B %d req %.2f us/req  A/B cpu %.3f\n", $1, $2, ua, $4, ub, ua / ub }'
done
