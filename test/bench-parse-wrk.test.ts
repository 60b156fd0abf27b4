import { describe, expect, it } from 'vitest';
import { parseWrk, parseWrkDuration } from '../bench/parse-wrk.js';

// Captured from `wrk -t1 -c50 -d2s --latency` (wrk 4.1.0) on this machine.
const cleanRun = `Running 2s test @ http://127.0.0.1:18555/hello
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.15ms    1.83ms  22.98ms   92.77%
    Req/Sec    66.73k    24.27k   85.74k    85.00%
  Latency Distribution
     50%  607.00us
     75%  802.00us
     90%    1.79ms
     99%   10.38ms
  132134 requests in 2.01s, 21.67MB read
Requests/sec:  65901.09
Transfer/sec:     10.81MB
`;

const runWithErrors = `Running 5s test @ http://127.0.0.1:8080/users/1
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   250.31ms  400.12ms    1.20s    81.00%
    Req/Sec     1.02k   300.00     1.50k    70.00%
  Latency Distribution
     50%   12.00ms
     75%  300.00ms
     90%  900.00ms
     99%    1.10s
  5100 requests in 5.00s, 1.20MB read
  Socket errors: connect 0, read 3, write 1, timeout 7
  Non-2xx or 3xx responses: 42
Requests/sec:   1020.00
Transfer/sec:    245.00KB
`;

describe('parseWrk', () => {
  it('reads throughput, totals and the latency distribution in milliseconds', () => {
    const parsed = parseWrk(cleanRun);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ tool: 'wrk', requests: 132134, rps: 65901.09, non2xx: 0 });
    expect(parsed.value.durationSeconds).toBeCloseTo(2.01, 9);
    expect(parsed.value.latencyMs.p50).toBeCloseTo(0.607, 6);
    expect(parsed.value.latencyMs.p90).toBeCloseTo(1.79, 6);
    expect(parsed.value.latencyMs.p99).toBeCloseTo(10.38, 6);
    expect(parsed.value.latencyMs.avg).toBeCloseTo(1.15, 6);
    expect(parsed.value.latencyMs.max).toBeCloseTo(22.98, 6);
    expect(parsed.value.socketErrors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0 });
  });

  it('counts socket errors and non-2xx responses, which wrk prints only when non-zero', () => {
    const parsed = parseWrk(runWithErrors);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.non2xx).toBe(42);
    expect(parsed.value.socketErrors).toEqual({ connect: 0, read: 3, write: 1, timeout: 7 });
    expect(parsed.value.latencyMs.p99).toBeCloseTo(1_100, 9);
    expect(parsed.value.latencyMs.max).toBeCloseTo(1_200, 9);
  });

  it('refuses output without a latency distribution (wrk run without --latency)', () => {
    const withoutDistribution = cleanRun.replace(/ {2}Latency Distribution[\s\S]*?99%.*\n/, '');
    const parsed = parseWrk(withoutDistribution);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain('--latency');
  });

  it('refuses output that is not a wrk report', () => {
    expect(parseWrk('unable to connect to 127.0.0.1:8080 Connection refused').ok).toBe(false);
  });
});

describe('parseWrkDuration', () => {
  it('converts every wrk unit to milliseconds', () => {
    expect(parseWrkDuration('607.00us')).toBeCloseTo(0.607, 9);
    expect(parseWrkDuration('1.79ms')).toBe(1.79);
    expect(parseWrkDuration('2.01s')).toBeCloseTo(2_010, 9);
    expect(parseWrkDuration('1.50m')).toBeCloseTo(90_000, 9);
    expect(parseWrkDuration('fast')).toBeUndefined();
  });
});
