import { describe, expect, it } from 'vitest';
import { chaosScenarios, policySets } from '../../bench/chaos/chaos-scenarios.js';
import { runChaosScenario } from '../../bench/chaos/run-chaos-scenario.js';

const scenario = (name: string) => chaosScenarios.find((s) => s.name === name)!;
const set = (name: string) => policySets.find((s) => s.name === name)!;
const options = { rate: 20, durationMs: 2_000, seed: 42 };

// The short version of `npm run bench -- chaos`: real backends, a real Mimicus, a fixed-rate load.
describe('chaos (short)', () => {
  it('retries turn 50% 503 from one of three backends into full success, no request lost', async () => {
    const none = await runChaosScenario(scenario('half-503'), set('none'), options);
    const retries = await runChaosScenario(scenario('half-503'), set('retries'), options);
    expect(none.lost).toBe(0);
    expect(none.success).toBeLessThan(none.requests);
    expect(retries.lost).toBe(0);
    expect(retries.success).toBe(retries.requests);
    expect(retries.amplification).toBeLessThanOrEqual(1.6);
  }, 60_000);

  it('with every backend down, answers every request with the fallback, and the retry budget keeps amplification ≤ 1.2×', async () => {
    // The retry throttle (10 tokens) lets about three retries through, then none until answers come back.
    const all = await runChaosScenario(scenario('all-down'), set('all'), options);
    const retries = await runChaosScenario(scenario('all-down'), set('retries'), options);
    expect(all.lost).toBe(0);
    expect(all.fallbacks).toBe(all.requests);
    expect(retries.lost).toBe(0);
    expect(retries.amplification, `retries only: ${retries.amplification}`).toBeLessThanOrEqual(1.2);
    expect(all.amplification, `all: ${all.amplification}`).toBeLessThanOrEqual(1.2);
  }, 60_000);
});
