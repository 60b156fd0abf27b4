import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('session state TTL', () => {
  it('lets session state expire state.sessionTtl after its last write, so invented session ids do not pile up', async () => {
    mimicus = await startMimicus(
      `version: 2
state: { sessionTtl: 300ms }
endpoints:
  - { id: login, method: POST, path: /login, state: { scope: session, set: { user: '{{request.query.name}}' } }, response: { status: 204 } }
  - { id: me, path: /me, state: { scope: session }, response: { template: true, body: 'user={{state.get "user"}}' } }
`,
      { dataDir: false },
    );
    const session = { 'x-mimicus-session': 'invented-1' };
    await fetch(`${mimicus.url}/login?name=ada`, { method: 'POST', headers: session });
    expect(await (await fetch(`${mimicus.url}/me`, { headers: session })).text()).toBe('user=ada');
    await new Promise((r) => setTimeout(r, 400));
    expect(await (await fetch(`${mimicus.url}/me`, { headers: session })).text()).toBe('user=');
  });

  it('refuses a session TTL of 0', async () => {
    await expect(startMimicus('version: 2\nstate: { sessionTtl: 0s }\nendpoints: []\n')).rejects.toThrow(/state\.sessionTtl: must be above 0/);
  });
});
