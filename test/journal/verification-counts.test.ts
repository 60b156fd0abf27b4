import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';

const count = async (m: Mimicus, filter: Record<string, unknown>) =>
  (await (
    await fetch(`${m.adminUrl}/api/requests/count`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(filter) })
  ).json()) as Record<string, unknown>;

describe('POST /api/requests/count', () => {
  let mimicus: Mimicus | undefined;
  afterEach(async () => {
    await mimicus?.close();
    mimicus = undefined;
  });

  it('counts exactly per endpoint, method and status when the journal drops, and says when a journal count may be short', async () => {
    const dir = writeTempFiles({});
    mimicus = await createMimicus(
      {
        version: 2,
        journal: { size: 10, persistPerSecond: 5 },
        endpoints: [
          { id: 'create-user', method: 'POST', path: '/users', response: { status: 201 } },
          { id: 'get-user', method: 'GET', path: '/users/{id}', response: { body: 'u' } },
        ],
      },
      { dataDir: dir, admin: { port: 0 } },
    );
    await mimicus.listen(0, '127.0.0.1');
    // More in one go than the journal persists a second (5) or holds in memory (10).
    await Promise.all(Array.from({ length: 60 }, () => fetch(`${mimicus!.url}/users`, { method: 'POST' }).then((r) => r.arrayBuffer())));
    await Promise.all(Array.from({ length: 7 }, (_, i) => fetch(`${mimicus!.url}/users/${i}`).then((r) => r.arrayBuffer())));
    await fetch(`${mimicus.url}/nowhere`);

    const created = await count(mimicus, { endpoint: 'create-user', status: 201 });
    expect(created).toMatchObject({ count: 60, exact: true, source: 'counters' });
    expect(created.dropped).toBeGreaterThan(0);
    expect(await count(mimicus, { method: 'get', matched: true })).toMatchObject({ count: 7, exact: true });
    expect(await count(mimicus, { matched: false })).toMatchObject({ count: 1, exact: true });
    expect(await count(mimicus, {})).toMatchObject({ count: 68, exact: true });

    // A path filter needs the journal, which kept far fewer: the answer says so.
    const byPath = await count(mimicus, { pathPrefix: '/users' });
    expect(byPath).toMatchObject({ exact: false, source: 'journal' });
    expect(byPath.count as number).toBeLessThan(67);

    // Forgetting the journal starts the counters over too.
    await fetch(`${mimicus.adminUrl}/api/requests`, { method: 'DELETE' });
    expect(await count(mimicus, { endpoint: 'create-user' })).toMatchObject({ count: 0 });
  });
});
