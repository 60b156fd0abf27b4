import { describe, expect, it } from 'vitest';
import { decodeDocument } from './decode-document.js';

describe('decodeDocument', () => {
  it('gives every key and list item a position', () => {
    const doc = decodeDocument('version: 2\nendpoints:\n  - id: a\n    response: { status: 200 }\n', { file: 'm.yaml', env: {} });
    expect(doc.value).toEqual({ version: 2, endpoints: [{ id: 'a', response: { status: 200 } }] });
    expect(doc.locations.get('endpoints[0]')).toEqual({ file: 'm.yaml', line: 3, column: 5 });
    expect(doc.locations.get('endpoints[0].response.status')).toEqual({ file: 'm.yaml', line: 4, column: 17 });
  });

  it('reads JSON with positions too', () => {
    const doc = decodeDocument('{\n  "version": 2,\n  "server": { "port": 1 }\n}', { file: 'm.json', format: 'json', env: {} });
    expect(doc.value).toEqual({ version: 2, server: { port: 1 } });
    expect(doc.locations.get('server.port')).toEqual({ file: 'm.json', line: 3, column: 15 });
  });

  it('turns YAML syntax errors into located issues', () => {
    const doc = decodeDocument('a: 1\n  b: 2\n', { file: 'm.yaml', env: {} });
    expect(doc.syntaxFailed).toBe(true);
    expect(doc.issues).toEqual([
      { path: '', message: 'invalid YAML: Nested mappings are not allowed in compact mappings', location: { file: 'm.yaml', line: 1, column: 4 } },
      { path: '', message: 'invalid YAML: Implicit keys need to be on a single line', location: { file: 'm.yaml', line: 1, column: 4 } },
    ]);
  });

  it('turns JSON syntax errors into located issues', () => {
    const doc = decodeDocument('{\n  "a": 1\n  "b": 2\n}', { file: 'm.json', format: 'json', env: {} });
    expect(doc.issues).toEqual([
      { path: '', message: 'invalid JSON: expected "," or "}" after a property value, found a string', location: { file: 'm.json', line: 3, column: 3 } },
    ]);
  });

  it('reports a duplicate key at the second one, naming the first', () => {
    const doc = decodeDocument('server:\n  port: 1\n  port: 2\n', { file: 'm.yaml', env: {} });
    expect(doc.issues).toEqual([
      {
        path: 'server.port',
        message: 'duplicate key "port"',
        location: { file: 'm.yaml', line: 3, column: 3 },
        related: [{ path: 'server.port', location: { file: 'm.yaml', line: 2, column: 3 } }],
      },
    ]);
  });

  it('interpolates after parsing and re-reads an unquoted lone reference as a YAML scalar', () => {
    const text = 'a: ${PORT:-8080}\nb: "${PORT:-8080}"\nc: ${ON}\nd: x-${HOST}\ne: $${HOST}\nf: ${HOST}\n';
    const doc = decodeDocument(text, { env: { ON: 'true', HOST: 'h' } });
    expect(doc.value).toEqual({ a: 8080, b: '8080', c: true, d: 'x-h', e: '${HOST}', f: 'h' });
  });

  it('reports an unset variable with the path and the position of the value', () => {
    const doc = decodeDocument('server:\n  host: "${HOST}"\n', { file: 'm.yaml', env: {} });
    expect(doc.issues).toEqual([
      {
        path: 'server.host',
        message: 'environment variable HOST is not set (write ${HOST:-default} to give a default)',
        location: { file: 'm.yaml', line: 2, column: 9 },
      },
    ]);
    expect(doc.unresolvedPaths).toEqual(['server.host']);
  });

  it('follows aliases and merge keys', () => {
    const doc = decodeDocument('base: &b { status: 200 }\nr: { <<: *b, body: x }\ns: *b\n', { env: {} });
    expect(doc.value).toEqual({ base: { status: 200 }, r: { status: 200, body: 'x' }, s: { status: 200 } });
    expect(doc.locations.get('r.body')).toEqual({ file: '<input>', line: 2, column: 14 });
    // A key reached through an alias is located where it is written, in the anchor.
    expect(doc.locations.get('s.status')).toEqual({ file: '<input>', line: 1, column: 12 });
  });

  it('records at most 10,000 positions under aliases, however far they unfold', () => {
    // Within the expansion limit (about 40,000 values), yet recording each position took ~400 ms of CPU.
    const levels = ['x0: &a0 ["lol"]'];
    for (let level = 1; level <= 5; level++)
      levels.push(
        `x${level}: &a${level} [${Array(7)
          .fill(`*a${level - 1}`)
          .join(',')}]`,
      );
    const doc = decodeDocument(`${levels.join('\n')}\ny: *a5\n`, { env: {} });
    expect(doc.issues).toEqual([]);
    expect(JSON.stringify((doc.value as { y: unknown }).y).match(/lol/g)).toHaveLength(7 ** 5);
    expect(doc.locations.size).toBeLessThanOrEqual(10_000 + 100);
    expect(doc.locations.get('x5[6]')).toEqual({ file: '<input>', line: 6, column: 34 });
  });
});
