import type { MockRequest } from '../../plan/index.js';

export interface CollectionPage {
  readonly items: readonly Record<string, unknown>[];
  /** Items that passed the filters, before pagination (the `X-Total-Count`). */
  readonly total: number;
  /** The `Link` header value when the request paginated. */
  readonly link: string | undefined;
}

/** json-server's default page size when `_page` comes without `_limit`. */
const DEFAULT_PAGE_LIMIT = 10;

/**
 * Filters, sorts and paginates a collection as json-server does: `field=value` keeps items whose
 * field (dotted paths reach nested ones) equals the value as a string, a repeated parameter meaning
 * any of them; `_sort=field` (or `-field`) with `_order=asc|desc`; `_page` (1-based) and `_limit`.
 * Other `_`-parameters are ignored, as are malformed `_page`/`_limit` values.
 */
export function queryCollection(items: readonly Record<string, unknown>[], request: MockRequest): CollectionPage {
  const query = request.query;
  let result = items.filter((item) =>
    Object.entries(query).every(([name, wanted]) => {
      if (name.startsWith('_')) return true;
      const value = fieldValue(item, name);
      if (value === undefined) return false;
      const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      return Array.isArray(wanted) ? wanted.includes(text) : wanted === text;
    }),
  );

  const sortParam = single(query['_sort']);
  if (sortParam) {
    const descending = sortParam.startsWith('-') !== (single(query['_order'])?.toLowerCase() === 'desc');
    const field = sortParam.replace(/^-/, '');
    const sign = descending ? -1 : 1;
    // Array.prototype.sort is stable, so ties keep the id order.
    result = [...result].sort((a, b) => compareFieldValues(fieldValue(a, field), fieldValue(b, field), sign));
  }

  const total = result.length;
  const page = positiveInteger(single(query['_page']));
  const limit = positiveInteger(single(query['_limit']));
  if (page === undefined && limit === undefined) return { items: result, total, link: undefined };

  const pageSize = limit ?? DEFAULT_PAGE_LIMIT;
  const current = page ?? 1;
  const start = (current - 1) * pageSize;
  return {
    items: result.slice(start, start + pageSize),
    total,
    link: linkHeader(request, current, pageSize, Math.max(1, Math.ceil(total / pageSize))),
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

function fieldValue(item: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(item, path)) return item[path];
  let value: unknown = item;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
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
  if (text === undefined || !/^[1-9]\d*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
