import type { JournalPage } from './journal.js';

type Summary = JournalPage['entries'][number];

/** Per source: its journal's cursor ('' for its newest) and how many entries of that page were already served; null when it has no more. */
type Positions = Record<string, readonly [string, number] | null>;

/** What a source answered for one page (undefined: it did not answer in time). */
export type SourceAnswer = { readonly page: JournalPage; readonly dropped: number } | undefined;

export interface MergedPage {
  /** Newest first, each with the source it came from. */
  readonly entries: readonly { readonly source: string; readonly entry: Summary }[];
  readonly nextCursor?: string;
  /** The sources' `dropped`, summed over those that answered. */
  readonly dropped: number;
  /** The sources asked that did not answer (left out of this page, asked again from where they were). */
  readonly unanswered: readonly string[];
}

const MAX_CURSOR_CHARS = 16_384;
const MAX_LIMIT = 1000;

function decodePositions(cursor: string | undefined, sources: readonly string[]): Positions {
  const start: Positions = Object.fromEntries(sources.map((source) => [source, ['', 0] as const]));
  if (cursor === undefined || cursor === '') return start;
  if (cursor.length > MAX_CURSOR_CHARS) throw new RangeError('invalid journal cursor (too long)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new RangeError(`invalid journal cursor "${cursor.slice(0, 64)}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RangeError('invalid journal cursor');
  for (const [source, at] of Object.entries(parsed)) {
    const valid =
      at === null || (Array.isArray(at) && at.length === 2 && typeof at[0] === 'string' && Number.isInteger(at[1]) && at[1] >= 0 && at[1] < MAX_LIMIT);
    if (!valid) throw new RangeError('invalid journal cursor');
    // A source gone since (an instance stopped) is forgotten; one that appeared starts at its newest.
    if (source in start) start[source] = at as Positions[string];
  }
  return start;
}

/**
 * One page of several journals merged newest first (workers of one `serve --workers`, instances
 * of a cluster). Each source is asked for the entries after its position, the newest `limit` of
 * all are kept, and the cursor carries each source's position: its own journal's cursor and how
 * many entries of that page were served already (asked again and skipped, so no source's cursor
 * needs to be made from an entry id, and a source may itself be a merged journal). A page asks
 * each source for at most 1,000 entries, so a page may be shorter than `limit`.
 */
export async function listAcross(
  sources: readonly string[],
  ask: (source: string, page: { cursor?: string; limit: number }) => Promise<SourceAnswer>,
  page: { readonly cursor?: string; readonly limit?: number },
): Promise<MergedPage> {
  const positions = decodePositions(page.cursor, sources);
  const asked = Object.entries(positions).filter((entry): entry is [string, readonly [string, number]] => entry[1] !== null);
  const wanted = Math.min(Math.max(1, Math.floor(page.limit ?? 100)), MAX_LIMIT);
  // Every source must hand over `limit` entries beyond those it already served.
  const limit = Math.max(1, Math.min(wanted, ...asked.map(([, [, served]]) => MAX_LIMIT - served)));
  const answers = await Promise.all(
    asked.map(async ([source, [cursor, served]]) => ({ source, served, answer: await ask(source, { ...(cursor ? { cursor } : {}), limit: served + limit }) })),
  );
  // Each source lists in its own order (its journal's ids: completion order), which is not always
  // arrival-time order (a slow request arrives before a fast one and completes after it). So the
  // sources are merged head by head, the newest head first, never reordered within a source: what a
  // page takes from a source is always a prefix of what it answered, which the positions count.
  // Sorting all candidates by time took a later entry of a source before an earlier one, and the
  // next page served one entry twice and lost another.
  const heads: { source: string; entries: readonly Summary[]; next: number }[] = [];
  let dropped = 0;
  for (const { source, served, answer } of answers) {
    if (answer === undefined) continue;
    dropped += answer.dropped;
    heads.push({ source, entries: answer.page.entries, next: served });
  }
  const kept: { source: string; entry: Summary }[] = [];
  while (kept.length < limit) {
    let newest: (typeof heads)[number] | undefined;
    for (const head of heads) {
      if (head.next >= head.entries.length) continue;
      if (newest === undefined || head.entries[head.next]!.time > newest.entries[newest.next]!.time) newest = head;
    }
    if (newest === undefined) break;
    kept.push({ source: newest.source, entry: newest.entries[newest.next]! });
    newest.next += 1;
  }
  const next: Positions = { ...positions };
  for (const { source, served, answer } of answers) {
    if (answer === undefined) continue; // not answering now: asked again from where it was
    const used = kept.filter((c) => c.source === source).length;
    const all = answer.page.entries.length;
    if (served + used < all) next[source] = [positions[source]![0], served + used];
    else next[source] = answer.page.nextCursor !== undefined ? [answer.page.nextCursor, 0] : null;
  }
  const entries = kept.map(({ source, entry }) => ({ source, entry }));
  const unanswered = answers.filter((a) => a.answer === undefined).map((a) => a.source);
  // An empty page ends the paging even when a source did not answer: no endless empty pages.
  const more = entries.length > 0 && Object.values(next).some((at) => at !== null);
  return { entries, dropped, unanswered, ...(more ? { nextCursor: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') } : {}) };
}
