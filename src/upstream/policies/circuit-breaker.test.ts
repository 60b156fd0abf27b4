import { describe, expect, it } from 'vitest';
import type { BreakerSpec } from '../../plan/index.js';
import { breakerPolicy, CircuitBreaker, type BreakerState } from './circuit-breaker.js';
import { conditionSet, ManualClock, testAnswer, testRequest, testTargets } from './policy-test-kit.js';

const spec = (overrides: Partial<BreakerSpec> = {}): BreakerSpec => ({
  failureThreshold: 5,
  errorRateThreshold: 0.5,
  minRequests: 20,
  windowMs: 10_000,
  openForMs: 30_000,
  maxOpenForMs: 300_000,
  halfOpenMaxRequests: 3,
  successThreshold: 3,
  failOn: conditionSet(['connect-failure', 'timeout', 'reset', '5xx']),
  ...overrides,
});

function breaker(overrides: Partial<BreakerSpec> = {}) {
  const clock = new ManualClock();
  const changes: [BreakerState, BreakerState][] = [];
  const [target] = testTargets([1]);
  const b = new CircuitBreaker(spec(overrides), clock, target!, (_t, from, to) => changes.push([from, to]));
  return { clock, b, changes };
}

describe('circuit breaker', () => {
  it('opens on failureThreshold consecutive failures, not on fewer', () => {
    const { b, changes } = breaker();
    for (let i = 0; i < 4; i++) b.record(b.admit()!, true);
    b.record(b.admit()!, false);
    for (let i = 0; i < 4; i++) b.record(b.admit()!, true);
    expect(b.state).toBe('closed');
    b.record(b.admit()!, true);
    expect(b.state).toBe('open');
    expect(b.admit()).toBeUndefined();
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('opens on the error rate over the window once minRequests were seen', () => {
    const { b, clock } = breaker({ failureThreshold: 100, minRequests: 10, errorRateThreshold: 0.5 });
    // Alternating failures never make 100 in a row, but reach 50% at the 10th request.
    for (let i = 0; i < 9; i++) {
      b.record(b.admit()!, i % 2 === 0);
      clock.advance(100);
    }
    expect(b.state).toBe('closed');
    b.record(b.admit()!, true);
    expect(b.state).toBe('open');
  });

  it('forgets failures older than the window', () => {
    const { b, clock } = breaker({ failureThreshold: 100, minRequests: 4, errorRateThreshold: 0.5, windowMs: 1_000 });
    b.record(b.admit()!, true);
    b.record(b.admit()!, true);
    clock.advance(2_000);
    b.record(b.admit()!, false);
    b.record(b.admit()!, false);
    b.record(b.admit()!, false);
    b.record(b.admit()!, true);
    expect(b.state).toBe('closed');
  });

  it('goes half-open after openFor, admits halfOpenMaxRequests probes, and closes after successThreshold successes', () => {
    const { b, clock, changes } = breaker({ failureThreshold: 1 });
    b.record(b.admit()!, true);
    clock.advance(29_999);
    expect(b.admit()).toBeUndefined();
    clock.advance(1);
    const probes = [b.admit(), b.admit(), b.admit(), b.admit()];
    expect(probes).toEqual(['probe', 'probe', 'probe', undefined]);
    b.record('probe', false);
    b.record('probe', false);
    expect(b.state).toBe('half-open');
    b.record('probe', false);
    expect(b.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('reopens on a failed probe, for twice as long each trip in a row, up to maxOpenFor', () => {
    const { b, clock } = breaker({ failureThreshold: 1, openForMs: 1_000, maxOpenForMs: 3_000 });
    b.record(b.admit()!, true);
    expect(b.openUntil).toBe(1_000);
    clock.advance(1_000);
    b.record(b.admit()!, true);
    expect(b.state).toBe('open');
    expect(b.openUntil - clock.now()).toBe(2_000);
    clock.advance(2_000);
    b.record(b.admit()!, true);
    expect(b.openUntil - clock.now()).toBe(3_000);
  });

  it('the policy skips targets whose circuit is open and records each outcome on its target', async () => {
    const clock = new ManualClock();
    const [a, b] = testTargets([1, 1]);
    const breakers = new Map([a, b].map((t) => [t!, new CircuitBreaker(spec({ failureThreshold: 1 }), clock, t!, undefined)]));
    breakers.get(a!)!.record('pass', true);
    const seen: string[] = [];
    const attempt = breakerPolicy((t) => breakers.get(t)!)(async (request) => {
      const target = [a!, b!].find((t) => request.admit!.admit(t))!;
      seen.push(target.spec.url);
      return testAnswer(503, target);
    });
    await attempt(testRequest());
    expect(seen).toEqual([b!.spec.url]);
    expect(breakers.get(b!)!.state).toBe('open');
  });
});
