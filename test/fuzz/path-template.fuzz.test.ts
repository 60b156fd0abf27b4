/**
 * Path templates: any template text parses to a template or to issues, matching is bounded, and a
 * well-formed template matches the paths made from it with exactly the params they were made from.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { matchPath, parsePathTemplate } from '../../src/plan/match/index.js';
import { fuzzIt } from './fuzz-it.js';
import { matchingPath, templateSegments, templateSoup, templateText } from './path-template-arbitrary.js';
import { withinTime } from './within-time.js';

const requestPath = fc.oneof(
  fc.string({ maxLength: 30 }).map((text) => `/${text}`),
  fc
    .array(fc.constantFrom('a', 'id', '9', 'cat', '.', '', 'x.y', '%', ' ', 'é', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'), { maxLength: 6 })
    .map((parts) => `/${parts.join('/')}`),
);

/** Constraints a config may carry; the nested-quantifier ones backtrack exponentially today. */
const constraint = fc.constantFrom('[0-9]+', '^v[0-9]$', '(a|b)+', '[a-z]{2,}', '(a+)+', '(a|aa)+', '(a*)*b');

describe('path templates', () => {
  fuzzIt(
    'path-template/parse',
    'any text parses to a template or to issues at the given path',
    () =>
      fc.property(fc.oneof(templateSoup, fc.string({ maxLength: 30 })), (source) => {
        const result = withinTime('parsePathTemplate', () => parsePathTemplate(source, 'endpoints[0].path'));
        if (!result.ok) {
          expect(result.error.length).toBeGreaterThan(0);
          for (const issue of result.error) expect(issue.path).toBe('endpoints[0].path');
          return;
        }
        const template = result.value;
        expect(template.routerPath.startsWith('/')).toBe(true);
        expect(new Set(template.paramNames).size).toBe(template.paramNames.length);
        expect(template.ranks.length).toBe(template.segments.length);
      }),
    { runs: 400 },
  );

  fuzzIt(
    'path-template/match',
    'matching any path against any parsed template returns params or null in time',
    () =>
      fc.property(fc.oneof(templateSoup, templateSegments.map(templateText)), requestPath, (source, path) => {
        const parsed = parsePathTemplate(source);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const params = withinTime('matchPath', () => matchPath(parsed.value, path));
        if (params !== null) for (const name of Object.keys(params)) expect(parsed.value.paramNames).toContain(name);
      }),
    { runs: 400 },
  );

  fuzzIt(
    'path-template/round-trip',
    'a well-formed template matches a path built from it, yielding the params it was built from',
    () =>
      fc.property(
        templateSegments.chain((segments) => fc.tuple(fc.constant(segments), matchingPath(segments))),
        ([segments, { path, params }]) => {
          const parsed = parsePathTemplate(templateText(segments));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          expect(matchPath(parsed.value, path)).toEqual(params);
          // the router ignores duplicate and trailing slashes, and so must we (inside the rest of a "**" they are kept)
          if (segments.at(-1)?.kind !== 'globstar') expect(matchPath(parsed.value, `${path.replaceAll('/', '//')}/`)).toEqual(params);
        },
      ),
    { runs: 300 },
  );

  fuzzIt(
    'path-template/constraint',
    'a constrained segment matches long adversarial values within the time limit',
    () =>
      fc.property(constraint, fc.integer({ min: 1, max: 28 }), fc.constantFrom('!', 'b', 'c', ''), (pattern, length, tail) => {
        const parsed = parsePathTemplate(`/items/{id:${pattern}}`);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        withinTime(`matchPath /items/{id:${pattern}} on ${length}×"a"+"${tail}"`, () => matchPath(parsed.value, `/items/${'a'.repeat(length)}${tail}`));
      }),
    { runs: 100 },
  );
});
