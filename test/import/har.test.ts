import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harImporter } from '../../src/import/har/index.js';
import { writeConfig } from '../../src/import/index.js';
import { createMimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { corpusDir, expectDeterministic, importCorpus, importText, serveImported, type Served } from './serve-imported.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.mimicus.close();
  served = undefined;
});

interface Entry {
  request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: { text?: string; mimeType?: string } };
  response: { status: number; content: { text?: string; encoding?: string } };
}

const entriesOf = (name: string) => (JSON.parse(readFileSync(join(corpusDir('har'), name), 'utf8')) as { log: { entries: Entry[] } }).log.entries;

/** Replays every recorded request and checks the recorded status and body come back. */
async function replay(name: string): Promise<void> {
  served = await serveImported(importCorpus(harImporter, 'har', name));
  for (const entry of entriesOf(name)) {
    const url = new URL(entry.request.url);
    const init: RequestInit = { method: entry.request.method };
    if (entry.request.postData?.text !== undefined) {
      init.body = entry.request.postData.text;
      init.headers = { 'content-type': entry.request.postData.mimeType ?? 'text/plain' };
    }
    const answer = await served.send(`${url.pathname}${url.search}`, init);
    const content = entry.response.content;
    const body = content.encoding === 'base64' ? Buffer.from(content.text ?? '', 'base64').toString('utf8') : (content.text ?? '');
    expect([answer.status, answer.text], `${entry.request.method} ${entry.request.url}`).toEqual([entry.response.status, body]);
    expect(answer.elapsedMs).toBeGreaterThan(0);
  }
}

describe('HAR corpus: every recorded request gets its recorded answer back', () => {
  it('microcks API Pastries (query variants, base64 bodies, PATCH)', async () => {
    await replay('microcks-api-pastries-0.0.1.har');
  });

  it('a Charles recording of a web page', async () => {
    await replay('mitmproxy-charles.har');
  });

  it('fits the recording latency: a lognormal whose median lies among the recorded waits', () => {
    const result = importCorpus(harImporter, 'har', 'microcks-api-pastries-0.0.1.har');
    const latency = result.config.defaults?.latency as { lognormal: { median: string; sigma: number } };
    const median = parseFloat(latency.lognormal.median);
    expect(median).toBeGreaterThan(15);
    expect(median).toBeLessThan(45);
  });
});

const entry = (method: string, url: string, status: number, body: string, waitMs: number) => ({
  startedDateTime: '2026-01-01T00:00:00Z',
  time: waitMs + 1,
  request: { method, url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
  response: {
    status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Date', value: 'x' },
    ],
    cookies: [],
    content: { size: body.length, mimeType: 'application/json', text: body },
    redirectURL: '',
    headersSize: -1,
    bodySize: body.length,
  },
  cache: {},
  timings: { send: 0, wait: waitMs, receive: 1 },
});

describe('HAR grouping, sequences and latency', () => {
  const uuid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        entry('GET', 'https://api.example.com/users/42', 200, '{"id":42}', 100),
        entry('GET', 'https://api.example.com/users/43', 200, '{"id":43}', 120),
        entry('GET', `https://api.example.com/users/42/orders/${uuid}`, 200, '{"order":1}', 80),
        entry('GET', 'https://api.example.com/jobs/7', 202, '{"state":"running"}', 50),
        entry('GET', 'https://api.example.com/jobs/7', 202, '{"state":"running"}', 60),
        entry('GET', 'https://api.example.com/jobs/7', 200, '{"state":"done"}', 55),
        ...[90, 110, 95, 130, 105, 98].map((ms) => entry('GET', 'https://api.example.com/health', 200, '{"ok":true}', ms)),
      ],
    },
  };

  it('infers templates from ids, keeps each recorded id its answer, and answers unseen ids from the template', async () => {
    const result = importText(harImporter, 'session.har', JSON.stringify(har));
    const paths = result.config.endpoints?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/users/{userId}', '/users/42', '/users/43', '/users/{userId}/orders/{orderId}', '/jobs/{jobId}']));
    served = await serveImported(result);
    expect((await served.send('/users/43')).text).toBe('{"id":43}');
    expect((await served.send('/users/99')).text).toBe('{"id":42}');
    expect((await served.send('/users/5/orders/00000000-0000-0000-0000-000000000000')).text).toBe('{"order":1}');
  });

  it('turns the distinct answers to one request into a sequence that ends on the last', async () => {
    served = await serveImported(importText(harImporter, 'session.har', JSON.stringify(har)));
    const states = [];
    for (let i = 0; i < 3; i++) states.push(JSON.parse((await served.send('/jobs/7')).text).state);
    expect(states).toEqual(['running', 'done', 'done']);
  });

  it('fits an endpoint with enough timings on its own; the rest share the recording fit', () => {
    const result = importText(harImporter, 'session.har', JSON.stringify(har));
    const health = result.config.endpoints?.find((e) => e.path === '/health');
    expect(health?.latency).toMatchObject({ lognormal: { sigma: expect.any(Number) } });
    expect(health?.description).toMatch(/fitted to 6 recorded timings/);
    expect(result.config.defaults?.latency).toBeDefined();
    expect(result.config.endpoints?.find((e) => e.path === '/jobs/{jobId}')?.latency).toBeUndefined();
  });

  it('skips entries without a response, and gives byte-identical output for the same input', () => {
    const broken = { log: { entries: [{ ...entry('GET', 'https://x.test/a', 200, '', 1), response: { status: 0 } }, entry('GET', 'not a url', 200, '', 1)] } };
    const result = importText(harImporter, 'broken.har', JSON.stringify(broken));
    expect(result.skipped.map((s) => s.source)).toEqual(['log.entries[0]', 'log.entries[1]']);
    expectDeterministic(() => importText(harImporter, 'session.har', JSON.stringify(har)));
    expectDeterministic(() => importCorpus(harImporter, 'har', 'microcks-api-pastries-0.0.1.har'));
  });
});

describe('HAR bodies in a written config', () => {
  it('keeps a body over 4 KiB in a body file beside the config, and serves it from there', async () => {
    const result = importCorpus(harImporter, 'har', 'mitmproxy-charles.har');
    const written = writeConfig(result, { source: 'mitmproxy-charles.har', bodyDir: 'mocks.bodies' });
    const [path, text] = [...written.bodyFiles][0]!;
    expect(Buffer.byteLength(text)).toBeGreaterThan(4096);
    expect(written.text).toContain(`bodyFile: ${path}`);
    const dir = writeTempFiles({ 'mocks.yaml': written.text, ...Object.fromEntries(written.bodyFiles) });
    const mimicus = await createMimicus(join(dir, 'mocks.yaml'), { dataDir: false, admin: false });
    try {
      await mimicus.listen(0, '127.0.0.1');
      const big = entriesOf('mitmproxy-charles.har').find((entry) => (entry.response.content.text ?? '') === text)!;
      const url = new URL(big.request.url);
      const answer = await fetch(`${mimicus.url}${url.pathname}${url.search}`, { method: big.request.method });
      expect(await answer.text()).toBe(text);
    } finally {
      await mimicus.close();
    }
  });
});
