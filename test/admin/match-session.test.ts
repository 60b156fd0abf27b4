import { afterEach, describe, expect, it } from 'vitest';
import { startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const SHOP = `version: 2
state: { scope: session }
endpoints:
  - id: login
    method: POST
    path: /login
    state: { session: start, set: { user: ada } }
    response: { status: 204 }
  - id: checkout
    method: POST
    path: /checkout
    match: { state: { user: { present: true } } }
    response: { status: 200 }
  - id: checkout-anonymous
    method: POST
    path: /checkout
    response: { status: 401 }
`;

const matchOf = async (harness: AdminHarness, headers?: Record<string, string>) => {
  const response = await harness.api('/api/match', { method: 'POST', json: { method: 'POST', path: '/checkout', ...(headers ? { headers } : {}) } });
  expect(response.status).toBe(200);
  return (await response.json()) as { matched: boolean; endpoint?: { id: string }; stateConsulted: boolean };
};

describe('POST /api/match with the caller’s session', () => {
  it('sees the state of the session the sample names (header or cookie), as the real request would, and writes nothing', async () => {
    mimicus = await startWithAdmin(SHOP);
    const login = await fetch(`${mimicus.url}/login`, { method: 'POST' });
    const session = login.headers.get('x-mimicus-session')!;
    expect(session).toBeTruthy();

    expect(await matchOf(mimicus, { 'x-mimicus-session': session })).toMatchObject({ matched: true, endpoint: { id: 'checkout' }, stateConsulted: true });
    expect(await matchOf(mimicus, { cookie: `mimicus-session=${session}` })).toMatchObject({ endpoint: { id: 'checkout' } });
    // Another session, or none (the caller's address, which logged in nothing), is anonymous.
    expect(await matchOf(mimicus, { 'x-mimicus-session': 'someone-else' })).toMatchObject({ endpoint: { id: 'checkout-anonymous' } });
    expect(await matchOf(mimicus)).toMatchObject({ endpoint: { id: 'checkout-anonymous' } });

    // The real request agrees with the dry run, and the dry runs wrote nothing.
    expect((await fetch(`${mimicus.url}/checkout`, { method: 'POST', headers: { 'x-mimicus-session': session } })).status).toBe(200);
    expect(await mimicus.state.get('session:someone-else', 'user')).toBeUndefined();
  });
});
