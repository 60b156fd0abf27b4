import type { ArgumentNode } from './helper-definition.js';

/**
 * Argument coercion shared by the helper families. Templates pass strings from the request
 * (`request.query.n` is "3"), so numeric helpers accept numeric strings; anything else is a
 * render error that names the helper (the registration wrapper adds the name).
 */
export function toNumber(value: unknown, what: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  throw new TypeError(`${what} must be a number, got ${describe(value)}`);
}

/** Text for string helpers: null and undefined become '' like Handlebars renders them. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** True when the value is a compile-time literal that can never be a number. */
export function isNonNumericLiteral(node: ArgumentNode | undefined): boolean {
  if (!node?.literal) return false;
  const { value } = node;
  if (typeof value === 'number') return false;
  return !(typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
}
