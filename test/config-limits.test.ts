import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';
import { BIN } from './support/start-serve.js';
import { writeTempFiles } from './support/start-mimicus.js';

const HELLO = `version: 2
endpoints:
  - { id: hello, method: GET, path: /hello, response: { body: hi } }
`;

/** About 400 bytes that unfold into 9^9 (387 million) strings: "billion laughs" in YAML. */
const ALIAS_BOMB = [
  'version: 2',
  'endpoints:',
  '  - { id: hello, method: GET, path: /hello, response: { body: hi } }',
  'a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
  '',
].join('\n');

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const DEEP_JSON = `{"version": 2, "endpoints": [{"id": "a", "path": "/a", "response": {"json": ${nested(100_000)}}}]}`;

const validate = (file: string) => {
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, 'validate', file], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stderr: result.stderr, ms: Date.now() - started };
};

describe('config texts stay within their limits', () => {
  it('validate refuses a 400-byte alias bomb at once, naming its line, exit 1', () => {
    expect(ALIAS_BOMB.length).toBeLessThan(500);
    const dir = writeTempFiles({ 'bomb.yaml': ALIAS_BOMB });
    const result = validate(join(dir, 'bomb.yaml'));
    expect(result.code).toBe(1);
    const refused =
      /refused: aliases unfold \d+ written values into (\d+), more than the 100000 extra values allowed \(an alias bomb\?\) \(.*bomb\.yaml:12:\d+\)/.exec(
        result.stderr,
      );
    expect(refused, result.stderr).not.toBeNull();
    expect(Number(refused![1])).toBeGreaterThan(9 ** 9);
    // Node's own start-up is most of it; unfolding took 27 s before.
    expect(result.ms).toBeLessThan(10_000);
  });

  it('validate reports a bad merge inside a complex key as invalid YAML, not a crash (found by npm run fuzz)', () => {
    const dir = writeTempFiles({ 'key.yaml': `version: 2\n? <<: *a\n`, 'anchored.yaml': `version: 2\na: &a 1\n? <<: *a\n` });
    for (const name of ['key.yaml', 'anchored.yaml']) {
      const result = validate(join(dir, name));
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(/invalid YAML: Merge sources must be maps or map aliases/);
      expect(result.stderr, name).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('validate refuses configs nested thousands deep (JSON and YAML) with a message, not a stack overflow', () => {
    const dir = writeTempFiles({
      'deep.json': DEEP_JSON,
      'deep.yaml': `version: 2\nendpoints:\n  - id: a\n    path: /a\n    response:\n      json: ${nested(100_000)}\n`,
      'block.yaml': `version: 2\nx:\n  ${'- '.repeat(20_000)}a\n`,
    });
    for (const name of ['deep.json', 'deep.yaml', 'block.yaml']) {
      const result = validate(join(dir, name));
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(new RegExp(`refused: maps and lists nest more than 64 levels deep \\(.*${name.replace('.', '\\.')}:\\d+:\\d+\\)`));
      expect(result.stderr, name).not.toMatch(/Maximum call stack|RangeError|at .*\.js:\d+/);
    }
  });

  describe('a running server', () => {
    let mimicus: Mimicus | undefined;
    afterEach(async () => {
      await mimicus?.close();
      mimicus = undefined;
    });

    it('keeps answering while the watcher refuses an alias bomb saved into the config', async () => {
      const dir = writeTempFiles({ 'mimicus.yaml': HELLO });
      const file = join(dir, 'mimicus.yaml');
      const logs: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
      mimicus = await createMimicus(file, { dataDir: false, watch: true, logger });
      await mimicus.listen(0, '127.0.0.1');
      const url = `${mimicus.url}/hello`;
      writeFileSync(file, ALIAS_BOMB);
      let worstMs = 0;
      const rejected = () => /rejected[^]*aliases unfold[^]*mimicus\.yaml:12/.test(logs.join(''));
      // Polled until the refusal is logged (and a while after), timing every answer.
      const deadline = Date.now() + 8000;
      let after = Infinity;
      while (Date.now() < Math.min(deadline, after)) {
        if (after === Infinity && rejected()) after = Date.now() + 300;
        const started = performance.now();
        const answer = await fetch(url);
        worstMs = Math.max(worstMs, performance.now() - started);
        expect(await answer.text()).toBe('hi');
      }
      // It froze for 60 s before; a refusal costs about what parsing 400 bytes does.
      expect(worstMs).toBeLessThan(1000);
      expect(rejected(), logs.join('')).toBe(true);
    });

    it('answers 400 to a deep or alias-bomb config sent by PUT or import, and keeps serving', async () => {
      const dir = writeTempFiles({ 'mimicus.yaml': HELLO });
      mimicus = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir: false, admin: { port: 0, host: '127.0.0.1' } });
      await mimicus.listen(0, '127.0.0.1');
      const send = (path: string, method: string, type: string, body: string) =>
        fetch(`${mimicus!.adminUrl}${path}`, { method, headers: { 'content-type': type }, body });
      const deepPut = await send('/api/config', 'PUT', 'application/json', DEEP_JSON.replace(nested(100_000), nested(2_000)));
      expect(deepPut.status).toBe(400);
      expect(await deepPut.text()).toContain('nest more than 64 levels deep');
      const deepImport = await send('/api/import', 'POST', 'application/yaml', `version: 2\nendpoints: []\nx: ${nested(100_000)}\n`);
      expect(deepImport.status).toBe(400);
      expect(await deepImport.text()).toContain('nest more than 64 levels deep');
      const bomb = await send('/api/import', 'POST', 'application/yaml', ALIAS_BOMB);
      expect(bomb.status).toBe(400);
      expect(await bomb.text()).toMatch(/aliases unfold .*line 12/);
      expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('hi');
    });
  });
});
