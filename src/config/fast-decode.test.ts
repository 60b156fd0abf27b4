import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWithPositions } from './decode-document.js';
import { fastDecode } from './fast-decode.js';

const env = { HOST: 'db.local', PORT: '5432', EMPTY: '', KEY: 'k-123' };

/** The fast reader must give exactly what the positioned one gives, or decline. */
function expectSameAsCareful(text: string, format: 'yaml' | 'json' = 'yaml'): 'fast' | 'declined' {
  const fast = fastDecode(text, format, { ...env });
  const careful = decodeWithPositions(text, { format, env: { ...env } });
  if (!fast) return 'declined';
  expect(careful.issues).toEqual([]);
  expect(fast.value).toEqual(careful.value);
  return 'fast';
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : filesUnder(path);
    return /\.(ya?ml|json)$/i.test(name) ? [path] : [];
  });
}

describe('fastDecode', () => {
  it('reads scalars exactly as the YAML 1.2 core schema does', () => {
    const text = [
      'a: 012',
      'b: 0o17',
      'c: 0x1F',
      'd: 1_000',
      'e: .inf',
      'f: -.Inf',
      'g: .nan',
      'h: ~',
      'i: null',
      'j: yes',
      'k: on',
      'l: 2024-01-01',
      'm: 2024-01-01T10:00:00Z',
      'n: +12',
      'o: 1e3',
      'p: "1"',
      "q: '0x10'",
      'r: True',
      's: FALSE',
      't: 3.',
      'u: -0',
      'v: |\n  block\n  text',
      'w: >\n  folded\n  text',
      'x: [1, two, {three: 3}]',
      'y: !!str 12',
      'z: 0b101',
    ].join('\n');
    expect(expectSameAsCareful(text)).toBe('fast');
  });

  it('applies aliases and merge keys', () => {
    expect(expectSameAsCareful('base: &b { status: 200, headers: { a: "1" } }\nr: { <<: *b, body: x }\ns: *b\nt: { <<: [*b, {extra: 1}] }')).toBe('fast');
  });

  it('interpolates variables where the result does not depend on quoting, and declines where it would', () => {
    expect(expectSameAsCareful('url: "http://${HOST}:${PORT}/x"\nkey: ${KEY}\nquoted: "${KEY}"\nfallback: ${NOPE:-dflt}\nlit: "$${HOME}"')).toBe('fast');
    expect(fastDecode('url: "http://${HOST}"', 'yaml', env)!.value).toEqual({ url: 'http://db.local' });
    // Unquoted `${PORT}` reads as the number 5432, quoted as the string "5432".
    expect(expectSameAsCareful('port: ${PORT}')).toBe('fast');
    expect(fastDecode('port: ${PORT}\nfallback: ${NOPE:-8080}\nflag: ${NOPE:-true}\nhost: ${HOST}', 'yaml', env)!.value).toEqual({
      port: 5432,
      fallback: 8080,
      flag: true,
      host: 'db.local',
    });
    expect(expectSameAsCareful('items:\n  - ${NOPE:-"q}')).toBe('declined');
    expect(
      expectSameAsCareful('items:\n  - ${PORT}\n  - ${NOPE:-~}\n  - ${NOPE:-0x1F}\n  - ${EMPTY}\n  - ${NOPE:-[1]}\n  - ${NOPE:-"q"}\n  - ${NOPE:-1e3}'),
    ).toBe('fast');
    expect(expectSameAsCareful('a: &p ${PORT}\nb: *p')).toBe('fast');
    expect(expectSameAsCareful('${PORT}: x')).toBe('declined');
    expect(expectSameAsCareful('port: "${PORT}"')).toBe('declined');
    expect(expectSameAsCareful('port: !!str ${PORT}')).toBe('declined');
    expect(expectSameAsCareful('empty: ${EMPTY}')).toBe('fast');
  });

  it('declines whatever needs a located issue: syntax, duplicate keys, unset variables, unknown tags', () => {
    expect(fastDecode('a: [1, 2', 'yaml', env)).toBeUndefined();
    expect(fastDecode('a: 1\na: 2', 'yaml', env)).toBeUndefined();
    expect(fastDecode('a: ${UNSET}', 'yaml', env)).toBeUndefined();
    expect(fastDecode('a: ${not a ref}', 'yaml', env)).toBeUndefined();
    expect(fastDecode('a: !!binary aGk=', 'yaml', env)).toBeUndefined();
    expect(fastDecode('{"a": 1,}', 'json', env)).toBeUndefined();
    expect(fastDecode('{"a": 1, "a": 2}', 'json', env)).toBeUndefined();
  });

  it('agrees with the positioned reader on rich YAML: anchors, block scalars, flow collections, quoting, unicode', () => {
    const text = [
      '# a comment',
      'defaults: &defaults { headers: { x-a: "1" }, latency: { fixed: 5ms } }',
      `'quoted key': "double \\" quote"`,
      'unicode: "caf\u00e9 ☕"',
      'literal: |-',
      '  line one',
      '    indented',
      'folded: >+',
      '  folded',
      '  text',
      '',
      'list:',
      '  - &item { id: a, tags: [x, "y", \'z\'] }',
      '  - *item',
      '  - <<: *defaults',
      '    id: b',
      '  - ? complex',
      '    : value',
      'empty: {}',
      'nothing:',
      'multi: "one',
      '  two"',
    ].join('\n');
    expect(expectSameAsCareful(text)).toBe('fast');
  });

  it('agrees with the positioned reader on every example and fixture file', () => {
    const files = [...filesUnder('examples'), ...filesUnder('test'), ...filesUnder('bench')];
    expect(files.length).toBeGreaterThan(10);
    let fast = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const format = file.endsWith('.json') ? 'json' : 'yaml';
      if (expectSameAsCareful(text, format) === 'fast') fast += 1;
    }
    // Most files are clean; the fast reader must take them (else hot reload silently loses its speed).
    expect(fast).toBeGreaterThan(files.length / 2);
  });
});
