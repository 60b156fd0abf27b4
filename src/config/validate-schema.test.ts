import { describe, expect, it } from 'vitest';
import { validateSchema } from './validate-schema.js';

const endpoint = (fields: Record<string, unknown>) => ({ version: 2, endpoints: [{ id: 'a', path: '/a', response: {}, ...fields }] });

describe('validateSchema (Ajv + error reducer)', () => {
  it('accepts a valid config', () => {
    expect(validateSchema(endpoint({ method: ['GET', 'POST'], match: { headers: { 'x-t': { regex: '^t-' } } } }))).toEqual([]);
  });

  it('names an unknown key with a suggestion from the allowed names', () => {
    expect(validateSchema(endpoint({ respnse: {} }))).toEqual([{ path: 'endpoints[0].respnse', message: 'unknown key "respnse" (did you mean "response"?)' }]);
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(validateSchema({ version: 2, server: { colour: 'red' } })).toEqual([
      {
        path: 'server.colour',
        message:
          'unknown key "colour" (expected one of host, port, seed, fileRoots, maxFileSize, maxBodySize, maxTotalBodySize, shutdownTimeout, keepAliveTimeout, requestTimeout, headersTimeout, maxConnections, templateLimits, debugHeaders, cors, clock, unmatched)',
      },
    ]);
  });

  it('uses errorMessage instead of generic text', () => {
    expect(validateSchema(endpoint({ response: { status: 700 } }))).toEqual([{ path: 'endpoints[0].response.status', message: 'must be an integer 100-599' }]);
    expect(validateSchema({ version: 2, server: { shutdownTimeout: 'soon' } })).toEqual([
      { path: 'server.shutdownTimeout', message: 'expected a duration like "120ms", "1.5s", "2m" or a number of milliseconds' },
    ]);
  });

  it('picks the union branch that fits the value', () => {
    expect(validateSchema(endpoint({ method: ['GET', 'FETCH'] }))).toEqual([
      { path: 'endpoints[0].method[1]', message: 'expected an HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE, CONNECT (upper case)' },
    ]);
    expect(validateSchema(endpoint({ match: { body: { regex: 'x', flags: 'g' } } }))).toEqual([
      { path: 'endpoints[0].match.body.flags', message: 'regex flags may only be i, m, s, u' },
    ]);
  });

  it('explains a predicate with an unknown operator in one line, not one per branch', () => {
    expect(validateSchema(endpoint({ match: { headers: { 'x-tenant': { regx: '^t-' } } } }))).toEqual([
      { path: 'endpoints[0].match.headers["x-tenant"].regx', message: 'unknown key "regx" (did you mean "regex"?)' },
    ]);
    expect(validateSchema(endpoint({ match: { body: { foo: 1 } } }))).toEqual([
      {
        path: 'endpoints[0].match.body.foo',
        message: 'unknown key "foo" (expected one of equals, contains, regex, present, absent, json, jsonPath, jsonSchema, all, any, not)',
      },
    ]);
  });

  it('finds problems inside nested predicates', () => {
    expect(validateSchema(endpoint({ match: { body: { not: { all: [{ jsonPath: '$.a', value: { contains: 3 } }] } } } }))).toEqual([
      { path: 'endpoints[0].match.body.not.all[0].value.contains', message: 'must be a string' },
    ]);
  });

  it('describes the alternatives when no branch fits', () => {
    expect(validateSchema(endpoint({ match: { query: { q: [1] } } }))).toEqual([
      {
        path: 'endpoints[0].match.query.q',
        message:
          'must be a string, a number, true or false, or an object with one of the keys equals, contains, regex, present, absent, json, jsonPath, jsonSchema, all, any, not',
      },
    ]);
  });

  it('says which key is missing and what a constant must be', () => {
    expect(validateSchema({ version: 2, endpoints: [{ path: '/a', response: {} }] })).toEqual([{ path: 'endpoints[0]', message: 'missing required key "id"' }]);
    expect(validateSchema(endpoint({ variants: [{ weight: 1, response: { status: 200, template: 'yes' } }] }))).toEqual([
      { path: 'endpoints[0].variants[0].response.template', message: 'must be true or false' },
    ]);
  });

  it('reports every problem in one pass', () => {
    expect(validateSchema({ version: 2, server: { port: -1, seed: 0.5 }, endpoints: [{ id: '', path: 'x', response: {} }] })).toEqual([
      { path: 'server.port', message: 'must be an integer 0-65535' },
      { path: 'server.seed', message: 'must be an integer' },
      { path: 'endpoints[0].id', message: 'must be a non-empty id of letters, digits, ".", "_", ":" or "-"' },
      { path: 'endpoints[0].path', message: 'must be a path template starting with "/"' },
    ]);
  });
});
