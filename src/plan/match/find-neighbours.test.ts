import { describe, expect, it } from 'vitest';
import { createFindNeighbours, MAX_NEIGHBOURS, segmentSimilarity } from './find-neighbours.js';
import { parsePathTemplate } from './path-template.js';
import type { RouteEntry } from './route-entry.js';
import type { Routable } from './types.js';

const entryFor = (path: string, order: number): RouteEntry<Routable> => {
  const template = parsePathTemplate(path);
  if (!template.ok) throw new Error(template.error[0]?.message);
  const endpoint = { id: path, methods: null, path, priority: 0, match: { test: () => true, explain: () => [], predicateCount: 0, canonical: '{}' } };
  return { endpoint, order, index: order, template: template.value, dynamics: [] };
};
const pathsOf = (entries: readonly RouteEntry<Routable>[]) => entries.map((entry) => entry.endpoint.path);
const split = (path: string) => path.split('/').filter((segment) => segment.length > 0);

describe('createFindNeighbours', () => {
  it('gathers every endpoint of a small config, those sharing the longest prefix first', () => {
    const entries = ['/health', '/api/users/{id}', '/api/users', '/api/orders/{id}', '/static/**'].map(entryFor);
    const found = pathsOf(createFindNeighbours(entries)(split('/api/users/7/x'), []));
    expect(found.slice(0, 2)).toEqual(['/api/users/{id}', '/api/users']);
    expect([...found].sort()).toEqual(['/api/orders/{id}', '/api/users', '/api/users/{id}', '/health', '/static/**']);
  });

  it('puts the endpoints the router matched first', () => {
    const entries = ['/a', '/b', '/c'].map(entryFor);
    const found = pathsOf(createFindNeighbours(entries)(split('/a'), [entries[2]!]));
    expect(found[0]).toBe('/c');
    expect(found[1]).toBe('/a');
  });

  it('looks among 20,000 endpoints at a bounded number, led by the siblings of a mistyped segment', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => entryFor(`/api/svc${i % 100}/items${i}/{id}`, i));
    const find = createFindNeighbours(entries);
    const typo = pathsOf(find(split('/api/svc7/itemz107/42'), []));
    expect(typo.length).toBe(MAX_NEIGHBOURS);
    expect(typo).toContain('/api/svc7/items107/{id}');
    expect(typo.every((path) => path.startsWith('/api/svc7/'))).toBe(true);
    // nothing alike: still bounded, however wide the tree is
    expect(find(split('/nothing/here'), []).length).toBeLessThanOrEqual(MAX_NEIGHBOURS);
    const wide = Array.from({ length: 20_000 }, (_, i) => entryFor(`/e${i}`, i));
    expect(createFindNeighbours(wide)(split('/x/y/z'), []).length).toBe(MAX_NEIGHBOURS);
  });

  it('finds the endpoints of the same resource under another prefix, however large the tree', () => {
    const entries = [
      ...Array.from({ length: 20_000 }, (_, i) => entryFor(`/v1/svc${i % 100}/items${i}`, i)),
      entryFor('/api/charges', 20_000),
      entryFor('/api/charges/{id}', 20_001),
    ];
    const find = createFindNeighbours(entries);
    expect(pathsOf(find(split('/v1/charges'), [])).slice(0, 2)).toEqual(['/api/charges', '/api/charges/{id}']);
    expect(pathsOf(find(split('/charges/7'), []))).toContain('/api/charges/{id}');
    expect(find(split('/v1/charges'), []).length).toBeLessThanOrEqual(MAX_NEIGHBOURS);
  });

  it('takes a path of 10,000 segments or a 16 KB segment in bounded time', () => {
    const entries = Array.from({ length: 2_000 }, (_, i) => entryFor(`/a/b${i}/{id}`, i));
    const find = createFindNeighbours(entries);
    const started = performance.now();
    find(
      Array.from({ length: 10_000 }, () => 'a'),
      [],
    );
    find(['a', 'x'.repeat(16_384)], []);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('segmentSimilarity', () => {
  it('is 1 for equal text and falls with the edit distance', () => {
    expect(segmentSimilarity('users', 'users')).toBe(1);
    expect(segmentSimilarity('users', 'usres')).toBeCloseTo(0.6);
    expect(segmentSimilarity('users', 'orders')).toBeLessThan(0.6);
  });

  it('compares at most the first 128 characters, and only the lengths beyond', () => {
    const long = 'x'.repeat(16_384);
    const started = performance.now();
    expect(segmentSimilarity('users', long)).toBe(0);
    expect(segmentSimilarity(long, `${long}y`)).toBeGreaterThan(0.99);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
