import type { Format } from 'ajv';
import { compilePattern } from '../../config/index.js';
import { BOUNDS_KEYWORDS, type JsonSchema } from './bundle-schema.js';

/** 1: the value is valid, 0: it is not, -1: this checker cannot tell (Ajv decides). */
type Verdict = 1 | 0 | -1;

const VALID: Verdict = 1;
const INVALID: Verdict = 0;
const UNSURE: Verdict = -1;

/** Keywords Ajv reads as annotations only: they never make a value invalid. */
const ANNOTATIONS = new Set([
  '$defs',
  'title',
  'description',
  'deprecated',
  '$comment',
  'example',
  'examples',
  'default',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
]);
/** Keywords judged here, exactly as Ajv 2020 (strict off, strictNumbers off, unicode lengths) judges them. */
const JUDGED = new Set<string>([
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  ...BOUNDS_KEYWORDS,
  'exclusiveMinimum',
  'exclusiveMaximum',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'prefixItems',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  '$ref',
]);
/** Deeper than this (a schema that refers to itself without descending into the value) is left to Ajv. */
const MAX_DEPTH = 200;

/**
 * Whether `value` surely satisfies a bundled response schema (`#/$defs/…` references), judged
 * without compiling it. Ajv's compile cost most of an OpenAPI import (a 1,000-operation document
 * compiled 130 response schemas and 270 definitions: 0.6 s of a 1.2 s import), while most
 * generated bodies are valid at the first try. False means "not sure": the caller asks Ajv, so a
 * keyword this checker does not know, or any doubt, costs time and never a wrong verdict.
 * `formats` are the Ajv instance's own, so a format means here what it means there.
 */
export function isSurelyValid(schema: JsonSchema, value: unknown, formats: Readonly<Record<string, Format | undefined>>): boolean {
  const defs = (schema.$defs ?? {}) as Record<string, unknown>;
  return check(schema, value, { defs, formats }, 0) === VALID;
}

interface Context {
  readonly defs: Record<string, unknown>;
  readonly formats: Readonly<Record<string, Format | undefined>>;
}

function check(schema: unknown, value: unknown, ctx: Context, depth: number): Verdict {
  if (schema === true) return VALID;
  if (schema === false) return INVALID;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema) || depth > MAX_DEPTH) return UNSURE;
  // Decoded JSON and YAML hold plain objects only; anything else (a Date) is Ajv's to judge.
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return UNSURE;
  const node = schema as Record<string, unknown>;
  let verdict: Verdict = VALID;
  for (const key of Object.keys(node)) {
    if (ANNOTATIONS.has(key)) continue;
    if (!JUDGED.has(key)) return UNSURE;
    const one = keyword(key, node, value, ctx, depth);
    if (one === INVALID) return INVALID;
    if (one === UNSURE) verdict = UNSURE;
  }
  return verdict;
}

const all = (verdicts: Iterable<Verdict>): Verdict => {
  let out: Verdict = VALID;
  for (const v of verdicts) {
    if (v === INVALID) return INVALID;
    if (v === UNSURE) out = UNSURE;
  }
  return out;
};

const is = (condition: boolean): Verdict => (condition ? VALID : INVALID);

function keyword(key: string, node: Record<string, unknown>, value: unknown, ctx: Context, depth: number): Verdict {
  const sub = (schema: unknown, inner: unknown) => check(schema, inner, ctx, depth + 1);
  const s = node[key];
  switch (key) {
    case 'type':
      return typeof s === 'string' ? is(hasType(s, value)) : Array.isArray(s) ? is(s.some((t) => typeof t === 'string' && hasType(t, value))) : UNSURE;
    case 'enum':
      return Array.isArray(s) ? is(s.some((option) => deepEqual(option, value))) : UNSURE;
    case 'const':
      return is(deepEqual(s, value));
    case 'format':
      return typeof s === 'string' ? checkFormat(ctx.formats[s], value) : UNSURE;
    case 'pattern': {
      if (typeof value !== 'string') return VALID;
      const compiled = typeof s === 'string' ? compilePattern(s) : undefined;
      return compiled?.ok ? is(compiled.value.test(value)) : UNSURE;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      if (typeof s !== 'number') return UNSURE;
      return typeof value === 'number' ? is(numberHolds(key, s, value)) : VALID;
    case 'minLength':
    case 'maxLength':
      if (typeof s !== 'number') return UNSURE;
      return typeof value === 'string' ? is(key === 'minLength' ? codePoints(value) >= s : codePoints(value) <= s) : VALID;
    case 'minItems':
    case 'maxItems':
      if (typeof s !== 'number') return UNSURE;
      return Array.isArray(value) ? is(key === 'minItems' ? value.length >= s : value.length <= s) : VALID;
    case 'uniqueItems':
      return s !== true || !Array.isArray(value) ? VALID : is(value.every((item, i) => value.slice(i + 1).every((other) => !deepEqual(item, other))));
    case 'minProperties':
    case 'maxProperties':
      if (typeof s !== 'number') return UNSURE;
      return isObjectValue(value) ? is(key === 'minProperties' ? Object.keys(value).length >= s : Object.keys(value).length <= s) : VALID;
    case 'required':
      if (!Array.isArray(s)) return UNSURE;
      return isObjectValue(value) ? all(s.map((name) => (typeof name !== 'string' ? UNSURE : presence(value, name)))) : VALID;
    case 'properties':
      if (s === null || typeof s !== 'object' || Array.isArray(s)) return UNSURE;
      if (!isObjectValue(value)) return VALID;
      return all(
        Object.entries(s).map(([name, inner]) => {
          const present = presence(value, name);
          return present === VALID ? sub(inner, value[name]) : present === UNSURE ? UNSURE : VALID;
        }),
      );
    case 'additionalProperties': {
      if (!isObjectValue(value)) return VALID;
      const known = node.properties ?? {};
      if (known === null || typeof known !== 'object') return UNSURE;
      return all(Object.keys(value).map((name) => (Object.hasOwn(known, name) ? VALID : sub(s, value[name]))));
    }
    case 'prefixItems':
      if (!Array.isArray(s)) return UNSURE;
      return Array.isArray(value) ? all(s.slice(0, value.length).map((inner, i) => sub(inner, value[i]))) : VALID;
    case 'items': {
      if (Array.isArray(s)) return UNSURE;
      if (!Array.isArray(value)) return VALID;
      const skip = Array.isArray(node.prefixItems) ? node.prefixItems.length : 0;
      return all(value.slice(skip).map((item) => sub(s, item)));
    }
    case 'allOf':
      return Array.isArray(s) ? all(s.map((inner) => sub(inner, value))) : UNSURE;
    case 'anyOf':
    case 'oneOf': {
      if (!Array.isArray(s)) return UNSURE;
      const verdicts = s.map((inner) => sub(inner, value));
      if (verdicts.includes(UNSURE)) return UNSURE;
      const passed = verdicts.filter((v) => v === VALID).length;
      return is(key === 'anyOf' ? passed > 0 : passed === 1);
    }
    case 'not': {
      const inner = sub(s, value);
      return inner === UNSURE ? UNSURE : inner === VALID ? INVALID : VALID;
    }
    case '$ref':
      return typeof s === 'string' && s.startsWith('#/$defs/') && Object.hasOwn(ctx.defs, s.slice(8)) ? sub(ctx.defs[s.slice(8)], value) : UNSURE;
    default:
      return UNSURE;
  }
}

/** Ajv's type checks with strictNumbers off (Infinity is a number, and an integer). */
function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObjectValue(value);
    case 'integer':
      return typeof value === 'number' && !(value % 1) && !Number.isNaN(value);
    case 'number':
      return typeof value === 'number';
    default:
      return typeof value === type;
  }
}

function isObjectValue(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Ajv reads `value[name] !== undefined`, which an inherited member (`constructor`) also passes:
 * that case is left to Ajv.
 */
function presence(value: Record<string, unknown>, name: string): Verdict {
  if (Object.hasOwn(value, name)) return value[name] === undefined ? INVALID : VALID;
  return value[name] === undefined ? INVALID : UNSURE;
}

function numberHolds(key: string, bound: number, n: number): boolean {
  switch (key) {
    case 'minimum':
      return n >= bound;
    case 'maximum':
      return n <= bound;
    case 'exclusiveMinimum':
      return n > bound;
    case 'exclusiveMaximum':
      return n < bound;
    default: {
      // Ajv's own test, float rounding included.
      if (bound === 0) return false;
      const ratio = n / bound;
      return ratio === parseInt(String(ratio));
    }
  }
}

/** Ajv counts a surrogate pair as one character. */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Ajv's format keyword: a format of another type than the value's, or an unknown one, passes. */
function checkFormat(format: Format | undefined, value: unknown): Verdict {
  if (format === undefined || format === true) return VALID;
  const { type, test } =
    format instanceof RegExp || typeof format === 'function'
      ? { type: 'string', test: format }
      : typeof format === 'string'
        ? { type: 'string', test: undefined }
        : { type: format.type ?? 'string', test: format.async ? undefined : format.validate };
  if (typeof value !== type) return VALID;
  if (test === undefined || typeof test === 'string') return UNSURE;
  return is(test instanceof RegExp ? test.test(value as string) : (test as (data: unknown) => boolean)(value));
}

/** fast-deep-equal (Ajv's `equal`) for decoded JSON / YAML values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => deepEqual(item, (b as unknown[])[i]));
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
