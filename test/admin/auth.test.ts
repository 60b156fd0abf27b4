import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

const READ_KEY = 'read-key-0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const WITH_KEYS = `${BASE}admin:
  apiKeys:
    - { name: viewer, key: ${READ_KEY}, role: read }
    - { name: alice, key: ${ADMIN_KEY} }
`;

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('admin API authentication', () => {
  it('lets anyone in on loopback when no keys are configured', async () => {
    mimicus = await startWithAdmin(BASE);
    expect(mimicus.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await mimicus.api('/api/config')).status).toBe(200);
  });

  it('answers 401 problem+json with WWW-Authenticate when keys are configured and none is sent', async () => {
    mimicus = await startWithAdmin(WITH_KEYS);
    const response = await mimicus.api('/api/config');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(response, 401, 'ADMIN_UNAUTHORIZED');
    await expectProblem(await mimicus.api('/api/config', { key: 'wrong-key-0123456789abcdef' }), 401, 'ADMIN_UNAUTHORIZED');
  });

  it('accepts a key as Bearer or X-Api-Key, and keeps health open', async () => {
    mimicus = await startWithAdmin(WITH_KEYS);
    expect((await mimicus.api('/api/config', { key: READ_KEY })).status).toBe(200);
    expect((await mimicus.api('/api/config', { headers: { 'x-api-key': ADMIN_KEY } })).status).toBe(200);
    expect((await mimicus.api('/api/health')).status).toBe(200);
  });

  it('lets role read use GET routes only (403 otherwise), and admin everything', async () => {
    mimicus = await startWithAdmin(WITH_KEYS);
    const config = await (await mimicus.api('/api/config', { key: READ_KEY })).json();
    await expectProblem(await mimicus.api('/api/config/validate', { method: 'POST', key: READ_KEY, json: config }), 403, 'ADMIN_FORBIDDEN');
    expect((await mimicus.api('/api/config/validate', { method: 'POST', key: ADMIN_KEY, json: config })).status).toBe(200);
  });

  it('never shows key secrets in the config', async () => {
    mimicus = await startWithAdmin(WITH_KEYS);
    const text = await (await mimicus.api('/api/config', { key: ADMIN_KEY })).text();
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).not.toContain(READ_KEY);
  });

  it('refuses to start on 0.0.0.0 without keys, naming admin.apiKeys', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': `${BASE}admin: { host: 0.0.0.0 }\n` });
    const attempt = createMimicus(join(dir, 'mimicus.yaml'), { dataDir: false, admin: {} });
    await expect(attempt).rejects.toMatchObject({ code: 'ADMIN_KEYS_REQUIRED', message: expect.stringContaining('admin.apiKeys') });
  });

  it('starts on 0.0.0.0 when keys are configured', async () => {
    mimicus = await startWithAdmin(WITH_KEYS, { admin: { port: 0, host: '0.0.0.0' } });
    await expectProblem(await mimicus.api('/api/status'), 401, 'ADMIN_UNAUTHORIZED');
    expect((await mimicus.api('/api/status', { key: READ_KEY })).status).toBe(200);
  });

  it('answers unknown routes with a 404 problem', async () => {
    mimicus = await startWithAdmin(BASE);
    await expectProblem(await mimicus.api('/api/nope'), 404, 'ADMIN_ROUTE_NOT_FOUND');
  });

  it('does not start the admin API unless asked', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': BASE });
    const plain = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir: false });
    try {
      await plain.listen(0, '127.0.0.1');
      expect(() => plain.adminUrl).toThrow(/listenAdmin/);
    } finally {
      await plain.close();
    }
  });
});
