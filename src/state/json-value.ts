import { AppError } from '../errors/index.js';

/** A value the state store can hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serializes a value for storage, refusing what JSON would silently change (undefined, NaN,
 * Infinity, functions, class instances such as Date or Map, cycles) so that every store returns
 * exactly what it was given.
 */
export function encodeJson(value: unknown, key: string): string {
  const problem = findNonJson(value, '$', new Set());
  if (problem) throw new AppError('STATE_VALUE_INVALID', `value for "${key}" is not JSON: ${problem}`);
  return JSON.stringify(value);
}

export function decodeJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

function findNonJson(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}`;
    case 'object': {
      if (value === null) return undefined;
      if (ancestors.has(value)) return `${path} is a cycle`;
      const proto: unknown = Object.getPrototypeOf(value);
      const isArray = Array.isArray(value);
      if (!isArray && proto !== Object.prototype && proto !== null) return `${path} is a ${value.constructor?.name ?? 'non-plain object'}`;
      ancestors.add(value);
      try {
        if (isArray) {
          for (let i = 0; i < value.length; i++) {
            const problem = findNonJson(value[i], `${path}[${i}]`, ancestors);
            if (problem) return problem;
          }
        } else {
          for (const [name, item] of Object.entries(value)) {
            const problem = findNonJson(item, `${path}.${name}`, ancestors);
            if (problem) return problem;
          }
        }
      } finally {
        ancestors.delete(value);
      }
      return undefined;
    }
    default:
      return `${path} is ${typeof value}`;
  }
}

/** Deep equality of two JSON values; object key order does not matter. */
export function isJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => isJsonEqual(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.hasOwn(bRecord, k) && isJsonEqual((a as Record<string, unknown>)[k], bRecord[k]));
}
