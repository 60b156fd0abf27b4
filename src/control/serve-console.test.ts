import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { serveConsole } from './serve-console.js';

/** A console build of two files, as Vite lays it out. */
function builtConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

describe('serveConsole', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(dir: string): Promise<string> {
    app = Fastify();
    app.get('/api/status', async () => ({ ok: true }));
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ code: 'ADMIN_ROUTE_NOT_FOUND' }));
    await serveConsole(app, dir);
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  it('answers index.html, never cached, for / and for client-side routes', async () => {
    const url = await start(builtConsole());
    for (const path of ['/', '/endpoints', '/inspector/42']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>console</title>');
    }
  });

  it('serves hashed assets with a year of immutable caching, and 404s a missing one', async () => {
    const url = await start(builtConsole());
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${url}/assets/gone.js`)).status).toBe(404);
  });

  it('leaves /api to the API: known routes answer, unknown ones reach the not-found handler', async () => {
    const url = await start(builtConsole());
    expect(await (await fetch(`${url}/api/status`)).json()).toEqual({ ok: true });
    const unknown = await fetch(`${url}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 'ADMIN_ROUTE_NOT_FOUND' });
  });

  it('says how to build the console when dist/web is missing', async () => {
    const url = await start(join(tmpdir(), 'mimicus-no-console-here'));
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/npm run build/);
    expect((await fetch(`${url}/api/nothing-here`)).status).toBe(404);
  });
});
