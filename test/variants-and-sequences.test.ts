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

describe('sequences per key', () => {
  const JOBS = `
version: 2
endpoints:
  - id: job
    path: /jobs/{id}
    sequence:
      responses: [{ status: 201 }, { status: 202 }, { status: 200 }]
  - id: by-user
    path: /tasks/{id}
    sequence:
      key: '{{request.headers.x-user}}'
      responses: [{ status: 201 }, { status: 202 }, { status: 200 }]
  - id: shared
    path: /shared/{id}
    sequence:
      key: all
      responses: [{ status: 201 }, { status: 202 }, { status: 200 }]
  - id: step
    method: POST
    path: /builds/{id}/steps
    response: { template: true, body: '{{sequence "step" per=request.params.id}}' }
`;

  it('walks one sequence per path parameter value by default: /jobs/2 starts at the first response after /jobs/1 walked its own', async () => {
    mimicus = await startMimicus(JOBS, { dataDir: false });
    expect(await statuses('/jobs/1', 3)).toEqual([201, 202, 200]);
    expect(await statuses('/jobs/2', 2)).toEqual([201, 202]);
    expect(await statuses('/jobs/1', 1)).toEqual([200]);
    expect(await statuses('/jobs/2', 2)).toEqual([200, 200]);
  });

  it('keys the position by a template when given, and shares one position when the key is a constant', async () => {
    mimicus = await startMimicus(JOBS, { dataDir: false });
    const task = async (user: string, id: string) => (await fetch(`${mimicus!.url}/tasks/${id}`, { headers: { 'x-user': user } })).status;
    expect([await task('ann', '1'), await task('ann', '2'), await task('bo', '3'), await task('ann', '9')]).toEqual([201, 202, 201, 200]);
    expect([...(await statuses('/shared/1', 1)), ...(await statuses('/shared/2', 1)), ...(await statuses('/shared/3', 1))]).toEqual([201, 202, 200]);
  });

  it('counts {{sequence … per=}} on its own for each value', async () => {
    mimicus = await startMimicus(JOBS, { dataDir: false });
    const step = async (id: string) => (await fetch(`${mimicus!.url}/builds/${id}/steps`, { method: 'POST' })).text();
    expect([await step('a'), await step('a'), await step('b'), await step('a'), await step('b')]).toEqual(['1', '2', '1', '3', '2']);
    expect(await mimicus.state.get('global', 'step[a]')).toBeUndefined();
  });

  it('refuses a key that reads state', async () => {
    await expect(
      startMimicus(`version: 2\nendpoints:\n  - id: j\n    path: /j\n    sequence: { key: '{{state.get "x"}}', responses: [{ status: 200 }] }\n`, {
        dataDir: false,
      }),
    ).rejects.toThrow(/sequence\.key: may read the request only, not state/);
  });
});
