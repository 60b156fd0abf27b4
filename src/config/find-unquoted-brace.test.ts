import { describe, expect, it } from 'vitest';
import { decodeDocument } from './decode-document.js';
import { findUnquotedBrace } from './find-unquoted-brace.js';

describe('an unquoted value with braces inside a flow mapping', () => {
  it('is one issue that says to quote the value, at the value', () => {
    const text = 'version: 2\nendpoints:\n  - { id: u, method: GET, path: /api/users/{id}, response: { body: hi } }\n';
    const decoded = decodeDocument(text, { file: 'm.yaml' });
    expect(decoded.issues).toEqual([
      {
        path: '',
        message:
          'invalid YAML: the value of "path" (/api/users/{id}) has braces inside a flow mapping { … }, where YAML reads them as a nested map: quote it, path: "/api/users/{id}"',
        location: { file: 'm.yaml', line: 3, column: 33 },
      },
    ]);
  });

  it('is found on an earlier line of a flow mapping spread over lines', () => {
    const text = 'version: 2\nendpoints:\n  - { id: u,\n      path: /a/{id}/b/{c},\n      response: { body: hi } }\n';
    const [issue, ...rest] = decodeDocument(text, { file: 'm.yaml' }).issues;
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ message: expect.stringContaining('quote it, path: "/a/{id}/b/{c}"'), location: { line: 4 } });
  });

  it('leaves quoted values, nested maps and other syntax errors alone', () => {
    expect(findUnquotedBrace('  - { id: u, path: "/api/users/{id}", response: { body: hi } }', 1)).toBeUndefined();
    expect(findUnquotedBrace('server: { port: 8080, clock: { start: x } }', 1)).toBeUndefined();
    const other = decodeDocument('a: [1, 2\nb: 3\n', { file: 'm.yaml' }).issues;
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((issue) => !issue.message.includes('quote it'))).toBe(true);
  });
});
