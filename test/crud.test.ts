import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';
import { writeTempFiles } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const CONFIG = `
version: 2
endpoints:
  - id: users
    path: /api/users
    crud:
      collection: users
      seed: fixtures/users.json
      schema: { type: object, required: [name], properties: { name: { type: string } } }
`;
const SEED = JSON.stringify([
  { id: 1, name: 'Ada', role: 'admin' },
  { id: 2, name: 'Linus', role: 'user' },
]);

async function start(dir: string): Promise<Mimicus> {
  const started = await createMimicus(join(dir, 'mimicus.yaml'));
  await started.listen(0);
  return started;
}

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown, headers: res.headers });

describe('CRUD collections, end to end on SQLite', () => {
  it('serves the seeded collection and keeps writes across a restart', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': CONFIG, 'fixtures/users.json': SEED });
    mimicus = await start(dir);
    const list = await json(await fetch(`${mimicus.url}/api/users?role=admin`));
    expect(list.status).toBe(200);
    expect(list.body).toEqual([{ id: 1, name: 'Ada', role: 'admin' }]);

    const created = await json(
      await fetch(`${mimicus.url}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Grace"}' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 3, name: 'Grace' });
    expect(created.headers.get('location')).toBe('/api/users/3');

    const invalid = await json(await fetch(`${mimicus.url}/api/users`, { method: 'POST', body: '{"role":"x"}' }));
    expect(invalid.status).toBe(400);

    expect((await fetch(`${mimicus.url}/api/users/2`, { method: 'DELETE' })).status).toBe(204);
    await mimicus.close();

    // A new process on the same data dir: the seed is not loaded again, the writes are still there.
    mimicus = await start(dir);
    const after = await json(await fetch(`${mimicus.url}/api/users`));
    expect(after.body).toEqual([
      { id: 1, name: 'Ada', role: 'admin' },
      { id: 3, name: 'Grace' },
    ]);
    expect((await fetch(`${mimicus.url}/api/users/2`)).status).toBe(404);
  });

  it('applies behaviors to a collection, and a simulated failure writes nothing', async () => {
    const dir = writeTempFiles({
      'mimicus.yaml': `
version: 2
endpoints:
  - id: notes
    path: /notes
    errors: [ { rate: 1, status: 503 } ]
    crud: { collection: notes }
`,
    });
    mimicus = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir: false });
    await mimicus.listen(0);
    const res = await fetch(`${mimicus.url}/notes`, { method: 'POST', body: '{"text":"x"}' });
    expect(res.status).toBe(503);
    await mimicus.reload({ version: 2, endpoints: [{ id: 'notes', path: '/notes', crud: { collection: 'notes' } }] });
    expect(await (await fetch(`${mimicus.url}/notes`)).json()).toEqual([]);
  });

  it('decides rate limit and fault once per request on a collection', async () => {
    mimicus = await createMimicus(
      {
        version: 2,
        endpoints: [{ id: 'notes', path: '/notes', rateLimit: { rate: '1/m', burst: 2 }, errors: [{ rate: 1, status: 503 }], crud: { collection: 'notes' } }],
      },
      { dataDir: false },
    );
    await mimicus.listen(0);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${mimicus.url}/notes`, { method: 'POST', body: '{"text":"x"}' });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    // Two tokens, two requests answered by the fault; the third finds the bucket empty.
    expect(statuses).toEqual([503, 503, 429]);
  });

  it('refuses a seed file that is not an array of objects, naming the field', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': CONFIG, 'fixtures/users.json': '{"not":"an array"}' });
    await expect(createMimicus(join(dir, 'mimicus.yaml'))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'endpoints[0].crud.seed', message: '"fixtures/users.json" must hold a JSON array of objects, not object' })],
    });
  });

  it('refuses a seed with a syntax error, a taken id or an item the schema refuses, at its line in the seed file', async () => {
    const seed = ['[', '  {"id": 1, "name": "Ada"},', '  {"id": 1, "name": "Linus"},', '  {"id": 3, "role": "user"}', ']'].join('\n');
    const dir = writeTempFiles({ 'mimicus.yaml': CONFIG, 'fixtures/users.json': seed });
    await expect(createMimicus(join(dir, 'mimicus.yaml'))).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: 'endpoints[0].crud.seed',
          message: 'item 1 of "fixtures/users.json": id 1 is taken by item 0 (fixtures/users.json:3:3)',
        }),
        expect.objectContaining({
          path: 'endpoints[0].crud.seed',
          message: `item 2 of "fixtures/users.json": must have required property 'name' (the collection's schema) (fixtures/users.json:4:3)`,
        }),
      ],
    });
    writeFileSync(join(dir, 'fixtures/users.json'), '[\n  {"id": 1, "name": "Ada"}\n  {"id": 2}\n]');
    await expect(createMimicus(join(dir, 'mimicus.yaml'))).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: expect.stringMatching(/^"fixtures\/users\.json" is not JSON: .* \(fixtures\/users\.json:3:3\)$/) })],
    });
  });

  it('nests a collection under a parent path: the parent id is a field of its items, and the flat route sees them all', async () => {
    const dir = writeTempFiles({
      'mimicus.yaml': `
version: 2
endpoints:
  - { id: users, path: /api/users, crud: { collection: users } }
  - id: user-orders
    path: /api/users/{userId}/orders
    crud: { collection: orders, schema: { type: object, required: [userId, item] } }
  - { id: orders, path: /api/orders, crud: { collection: orders } }
`,
    });
    mimicus = await start(dir);
    const post = (path: string, body: unknown) =>
      fetch(`${mimicus!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await json(await post('/api/users/1/orders', { item: 'saw' }));
    expect(created).toMatchObject({ status: 201, body: { id: 1, item: 'saw', userId: 1 } });
    expect(created.headers.get('location')).toBe('/api/users/1/orders/1');
    expect((await post('/api/users/2/orders', { item: 'rake' })).status).toBe(201);
    expect((await post('/api/users/2/orders', {})).status).toBe(400); // userId from the path, item missing

    expect((await json(await fetch(`${mimicus.url}/api/users/1/orders`))).body).toEqual([{ id: 1, item: 'saw', userId: 1 }]);
    expect((await fetch(`${mimicus.url}/api/users/1/orders/2`)).status).toBe(404);
    expect((await json(await fetch(`${mimicus.url}/api/users/2/orders/2`))).body).toEqual({ id: 2, item: 'rake', userId: 2 });
    expect((await json(await fetch(`${mimicus.url}/api/orders?userId=2`))).body).toEqual([{ id: 2, item: 'rake', userId: 2 }]);
    expect((await json(await fetch(`${mimicus.url}/api/orders`))).headers.get('x-total-count')).toBe('2');
  });
});
