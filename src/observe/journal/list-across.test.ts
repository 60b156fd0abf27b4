import { describe, expect, it } from 'vitest';
import { listAcross, type SourceAnswer } from './list-across.js';

/** A source's journal lists by id (completion order): a slow request that arrived first completes last. */
const journals: Record<string, { id: string; time: string }[]> = {
  a: [
    { id: '3', time: '2026-12-07T10:00:01.000Z' },
    { id: '2', time: '2026-12-07T10:00:05.000Z' },
    { id: '1', time: '2026-12-07T10:00:00.000Z' },
  ],
  b: [
    { id: '2', time: '2026-12-07T10:00:03.000Z' },
    { id: '1', time: '2026-12-07T10:00:02.000Z' },
  ],
};

/** A journal's page: its cursor is the index to go on from, given while entries remain. */
const ask = async (source: string, page: { cursor?: string; limit: number }): Promise<SourceAnswer> => {
  const from = page.cursor === undefined ? 0 : Number(page.cursor);
  const to = from + page.limit;
  const entries = journals[source]!.slice(from, to);
  return { page: { entries, ...(to < journals[source]!.length ? { nextCursor: String(to) } : {}) }, dropped: 0 } as unknown as SourceAnswer;
};

describe('listAcross', () => {
  it('pages through sources whose own order is not arrival order, each entry once, each source in its own order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listAcross(['a', 'b'], ask, { ...(cursor ? { cursor } : {}), limit: 2 });
      seen.push(...page.entries.map(({ source, entry }) => `${source}/${entry.id}`));
      cursor = page.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.filter((key) => key.startsWith('a/'))).toEqual(['a/3', 'a/2', 'a/1']);
    expect(seen.filter((key) => key.startsWith('b/'))).toEqual(['b/2', 'b/1']);
  });
});
