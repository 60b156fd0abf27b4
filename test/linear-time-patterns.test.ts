import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

type ConfigObject = Parameters<typeof createMimicus>[0];

async function start(config: ConfigObject): Promise<Mimicus> {
  mimicus = await createMimicus(config, { dataDir: false });
  await mimicus.listen(0, '127.0.0.1');
  return mimicus;
}

/**
 * Sends `attack` and, right behind it, a plain request to `/ping`; returns both answers and how
 * long the plain one took. A backtracking regex blocks the event loop, so the plain request waits
 * for it: with V8's engine these inputs hold the process for seconds (each extra `a` doubles it).
 */
async function attackAndPing(url: string, attack: () => Promise<Response>) {
  const started = performance.now();
  const attacked = attack().then(async (res) => ({ status: res.status, body: await res.text(), ms: performance.now() - started }));
  const pinged = fetch(`${url}/ping`).then(async (res) => ({ status: res.status, body: await res.text(), ms: performance.now() - started }));
  return { attack: await attacked, ping: await pinged };
}

const PING = { id: 'ping', path: '/ping', response: { body: 'pong' } };
// 28 a's and a mismatch: V8 needs about 4 s for ^(a+)+$; the issue's 41 characters needed 100+ s.
const EVIL_TEXT = `${'a'.repeat(28)}!`;

describe('patterns chosen by config or clients run in linear time', () => {
  it('answers a catastrophic _like filter at once and keeps other requests flowing', async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: i === 0 ? 'aaaa' : EVIL_TEXT }));
    const { url } = await start({
      version: 2,
      endpoints: [PING, { id: 'users', path: '/api/users', crud: { collection: 'users' } }],
    });
    for (const item of items) {
      await (await fetch(`${url}/api/users`, { method: 'POST', body: JSON.stringify(item) })).arrayBuffer();
    }
    const { attack, ping } = await attackAndPing(url, () => fetch(`${url}/api/users?name_like=${encodeURIComponent('^(a+)+$')}`));
    expect(attack.status).toBe(200);
    expect(JSON.parse(attack.body)).toEqual([{ id: 1, name: 'aaaa' }]);
    expect(ping).toMatchObject({ status: 200, body: 'pong' });
    expect(ping.ms).toBeLessThan(1000);
  });

  it('refuses a client pattern over 256 characters or using lookaround, naming the parameter and the reason', async () => {
    const { url } = await start({ version: 2, endpoints: [{ id: 'users', path: '/api/users', crud: { collection: 'users' } }] });
    const long = await fetch(`${url}/api/users?name_like=${'a'.repeat(257)}`);
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ code: 'CRUD_QUERY_INVALID', parameter: 'name_like', detail: expect.stringContaining('at most 256 characters') });
    const large = await fetch(`${url}/api/users?name_like=${encodeURIComponent('[a-z]{1000}x')}`);
    expect(await large.json()).toMatchObject({ parameter: 'name_like', detail: expect.stringContaining('instructions, over the 200 allowed') });
    const lookahead = await fetch(`${url}/api/users?name_like=${encodeURIComponent('a(?=b)')}`);
    expect(lookahead.status).toBe(400);
    expect(await lookahead.json()).toMatchObject({ parameter: 'name_like', detail: expect.stringContaining('lookahead') });
  });

  it('matches a catastrophic config regex against a crafted body at once', async () => {
    const { url } = await start({
      version: 2,
      endpoints: [PING, { id: 'evil', method: 'POST', path: '/submit', match: { body: { regex: '^(a+)+$' } }, response: { body: 'matched' } }],
    });
    const { attack, ping } = await attackAndPing(url, () => fetch(`${url}/submit`, { method: 'POST', body: EVIL_TEXT }));
    expect(attack.status).toBe(404);
    expect(ping).toMatchObject({ status: 200, body: 'pong' });
    expect(ping.ms).toBeLessThan(1000);
    expect((await fetch(`${url}/submit`, { method: 'POST', body: 'aaaa' })).status).toBe(200);
  });

  it('matches a catastrophic JSON Schema pattern and path constraint at once', async () => {
    const { url } = await start({
      version: 2,
      endpoints: [
        PING,
        {
          id: 'schema',
          method: 'POST',
          path: '/schema',
          match: { body: { jsonSchema: { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } } } },
          response: { body: 'matched' },
        },
        { id: 'constraint', path: '/files/{name:(a+)+}', response: { body: 'file' } },
      ],
    });
    const schema = await attackAndPing(url, () => fetch(`${url}/schema`, { method: 'POST', body: JSON.stringify({ name: EVIL_TEXT }) }));
    expect(schema.attack.status).toBe(404);
    expect(schema.ping.ms).toBeLessThan(1000);
    const constraint = await attackAndPing(url, () => fetch(`${url}/files/${EVIL_TEXT}`));
    expect(constraint.attack.status).toBe(404);
    expect(constraint.ping.ms).toBeLessThan(1000);
    expect(await (await fetch(`${url}/files/aaa`)).text()).toBe('file');
  });

  it('refuses a config regex RE2 cannot run, naming the field and the feature', async () => {
    await expect(
      createMimicus(
        { version: 2, endpoints: [{ id: 'a', path: '/a', match: { headers: { 'x-tenant': { regex: '^(t)-\\1' } } }, response: { body: 'a' } }] },
        { dataDir: false },
      ),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'endpoints[0].match.headers["x-tenant"].regex', message: expect.stringContaining('backreference') })],
    });
    await expect(
      createMimicus(
        { version: 2, endpoints: [{ id: 'a', path: '/a', match: { body: { jsonSchema: { type: 'string', pattern: '(?<=a)b' } } }, response: { body: 'a' } }] },
        { dataDir: false },
      ),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'endpoints[0].match.body.jsonSchema', message: expect.stringContaining('lookbehind') })],
    });
    await expect(
      createMimicus({ version: 2, endpoints: [{ id: 'a', path: '/a/{id:(?!x).+}', response: { body: 'a' } }] }, { dataDir: false }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'endpoints[0].path', message: expect.stringContaining('negative lookahead') })],
    });
  });
});

describe('deep JSON against recursive predicates', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

  it('treats a body nested too deeply for a recursive jsonSchema or JSONPath as no match, not a 500', async () => {
    const nested = { $ref: '#/$defs/node', $defs: { node: { type: 'array', items: { $ref: '#/$defs/node' } } } };
    const { url } = await start({
      version: 2,
      server: { maxBodySize: '1MiB' },
      endpoints: [
        PING,
        { id: 'schema', method: 'POST', path: '/schema', match: { body: { jsonSchema: nested } }, response: { body: 'schema' } },
        { id: 'path', method: 'POST', path: '/path', match: { body: { jsonPath: '$..x' } }, response: { body: 'path' } },
        { id: 'value', method: 'POST', path: '/value', match: { body: { jsonPath: '$[0]', value: { regex: 'x' } } }, response: { body: 'value' } },
      ],
    });
    const schema = await fetch(`${url}/schema`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(schema.status).toBe(404);
    const path = await fetch(`${url}/path`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(path.status).toBe(404);
    const value = await fetch(`${url}/value`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(value.status).toBe(404);
    expect((await fetch(`${url}/schema`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[[[]]]' })).status).toBe(200);
    expect(await (await fetch(`${url}/ping`)).text()).toBe('pong');
  });

  it('refuses a deep item for a collection whose schema recurses with a 400, not a 500', async () => {
    const { url } = await start({
      version: 2,
      server: { maxBodySize: '1MiB' },
      endpoints: [
        {
          id: 'trees',
          path: '/trees',
          crud: {
            collection: 'trees',
            schema: { type: 'object', properties: { kids: { $ref: '#/$defs/node' } }, $defs: { node: { type: 'array', items: { $ref: '#/$defs/node' } } } },
          },
        },
      ],
    });
    const res = await fetch(`${url}/trees`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"kids":${deep}}` });
    expect(res.status).toBe(400);
  });

  it('refuses an item nested deeper than 64 levels in any collection with a 400, and keeps serving it', async () => {
    const { url } = await start({ version: 2, server: { maxBodySize: '1MiB' }, endpoints: [{ id: 'notes', path: '/notes', crud: { collection: 'notes' } }] });
    const res = await fetch(`${url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"kids":${deep}}` });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'CRUD_BODY_INVALID', detail: 'the item nests deeper than 64 levels' });
    const nested = JSON.stringify({ kids: JSON.parse(`${'['.repeat(63)}${']'.repeat(63)}`) as unknown });
    expect((await fetch(`${url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested })).status).toBe(201);
    expect((await fetch(`${url}/notes?q=zz`)).status).toBe(200);
  });
});
