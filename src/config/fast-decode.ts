import jsYaml from 'js-yaml';
import { checkConfigShape } from './check-config-shape.js';
import { interpolateEnv, isSingleReference, type Env } from './interpolate-env.js';

// js-yaml exports its built-in types at run time; its type definitions leave them out.
const types = (jsYaml as unknown as { types: Record<'null' | 'bool' | 'float' | 'merge' | 'str' | 'seq' | 'map', jsYaml.Type> }).types;

/**
 * YAML 1.2 core integers, as the `yaml` library reads them: js-yaml's own int type also takes
 * `0b101` and reads `-0` as 0, which the core schema does not.
 */
const CORE_INT = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(text),
  construct: (text: string) => (text.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text)),
  predicate: (value: unknown) => Number.isInteger(value),
  represent: (value: object) => String(value),
});

// YAML 1.2 core schema (as the `yaml` library reads it: no timestamps or binary) plus `<<` merge keys.
const SCHEMA = new jsYaml.Schema({
  implicit: [types.null, types.bool, CORE_INT, types.float, types.merge],
  explicit: [types.str, types.seq, types.map],
});

/** What a mapping key built from a {@link PlainReference} reads as: a key with a NUL is sent to the careful path. */
const REFERENCE_KEY = '\0plain-reference\0';

/**
 * An unquoted scalar that is one `${VAR}` reference, as the text was written: js-yaml resolves
 * implicit types for plain scalars only, so a quoted `"${PORT}"` never becomes one. Unquoted, the
 * interpolated value is re-read as if typed there (`port: ${PORT:-8080}` is the number 8080), as the
 * careful path does; the quickstart's own port line then no longer sends it down the careful path.
 */
class PlainReference {
  constructor(readonly text: string) {}
  // js-yaml names an object key '[object Object]' unless its class tag says otherwise; then it takes toString.
  get [Symbol.toStringTag](): string {
    return 'PlainReference';
  }
  toString(): string {
    return REFERENCE_KEY;
  }
}

const PLAIN_REFERENCE = new jsYaml.Type('tag:mimicus,2026:plain-reference', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && isSingleReference(text),
  construct: (text: string) => new PlainReference(text),
  instanceOf: PlainReference,
});

// Plain single references first: the core types never match `${…}`, so this changes nothing else.
const READ_SCHEMA = new jsYaml.Schema({
  implicit: [PLAIN_REFERENCE, types.null, types.bool, CORE_INT, types.float, types.merge],
  explicit: [types.str, types.seq, types.map],
});

/**
 * The fast way to read a config text: js-yaml builds plain data several times faster than the
 * `yaml` library's document model (a 1,000-endpoint file: ~5 ms against ~40 ms), which matters for
 * hot reload. It keeps no source positions, so it only answers when the text is clean: any syntax
 * error, duplicate key, unknown tag, unresolved `${VAR}`, value over CONFIG_LIMITS (nesting,
 * aliases), or a reference whose type would depend on how the scalar was quoted gives undefined,
 * and the caller decodes with the `yaml` library, which reports all of it with lines and columns.
 */
export function fastDecode(text: string, format: 'yaml' | 'json', env: Env): { value: unknown } | undefined {
  let value: unknown;
  try {
    // JSON's stricter syntax (no trailing commas, no comments) is checked first; js-yaml then finds duplicate keys.
    if (format === 'json') JSON.parse(text);
    value = jsYaml.load(text, { schema: READ_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  // js-yaml shares an aliased object instead of copying it, so a bomb loads fast and explodes in
  // whatever walks it next (validation: 27 s and 2 GB for 400 bytes); the careful path reports it.
  if (checkConfigShape(value) !== undefined) return undefined;
  return interpolateValues(value, env, new Set()) ? { value } : undefined;
}

/** Interpolates `${VAR}` in every string, in place; false when the careful path must decide. */
function interpolateValues(node: unknown, env: Env, seen: Set<object>): boolean {
  if (typeof node !== 'object' || node === null) return true;
  // An alias shares its target object; interpolating it twice would read `$${` escapes twice.
  if (seen.has(node)) return true;
  seen.add(node);
  const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && key.includes('\0')) return false;
    if (item instanceof PlainReference) {
      const result = interpolateEnv(item.text, env);
      if (result.missing.length > 0 || result.malformed.length > 0) return false;
      const reread = rereadPlain(result.value);
      if (reread === undefined) return false;
      (node as Record<string | number, unknown>)[key] = reread.value;
    } else if (typeof item === 'string') {
      if (!item.includes('$')) continue;
      const result = interpolateEnv(item, env);
      if (result.missing.length > 0 || result.malformed.length > 0) return false;
      // A quoted (or tagged, or block) reference stays a string, but the careful path re-reads a
      // tagged plain one (`!!str ${PORT}`) as typed: where the two could differ, it decides.
      if (isSingleReference(item) && !readsAsSameString(result.value)) return false;
      (node as Record<string | number, unknown>)[key] = result.value;
    } else if (!interpolateValues(item, env, seen)) {
      return false;
    }
  }
  return true;
}

/** `text` read as a plain scalar typed there, as decode-document's rereadScalar does; undefined: let the careful path decide. */
function rereadPlain(text: string): { value: unknown } | undefined {
  if (text === '') return { value: text };
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: SCHEMA });
  } catch {
    return undefined;
  }
  // A collection (`[1]`) is not a scalar: the text stays, as on the careful path.
  if (typeof value === 'object' && value !== null) return { value: text };
  return { value: typeof value === 'string' && value !== text ? text : value };
}

function readsAsSameString(text: string): boolean {
  if (text === '') return true;
  try {
    return jsYaml.load(text, { schema: SCHEMA }) === text;
  } catch {
    return false;
  }
}
