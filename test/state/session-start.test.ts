import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const SHOP = `
version: 2
state: { scope: session }
endpoints:
  - id: login
    method: POST
    path: /login
    state: { session: start, set: { user: '{{request.body.name}}', cart: [] } }
    response: { status: 200, json: { ok: true } }
  - id: logout
    method: POST
    path: /logout
    state: { session: end, delete: [user] }
    response: { status: 204 }
  - id: add
    method: POST
    path: /cart/{item}
    match: { state: { user: { present: true } } }
    response: { template: true, body: '{{state.set "cart" (append (state.get "cart") request.params.item)}}added' }
  - id: checkout
    method: POST
    path: /checkout
    match: { state: { user: { present: true } } }
    response: { template: true, json: { user: '{{state.get "user"}}', items: '{{state.get "cart"}}' } }
  - id: checkout-anonymous
    method: POST
    path: /checkout
    response: { status: 401, body: 'log in first' }
`;

/** A client that keeps the cookies it is given, as a browser does. */
function client() {
  const jar = new Map<string, string>();
  return async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(`${mimicus!.url}${path}`, { method: 'POST', ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (attributes.some((attribute) => attribute.trim().toLowerCase() === 'max-age=0')) jar.delete(name);
      else jar.set(name, value);
    }
    return { status: res.status, headers: res.headers, body: await res.text(), jar };
  };
}

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('a login response starts a session (state.session: start)', () => {
  it('sends a fresh session id as cookie and header; the login writes and every later request of that client share it', async () => {
    mimicus = await startMimicus(SHOP, { dataDir: false });
    const ada = client();
    const login = await ada('/login', json({ name: 'Ada' }));
    expect(login.status).toBe(200);
    const id = login.headers.get('x-mimicus-session');
    expect(id).toMatch(UUID);
    expect(login.headers.getSetCookie()).toEqual([`mimicus-session=${id}; Path=/; HttpOnly; SameSite=Lax`]);
    expect(await mimicus.state.get(`session:${id}`, 'user')).toBe('Ada');

    expect((await ada('/cart/book')).body).toBe('added');
    expect((await ada('/cart/pen')).body).toBe('added');
    expect(JSON.parse((await ada('/checkout')).body)).toEqual({ user: 'Ada', items: ['book', 'pen'] });
  });

  it('keeps two clients from the same address apart, and a client without the cookie is not logged in', async () => {
    mimicus = await startMimicus(SHOP, { dataDir: false });
    const ada = client();
    const bob = client();
    await ada('/login', json({ name: 'Ada' }));
    await bob('/login', json({ name: 'Bob' }));
    await ada('/cart/book');
    await bob('/cart/tea');
    expect(JSON.parse((await ada('/checkout')).body)).toEqual({ user: 'Ada', items: ['book'] });
    expect(JSON.parse((await bob('/checkout')).body)).toEqual({ user: 'Bob', items: ['tea'] });
    // Before this change a session-less request was the session of its address, which both logins wrote.
    expect(await client()('/checkout')).toMatchObject({ status: 401, body: 'log in first' });
  });

  it('replaces the session a client already had (a login rotates the id), and logout clears the cookie', async () => {
    mimicus = await startMimicus(SHOP, { dataDir: false });
    const ada = client();
    const first = (await ada('/login', json({ name: 'Ada' }))).headers.get('x-mimicus-session');
    const second = await ada('/login', json({ name: 'Ada' }));
    expect(second.headers.get('x-mimicus-session')).not.toBe(first);
    expect(second.jar.get('mimicus-session')).toBe(second.headers.get('x-mimicus-session'));

    const logout = await ada('/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()).toEqual(['mimicus-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax']);
    expect(logout.jar.size).toBe(0);
    expect((await ada('/checkout')).status).toBe(401);
  });

  it('works with the session header alone, for clients that copy the id themselves', async () => {
    mimicus = await startMimicus(SHOP, { dataDir: false });
    const login = await fetch(`${mimicus.url}/login`, { method: 'POST', ...json({ name: 'Cy' }) });
    const id = login.headers.get('x-mimicus-session')!;
    const checkout = await fetch(`${mimicus.url}/checkout`, { method: 'POST', headers: { 'x-mimicus-session': id } });
    expect(await checkout.json()).toEqual({ user: 'Cy', items: [] });
  });

  it('starts no session when a fault answers instead of the login', async () => {
    mimicus = await startMimicus(
      SHOP.replace(
        "    state: { session: start, set: { user: '{{request.body.name}}', cart: [] } }",
        '    state: { session: start }\n    errors: [{ rate: 1, status: 503 }]',
      ),
      { dataDir: false },
    );
    const login = await fetch(`${mimicus.url}/login`, { method: 'POST' });
    expect(login.status).toBe(503);
    expect(login.headers.get('x-mimicus-session')).toBeNull();
    expect(login.headers.getSetCookie()).toEqual([]);
  });

  it('refuses session header and cookie names that could split a header', async () => {
    const config = (session: string) => `version: 2\nstate: { session: ${session} }\nendpoints: [{ id: a, path: /a, response: {} }]\n`;
    await expect(startMimicus(config(`{ cookie: "sid; Path=/evil" }`), { dataDir: false })).rejects.toThrow(/state\.session\.cookie: must be a cookie name/);
    await expect(startMimicus(config(`{ header: "x-a\\r\\nx-b" }`), { dataDir: false })).rejects.toThrow(/state\.session\.header: must be a header name/);
  });
});
