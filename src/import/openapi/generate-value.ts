import randexpModule from 'randexp';
import type { JsonSchema } from './bundle-schema.js';
import { seededRandom } from './seeded-random.js';

/** How one attempt generates: later attempts leave out optional parts and rotate oneOf/anyOf picks. */
export interface Strategy {
  readonly seed: number;
  /** Include optional properties (up to this depth). */
  readonly optionalDepth: number;
  /** Added to every oneOf/anyOf choice index. */
  readonly rotate: number;
  /** Use `example`/`default` values found in the schema. */
  readonly useExamples: boolean;
}

/** Deeper than this, only what is required is generated; a required cycle ends here. */
const MAX_DEPTH = 12;
const MAX_ARRAY = 2;
/** Values one body may hold: a spec whose required properties fan out level after level stops here. */
const MAX_NODES = 20_000;
/** `minItems` / `minLength` beyond these are not honoured (the body is then reported as invalid). */
const MAX_MIN_ITEMS = 1_000;
const MAX_MIN_LENGTH = 100_000;

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/**
 * A value for a JSON Schema (as bundle-schema.ts makes them: 2020-12 with root `$defs`),
 * deterministic for a seed: formats, enums, bounds, patterns, nullable types, allOf (merged),
 * oneOf/anyOf (one alternative), and recursion bounded. It aims at a valid value; the caller
 * checks it with Ajv and tries another strategy when it is not.
 */
export function generateValue(root: JsonSchema, strategy: Strategy): unknown {
  const random = seededRandom(strategy.seed);
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema | boolean>;
  const resolve = (schema: JsonSchema): JsonSchema => {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
      const target = defs[current.$ref.replace('#/$defs/', '')];
      current = typeof target === 'object' ? target : {};
    }
    return current;
  };
  const merge = (schema: JsonSchema, depth: number): JsonSchema => {
    const own = resolve(schema);
    if (!Array.isArray(own.allOf) || depth > MAX_DEPTH) return own;
    let merged: JsonSchema = { ...own, allOf: undefined };
    for (const part of own.allOf as (JsonSchema | boolean)[]) {
      if (typeof part !== 'object') continue;
      merged = mergeSchemas(merged, merge(part, depth + 1));
    }
    return merged;
  };

  let budget = MAX_NODES;
  const gen = (input: JsonSchema | boolean, depth: number): unknown => {
    if (--budget < 0) return null;
    if (typeof input === 'boolean') return input ? 'example' : null;
    const schema = merge(input, depth);
    if (schema.const !== undefined) return schema.const;
    if (strategy.useExamples && schema.example !== undefined) return schema.example;
    if (strategy.useExamples && Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      const nonNull = schema.enum.filter((v) => v !== null);
      return nonNull.length > 0 ? pick(nonNull, random) : null;
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const choices = schema[key];
      if (Array.isArray(choices) && choices.length > 0) {
        const nonNull = choices.filter((c) => !(typeof c === 'object' && c.type === 'null'));
        const list = nonNull.length > 0 ? nonNull : choices;
        const base = { ...schema, [key]: undefined };
        const chosen = list[strategy.rotate % list.length] as JsonSchema | boolean;
        return gen(typeof chosen === 'object' ? mergeSchemas(base, merge(chosen, depth + 1)) : chosen, depth + 1);
      }
    }
    switch (typeOf(schema)) {
      case 'null':
        return null;
      case 'boolean':
        return random() < 0.5;
      case 'integer':
      case 'number':
        return numberFor(schema, typeOf(schema) === 'integer', random);
      case 'string':
        return stringFor(schema, random);
      case 'array':
        return arrayFor(schema, depth);
      default:
        return objectFor(schema, depth);
    }
  };

  const arrayFor = (schema: JsonSchema, depth: number): unknown[] => {
    const min = typeof schema.minItems === 'number' ? Math.min(schema.minItems, MAX_MIN_ITEMS) : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
    const wanted = depth >= strategy.optionalDepth ? min : Math.max(min, 1);
    const count = Math.min(Math.max(wanted, 0), max, Math.max(min, MAX_ARRAY));
    const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as (JsonSchema | boolean)[]) : [];
    const items: unknown[] = [];
    const seen = new Set<string>();
    for (let i = 0, tries = 0; items.length < count && tries < count * 5; tries++, i++) {
      const itemSchema = prefix[items.length] ?? (schema.items as JsonSchema | boolean | undefined) ?? {};
      const value = gen(itemSchema, depth + 1);
      const text = JSON.stringify(value);
      if (schema.uniqueItems === true && seen.has(text)) continue;
      seen.add(text);
      items.push(value);
    }
    return items;
  };

  const objectFor = (schema: JsonSchema, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema | boolean>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const optional = depth < strategy.optionalDepth && depth < MAX_DEPTH;
    for (const [name, property] of Object.entries(properties)) {
      if (!required.has(name) && !optional) continue;
      if (!required.has(name) && depth > 2 && refersBack(property)) continue;
      out[name] = gen(property, depth + 1);
    }
    for (const name of required) {
      if (!(name in out))
        out[name] = properties[name] === undefined && isObj(schema.additionalProperties) ? gen(schema.additionalProperties, depth + 1) : 'example';
    }
    const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
    const extra = schema.additionalProperties;
    if (Object.keys(properties).length === 0 && isObj(extra) && optional) {
      for (let i = 1; Object.keys(out).length < Math.max(1, minProperties) && i < 100; i++) out[`additionalProp${i}`] = gen(extra, depth + 1);
    }
    for (let i = 1; Object.keys(out).length < minProperties && extra !== false && i < 100; i++) {
      if (!(`additionalProp${i}` in out)) out[`additionalProp${i}`] = isObj(extra) ? gen(extra, depth + 1) : 'example';
    }
    return out;
  };
  const refersBack = (property: JsonSchema | boolean): boolean =>
    typeof property === 'object' && (typeof property.$ref === 'string' || (isObj(property.items) && typeof property.items.$ref === 'string'));

  return gen(root, 0);
}

/** randexp is CommonJS; under NodeNext its default import is the module object. */
const RandExp = ((randexpModule as unknown as { default?: typeof randexpModule }).default ?? randexpModule) as unknown as typeof randexpModule.default;

const isObj = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

function typeOf(schema: JsonSchema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') as string | undefined) ?? 'null';
  if (schema.properties !== undefined || schema.additionalProperties !== undefined || schema.required !== undefined) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  if (schema.minimum !== undefined || schema.maximum !== undefined || schema.multipleOf !== undefined) return 'number';
  return 'string';
}

/** allOf members combined: properties and required joined, bounds tightened, the rest overlaid. */
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...a, ...b };
  for (const [key, value] of Object.entries(out)) if (value === undefined) delete out[key];
  if (isObj(a.properties) || isObj(b.properties)) {
    const properties: Record<string, unknown> = { ...(a.properties as object) };
    // A property both members define must satisfy both: kept as an allOf, merged when generated.
    for (const [name, schema] of Object.entries((b.properties ?? {}) as object)) {
      properties[name] = name in properties && isObj(properties[name]) && isObj(schema) ? { allOf: [properties[name], schema] } : schema;
    }
    out.properties = properties;
  }
  if (Array.isArray(a.required) || Array.isArray(b.required))
    out.required = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  for (const key of ['minimum', 'minLength', 'minItems', 'exclusiveMinimum', 'minProperties']) {
    if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = Math.max(a[key] as number, b[key] as number);
  }
  for (const key of ['maximum', 'maxLength', 'maxItems', 'exclusiveMaximum', 'maxProperties']) {
    if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = Math.min(a[key] as number, b[key] as number);
  }
  if (a.type !== undefined && b.type !== undefined) {
    const left = ([] as unknown[]).concat(a.type);
    const common = ([] as unknown[]).concat(b.type).filter((t) => left.includes(t) || (t === 'integer' && left.includes('number')));
    out.type = common.length === 1 ? common[0] : common.length > 0 ? common : b.type;
  }
  if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = false;
  return out;
}

function numberFor(schema: JsonSchema, integer: boolean, random: () => number): number {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const exMin = num('exclusiveMinimum');
  const exMax = num('exclusiveMaximum');
  const step = num('multipleOf') ?? (integer ? 1 : undefined);
  let low = num('minimum') ?? (exMin !== undefined ? exMin + (step ?? 0.01) : undefined);
  let high = num('maximum') ?? (exMax !== undefined ? exMax - (step ?? 0.01) : undefined);
  if (low === undefined && high === undefined) [low, high] = [0, 1000];
  else if (low === undefined) low = Math.min(0, high! - 1000);
  else if (high === undefined) high = low + 1000;
  if (exMin !== undefined && low! <= exMin) low = exMin + (step ?? 0.01);
  if (exMax !== undefined && high! >= exMax) high = exMax - (step ?? 0.01);
  const raw = low! + random() * Math.max(0, high! - low!);
  if (step !== undefined && step > 0) {
    let value = Math.ceil(low! / step) * step + Math.floor((raw - low!) / step) * step;
    if (value > high!) value = Math.ceil(low! / step) * step;
    return integer ? Math.round(value) : Number(value.toPrecision(12));
  }
  return integer ? Math.round(raw) : Math.round(raw * 100) / 100;
}

const FORMATS: Record<string, (random: () => number) => string> = {
  'date-time': (r) => new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 3e10)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  date: (r) => new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 3e10)).toISOString().slice(0, 10),
  time: (r) => `${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00Z`,
  email: (r) => `user${Math.floor(r() * 1000)}@example.com`,
  'idn-email': (r) => `user${Math.floor(r() * 1000)}@example.com`,
  uuid: (r) => hex(r, 8) + '-' + hex(r, 4) + '-4' + hex(r, 3) + '-a' + hex(r, 3) + '-' + hex(r, 12),
  uri: (r) => `https://example.com/${hex(r, 6)}`,
  'uri-reference': (r) => `https://example.com/${hex(r, 6)}`,
  iri: (r) => `https://example.com/${hex(r, 6)}`,
  url: (r) => `https://example.com/${hex(r, 6)}`,
  hostname: (r) => `host-${hex(r, 4)}.example.com`,
  'idn-hostname': (r) => `host-${hex(r, 4)}.example.com`,
  ipv4: (r) => `192.0.2.${Math.floor(r() * 254) + 1}`,
  ipv6: (r) => `2001:db8::${hex(r, 4)}`,
  byte: () => 'ZXhhbXBsZQ==',
  binary: () => 'example',
  password: () => 'secret-password',
  duration: () => 'P1D',
  regex: () => '^[a-z]+$',
  'json-pointer': () => '/example',
};

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function stringFor(schema: JsonSchema, random: () => number): string {
  const min = typeof schema.minLength === 'number' ? Math.min(schema.minLength, MAX_MIN_LENGTH) : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (typeof schema.pattern === 'string') {
    try {
      const generator = new RandExp(schema.pattern);
      generator.max = 8;
      generator.randInt = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
      const value = generator.gen();
      if (value.length >= min && value.length <= max) return value;
    } catch {
      // A pattern randexp cannot read: fall through to plain text (the check will say if it fails).
    }
  }
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  let value = format ? format(random) : `example-${hex(random, 4)}`;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, Math.max(max, 0));
  return value;
}
