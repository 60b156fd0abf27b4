import type { ValidateFunction } from 'ajv';
import { createOpenApiAjv } from '../../plan/index.js';
import type { JsonSchema, SchemaBundler } from './bundle-schema.js';
import { isSurelyValid } from './check-value.js';
import { generateValue, type Strategy } from './generate-value.js';
import type { RefResolver } from './resolve-refs.js';

/** Strategies tried in order until one gives a body the schema accepts. */
const STRATEGIES: readonly Omit<Strategy, 'seed'>[] = [
  { useExamples: true, optionalDepth: 6, rotate: 0 },
  { useExamples: false, optionalDepth: 6, rotate: 0 },
  { useExamples: false, optionalDepth: 1, rotate: 0 },
  { useExamples: false, optionalDepth: 3, rotate: 1 },
  { useExamples: false, optionalDepth: 3, rotate: 2 },
  { useExamples: false, optionalDepth: 1, rotate: 3 },
];

export interface MadeBody {
  readonly value: unknown;
  /** False when no strategy produced a value the schema accepts (the last attempt is served). */
  readonly valid: boolean;
  readonly problem?: string;
}

const DEF_URI = 'urn:mimicus:def:';

/** A copy whose `#/$defs/X` references point at the shared `urn:mimicus:def:X` schemas. */
function withSharedRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSharedRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
        ? `${DEF_URI}${inner.slice(8)}`
        : key === 'enum' || key === 'const'
          ? inner
          : withSharedRefs(inner);
  }
  return out;
}

interface Compiled {
  readonly schema: JsonSchema;
  /** Ajv's check, compiled on first need: most bodies are judged valid without it. */
  check?: { readonly validate: ValidateFunction | undefined; readonly compileError?: string };
}

/**
 * Response bodies generated from their schema and checked against it with the same Ajv set-up
 * the request checks use. Compiled checks are shared by every response with the same schema
 * (most responses of a big API point at a handful of components).
 */
export class BodyMaker {
  private readonly ajv = createOpenApiAjv(false, { inlineRefs: false, allErrors: false, optimize: false });
  private readonly registered = new Set<string>();
  private readonly compiled = new Map<unknown, Compiled>();

  constructor(
    private readonly resolver: RefResolver,
    private readonly bundler: SchemaBundler,
  ) {}

  /** The response schema as standalone JSON Schema (for the report and the tests). */
  schemaOf(node: unknown, base: string, source: string): JsonSchema {
    return this.compile(node, base, source).schema;
  }

  make(node: unknown, base: string, source: string, seed: number): MadeBody {
    const compiled = this.compile(node, base, source);
    let last: unknown;
    let validate: ValidateFunction | undefined;
    for (const strategy of STRATEGIES) {
      last = generateValue(compiled.schema, { ...strategy, seed });
      if (isSurelyValid(compiled.schema, last, this.ajv.formats)) return { value: last, valid: true };
      const check = this.checkOf(compiled);
      if (check.validate === undefined) return { value: last, valid: false, problem: check.compileError ?? 'schema not checkable' };
      validate = check.validate;
      if (validate(last)) return { value: last, valid: true };
    }
    const first = validate?.errors?.[0];
    return { value: last, valid: false, problem: first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'invalid' };
  }

  /**
   * Compiles a bundled schema with its `$defs` registered as schemas of their own (once per
   * import), so a component used by 300 responses is compiled once, not 300 times.
   */
  private compileShared(schema: JsonSchema): ValidateFunction {
    const { $defs, ...root } = schema;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      if (this.registered.has(name)) continue;
      this.registered.add(name);
      this.ajv.addSchema(withSharedRefs(typeof def === 'boolean' ? (def ? {} : { not: {} }) : def) as JsonSchema, `${DEF_URI}${name}`);
    }
    return this.ajv.compile(withSharedRefs(root) as JsonSchema);
  }

  private checkOf(compiled: Compiled): NonNullable<Compiled['check']> {
    if (compiled.check === undefined) {
      try {
        compiled.check = { validate: this.compileShared(compiled.schema) };
      } catch (error) {
        compiled.check = { validate: undefined, compileError: (error as Error).message };
      }
    }
    return compiled.check;
  }

  private compile(node: unknown, base: string, source: string): Compiled {
    const located = this.resolver.deref(node, base);
    const key = located && located.key !== '' ? located.key : node;
    let found = this.compiled.get(key);
    if (found === undefined) {
      found = { schema: this.bundler.bundle(node, base, 'response', source) };
      this.compiled.set(key, found);
    }
    return found;
  }
}
