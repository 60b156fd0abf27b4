import { describe, expect, it } from 'vitest';
import { compileFixed } from './compile-fixed.js';
import { drawSorted, expectCompiled } from './fidelity-for-tests.js';
import { ksDistance } from './ks-distance.js';
import { createRandom } from './random.js';

describe('compileFixed', () => {
  it('always answers the configured delay, parsed from a duration string', () => {
    const sampler = expectCompiled(compileFixed('1.5s'));
    expect(sampler.label).toBe('fixed(1500ms)');
    const sorted = drawSorted(sampler, 1);
    expect(sorted[0]).toBe(1500);
    expect(sorted[sorted.length - 1]).toBe(1500);
    expect(sampler.quantile(0.99)).toBe(1500);
    expect(ksDistance(sorted, sampler.cdf)).toBe(0);
  });

  it('draws nothing from the PRNG, so adding a fixed delay does not shift other random choices', () => {
    const random = createRandom(3);
    expectCompiled(compileFixed(20)).sample(random);
    expect(random.next()).toBe(createRandom(3).next());
  });

  it('has a step CDF at the value', () => {
    const sampler = expectCompiled(compileFixed('20ms'));
    expect([sampler.cdf(19.999), sampler.cdf(20), sampler.cdf(21)]).toEqual([0, 1, 1]);
  });
});
