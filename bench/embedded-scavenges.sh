#!/bin/bash
# Young-generation GC of an embedded Mimicus under load, run by run:
#   bench/embedded-scavenges.sh config.yaml [runs=3] [path=/hello]
# Each run starts bench/embedded-server.mjs under `node --trace-gc` pinned to core 0, loads it with
# wrk -t1 -c50 -d5s from core 1, and prints req/s, the mean of the last 50 scavenges and the count
# of mark-compacts. Scavenges of several ms mean V8 pretenured per-request allocation sites
# (docs/observability.md, "The journal and the garbage collector"). Needs a build, wrk and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=$1; RUNS=${2:-3}; TARGET=${3:-/hello}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
for run in $(seq "$RUNS"); do
  port=$((26000 + RANDOM % 1000))
  taskset -c 0 node --trace-gc bench/embedded-server.mjs "$CONFIG" "$port" "$(mktemp -d)" > "$LOG" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  rps=$(taskset -c 1 wrk -t1 -c50 -d5s "http://127.0.0.1:$port$TARGET" | awk '/Requests\/sec/{print $2}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  scavenge=$(grep Scavenge "$LOG" | tail -50 | sed -E 's/.*MB, ([0-9.]+) \/.*/\1/' | awk '{ s += $1; n++ } END { printf "%.2f", s / n }')
  echo "run $run: $rps req/s, scavenges $scavenge ms on average, $(grep -c Mark-Compact "$LOG") mark-compacts"
done
