import { describe, expect, it } from 'vitest';
import { templateHelperNames } from '../../plan/templates/index.js';
import { harImporter } from '../har/index.js';
import { mockoonImporter } from '../mockoon/index.js';
import { mountebankImporter } from '../mountebank/index.js';
import { postmanImporter } from '../postman/index.js';
import { wiremockImporter } from '../wiremock/index.js';
import { MIMICUS_HELPER_NAMES } from './mimicus-helper-names.js';
import { parseJsonInput } from './parse-json-input.js';
import { pathFromRegex } from './path-templates.js';
import { translateTemplate, type TemplateDialect } from './translate-template.js';

const identity: TemplateDialect = { call: () => undefined, path: (original) => original };

describe('translateTemplate', () => {
  it('keeps our helpers and paths, escapes what we cannot run, statement by statement', () => {
    const out = translateTemplate('{{upper request.query.a}} {{mystery 1}} {{#each items}}{{this}}{{/each}} {{#weird}}x{{/weird}}', identity);
    expect(out.text).toBe('{{upper request.query.a}} \\{{mystery 1}} {{#each items}}{{this}}{{/each}} \\{{#weird}}x\\{{/weird}}');
    expect(out.unsupported).toEqual(['mystery', '#weird']);
  });

  it('serves deeply nested expressions as literal text at once (Handlebars parses them in seconds)', () => {
    const deep = `{{upper ${'(upper '.repeat(20_000)}x${')'.repeat(20_000)}}}`;
    // Without the bound this parse alone runs for minutes: the test would time out.
    const out = translateTemplate(deep, identity);
    expect(out.text.startsWith('\\{{upper')).toBe(true);
    expect(out.unsupported).toEqual(['expressions nested more than 32 deep']);
  });

  it('reports a syntax error instead of throwing, and leaves text without mustaches alone', () => {
    expect(translateTemplate('{{#if}', identity).syntaxError).toBeDefined();
    expect(translateTemplate('plain { text }', identity)).toEqual({ text: 'plain { text }', unsupported: [], hasMustaches: false });
  });

  it('knows exactly the helper names the template engine registers', () => {
    expect([...MIMICUS_HELPER_NAMES].sort()).toEqual([...templateHelperNames].sort());
  });
});

describe('pathFromRegex', () => {
  it('turns literal segments, constrained segments and a trailing .* into a path template', () => {
    expect(pathFromRegex('^/users/([0-9]+)/orders/.*$')).toEqual({ path: '/users/{p1:[0-9]+}/orders/**', exact: true });
    expect(pathFromRegex('^/a/(b|c/d)$')?.exact).toBe(false);
  });
});

describe('hostile input', () => {
  const importers = [wiremockImporter, mockoonImporter, mountebankImporter, postmanImporter, harImporter];

  it('refuses JSON nested deeper than 256 levels with an error, for every importer, and walks 255 without a stack overflow', () => {
    const nested = (levels: number, inner: string) => `${'{"not":'.repeat(levels - 1)}${inner}${'}'.repeat(levels - 1)}`;
    const deep = nested(5000, '{}');
    expect(parseJsonInput({ path: 'x.json', text: deep })).toMatchObject({ ok: false, error: [{ message: 'refused: nested more than 256 levels deep' }] });
    for (const importer of importers) {
      const result = importer.run({ main: { path: 'x.json', text: deep }, files: new Map(), seed: 1, options: {} });
      expect(result.ok).toBe(false);
    }
    const matcher = (levels: number) => `{"request":{"url":"/a","headers":{"x":${nested(levels - 4, '{"equalTo":"1"}')}}},"response":{"status":200}}`;
    const mapping = matcher(256);
    expect(parseJsonInput({ path: 'm.json', text: mapping }).ok).toBe(true);
    for (const importer of importers)
      expect(() => importer.run({ main: { path: 'm.json', text: mapping }, files: new Map(), seed: 1, options: {} })).not.toThrow();
  });

  it('answers malformed documents with located errors', () => {
    for (const importer of importers) {
      const result = importer.run({ main: { path: 'x.json', text: '{\n  "a": [1,\n}' }, files: new Map(), seed: 1, options: {} });
      expect(result.ok ? undefined : result.error[0]).toMatchObject({ source: 'x.json', line: expect.any(Number), column: expect.any(Number) });
    }
  });

  it('never reads a body file outside the input folder', () => {
    const mapping = { request: { url: '/a' }, response: { bodyFileName: '../../etc/passwd' } };
    const result = wiremockImporter.run({
      main: { path: 'm.json', text: JSON.stringify(mapping) },
      files: new Map([['../../etc/passwd', 'secret']]),
      seed: 1,
      options: {},
    });
    expect(result.ok && result.value.bodyFiles.size).toBe(0);
  });
});
