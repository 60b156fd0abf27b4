import type { JournalExchange, JournalFilter } from './journal.js';

/** A filter with its values normalized once (method upper-cased, times as epoch ms). */
export interface NormalizedFilter {
  readonly endpoint?: string;
  readonly method?: string;
  readonly status?: number;
  readonly pathPrefix?: string;
  readonly session?: string;
  readonly matched?: boolean;
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

const epochMs = (value: number | Date | undefined): number | undefined => (value instanceof Date ? value.getTime() : value);

export function normalizeFilter(filter: JournalFilter = {}): NormalizedFilter {
  const sinceMs = epochMs(filter.since);
  const untilMs = epochMs(filter.until);
  return {
    ...(filter.endpoint !== undefined ? { endpoint: filter.endpoint } : {}),
    ...(filter.method !== undefined ? { method: filter.method.toUpperCase() } : {}),
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.pathPrefix !== undefined ? { pathPrefix: filter.pathPrefix } : {}),
    ...(filter.session !== undefined ? { session: filter.session } : {}),
    ...(filter.matched !== undefined ? { matched: filter.matched } : {}),
    ...(sinceMs !== undefined ? { sinceMs } : {}),
    ...(untilMs !== undefined ? { untilMs } : {}),
  };
}

/** The session is read last: it is the one field that may cost something to resolve. */
export function matchesFilter(exchange: JournalExchange, filter: NormalizedFilter): boolean {
  if (filter.endpoint !== undefined && exchange.applied?.endpointId !== filter.endpoint) return false;
  if (filter.method !== undefined && exchange.method !== filter.method) return false;
  if (filter.status !== undefined && exchange.status !== filter.status) return false;
  if (filter.pathPrefix !== undefined && !exchange.path.startsWith(filter.pathPrefix)) return false;
  if (filter.matched !== undefined && (exchange.applied?.endpointId !== undefined) !== filter.matched) return false;
  if (filter.sinceMs !== undefined && exchange.arrivedAtMs < filter.sinceMs) return false;
  if (filter.untilMs !== undefined && exchange.arrivedAtMs >= filter.untilMs) return false;
  if (filter.session !== undefined && sessionOf(exchange) !== filter.session) return false;
  return true;
}

function sessionOf(exchange: JournalExchange): string | undefined {
  try {
    return exchange.identity?.sessionId;
  } catch {
    return undefined;
  }
}

/** Cursors are opaque to callers: the id of the last entry of the page, encoded. */
export const encodeCursor = (id: number): string => Buffer.from(`j${id}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('j') ? Number(text.slice(1)) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new RangeError(`invalid journal cursor "${cursor}"`);
  return id;
}
