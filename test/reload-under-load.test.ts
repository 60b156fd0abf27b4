import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

/** A config of `count` endpoints whose bodies say which generation served them. */
function configOf(generation: number, count: number): object {
  return {
    version: 2,
    journal: false,
    endpoints: Array.from({ length: count }, (_, i) => ({
      id: `e${i}`,
      method: 'GET',
      path: `/items/${i}/{id}`,
      // A little latency so requests are in flight while the Plan is swapped under them.
      latency: { fixed: '2ms' },
      response: { json: { generation, endpoint: i } },
    })),
  };
}

describe('reloading under load', () => {
  it('answers every request, from the old or the new config, through 100 reloads', async () => {
    const endpoints = 50;
    mimicus = await startMimicus(
      `version: 2\njournal: false\nendpoints: [ { id: e0, path: '/items/0/{id}', response: { json: { generation: 0, endpoint: 0 } } } ]\n`,
      { dataDir: false },
    );
    const m = mimicus;
    let reloading = true;
    let answered = 0;
    const failures: string[] = [];
    const seenGenerations = new Set<number>();

    // 16 clients in closed loops while the reloads run; each request must get its 200.
    const client = async (c: number): Promise<void> => {
      for (let n = 0; reloading; n++) {
        const i = (c * 7 + n) % endpoints;
        try {
          const res = await fetch(`${m.url}/items/${i}/x`);
          const body = (await res.json()) as { generation?: number; endpoint?: number };
          // Before the first reload only e0 exists; after it, every endpoint does.
          if (res.status === 404 && !seenGenerations.has(1)) continue;
          if (res.status !== 200 || body.endpoint !== i) failures.push(`${res.status} ${JSON.stringify(body)} for endpoint ${i}`);
          else seenGenerations.add(body.generation!);
          answered++;
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, c) => client(c));

    for (let generation = 1; generation <= 100; generation++) {
      await m.reload(configOf(generation, endpoints));
      // Let some requests land on each generation.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    reloading = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(500);
    // Requests were served by many of the generations, the last one included.
    expect(seenGenerations.size).toBeGreaterThan(20);
    const last = await (await fetch(`${m.url}/items/3/x`)).json();
    expect(last).toEqual({ generation: 100, endpoint: 3 });
  }, 60_000);

  it('answers every request through 100 edits of a 1,000-endpoint config file picked up by the watcher', async () => {
    const endpoints = 1000;
    const text = (generation: number) => JSON.stringify(configOf(generation, endpoints), null, 1);
    const m = await startMimicus(text(0), { dataDir: false, watch: true });
    mimicus = m;
    let editing = true;
    let answered = 0;
    const failures: string[] = [];
    let newest = 0;

    const client = async (c: number): Promise<void> => {
      for (let n = 0; editing; n++) {
        const i = (c * 131 + n * 7) % endpoints;
        try {
          const res = await fetch(`${m.url}/items/${i}/x`);
          const body = (await res.json()) as { generation?: number; endpoint?: number };
          if (res.status !== 200 || body.endpoint !== i) failures.push(`${res.status} ${JSON.stringify(body)} for endpoint ${i}`);
          else newest = Math.max(newest, body.generation!);
          answered++;
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, c) => client(c));

    for (let generation = 1; generation <= 100; generation++) {
      await writeFile(m.file, text(generation));
      // Each edit must come to serve before the next (else the watcher would fold edits together).
      const deadline = Date.now() + 10_000;
      while (newest < generation && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      expect(newest).toBe(generation);
    }
    editing = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(1000);
  }, 90_000);
});
