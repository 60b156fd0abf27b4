import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMimicus, type Mimicus } from '../src/index.js';
import { writeTempFiles } from './support/start-mimicus.js';

const config = (body: string) => `version: 2
# outside edits replace this body
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: ${body} }
`;

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watching the config file', () => {
  let mimicus: Mimicus | undefined;
  afterEach(async () => {
    await mimicus?.close();
    mimicus = undefined;
  });

  const start = async (yaml: string, logs: string[] = []) => {
    const dir = writeTempFiles({ 'mimicus.yaml': yaml });
    const file = join(dir, 'mimicus.yaml');
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
    mimicus = await createMimicus(file, { dataDir: false, watch: true, admin: { port: 0, host: '127.0.0.1' }, logger });
    await mimicus.listen(0, '127.0.0.1');
    return { file, dir, mimicus };
  };
  const hello = async (m: Mimicus) => (await fetch(`${m.url}/hello`)).text();
  const versions = async (m: Mimicus) =>
    ((await (await fetch(`${m.adminUrl}/api/versions`)).json()) as { items: { author: string; message?: string }[] }).items;

  it('applies an outside edit and records it as a version by "file"', async () => {
    const { file, mimicus: m } = await start(config('before'));
    writeFileSync(file, config('after'));
    expect(
      await until(
        () => hello(m),
        (body) => body === 'after',
      ),
    ).toBe('after');
    const list = await versions(m);
    expect(list.some((version) => version.author === 'file' && version.message === 'file changed')).toBe(true);
  });

  it('follows an editor that saves by writing a temp file and renaming it, more than once', async () => {
    const { file, dir, mimicus: m } = await start(config('before'));
    for (const body of ['first', 'second']) {
      writeFileSync(join(dir, 'mimicus.yaml.swp'), config(body));
      renameSync(join(dir, 'mimicus.yaml.swp'), file);
      expect(
        await until(
          () => hello(m),
          (answer) => answer === body,
        ),
      ).toBe(body);
    }
  });

  it('rejects an invalid outside edit and keeps serving the old config', async () => {
    const logs: string[] = [];
    const { file, mimicus: m } = await start(config('before'), logs);
    writeFileSync(file, config('after').replace('status: 200', 'status: "two hundred"'));
    await pause(400);
    expect(await hello(m)).toBe('before');
    expect((await versions(m)).some((version) => version.author === 'file')).toBe(false);
    expect(logs.join('')).toMatch(/rejected[^]*mimicus\.yaml:7/);
  });

  it('does not apply its own write-back a second time', async () => {
    const { file, mimicus: m } = await start(config('before'));
    const created = await fetch(`${m.adminUrl}/api/endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'bye', method: 'GET', path: '/bye', response: { status: 200, body: 'ciao' } }),
    });
    expect(created.status).toBe(201);
    expect(readFileSync(file, 'utf8')).toContain('id: bye');
    await pause(400);
    const list = await versions(m);
    expect(list.filter((version) => version.author === 'file')).toEqual([]);
    expect(list).toHaveLength(2);
  });

  it('does not report a half-written save as rejected when the rest follows at once', async () => {
    const logs: string[] = [];
    const { file, mimicus: m } = await start(config('before'), logs);
    // An editor that truncates, then writes: the watcher may read the empty file first.
    writeFileSync(file, '');
    await pause(40);
    writeFileSync(file, config('after'));
    expect(
      await until(
        () => hello(m),
        (body) => body === 'after',
      ),
    ).toBe('after');
    await pause(300);
    expect(logs.join('')).not.toMatch(/rejected/);
  });
});
