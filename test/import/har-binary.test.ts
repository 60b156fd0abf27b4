import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfigObject } from '../../src/config/index.js';
import { harImporter } from '../../src/import/har/index.js';
import { writeConfig, type ImportResult } from '../../src/import/index.js';
import { createMimicus } from '../../src/index.js';
import { BIN } from '../support/start-serve.js';

/** A 1×1 PNG: bytes that are not UTF-8 (0x89 first), as a browser's HAR export holds an image. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');

const entry = (url: string, mimeType: string, text: string, encoding?: string) => ({
  startedDateTime: '2026-01-01T00:00:00Z',
  time: 3,
  request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'Content-Type', value: mimeType },
      { name: 'Content-Length', value: String(text.length) },
    ],
    cookies: [],
    content: { size: text.length, mimeType, text, ...(encoding ? { encoding } : {}) },
    redirectURL: '',
    headersSize: -1,
    bodySize: text.length,
  },
  cache: {},
  timings: { send: 0, wait: 2, receive: 1 },
});

const harOf = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } });

const RECORDING = harOf([
  entry('https://shop.example/img/logo.png', 'image/png', PNG_BASE64, 'base64'),
  // The same image under another name: one body file serves both.
  entry('https://shop.example/img/logo-copy.png', 'image/png', PNG_BASE64, 'base64'),
  entry('https://shop.example/api/hello', 'application/json', Buffer.from('{"hello":"wörld"}').toString('base64'), 'base64'),
]);

function importHar(text: string, options: Record<string, unknown> = { bodyFiles: true }): ImportResult {
  const result = harImporter.run({ main: { path: 'shop.har', text }, files: new Map(), seed: 1, options });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const valid = validateConfigObject(result.value.config);
  expect(valid.ok ? [] : valid.error).toEqual([]);
  return result.value;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-test-har-binary-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Serves a written config from `dir` and answers the GET of each path, as bytes. */
async function fetchAll(configFile: string, paths: readonly string[]): Promise<{ status: number; type: string | null; bytes: Buffer }[]> {
  const mimicus = await createMimicus(configFile, { dataDir: false, admin: false });
  try {
    await mimicus.listen(0, '127.0.0.1');
    const answers = [];
    for (const path of paths) {
      const response = await fetch(`${mimicus.url}${path}`);
      answers.push({ status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) });
    }
    return answers;
  } finally {
    await mimicus.close();
  }
}

describe('HAR binary bodies', () => {
  it('keeps a base64 image as a body file of its bytes, served byte-exact with its content type', async () => {
    const result = importHar(RECORDING);
    expect(result.warnings.filter((w) => w.message.includes('binary'))).toEqual([]);
    expect([...result.bodyFiles.keys()]).toEqual([expect.stringMatching(/^har-bodies\/[0-9a-f]{20}\.png$/)]);
    const written = writeConfig(result, { source: 'shop.har', bodyDir: 'mocks.bodies' });
    const dir = tempDir();
    writeFileSync(join(dir, 'mocks.yaml'), written.text);
    for (const [path, content] of written.bodyFiles) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const [logo, copy, hello] = await fetchAll(join(dir, 'mocks.yaml'), ['/img/logo.png', '/img/logo-copy.png', '/api/hello']);
    expect(logo).toEqual({ status: 200, type: 'image/png', bytes: PNG });
    expect(copy!.bytes.equals(PNG)).toBe(true);
    // A base64 body that is UTF-8 text stays inline, as before.
    expect(hello!.bytes.toString('utf8')).toBe('{"hello":"wörld"}');
    expect(written.text).toContain('body: \'{"hello":"wörld"}\'');
  });

  it('is byte-identical on a second run (files named by content)', () => {
    const a = importHar(RECORDING);
    const b = importHar(RECORDING);
    expect(JSON.stringify(b.config)).toBe(JSON.stringify(a.config));
    expect([...b.bodyFiles].map(([k, v]) => [k, Buffer.from(v).toString('hex')])).toEqual(
      [...a.bodyFiles].map(([k, v]) => [k, Buffer.from(v).toString('hex')]),
    );
  });

  it('skips an entry whose body passes the cap per body or in all, naming the entry', () => {
    const big = Buffer.alloc(3000, 0xff).toString('base64');
    const other = Buffer.alloc(1500, 0xfe).toString('base64');
    const third = Buffer.alloc(1500, 0xfd).toString('base64');
    const result = importHar(
      harOf([
        entry('https://x.test/big.bin', 'application/octet-stream', big, 'base64'),
        entry('https://x.test/a.bin', 'application/octet-stream', other, 'base64'),
        entry('https://x.test/b.bin', 'application/octet-stream', third, 'base64'),
      ]),
      { bodyFiles: true, maxBinaryBodyBytes: 2000, maxBinaryTotalBytes: 2500 },
    );
    expect(result.skipped).toEqual([
      { source: 'log.entries[0]', reason: 'binary body of 3000 bytes is over the cap of 2000 bytes per body' },
      { source: 'log.entries[2]', reason: 'binary body of 1500 bytes would pass the cap of 2500 bytes for all binary bodies (1500 bytes kept before it)' },
    ]);
    expect(result.config.endpoints?.map((e) => e.path)).toEqual(['/a.bin']);
    expect([...result.bodyFiles.values()].map((bytes) => bytes.length)).toEqual([1500]);
  });

  it('writes no more than the cap on body files, naming the entries past it', () => {
    const images = [1, 2, 3].map((n) => entry(`https://x.test/${n}.png`, 'image/png', Buffer.from([0x89, n, 0xff]).toString('base64'), 'base64'));
    const result = importHar(harOf(images), { bodyFiles: true, maxBinaryFiles: 2 });
    expect(result.bodyFiles.size).toBe(2);
    expect(result.skipped).toEqual([{ source: 'log.entries[2]', reason: 'more than 2 distinct binary bodies: the cap on body files' }]);
  });

  it('never lets an option raise the caps above the defaults, and refuses text that is not base64', () => {
    const result = importHar(harOf([entry('https://x.test/a.bin', 'application/octet-stream', '%%%not base64%%%', 'base64')]), {
      bodyFiles: true,
      maxBinaryBodyBytes: 1e12,
    });
    expect(result.skipped).toEqual([{ source: 'log.entries[0]', reason: 'content.text says encoding "base64" but is not base64' }]);
    const huge = importHar(
      harOf([entry('https://x.test/h.bin', 'application/octet-stream', Buffer.alloc(9 * 1024 * 1024, 0xff).toString('base64'), 'base64')]),
      {
        bodyFiles: true,
        maxBinaryBodyBytes: 1e12,
      },
    );
    expect(huge.skipped).toEqual([{ source: 'log.entries[0]', reason: 'binary body of 9.0 MiB is over the cap of 8.0 MiB per body' }]);
  });

  it('in memory (serve recording.har, the admin API) serves the entry without its body and says why', () => {
    const result = importHar(RECORDING, {});
    expect(result.bodyFiles.size).toBe(0);
    expect(result.warnings.map((w) => w.source).filter((source) => source.endsWith('.content'))).toEqual([
      'log.entries[0].response.content',
      'log.entries[1].response.content',
    ]);
    expect(result.warnings[0]!.message).toMatch(/binary body \(\d+ bytes\).*`mimicus import --out` keeps it in a body file/);
  });

  it('mimicus import --out writes the image as bytes beside the config, and the config serves it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'shop.har'), RECORDING);
    const out = join(dir, 'mocks.yaml');
    const run = spawnSync(process.execPath, [BIN, 'import', join(dir, 'shop.har'), '--out', out], { encoding: 'utf8' });
    expect(run.stderr).toMatch(/wrote .*mocks\.yaml and 1 body files/);
    expect(run.status).toBe(0);
    const [file] = readdirSync(join(dir, 'har-bodies'));
    expect(readFileSync(join(dir, 'har-bodies', file!)).equals(PNG)).toBe(true);
    const [logo] = await fetchAll(out, ['/img/logo.png']);
    expect(logo).toEqual({ status: 200, type: 'image/png', bytes: PNG });
  });
});
