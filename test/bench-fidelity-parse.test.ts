import { describe, expect, it } from 'vitest';
import { observedAt, parseWrkPercentiles } from '../bench/parse-wrk-percentiles.js';
import { findSwitch } from '../bench/run-fidelity-workload.js';
import { serverTimingDelayMs } from '../bench/timed-get.js';
import { clockStartBefore } from '../bench/fidelity-workloads.js';

// Shape of `wrk -s bench/fidelity.lua` output (wrk 4.1.0), grid shortened.
const output = `Running 4s test @ http://127.0.0.1:18777/fidelity
  1 threads and 200 connections
  7027 requests in 4.01s, 1.01MB read
Requests/sec:   1751.96
FIDELITY summary requests=7027 duration_us=4010933 status=12 connect=0 read=1 write=0 timeout=3 min_us=10795 max_us=693600
FIDELITY q 0.10 21905
FIDELITY q 50.00 103175
FIDELITY q 99.90 455543
FIDELITY q 99.99 600001
`;

describe('parseWrkPercentiles', () => {
  it('reads the summary counters and the percentile grid in milliseconds', () => {
    const parsed = parseWrkPercentiles(output);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ requests: 7027, statusErrors: 12, socketErrors: { connect: 0, read: 1, write: 0, timeout: 3 } });
    expect(parsed.value.durationSeconds).toBeCloseTo(4.010933, 9);
    expect(parsed.value.minMs).toBeCloseTo(10.795, 9);
    expect(parsed.value.maxMs).toBeCloseTo(693.6, 9);
    expect(parsed.value.quantiles).toHaveLength(4);
    expect(observedAt(parsed.value, 50)).toBeCloseTo(103.175, 9);
    expect(observedAt(parsed.value, 99.9)).toBeCloseTo(455.543, 9);
    expect(observedAt(parsed.value, 99)).toBeUndefined();
  });

  it('says what is missing when wrk ran without the script', () => {
    const parsed = parseWrkPercentiles('Running 4s test @ http://x\nRequests/sec: 1\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('bench/fidelity.lua');
  });

  it('refuses a summary line with a missing counter', () => {
    const parsed = parseWrkPercentiles('FIDELITY summary requests=1 duration_us=2\nFIDELITY q 50.00 1000\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('status');
  });
});

describe('serverTimingDelayMs', () => {
  it('finds the delay entry among others', () => {
    expect(serverTimingDelayMs('delay;dur=103.4, window;desc="business-hours"')).toBe(103.4);
    expect(serverTimingDelayMs('fault;desc=none, delay;desc="lognormal";dur=12')).toBe(12);
    expect(serverTimingDelayMs(['window;desc=x', 'delay;dur=7'])).toBe(7);
  });

  it('is undefined without a delay entry', () => {
    expect(serverTimingDelayMs(undefined)).toBeUndefined();
    expect(serverTimingDelayMs('window;desc=x')).toBeUndefined();
  });
});

describe('findSwitch', () => {
  it('takes the first answer after the last fast one, and counts slow answers before it', () => {
    expect(findSwitch([10, 11, 250, 10, 10, 201, 200, 202], 44)).toEqual({ index: 5, outOfPlace: 1 });
  });

  it('is undefined when the last answer is still fast, and 0 when every answer was slow', () => {
    expect(findSwitch([10, 200, 10], 44).index).toBeUndefined();
    expect(findSwitch([200, 201], 44)).toEqual({ index: 0, outOfPlace: 0 });
  });
});

describe('clockStartBefore', () => {
  it('gives the instant seconds before 09:00 in Berlin on Monday 2026-01-05', () => {
    expect(clockStartBefore(8)).toBe('2026-01-05T08:59:52+01:00');
    expect(clockStartBefore(75)).toBe('2026-01-05T08:58:45+01:00');
  });
});
