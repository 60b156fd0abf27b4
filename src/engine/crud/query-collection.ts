import type { MockRequest } from '../../plan/index.js';
import { compileFilters, fieldValue, LIKE_BUDGET_MS, type QueryProblem } from './collection-filter.js';

export interface CollectionPage {
  readonly items: readonly Record<string, unknown>[];
  /** Items that passed the filters, before pagination (the `X-Total-Count`). */
  readonly total: number;
  /** The `Link` header value when the request paginated. */
  readonly link: string | undefined;
}

/** json-server's default page size when `_page` comes without `_limit`. */
const DEFAULT_PAGE_LIMIT = 10;

export type CollectionQuery = { ok: true; page: CollectionPage } | { ok: false; problem: QueryProblem };

/**
 * Filters (see `compileFilters`), sorts and slices a collection as json-server does:
 * `_sort=field` (or `-field`; several: `_sort=category,-price`) with `_order=asc|desc` (one, or one
 * per field); `_page` (1-based) and `_limit` for pages with a `Link` header; or `_start` with `_end`
 * or `_limit` for a slice by position. Other `_`-parameters are ignored, as are malformed numbers.
 */
export function queryCollection(items: readonly Record<string, unknown>[], request: MockRequest, now?: () => number): CollectionQuery {
  const query = request.query;
  const compiled = compileFilters(query, now);
  if (!compiled.ok) return compiled;
  const { filters } = compiled;
  let result = filters.length === 0 ? items : items.filter((item) => filters.every((keep) => keep(item)));
  const overTime = compiled.overTime();
  if (overTime !== undefined) {
    return { ok: false, problem: { parameter: overTime, message: `matching took over ${LIKE_BUDGET_MS} ms on this collection: use a simpler pattern` } };
  }

  const sortParam = single(query['_sort']);
  if (sortParam) {
    const orders = (single(query['_order']) ?? '').split(',').map((order) => order.trim().toLowerCase());
    const keys = sortParam
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field !== '' && field !== '-')
      .map((field, i) => ({
        field: field.replace(/^-/, ''),
        // One _order for all fields, or one per field; a leading '-' flips it.
        sign: field.startsWith('-') !== ((orders[i] ?? orders[0]) === 'desc') ? -1 : 1,
      }));
    // Array.prototype.sort is stable, so ties keep the id order.
    result = [...result].sort((a, b) => {
      for (const { field, sign } of keys) {
        const order = compareFieldValues(fieldValue(a, field), fieldValue(b, field), sign);
        if (order !== 0) return order;
      }
      return 0;
    });
  }

  const total = result.length;
  const limit = positiveInteger(single(query['_limit']));
  const start = nonNegativeInteger(single(query['_start']));
  if (start !== undefined) {
    const end = nonNegativeInteger(single(query['_end'])) ?? (limit === undefined ? total : start + limit);
    return { ok: true, page: { items: result.slice(start, Math.max(start, end)), total, link: undefined } };
  }
  const page = positiveInteger(single(query['_page']));
  if (page === undefined && limit === undefined) return { ok: true, page: { items: result, total, link: undefined } };

  const pageSize = limit ?? DEFAULT_PAGE_LIMIT;
  const current = page ?? 1;
  const first = (current - 1) * pageSize;
  return {
    ok: true,
    page: {
      items: result.slice(first, first + pageSize),
      total,
      link: linkHeader(request, current, pageSize, Math.max(1, Math.ceil(total / pageSize))),
    },
  };
}

function linkHeader(request: MockRequest, page: number, limit: number, last: number): string {
  const queryStart = request.url.indexOf('?');
  const base = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
  const link = (target: number, rel: string): string => {
    const params = new URLSearchParams(base);
    params.set('_page', String(target));
    params.set('_limit', String(limit));
    return `<${request.path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'));
  links.push(link(last, 'last'));
  return links.join(', ');
}

/** Numbers numerically, strings by localeCompare, numbers before strings; missing values always last. */
function compareFieldValues(a: unknown, b: unknown, sign: number): number {
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  if (typeof a === 'number') return -sign;
  if (typeof b === 'number') return sign;
  return sign * String(a).localeCompare(String(b));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function positiveInteger(text: string | undefined): number | undefined {
  const value = nonNegativeInteger(text);
  return value === 0 ? undefined : value;
}

function nonNegativeInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
