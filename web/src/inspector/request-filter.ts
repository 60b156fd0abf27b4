import type { JournalSummary, RequestCompleted } from '../../../src/contract/index.ts';

/** The inspector's filters, applied alike to journal entries and live events. */
export interface RequestFilter {
  readonly endpoint: string;
  readonly status: string;
  readonly matched: 'any' | 'matched' | 'unmatched';
  /** A session id, exactly; live rows carry none until the journal brings their entry. */
  readonly session: string;
}

export const NO_FILTER: RequestFilter = { endpoint: '', status: '', matched: 'any', session: '' };

/** A request row as the list shows it: from the journal (with an id) or a live event not yet fetched. */
export type RequestRow = Pick<JournalSummary, 'time' | 'method' | 'path' | 'status' | 'session' | 'durationMs'> &
  Pick<RequestCompleted, 'endpoint'> & { readonly key: string; readonly id?: string };

/** `status` takes an exact code (404) or a class (4xx). */
export function matchesFilter(row: RequestRow, filter: RequestFilter): boolean {
  if (filter.endpoint !== '' && row.endpoint !== filter.endpoint) return false;
  if (filter.matched === 'matched' && row.endpoint === undefined) return false;
  if (filter.matched === 'unmatched' && row.endpoint !== undefined) return false;
  if (filter.session.trim() !== '' && row.session !== filter.session.trim()) return false;
  const status = filter.status.trim().toLowerCase();
  if (status !== '') {
    const text = String(row.status);
    if (/^[1-5]xx$/.test(status) ? text[0] !== status[0] : text !== status) return false;
  }
  return true;
}
