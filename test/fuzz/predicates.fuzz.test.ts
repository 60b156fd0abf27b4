/**
 * Request predicates: any predicate a config can hold compiles to a match or to issues, and a
 * compiled match tests and explains any request without throwing, within the time limit.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { RequestMatch } from '../../src/config/index.js';
import { compileRequestMatch, createSchemaCompiler } from '../../src/plan/match/index.js';
import { fuzzIt } from './fuzz-it.js';
import { mockRequest, mockRequests } from './mock-request-arbitrary.js';
import { predicate } from './predicate-arbitrary.js';
import { withinTime } from './within-time.js';

const schemas = createSchemaCompiler();

const requestMatch = fc.record(
  {
    body: predicate,
    headers: fc.dictionary(fc.constantFrom('x-tenant', 'Accept', 'content-type'), predicate, { maxKeys: 2 }),
    query: fc.dictionary(fc.constantFrom('q', 'page', '__proto__'), predicate, { maxKeys: 2 }),
    cookies: fc.dictionary(fc.constantFrom('sid'), predicate, { maxKeys: 1 }),
  },
  { requiredKeys: [] },
);

const compile = (match: unknown) => withinTime('compileRequestMatch', () => compileRequestMatch(match as RequestMatch, { at: 'endpoints[0].match', schemas }));

describe('predicates', () => {
  fuzzIt(
    'predicates/compile',
    'any predicate compiles to a match or to issues under the match path',
    () =>
      fc.property(requestMatch, (match) => {
        const result = compile(match);
        if (result.ok) expect(typeof result.value.canonical).toBe('string');
        else for (const issue of result.error) expect(issue.path.startsWith('endpoints[0].match')).toBe(true);
      }),
    { runs: 300 },
  );

  fuzzIt(
    'predicates/test',
    'a compiled match tests and explains any request in time, and explains only what failed',
    () =>
      fc.property(requestMatch, fc.array(mockRequests, { minLength: 1, maxLength: 4 }), (match, requests) => {
        const result = compile(match);
        fc.pre(result.ok);
        if (!result.ok) return;
        for (const request of requests) {
          const matched = withinTime('match.test', () => result.value.test(request));
          const mismatches = withinTime('match.explain', () => result.value.explain(request));
          expect(typeof matched).toBe('boolean');
          if (matched) expect(mismatches).toEqual([]);
          else expect(mismatches.length).toBeGreaterThan(0);
        }
      }),
    { runs: 300 },
  );

  fuzzIt(
    'predicates/regex',
    'a regex predicate on a long adversarial header answers within the time limit',
    () =>
      fc.property(
        fc.constantFrom('^(a|b)+$', '^a+b', '[a-z]+!$', '^(a+)+$', '^(a|aa)+$', '(a*)*b', '^(\\w+\\s?)*$'),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom('!', 'b', ''),
        (regex, length, tail) => {
          const result = compile({ headers: { 'x-tenant': { regex } } });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const request = mockRequest({
            method: 'GET',
            path: '/',
            query: {},
            headers: { 'x-tenant': `${'a'.repeat(length)}${tail}` },
            cookies: {},
            bodyText: '',
          });
          withinTime(`regex ${regex} on ${length}×"a"+"${tail}"`, () => result.value.test(request));
        },
      ),
    { runs: 100 },
  );

  fuzzIt(
    'predicates/deep-body',
    'a deeply nested JSON body against a recursive jsonSchema is a mismatch, not a stack overflow',
    () =>
      fc.property(fc.integer({ min: 10, max: 50_000 }), (depth) => {
        const result = compile({
          body: {
            jsonSchema: {
              $ref: '#/definitions/n',
              definitions: { n: { anyOf: [{ type: 'integer' }, { type: 'array', items: { $ref: '#/definitions/n' } }] } },
            },
          },
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const bodyText = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
        const request = mockRequest({ method: 'POST', path: '/', query: {}, headers: {}, cookies: {}, bodyText });
        expect(typeof withinTime('jsonSchema on a deep body', () => result.value.test(request))).toBe('boolean');
      }),
    { runs: 10 },
  );
});
