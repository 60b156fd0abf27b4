import type { JournalEntry } from '../contract/index.js';
import { listAcross, type Journal, type JournalFilter, type SourceAnswer } from '../observe/index.js';
import type { JournalArgs } from './answer-question.js';
import type { WorkerPool } from './worker-pool.js';

/** Ids name the worker's slot: `2-17` is entry 17 of worker 2 (a replacement keeps its slot and its persisted entries). */
const idIn = (slot: string, id: string): string => `${slot}-${id}`;

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
 * first (listAcross). A worker that does not answer
 * within `timeoutMs` is left out of that answer.
 */
export function gatheredJournal(pool: WorkerPool, timeoutMs: number): Journal {
  let dropped = 0;
  return {
    get dropped() {
      return dropped;
    },
    async list(filter, page = {}) {
      const slots = Array.from({ length: pool.size }, (_, i) => String(i + 1));
      const merged = await listAcross(
        slots,
        async (slot, at) => {
          const args: JournalArgs = { ...(filter ? { filter: portable(filter)! } : {}), limit: at.limit, ...(at.cursor ? { cursor: at.cursor } : {}) };
          return (await pool.ask(Number(slot), 'journal-list', args, timeoutMs)).value as SourceAnswer;
        },
        page,
      );
      dropped = merged.dropped;
      const entries = merged.entries.map(({ source, entry }) => ({ ...entry, id: idIn(source, entry.id) }));
      return merged.nextCursor !== undefined ? { entries, nextCursor: merged.nextCursor } : { entries };
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
