/**
 * The CRUD collection's query language (json-server's filters, sorting and paging), through the
 * engine's door (handleCrud): any query string answers 200 with a page or 400 naming the
 * parameter, never throws, and a client-supplied `_like` pattern cannot hold the process.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect } from 'vitest';
import { handleCrud } from '../../src/engine/crud/index.js';
import type { CrudSpec, MockRequest, PreparedResponse } from '../../src/plan/index.js';
import { createMemoryStateStore } from '../../src/state/index.js';
import { fuzzIt } from './fuzz-it.js';
import { regexSource } from './predicate-arbitrary.js';
import { withinTimeAsync } from './within-time.js';

const PREFIX = 'global:crud:items:';
const spec: CrudSpec = { collection: 'items', keyField: 'id', scope: 'global', seed: [], validate: undefined };
const store = createMemoryStateStore();

// Fixed items, so a long run spends its time on queries; they hold every kind of value a filter meets.
// 26 a's and a mismatch: long enough that exponential backtracking takes seconds, short enough that it ends.
const items = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  name: ['hammer', 'Saw', 'drill', 'a'.repeat(26) + '!', '', 'tools & more'][i % 6],
  price: i % 7 === 0 ? null : (i * 3.5) % 50,
  category: i % 3 === 0 ? 'tools' : ['garden', 2, true][i % 3],
  tags: i % 4 === 0 ? ['a', 'b'] : [],
  meta: { color: i % 2 === 0 ? 'red' : 'blue', size: { w: i } },
  'dotted.name': i,
}));

beforeAll(async () => {
  for (const item of items) await store.set(`${PREFIX}${item.id}`, item);
});

function requestFor(search: string): MockRequest {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...[previous].flat(), value];
  }
  return { method: 'GET', path: '/items', url: `/items?${search}`, query, headers: {}, cookies: {}, params: {}, bodyText: '', bodyJson: undefined };
}

const fields = fc.constantFrom(
  'id',
  'name',
  'price',
  'category',
  'tags',
  'meta.color',
  'meta.size.w',
  'dotted.name',
  'missing',
  '__proto__',
  'constructor',
  '',
);
const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('10', '-1', '1e308', 'NaN', 'red', 'tools', 'true', '', '9007199254740993'));
/** `_like` patterns: regex syntax, valid or not; nested quantifiers only when that class is generated. */
const likePattern = fc.oneof(regexSource, fc.string({ maxLength: 8 }), fc.constantFrom('^h', 'x'.repeat(201)));

const parameter = fc.oneof(
  fc.tuple(fields, fc.constantFrom('', '_ne', '_gte', '_lte'), value).map(([field, op, v]) => [`${field}${op}`, v] as const),
  fc.tuple(fields, likePattern).map(([field, pattern]) => [`${field}_like`, pattern] as const),
  fc.tuple(fc.constantFrom('q'), value),
  fc.tuple(
    fc.constantFrom('_sort'),
    fc
      .array(
        fc.tuple(fc.constantFrom('', '-'), fields).map(([sign, f]) => `${sign}${f}`),
        { maxLength: 3 },
      )
      .map((list) => list.join(',')),
  ),
  fc.tuple(fc.constantFrom('_order'), fc.constantFrom('asc', 'desc', 'DESC', 'asc,desc', 'x', '')),
  fc.tuple(fc.constantFrom('_page', '_limit', '_start', '_end'), fc.oneof(fc.nat({ max: 60 }).map(String), value)),
);

const queryString = fc.oneof(
  fc.array(parameter, { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString()),
  fc.string({ maxLength: 40 }),
);

async function list(search: string): Promise<PreparedResponse> {
  return withinTimeAsync(`GET /items?${search.slice(0, 120)}`, () => handleCrud(spec, requestFor(search), '', store, PREFIX));
}

const header = (response: PreparedResponse, name: string): string | undefined => {
  const at = response.headers.findIndex((entry, i) => i % 2 === 0 && entry === name);
  return at === -1 ? undefined : response.headers[at + 1];
};

describe('CRUD query parser', () => {
  fuzzIt(
    'crud/query',
    'any query answers a page (200, X-Total-Count) or a 400 naming the parameter',
    () =>
      fc.asyncProperty(queryString, async (search) => {
        const response = await list(search);
        const body = JSON.parse(String(response.body)) as unknown;
        if (response.status === 400) {
          expect((body as { code?: string }).code).toBe('CRUD_QUERY_INVALID');
          return;
        }
        expect(response.status).toBe(200);
        expect(Array.isArray(body)).toBe(true);
        const total = Number(header(response, 'x-total-count'));
        expect(total).toBeLessThanOrEqual(items.length);
        expect((body as unknown[]).length).toBeLessThanOrEqual(total);
        const limit = Number(new URLSearchParams(search).get('_limit'));
        if (/^[1-9]\d*$/.test(new URLSearchParams(search).get('_limit') ?? '') && !new URLSearchParams(search).has('_start')) {
          expect((body as unknown[]).length).toBeLessThanOrEqual(limit);
        }
      }),
    { runs: 300 },
  );

  fuzzIt(
    'crud/like-adversarial',
    'a _like pattern against a long value answers within the time limit',
    () =>
      fc.asyncProperty(fc.constantFrom('^(a|b)+$', '^a+!', 'a.*a.*a.*z', '^(a+)+$', '^(a|aa)+$', '(a*)*b', '^(([a-z])+.)+[A-Z]([a-z])+$'), async (pattern) => {
        const response = await list(new URLSearchParams({ name_like: pattern }).toString());
        expect([200, 400]).toContain(response.status);
      }),
    { runs: 20 },
  );
});
