import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('static responses over real HTTP', () => {
  it('serves status, headers, body and a precomputed content-length', async () => {
    mimicus = await startMimicus(`
version: 2
defaults: { headers: { x-env: mock, x-both: default } }
endpoints:
  - id: hello
    method: GET
    path: /hello
    response:
      status: 202
      headers: { X-Both: endpoint, set-cookie: [a=1, b=2] }
      body: 'héllo'
`);
    const res = await fetch(`${mimicus.url}/hello`);
    expect(res.status).toBe(202);
    expect(res.headers.get('x-env')).toBe('mock');
    expect(res.headers.get('x-both')).toBe('endpoint');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength('héllo')));
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('héllo');
  });

  it('serves `json` as application/json and infers JSON for JSON-looking bodies', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: a, path: /a, response: { json: { ok: true, list: [1, 2] } } }
  - { id: b, path: /b, response: { body: '{"ok":true}' } }
  - { id: c, path: /c, response: { headers: { content-type: text/csv }, body: 'x,y' } }
`);
    const a = await fetch(`${mimicus.url}/a`);
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(await a.json()).toEqual({ ok: true, list: [1, 2] });
    expect((await fetch(`${mimicus.url}/b`)).headers.get('content-type')).toBe('application/json');
    expect((await fetch(`${mimicus.url}/c`)).headers.get('content-type')).toBe('text/csv');
  });

  it('serves bodyFile relative to the config file, read once at load', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: file, path: /catalog, response: { bodyFile: data/catalog.json } }
`,
      { files: { 'data/catalog.json': '{"items":[1,2,3]}' } },
    );
    const res = await fetch(`${mimicus.url}/catalog`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ items: [1, 2, 3] });
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: x, method: [GET, HEAD], path: /x, response: { body: 'twelve bytes' } }
`);
    const res = await fetch(`${mimicus.url}/x`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('12');
    expect(await res.text()).toBe('');
  });

  it('matches methods: one, a list, or any', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: one, method: DELETE, path: /one, response: { body: one } }
  - { id: list, method: [PUT, PATCH], path: /list, response: { body: list } }
  - { id: any, path: /any, response: { body: any } }
`);
    expect((await fetch(`${mimicus.url}/one`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${mimicus.url}/one`)).status).toBe(404);
    expect(await (await fetch(`${mimicus.url}/list`, { method: 'PATCH' })).text()).toBe('list');
    expect((await fetch(`${mimicus.url}/list`, { method: 'POST' })).status).toBe(404);
    expect(await (await fetch(`${mimicus.url}/any`, { method: 'OPTIONS' })).text()).toBe('any');
  });
});

describe('binary bodies', () => {
  it('serves a bodyFile that is not UTF-8 byte for byte', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0xfe]);
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: png, path: /logo.png, response: { headers: { content-type: image/png }, bodyFile: logo.png } }
`,
      { files: { 'logo.png': bytes } },
    );
    const res = await fetch(`${mimicus.url}/logo.png`);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });
});
