#!/usr/bin/env bash
# Builds the container image and checks it as a user would run it (npm run test:image): it serves
# the quickstart on 0.0.0.0 through a published port, keeps state in the /data volume when its
# container is replaced, runs as a non-root user, its HEALTHCHECK passes (and fails without the admin
# API), it runs with a read-only root filesystem, and stops cleanly on SIGTERM. Prints the image
# size, build time and start time, then "N passed, N failed".
#
# Needs root and podman (and runc: crun fails on hosts with hybrid cgroups). BASE picks the base
# image; by default the local one that scripts/make-local-base-image.sh makes (run when missing),
# since no image registry may be reachable: nothing is ever pulled. Not part of `npm test`: the
# first build takes minutes (better-sqlite3 compiles from source).
set -uo pipefail
cd "$(dirname "$0")/.."

base=${BASE:-mimicus-base}
image=${IMAGE:-localhost/mimicus:test}
run_id=mimicus-test-$$
# Flags that make containers run on this kind of host (see docs/deploy.md).
pm() { podman --runtime runc --cgroup-manager=cgroupfs "$@"; }
# Without systemd, podman cannot schedule periodic health checks and says so on every run; the
# checks below run them by hand (podman healthcheck run). Its messages go to this log.
noise=/tmp/$run_id-podman.log
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
  fi
}
summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
cleanup() {
  # One at a time: given a name it does not know, podman rm gives up on the others too.
  for name in quickstart crud crud2 noadmin readonly; do pm rm -f -v -i -t 0 "$run_id-$name" >/dev/null 2>&1; done
  pm volume rm -f "$run_id-data" "$run_id-crud" >/dev/null 2>&1
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ] || ! command -v podman >/dev/null; then
  echo "test-image: needs root and podman (apt-get install podman runc)" >&2
  exit 1
fi
if ! pm image exists "$base"; then
  if [ "$base" != mimicus-base ]; then
    echo "test-image: no image $base here, and nothing is pulled" >&2
    exit 1
  fi
  scripts/make-local-base-image.sh "$base" || exit 1
fi

free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
now_ms() { date +%s%3N; }
# Waits (up to 60 s) for a 200 from the URL; prints the milliseconds it took since $1.
wait_ok() {
  local since=$1 url=$2
  for _ in $(seq 1 1200); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
      echo $(($(now_ms) - since))
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# --- build -------------------------------------------------------------------------------------
# --format docker keeps HEALTHCHECK (the OCI format has no field for it); --network host: the build
# installs npm packages and compilers like any host build.
build_start=$(now_ms)
pm build --format docker --network host "${limits[@]}" --build-arg "BASE=$base" -t "$image" . >"/tmp/$run_id-build.log" 2>&1
build_status=$?
build_ms=$(($(now_ms) - build_start))
check "the image builds from BASE=$base" test "$build_status" -eq 0
if [ "$build_status" -ne 0 ]; then
  tail -30 "/tmp/$run_id-build.log"
  summary
  exit 1
fi
size_bytes=$(pm image inspect --format '{{.Size}}' "$image")
check "the image declares USER node" test "$(pm image inspect --format '{{.Config.User}}' "$image")" = node
check "the image keeps its HEALTHCHECK" bash -c "pm() { podman --runtime runc --cgroup-manager=cgroupfs \"\$@\"; }; pm image inspect --format '{{json .HealthCheck}}' '$image' | grep -q MIMICUS_HEALTH_URL"

# --- the quickstart, default command -----------------------------------------------------------
port=$(free_port)
start=$(now_ms)
pm run -d --name "$run_id-quickstart" "${limits[@]}" -p "127.0.0.1:$port:8080" -v "$run_id-data:/data" "$image" >/dev/null 2>>"$noise"
start_ms=$(wait_ok "$start" "http://127.0.0.1:$port/api/health")
check "the quickstart answers through the published port" test -n "$start_ms"
check "GET /api/users/42 answers user 42" bash -c "curl -fsS http://127.0.0.1:$port/api/users/42 | grep -q '\"id\": 42'"
# The admin API starts just after the data plane: wait for it (from inside, where it listens).
pm exec "$run_id-quickstart" node -e "const go = () => fetch(process.env.MIMICUS_HEALTH_URL).then(() => process.exit(0), () => setTimeout(go, 50)); go(); setTimeout(() => process.exit(1), 30000)"
# CPU time Mimicus (PID 1) used to start, both listeners up: unlike the wall time, it does not
# depend on how loaded the machine is. utime + stime are fields 14 and 15 of /proc/1/stat, in ticks.
start_cpu_ms=$(pm exec "$run_id-quickstart" sh -c 'read -r stat < /proc/1/stat; set -- ${stat#*) }; echo $(( (${12} + ${13}) * 1000 / $(getconf CLK_TCK) ))')
# 0.0.0.0:8080 is 00000000:1F90 in /proc/net/tcp (0A: listening); the admin API stays on loopback (127.0.0.1:8081).
tcp=$(pm exec "$run_id-quickstart" cat /proc/net/tcp)
check "the data plane listens on 0.0.0.0:8080" grep -q ' 00000000:1F90 00000000:0000 0A' <<<"$tcp"
check "the admin API stays on the container's loopback" grep -q ' 0100007F:1F91 00000000:0000 0A' <<<"$tcp"
check "the process runs as uid 1000 (node), not root" test "$(pm exec "$run_id-quickstart" id -u)" = 1000
check "Mimicus (PID 1) is owned by node" bash -c "pm() { podman --runtime runc --cgroup-manager=cgroupfs \"\$@\"; }; pm top '$run_id-quickstart' user,args | grep 'bin/mimicus.js' | grep -q '^node'"
check "its journal is in the /data volume, owned by node" test "$(pm exec "$run_id-quickstart" stat -c %U /data/journal.sqlite)" = node
check "the HEALTHCHECK passes" pm healthcheck run "$run_id-quickstart"
# A console edit in the default container: applied, and no error logged (the quickstart file is
# root's, so the default command must not try to write it back).
edit=$(pm exec "$run_id-quickstart" node -e "
const url = 'http://127.0.0.1:8081/api/config';
fetch(url).then((r) => r.json()).then((config) => fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...config, defaults: { headers: { 'x-powered-by': 'edited' } } }) })).then((r) => console.log(r.status))")
check "a console edit is applied (PUT /api/config $edit)" bash -c "[ '$edit' = 200 ] && curl -fsS -D - -o /dev/null http://127.0.0.1:$port/api/health | grep -qi 'x-powered-by: edited'"
check "and logs no error" bash -c "! podman --runtime runc --cgroup-manager=cgroupfs logs '$run_id-quickstart' 2>&1 | grep -q '\"level\":50'"
stop_start=$(now_ms)
pm stop -t 20 "$run_id-quickstart" >/dev/null 2>>"$noise"
stop_ms=$(($(now_ms) - stop_start))
check "SIGTERM stops it cleanly (exit 0) in ${stop_ms} ms" test "$(pm inspect --format '{{.State.ExitCode}}' "$run_id-quickstart")" = 0

# --- the HEALTHCHECK can fail ------------------------------------------------------------------
pm run -d --name "$run_id-noadmin" "${limits[@]}" "$image" serve examples/quickstart.yaml --host 0.0.0.0 --data-dir /data --no-admin >/dev/null 2>>"$noise"
# Wait until it serves (inside: no port is published), so the check below is not just "not started yet".
pm exec "$run_id-noadmin" node -e "const go = () => fetch('http://127.0.0.1:8080/api/health').then(() => process.exit(0), () => setTimeout(go, 100)); go(); setTimeout(() => process.exit(1), 60000)"
check "the HEALTHCHECK fails when the admin API is off" bash -c "! podman --runtime runc --cgroup-manager=cgroupfs healthcheck run '$run_id-noadmin' >/dev/null 2>&1"

# --- state in /data survives a new container ---------------------------------------------------
port=$(free_port)
pm run -d --name "$run_id-crud" "${limits[@]}" -p "127.0.0.1:$port:8080" -v "$run_id-crud:/data" "$image" \
  serve examples/crud.yaml --host 0.0.0.0 --data-dir /data >/dev/null 2>>"$noise"
wait_ok "$(now_ms)" "http://127.0.0.1:$port/api/products" >/dev/null
created=$(curl -fsS -X POST -H 'content-type: application/json' -d '{"name":"Persisted","price":7}' "http://127.0.0.1:$port/api/products")
id=$(node -e "console.log(JSON.parse(process.argv[1]).id)" "$created" 2>/dev/null)
check "a product is created (id $id)" test -n "$id"
pm rm -f -t 20 "$run_id-crud" >/dev/null 2>>"$noise"
pm run -d --name "$run_id-crud2" "${limits[@]}" -p "127.0.0.1:$port:8080" -v "$run_id-crud:/data" "$image" \
  serve examples/crud.yaml --host 0.0.0.0 --data-dir /data >/dev/null 2>>"$noise"
wait_ok "$(now_ms)" "http://127.0.0.1:$port/api/products" >/dev/null
check "a new container on the same volume still has it" bash -c "curl -fsS http://127.0.0.1:$port/api/products/$id | grep -q Persisted"

# --- read-only root filesystem (as deploy/k8s runs it) -----------------------------------------
port=$(free_port)
pm run -d --name "$run_id-readonly" "${limits[@]}" --read-only --tmpfs /tmp -p "127.0.0.1:$port:8080" -v "$run_id-data:/data" "$image" >/dev/null 2>>"$noise"
check "it serves with a read-only root filesystem" bash -c "for i in \$(seq 1 600); do curl -fsS -o /dev/null --max-time 1 http://127.0.0.1:$port/api/health 2>/dev/null && exit 0; sleep 0.1; done; exit 1"

echo "figures: image $(node -e "console.log((Number(process.argv[1]) / 1e6).toFixed(0))" "$size_bytes") MB, build ${build_ms} ms, podman run to first answer ${start_ms:-?} ms (wall), start CPU ${start_cpu_ms:-?} ms, stop ${stop_ms} ms"
summary
