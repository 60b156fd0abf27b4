/**
 * Dates, in UTC, from the injected clock (never Date.now(), so tests fix time):
 *   {{now}}                                   now as ISO 8601
 *   {{now format="yyyy-MM-dd HH:mm:ss"}}      formats: iso (default), epoch, epochSeconds, or tokens
 *   {{now offset="+1d"}}                      offsets: "+1d", "-2h30m", "15m", "1mo", "-1y"
 *   {{date value format="..." offset="..."}}  parse a value, shift it, format it
 *   {{dateAdd value "3d" format="..."}}       the same with the offset as an argument
 * A value may be a Date, epoch milliseconds (number or digits), or any string Date.parse reads.
 * Tokens and units are documented in format-date.ts. Results are strings, so they nest:
 *   {{date (dateAdd request.body.start "-1w") format="epochSeconds"}}
 */
import { describe, toText } from './argument.js';
import { applyOffset, formatDate, parseDateFormat, parseOffset, type DateFormat, type DateOffset } from './format-date.js';
import type { ArgumentNode, HelperCall, HelperFamily } from './helper-definition.js';

export function toEpochMs(value: unknown): number {
  let ms = Number.NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = /^-?\d+$/.test(value.trim()) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`${describe(value)} is not a date`);
  return ms;
}

/**
 * Formats and offsets are nearly always literals, so parse each once. The cache is bounded
 * because a format could come from the request (`format=request.query.f`).
 */
function memoize<T>(parse: (text: string) => { ok: true; value: T } | { ok: false; error: string }): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit) return hit;
    const parsed = parse(text);
    if (!parsed.ok) throw new RangeError(parsed.error);
    if (cache.size < 256) cache.set(text, parsed.value);
    return parsed.value;
  };
}

const literalProblem = (node: ArgumentNode | undefined, parse: (text: string) => { ok: boolean; error?: string }): string | undefined => {
  if (!node?.literal) return undefined;
  const parsed = parse(toText(node.value));
  return parsed.ok ? undefined : parsed.error;
};

const checkOptions = (call: HelperCall): string | undefined =>
  literalProblem(call.hash.format, parseDateFormat) ?? literalProblem(call.hash.offset, parseOffset);

export function dateHelpers(now: () => number): HelperFamily {
  const formatOf = memoize<DateFormat>(parseDateFormat);
  const offsetOf = memoize<DateOffset>(parseOffset);

  const render = (epochMs: number, hash: Record<string, unknown>, offset = hash.offset): string => {
    const shifted = offset === undefined ? epochMs : applyOffset(epochMs, offsetOf(toText(offset)));
    return formatDate(shifted, formatOf(hash.format === undefined ? 'iso' : toText(hash.format)));
  };

  return {
    now: {
      run: (_args, options) => render(now(), options.hash),
      check: (call) => (call.params.length > 0 ? 'takes no arguments (use format= and offset=)' : checkOptions(call)),
    },
    date: {
      run: (args, options) => render(toEpochMs(args[0]), options.hash),
      check: (call) => (call.params.length !== 1 ? `expects 1 argument (the date), got ${call.params.length}` : checkOptions(call)),
    },
    dateAdd: {
      run: (args, options) => render(toEpochMs(args[0]), options.hash, args[1]),
      check: (call) =>
        call.params.length !== 2
          ? `expects 2 arguments (date offset), got ${call.params.length}`
          : (literalProblem(call.params[1], parseOffset) ?? literalProblem(call.hash.format, parseDateFormat)),
    },
  };
}
