import { compilePattern } from '../../config/index.js';
import { isObject, type RefResolver } from './resolve-refs.js';

export type SpecVersion = '2.0' | '3.0' | '3.1';
/** Responses leave writeOnly properties out; requests leave readOnly ones out. */
export type Direction = 'response' | 'request';
export type JsonSchema = Record<string, unknown>;

/**
 * The bounds keywords (a number or a flag each): kept as they are here, and judged by isSurelyValid
 * (check-value.ts) exactly as Ajv does.
 */
export const BOUNDS_KEYWORDS = [
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

/** Keywords kept as they are (JSON Schema 2020-12 and OpenAPI's `example`); the rest are dropped. */
const KEPT = new Set<string>([
  'type',
  'enum',
  'const',
  'format',
  ...BOUNDS_KEYWORDS,
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
  'dependentRequired',
]);
/** Keywords holding one subschema. */
const ONE = ['not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties'];
/** Keywords holding a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

interface Def {
  readonly name: string;
  schema: JsonSchema | boolean;
  readonly uses: Set<string>;
}

export interface BundleWarning {
  readonly source: string;
  readonly message: string;
}

/**
 * OpenAPI schemas (2.0, 3.0, 3.1) to standalone JSON Schema 2020-12: each referenced schema
 * becomes one `$defs` entry (so recursion stays a reference, never an endless copy), OpenAPI's
 * dialect is translated (`nullable`, boolean `exclusiveMinimum`, `x-nullable`, `type: file`), and
 * patterns the linear-time engine cannot run are dropped with a warning (the plan would refuse
 * them). Converted definitions are shared across every schema of one import.
 */
export class SchemaBundler {
  private readonly defs = new Map<string, Def>();
  private readonly names = new Set<string>();
  readonly warnings: BundleWarning[] = [];

  constructor(
    private readonly resolver: RefResolver,
    private readonly version: SpecVersion,
  ) {}

  /** The JSON Schema of `node` (found in document `base`), with the `$defs` it reaches. */
  bundle(node: unknown, base: string, direction: Direction, source: string): JsonSchema {
    const uses = new Set<string>();
    const root = this.convert(node, base, direction, uses, source);
    const rootSchema: JsonSchema = typeof root === 'boolean' ? (root ? {} : { not: {} }) : root;
    const $defs: Record<string, JsonSchema | boolean> = {};
    const pending = [...uses];
    const seen = new Set<string>(pending);
    while (pending.length > 0) {
      const def = this.defs.get(pending.pop()!)!;
      $defs[def.name] = def.schema;
      for (const next of def.uses) {
        if (!seen.has(next)) {
          seen.add(next);
          pending.push(next);
        }
      }
    }
    return Object.keys($defs).length === 0 ? rootSchema : { ...rootSchema, $defs: sortKeys($defs) };
  }

  private refTo(ref: string, base: string, direction: Direction, uses: Set<string>, source: string): JsonSchema {
    const found = this.resolver.lookup(ref, base);
    if (found === undefined) {
      this.warnings.push({ source, message: `$ref "${ref}" leads nowhere; any value accepted there` });
      return {};
    }
    const key = `${direction}:${found.key}`;
    uses.add(key);
    let def = this.defs.get(key);
    if (def === undefined) {
      def = { name: this.nameFor(found.key), schema: {}, uses: new Set() };
      this.defs.set(key, def); // before converting: a schema that refers to itself finds its own entry
      def.schema = this.convert(found.node, found.base, direction, def.uses, `${source} → ${ref}`);
    }
    return { $ref: `#/$defs/${def.name}` };
  }

  private nameFor(key: string): string {
    const last = key.split('/').pop() ?? 'schema';
    const base =
      last
        .replace(/~1/g, '_')
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(0, 80) || 'schema';
    let name = base;
    for (let n = 2; this.names.has(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    return name;
  }

  private convert(node: unknown, base: string, direction: Direction, uses: Set<string>, source: string): JsonSchema | boolean {
    if (typeof node === 'boolean') return node;
    if (!isObject(node)) return {};
    if (typeof node.$ref === 'string') {
      const target = this.refTo(node.$ref, base, direction, uses, source);
      // 3.0 ignores a $ref's siblings; 3.1 (JSON Schema) applies them too.
      const siblings = Object.keys(node).filter((k) => k !== '$ref' && k !== 'description' && k !== 'summary');
      if (this.version !== '3.1' || siblings.length === 0) return target;
      const rest = this.convert(Object.fromEntries(siblings.map((k) => [k, node[k]])), base, direction, uses, source);
      return { allOf: [target, rest] };
    }
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (KEPT.has(key)) out[key] = value;
    }
    // Ajv walks every key of a schema looking for `$id`s, examples included (Box's examples hold
    // `"$id": "0123…"` keys): only plain-value examples are kept, for the generator.
    for (const key of ['example', 'default'] as const) if (isPlain(node[key])) out[key] = node[key];
    if (Array.isArray(node.examples) && node.examples.every(isPlain)) out.examples = node.examples;
    const sub = (value: unknown, where: string) => this.convert(value, base, direction, uses, `${source}.${where}`);
    for (const key of ONE) if (node[key] !== undefined) out[key] = sub(node[key], key);
    for (const key of LIST) {
      const list = node[key];
      if (Array.isArray(list)) out[key] = list.map((item, i) => sub(item, `${key}[${i}]`));
    }
    if (node.items !== undefined) {
      if (Array.isArray(node.items)) out.prefixItems = node.items.map((item, i) => sub(item, `items[${i}]`));
      else out.items = sub(node.items, 'items');
    }
    if (node.additionalProperties !== undefined) {
      out.additionalProperties =
        typeof node.additionalProperties === 'boolean' ? node.additionalProperties : sub(node.additionalProperties, 'additionalProperties');
    }
    for (const key of ['properties', 'patternProperties', 'dependentSchemas'] as const) {
      const map = node[key];
      if (!isObject(map)) continue;
      const converted: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(map)) {
        if (key === 'properties' && this.hiddenIn(value, base, direction)) continue;
        if (key === 'patternProperties' && !compilePattern(name).ok) continue;
        converted[name] = sub(value, `${key}.${name}`);
      }
      out[key] = converted;
    }
    if (Array.isArray(node.required)) {
      const properties = isObject(node.properties) ? node.properties : {};
      out.required = node.required.filter(
        (name): name is string => typeof name === 'string' && !(Object.hasOwn(properties, name) && this.hiddenIn(properties[name], base, direction)),
      );
      if ((out.required as string[]).length === 0) delete out.required;
    }
    this.translateDialect(node, out, source);
    return out;
  }

  /** A writeOnly property never appears in a response, a readOnly one never in a request. */
  private hiddenIn(property: unknown, base: string, direction: Direction): boolean {
    const found = this.resolver.deref(property, base);
    if (!found || !isObject(found.node)) return false;
    return direction === 'response' ? found.node.writeOnly === true : found.node.readOnly === true;
  }

  private translateDialect(node: Record<string, unknown>, out: JsonSchema, source: string): void {
    if (typeof node.pattern === 'string') {
      if (compilePattern(node.pattern).ok) out.pattern = node.pattern;
      else this.warnings.push({ source, message: `pattern ${JSON.stringify(node.pattern)} needs a backtracking regex engine; not checked` });
    }
    if (this.version !== '3.1') {
      if (
        Array.isArray(out.type) ||
        (typeof out.type === 'string' && !['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'].includes(out.type))
      ) {
        delete out.type; // `type: file` (2.0) and other non-types: any value
      }
      for (const [flag, bound] of [
        ['exclusiveMinimum', 'minimum'],
        ['exclusiveMaximum', 'maximum'],
      ] as const) {
        if (node[flag] === true && typeof node[bound] === 'number') {
          out[flag] = node[bound];
          delete out[bound];
        }
      }
      if (out.examples !== undefined && !Array.isArray(out.examples)) delete out.examples;
    } else {
      for (const flag of ['exclusiveMinimum', 'exclusiveMaximum']) if (typeof node[flag] === 'number') out[flag] = node[flag];
    }
    if (node.nullable === true || node['x-nullable'] === true) makeNullable(out);
  }
}

const isPlain = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

function makeNullable(out: JsonSchema): void {
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return;
  }
  if (out.type === undefined && (out.allOf !== undefined || out.oneOf !== undefined || out.anyOf !== undefined)) {
    const inner = { ...out };
    for (const key of Object.keys(out)) delete out[key];
    out.anyOf = [inner, { type: 'null' }];
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
