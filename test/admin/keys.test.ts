import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

const CONFIG_KEY = 'config-key-0123456789abcdef';
const WITH_KEY = `${BASE}admin:
  apiKeys:
    - { name: root, key: ${CONFIG_KEY} }
`;

interface StoredKey {
  id: number;
  name: string;
  role: 'read' | 'admin';
  createdAt: string;
  lastUsedAt?: string;
  revoked: boolean;
  key?: string;
}

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'mimicus-keys-'));
const create = async (body: unknown, key?: string): Promise<StoredKey> => {
  const response = await mimicus!.api('/api/keys', { method: 'POST', json: body, ...(key ? { key } : {}) });
  expect(response.status).toBe(201);
  return (await response.json()) as StoredKey;
};
const patchHello = (key: string, body: string) =>
  mimicus!.api('/api/endpoints/hello', {
    method: 'PATCH',
    key,
    body: JSON.stringify({ response: { body } }),
    headers: { 'content-type': 'application/merge-patch+json' },
  });

describe('admin API: /api/keys', () => {
  it('creates a key shown once, authenticates with it as its author, lists it without the secret, and revokes it', async () => {
    mimicus = await startWithAdmin(WITH_KEY);
    const created = await create({ name: 'ci', role: 'admin' }, CONFIG_KEY);
    expect(created).toMatchObject({ name: 'ci', role: 'admin', revoked: false });
    expect(created.key).toMatch(/^mim_[A-Za-z0-9_-]{43}$/);
    const secret = created.key!;

    expect((await patchHello(secret, 'by ci')).status).toBe(200);
    const versions = (await (await mimicus.api('/api/versions?limit=1', { key: secret })).json()) as { items: { author: string }[] };
    expect(versions.items[0]?.author).toBe('ci');
    expect((await mimicus.api('/api/config', { headers: { 'x-api-key': secret } })).status).toBe(200);

    const listText = await (await mimicus.api('/api/keys', { key: CONFIG_KEY })).text();
    expect(listText).not.toContain(secret);
    const listed = (JSON.parse(listText) as { items: StoredKey[] }).items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: created.id, name: 'ci', role: 'admin', revoked: false });
    expect(listed[0]).not.toHaveProperty('key');
    expect(Date.parse(listed[0]!.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));

    expect((await mimicus.api(`/api/keys/${created.id}`, { method: 'DELETE', key: CONFIG_KEY })).status).toBe(204);
    await expectProblem(await mimicus.api('/api/config', { key: secret }), 401, 'ADMIN_UNAUTHORIZED');
    expect((await (await mimicus.api('/api/keys', { key: CONFIG_KEY })).json()) as unknown).toMatchObject({ items: [{ id: created.id, revoked: true }] });
  });

  it('gives a stored read key 403 on writes and on key management, 200 on reads', async () => {
    mimicus = await startWithAdmin(WITH_KEY);
    const reader = (await create({ name: 'dashboard', role: 'read' }, CONFIG_KEY)).key!;
    expect((await mimicus.api('/api/config', { key: reader })).status).toBe(200);
    await expectProblem(await patchHello(reader, 'nope'), 403, 'ADMIN_FORBIDDEN');
    await expectProblem(await mimicus.api('/api/keys', { method: 'POST', key: reader, json: { name: 'x', role: 'admin' } }), 403, 'ADMIN_FORBIDDEN');
    await expectProblem(await mimicus.api('/api/keys', { key: reader }), 403, 'ADMIN_FORBIDDEN');
  });

  it('answers 404 for an unknown id, 409 for a taken name, 400 for a bad role', async () => {
    mimicus = await startWithAdmin(WITH_KEY);
    await expectProblem(await mimicus.api('/api/keys/999', { method: 'DELETE', key: CONFIG_KEY }), 404, 'ADMIN_KEY_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/keys', { method: 'POST', key: CONFIG_KEY, json: { name: 'root', role: 'read' } }), 409, 'ADMIN_KEY_EXISTS');
    await create({ name: 'ci', role: 'read' }, CONFIG_KEY);
    await expectProblem(await mimicus.api('/api/keys', { method: 'POST', key: CONFIG_KEY, json: { name: 'ci', role: 'read' } }), 409, 'ADMIN_KEY_EXISTS');
    await expectProblem(await mimicus.api('/api/keys', { method: 'POST', key: CONFIG_KEY, json: { name: 'x', role: 'owner' } }), 400, 'ADMIN_REQUEST_INVALID');
  });

  it('switches an open loopback server to requiring keys once the first key is stored', async () => {
    mimicus = await startWithAdmin(BASE);
    expect((await mimicus.api('/api/config')).status).toBe(200);
    const secret = (await create({ name: 'first', role: 'admin' })).key!;
    await expectProblem(await mimicus.api('/api/config'), 401, 'ADMIN_UNAUTHORIZED');
    expect((await mimicus.api('/api/config', { key: secret })).status).toBe(200);
    expect((await mimicus.api('/api/health')).status).toBe(200);
  });

  it('keeps stored keys, and revocations, across a restart on the same dataDir', async () => {
    const dataDir = tempDataDir();
    mimicus = await startWithAdmin(BASE, { dataDir });
    const kept = (await create({ name: 'kept', role: 'admin' })).key!;
    const revoked = await create({ name: 'gone', role: 'read' }, kept);
    expect((await mimicus.api(`/api/keys/${revoked.id}`, { method: 'DELETE', key: kept })).status).toBe(204);
    await mimicus.close();

    mimicus = await startWithAdmin(BASE, { dataDir });
    await expectProblem(await mimicus.api('/api/config'), 401, 'ADMIN_UNAUTHORIZED');
    await expectProblem(await mimicus.api('/api/config', { key: revoked.key! }), 401, 'ADMIN_UNAUTHORIZED');
    expect((await patchHello(kept, 'after restart')).status).toBe(200);
    const versions = (await (await mimicus.api('/api/versions?limit=1', { key: kept })).json()) as { items: { author: string }[] };
    expect(versions.items[0]?.author).toBe('kept');
    expect(((await (await mimicus.api('/api/keys', { key: kept })).json()) as { items: StoredKey[] }).items.map((key) => [key.name, key.revoked])).toEqual([
      ['kept', false],
      ['gone', true],
    ]);
  });
});
