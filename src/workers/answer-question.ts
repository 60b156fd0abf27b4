import type { Journal, JournalFilter, MetricsPort } from '../observe/index.js';
import type { Question } from './messages.js';

/** The journal questions' arguments, as they travel (JSON: times as epoch milliseconds). */
export interface JournalArgs {
  readonly filter?: JournalFilter;
  readonly cursor?: string;
  readonly limit?: number;
  readonly id?: string;
}

/** A worker's answer to the primary's question about its metrics or journal. */
export async function answerQuestion(what: Question, args: unknown, local: { metrics: MetricsPort | undefined; journal: Journal }): Promise<unknown> {
  const { filter, cursor, limit, id } = (args ?? {}) as JournalArgs;
  switch (what) {
    case 'metrics-json':
      return (await local.metrics?.prometheusJson()) ?? [];
    case 'metrics-export':
      return local.metrics ? await local.metrics.export() : undefined;
    case 'journal-list': {
      const page = await local.journal.list(filter, { ...(cursor !== undefined ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) });
      return { page, dropped: local.journal.dropped };
    }
    case 'journal-get':
      return id === undefined ? undefined : ((await local.journal.get(id)) ?? null);
    case 'journal-count':
      return local.journal.count(filter);
    case 'journal-clear':
      await local.journal.clear();
      return true;
  }
}
