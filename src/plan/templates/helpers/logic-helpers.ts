/**
 * Comparisons and logic, for subexpressions such as {{#if (eq request.params.id "42")}}:
 *   eq a b   ne a b   gt a b   gte a b   lt a b   lte a b   and a b …   or a b …   not a
 * A number and a numeric string compare as numbers, because everything from the request (params,
 * query, headers) is text: (eq request.params.id 42) is true for "/users/42". Other values
 * compare strictly; gt/lt fall back to string order when either side is not numeric.
 * Truthiness follows Handlebars: "", 0, false, null, undefined and [] are false.
 */
import type { HelperCall, HelperFamily } from './helper-definition.js';

const asNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (!Number.isNaN(number)) return number;
  }
  return undefined;
};

export function isLooselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === typeof b) return false;
  const [x, y] = [asNumber(a), asNumber(b)];
  return x !== undefined && x === y;
}

/** Negative, zero or positive like a sort comparator. */
function compare(a: unknown, b: unknown): number {
  const [x, y] = [asNumber(a), asNumber(b)];
  if (x !== undefined && y !== undefined) return x - y;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export const isTruthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

const arity =
  (count: number) =>
  (call: HelperCall): string | undefined =>
    call.params.length !== count ? `expects ${count} argument${count > 1 ? 's' : ''}, got ${call.params.length}` : undefined;
const atLeastOne = (call: HelperCall): string | undefined => (call.params.length === 0 ? 'expects at least 1 argument' : undefined);

export function logicHelpers(): HelperFamily {
  return {
    eq: { run: ([a, b]) => isLooselyEqual(a, b), check: arity(2) },
    ne: { run: ([a, b]) => !isLooselyEqual(a, b), check: arity(2) },
    gt: { run: ([a, b]) => compare(a, b) > 0, check: arity(2) },
    gte: { run: ([a, b]) => compare(a, b) >= 0, check: arity(2) },
    lt: { run: ([a, b]) => compare(a, b) < 0, check: arity(2) },
    lte: { run: ([a, b]) => compare(a, b) <= 0, check: arity(2) },
    and: { run: (args) => args.every(isTruthy), check: atLeastOne },
    or: { run: (args) => args.some(isTruthy), check: atLeastOne },
    not: { run: ([value]) => !isTruthy(value), check: arity(1) },
  };
}
