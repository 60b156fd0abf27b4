#!/bin/bash
# `mimicus serve --workers`: server CPU per request and rps, 1 worker against N, A/B in one run.
#   bench/workers.sh [pairs=4] [server-cores=0] [load-core=1] [seconds=4]
# Sides (each started once, measured in alternating order, pair after pair):
#   w1      serve --workers 1 (one process: memory rate limits)
#   w2rr    serve --workers 2, Node's round-robin distribution (the primary accepts, hands sockets over IPC)
#   w2os    serve --workers 2 with NODE_CLUSTER_SCHED_POLICY=none (each worker accepts from the shared socket)
# Paths: /hello (static), /orders (a {{sequence}} in SQLite state), /limited (a rate limit that never
# refuses: memory buckets with 1 worker, the shared SQLite store with 2).
# Every side's processes (primary and workers) run on server-cores, wrk -t1 -c50 on load-core. CPU is
# utime+stime of the primary and its workers from /proc, before and after each run; "balance" is the
# share of the busier worker's CPU (0.50 = even). Needs a build (npx tsc -p tsconfig.build.json),
# wrk and taskset. The machine is shared: read CPU per request and ratios, not absolute rps.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-4}; SERVER_CORES=${2:-0}; LOAD_CORE=${3:-1}; SECONDS_=${4:-4}
DIR=$(mktemp -d)
cat > "$DIR/bench.yaml" <<'YAML'
version: 2
endpoints:
  - { id: hello, method: GET, path: /hello, response: { status: 200, body: 'hello' } }
  - id: orders
    method: GET
    path: /orders
    response: { status: 200, template: true, body: '{{sequence "orders" scope="global"}}' }
  - { id: limited, method: GET, path: /limited, rateLimit: { rate: 1000000/s, burst: 1000000 }, response: { status: 200, body: 'ok' } }
journal: false
YAML
BASE=$((20000 + RANDOM % 10000))
declare -A PORT PID
start() { # name port workers policy
  mkdir -p "$DIR/$1"
  NODE_CLUSTER_SCHED_POLICY=$4 taskset -c "$SERVER_CORES" node bin/mimicus.js serve "$DIR/bench.yaml" --port "$2" --host 127.0.0.1 \
    --no-admin --no-watch --workers "$3" --data-dir "$DIR/$1" --log-level silent --no-pretty > /dev/null 2>&1 &
  PORT[$1]=$2; PID[$1]=$!
}
start w1 $BASE 1 rr; start w2rr $((BASE + 1)) 2 rr; start w2os $((BASE + 2)) 2 none
trap 'kill ${PID[w1]} ${PID[w2rr]} ${PID[w2os]} 2>/dev/null; rm -rf "$DIR"' EXIT
for side in w1 w2rr w2os; do for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:${PORT[$side]}/hello" && break; sleep 0.1; done; done
sleep 2 # workers of the other sides finish starting
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree() { echo "$1 $(ps -o pid= --ppid "$1" | tr '\n' ' ')"; }
run() { # side path -> "requests total-ticks busiest-worker-share"
  local pids; pids=$(tree "${PID[$1]}")
  local -a before=(); for p in $pids; do before+=("$(ticks "$p")"); done
  local requests; requests=$(taskset -c "$LOAD_CORE" wrk -t1 -c50 -d"${SECONDS_}s" "http://127.0.0.1:${PORT[$1]}$2" | awk '/requests in/{print $1}')
  local i=0 total=0 max=0 workers=0
  for p in $pids; do
    local d=$(( $(ticks "$p") - before[i] )); i=$((i + 1)); total=$((total + d))
    if [ "$p" != "${PID[$1]}" ]; then workers=$((workers + d)); (( d > max )) && max=$d; fi
  done
  echo "$requests $total $max $workers"
}
for path in /hello /orders /limited; do
  for side in w1 w2rr w2os; do run $side $path > /dev/null; done # warm-up
  for i in $(seq 1 "$PAIRS"); do
    if (( i % 2 )); then order="w1 w2rr w2os"; else order="w2os w2rr w1"; fi
    declare -A R=()
    for side in $order; do R[$side]=$(run $side $path); done
    line="$path pair $i"
    for side in w1 w2rr w2os; do
      line="$line  $(echo "$side ${R[$side]}" | awk -v s="$SECONDS_" '{ us = $3 * 10000 / $2; bal = ($5 > 0 && $1 != "w1") ? sprintf(" balance %.2f", $4 / $5) : ""; printf "%s %6.0f rps %6.1f us/req%s", $1, $2 / s, us, bal }')"
    done
    echo "$line"
  done
done
