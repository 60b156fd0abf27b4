import type { JournalEntry } from '../contract/index.js';
import { encodeJournalCursor, type Journal, type JournalFilter, type JournalPage } from '../observe/index.js';
import type { JournalArgs } from './answer-question.js';
import type { WorkerPool } from './worker-pool.js';

type Summary = JournalPage['entries'][number];
/** Per worker slot: where its next page starts (a cursor of its own journal, '' for its newest), or null when it has no more. */
type Positions = Record<string, string | null>;

const MAX_CURSOR_CHARS = 4096;

/** Ids name the worker's slot: `2-17` is entry 17 of worker 2 (a replacement keeps its slot and its persisted entries). */
const idIn = (slot: number, id: string): string => `${slot}-${id}`;

function decodePositions(cursor: string | undefined, slots: number): Positions {
  const start: Positions = Object.fromEntries(Array.from({ length: slots }, (_, i) => [String(i + 1), '']));
  if (cursor === undefined || cursor === '') return start;
  if (cursor.length > MAX_CURSOR_CHARS) throw new RangeError('invalid journal cursor (too long)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new RangeError(`invalid journal cursor "${cursor.slice(0, 64)}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RangeError('invalid journal cursor');
  for (const [slot, at] of Object.entries(parsed)) {
    if (!(slot in start) || (at !== null && typeof at !== 'string')) throw new RangeError('invalid journal cursor');
    start[slot] = at as string | null;
  }
  return start;
}

/** Dates do not survive the IPC channel's JSON: times travel as epoch milliseconds. */
function portable(filter: JournalFilter | undefined): JournalFilter | undefined {
  if (filter === undefined) return undefined;
  const ms = (at: number | Date | undefined) => (at instanceof Date ? at.getTime() : at);
  const since = ms(filter.since);
  const until = ms(filter.until);
  return { ...filter, ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

/**
 * The primary's journal under `serve --workers`: every worker's, read over IPC and merged newest
 * first. A page asks each worker for up to `limit` entries after its own position and keeps the
 * newest `limit` of them; the cursor carries each worker's position. A worker that does not answer
 * within `timeoutMs` is left out of that answer.
 */
export function gatheredJournal(pool: WorkerPool, timeoutMs: number): Journal {
  let dropped = 0;
  return {
    get dropped() {
      return dropped;
    },
    async list(filter, page = {}) {
      const positions = decodePositions(page.cursor, pool.size);
      const limit = Math.min(Math.max(1, Math.floor(page.limit ?? 100)), 1000);
      const asked = Object.entries(positions).filter(([, at]) => at !== null);
      const answers = await Promise.all(
        asked.map(([slot, at]) => {
          const args: JournalArgs = { ...(filter ? { filter: portable(filter)! } : {}), limit, ...(at ? { cursor: at } : {}) };
          return pool.ask(Number(slot), 'journal-list', args, timeoutMs);
        }),
      );
      const candidates: { slot: number; entry: Summary; index: number; of: JournalPage }[] = [];
      let droppedNow = 0;
      for (const answer of answers) {
        const value = answer.value as { page: JournalPage; dropped: number } | undefined;
        if (value === undefined) continue;
        droppedNow += value.dropped;
        value.page.entries.forEach((entry, index) => candidates.push({ slot: answer.slot, entry, index, of: value.page }));
      }
      dropped = droppedNow;
      candidates.sort((a, b) => (a.entry.time < b.entry.time ? 1 : a.entry.time > b.entry.time ? -1 : 0));
      const kept = candidates.slice(0, limit);
      const next: Positions = { ...positions };
      for (const answer of answers) {
        const value = answer.value as { page: JournalPage } | undefined;
        if (value === undefined) continue; // not answering now: asked again from where it was
        const mine = kept.filter((c) => c.slot === answer.slot);
        const last = mine[mine.length - 1];
        if (last === undefined) {
          if (value.page.entries.length === 0) next[String(answer.slot)] = null;
          continue; // none of its entries made this page: it starts where it was
        }
        const allUsed = last.index === value.page.entries.length - 1;
        next[String(answer.slot)] = allUsed ? (value.page.nextCursor ?? null) : encodeJournalCursor(Number(last.entry.id));
      }
      const entries = kept.map(({ slot, entry }) => ({ ...entry, id: idIn(slot, entry.id) }));
      // An empty page ends the paging even when a worker did not answer: no endless empty pages.
      const more = entries.length > 0 && Object.values(next).some((at) => at !== null);
      return more ? { entries, nextCursor: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') } : { entries };
    },
    async get(id) {
      const match = /^(\d{1,4})-(\d{1,16})$/.exec(id);
      if (match === null) return undefined;
      const answer = await pool.ask(Number(match[1]), 'journal-get', { id: match[2] } satisfies JournalArgs, timeoutMs);
      const entry = answer.value as JournalEntry | null | undefined;
      return entry ? { ...entry, id } : undefined;
    },
    async count(filter) {
      const answers = await pool.askAll('journal-count', { ...(filter ? { filter: portable(filter)! } : {}) } satisfies JournalArgs, timeoutMs);
      return answers.reduce((sum, answer) => sum + (typeof answer.value === 'number' ? answer.value : 0), 0);
    },
    async clear() {
      await pool.askAll('journal-clear', undefined, timeoutMs);
    },
  };
}
