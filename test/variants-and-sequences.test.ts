import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const statuses = async (path: string, count: number) => {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${mimicus!.url}${path}`);
    await res.arrayBuffer();
    seen.push(res.status);
  }
  return seen;
};

const FLAKY = `
version: 2
server: { seed: 7 }
endpoints:
  - id: flaky
    path: /flaky
    variants:
      - { weight: 80, response: { status: 200 } }
      - { weight: 20, response: { status: 503 } }
`;

describe('variants', () => {
  it('draws weighted variants from the seeded PRNG, close to the weights', async () => {
    mimicus = await startMimicus(FLAKY);
    const seen = await statuses('/flaky', 2000);
    const failures = seen.filter((s) => s === 503).length;
    // 2000 draws at p=0.2: sd ≈ 17.9; ±4 sd keeps a fixed-seed test meaningful and stable.
    expect(failures).toBeGreaterThan(400 - 72);
    expect(failures).toBeLessThan(400 + 72);

    await mimicus.close();
    const firstRun = seen.slice(0, 50);
    mimicus = await startMimicus(FLAKY);
    expect(await statuses('/flaky', 50)).toEqual(firstRun);
  });
});

describe('sequences', () => {
  const config = (after: string) => `
version: 2
endpoints:
  - id: job
    path: /job
    sequence:
      after: ${after}
      responses: [ { status: 201 }, { status: 202 }, { status: 200 } ]
`;

  it('repeats the last response after the end with after: last', async () => {
    mimicus = await startMimicus(config('last'));
    expect(await statuses('/job', 5)).toEqual([201, 202, 200, 200, 200]);
  });

  it('starts over with after: cycle', async () => {
    mimicus = await startMimicus(config('cycle'));
    expect(await statuses('/job', 7)).toEqual([201, 202, 200, 201, 202, 200, 201]);
  });

  it('answers 404 SEQUENCE_EXHAUSTED with after: 404', async () => {
    mimicus = await startMimicus(config("'404'"));
    expect(await statuses('/job', 4)).toEqual([201, 202, 200, 404]);
    const res = await fetch(`${mimicus.url}/job`);
    expect(res.headers.get('x-mimicus-error')).toBe('SEQUENCE_EXHAUSTED');
  });
});
