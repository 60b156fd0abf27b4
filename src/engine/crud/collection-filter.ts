import { compilePattern, type Pattern } from '../../config/index.js';
import type { MockRequest } from '../../plan/index.js';

/** Keeps an item or not. */
export type ItemFilter = (item: Record<string, unknown>) => boolean;

/** A query parameter the collection cannot use, named for the 400 answer. */
export interface QueryProblem {
  readonly parameter: string;
  readonly message: string;
}

export type FilterResult =
  | {
      ok: true;
      filters: readonly ItemFilter[];
      /** After filtering: the `_like` parameter that ran out of time (its filter then kept nothing). */
      overTime(): string | undefined;
    }
  | { ok: false; problem: QueryProblem };

/** json-server's operator suffixes: `price_gte=10`, `name_like=^ham`, `status_ne=sold`. */
const OPERATOR = /^(.+)_(gte|lte|ne|like)$/;
/** Longest `_like` pattern taken: a list filter needs no more, and it bounds the cost of compiling one. */
const MAX_LIKE_PATTERN_CHARS = 256;
/** Instructions a `_like` pattern may compile to: `(?i)^ham.*(sandwich|burger)$` is 26. */
const MAX_LIKE_PROGRAM_SIZE = 200;
/**
 * How long one request's `_like` filters may run. Each test is linear, but a collection is many
 * tests and its fields may be long: past this the list is refused, not served late to everyone.
 */
export const LIKE_BUDGET_MS = 100;

/**
 * The filters of a list request, json-server style:
 * - `field=value`: the field (dotted paths reach nested ones) equals the value as text; a repeated
 *   parameter means any of them;
 * - `field_ne=value`: differs from every value given; `field_gte` / `field_lte`: at least / at most,
 *   compared as numbers when both are numbers, else as text (so ISO dates compare too);
 * - `field_like=pattern`: the field's text matches the regular expression, case-insensitively.
 *   RE2 syntax, run in linear time: the pattern comes from any client, so no pattern may make
 *   matching backtrack (json-server's `^(a+)+$` on a 41-character name froze the process);
 * - `q=text`: some text or number anywhere in the item contains `text`, case-insensitively.
 * `_`-parameters (sorting, paging) are not filters. An item without the field fails every filter
 * on it except `_ne`.
 */
export function compileFilters(query: MockRequest['query'], now: () => number = () => performance.now()): FilterResult {
  const filters: ItemFilter[] = [];
  // The budget runs from the first item tested, not from here: compiling a pattern (its length is
  // capped) is not what a hostile pattern slows down, and the first compile after start loads the
  // engine, which under a loaded machine alone took over the budget (a test answered 400).
  let deadline = Number.POSITIVE_INFINITY;
  let overTime: string | undefined;
  for (const [name, raw] of Object.entries(query)) {
    if (name.startsWith('_') || raw === undefined) continue;
    const wanted = Array.isArray(raw) ? raw : [raw];
    if (name === 'q') {
      const needles = wanted.map((text) => text.toLowerCase());
      filters.push((item) => needles.every((needle) => containsText(item, needle)));
      continue;
    }
    const operator = OPERATOR.exec(name);
    if (operator === null) {
      filters.push((item) => {
        const text = fieldText(item, name);
        return text !== undefined && wanted.includes(text);
      });
      continue;
    }
    const [, field, kind] = operator as unknown as [string, string, 'gte' | 'lte' | 'ne' | 'like'];
    if (kind === 'ne') {
      filters.push((item) => {
        const text = fieldText(item, field);
        return text === undefined || !wanted.includes(text);
      });
    } else if (kind === 'like') {
      const patterns: Pattern[] = [];
      for (const source of wanted) {
        const compiled = compileLike(source);
        if (typeof compiled === 'string') return { ok: false, problem: { parameter: name, message: compiled } };
        patterns.push(compiled);
      }
      filters.push((item) => {
        if (overTime !== undefined) return false;
        if (deadline === Number.POSITIVE_INFINITY) deadline = now() + LIKE_BUDGET_MS;
        const text = fieldText(item, field);
        const kept = text !== undefined && patterns.every((pattern) => pattern.test(text));
        if (now() > deadline) overTime = name;
        return kept;
      });
    } else {
      const sign = kind === 'gte' ? 1 : -1;
      filters.push((item) => {
        const value = fieldValue(item, field);
        return value !== undefined && value !== null && wanted.every((bound) => sign * compareToBound(value, bound) >= 0);
      });
    }
  }
  return { ok: true, filters, overTime: () => overTime };
}

/** The value at a field or dotted path; an own field with a dot in its name wins. */
export function fieldValue(item: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(item, path)) return item[path];
  let value: unknown = item;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function fieldText(item: Record<string, unknown>, path: string): string | undefined {
  const value = fieldValue(item, path);
  if (value === undefined) return undefined;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function compileLike(source: string): Pattern | string {
  const compiled = compilePattern(source, { flags: 'i', maxChars: MAX_LIKE_PATTERN_CHARS, maxProgramSize: MAX_LIKE_PROGRAM_SIZE });
  return compiled.ok ? compiled.value : `not a usable pattern: ${compiled.error}`;
}

function compareToBound(value: unknown, bound: string): number {
  const number = Number(bound);
  if (typeof value === 'number' && bound.trim() !== '' && Number.isFinite(number)) return value - number;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text < bound ? -1 : text > bound ? 1 : 0;
}

function containsText(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).includes(needle);
  if (Array.isArray(value)) return value.some((entry) => containsText(entry, needle));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((entry) => containsText(entry, needle));
  return false;
}
