-- wrk script for the fidelity suite: after the run, prints the latency distribution on a fine
-- grid (p0.1 … p99.9 in steps of 0.1, then p99.95 and p99.99) and the summary counters, one
-- "FIDELITY" line each, for bench/parse-wrk-percentiles.ts. Latencies are in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FIDELITY summary requests=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d min_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout, latency.min, latency.max))
  for i = 1, 999 do
    local p = i / 10
    io.write(string.format("FIDELITY q %.2f %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("FIDELITY q %.2f %d\n", 99.95, latency:percentile(99.95)))
  io.write(string.format("FIDELITY q %.2f %d\n", 99.99, latency:percentile(99.99)))
end
