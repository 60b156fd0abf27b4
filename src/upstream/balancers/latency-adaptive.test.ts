import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { createRandom } from '../../distributions/index.js';
import { latencyAdaptive } from './latency-adaptive.js';
import { testTargets } from './test-targets.js';

/**
 * A closed loop of `clients` on the clock: each picks a target, waits its latency, reports it and
 * asks again. Returns the share of requests each target got.
 */
function simulate(latenciesMs: number[], requests: number, clients = 8, change?: { after: number; latenciesMs: number[] }) {
  const clock = new ManualClock();
  const targets = testTargets(
    latenciesMs.map(() => 1),
    () => clock.now(),
  );
  const balancer = latencyAdaptive(createRandom(42));
  const counts = latenciesMs.map(() => 0);
  const countsAfterChange = latenciesMs.map(() => 0);
  let current = latenciesMs;
  let sent = 0;
  const send = () => {
    if (sent >= requests) return;
    sent++;
    if (change && sent === change.after) current = change.latenciesMs;
    const target = balancer.pick(targets, undefined)!;
    counts[target.index]!++;
    if (change && sent > change.after) countsAfterChange[target.index]!++;
    target.inflight++;
    const startedAt = clock.now();
    clock.setTimeout(() => {
      target.inflight--;
      target.latency.observe(clock.now() - startedAt);
      send();
    }, current[target.index]!);
  };
  for (let i = 0; i < clients; i++) send();
  while (sent < requests) clock.advance(1);
  clock.advance(1_000);
  return { shares: counts.map((c) => c / requests), after: change ? countsAfterChange.map((c) => c / (requests - change.after)) : [] };
}

describe('latencyAdaptive (peak-EWMA)', () => {
  it('sends at most 20% of traffic to a target 10× slower than its peers', () => {
    const { shares } = simulate([10, 10, 100], 10_000);
    expect(shares[2]).toBeLessThanOrEqual(0.2);
    expect(shares[2]).toBeGreaterThan(0);
  });

  it('probes a slow target again and gives it its share back once it recovers', () => {
    const { after } = simulate([10, 10, 100], 20_000, 8, { after: 10_000, latenciesMs: [10, 10, 10] });
    expect(after[2]).toBeGreaterThan(0.25);
  });
});
