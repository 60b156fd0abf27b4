/**
 * Faker, by dotted path, with optional arguments:
 *   {{faker "person.fullName"}}   {{faker "string.alpha" 8}}   {{faker "number.int" min=1 max=9}}
 * Positional arguments are passed as they are; named ones as one options object, last. A Date
 * result is rendered as ISO 8601 so it can feed the date helpers. A literal path that is not a
 * faker method is a compile error, with a suggestion.
 */
import type { Faker } from '@faker-js/faker';
import { closest } from 'fastest-levenshtein';
import { err, ok, type Result } from '../../../config/index.js';
import type { RenderBudget } from '../render-budget.js';
import { FAKER_METHOD_PATHS } from './faker-method-paths.js';
import type { HelperFamily } from './helper-definition.js';

type FakerMethod = (...args: unknown[]) => unknown;
interface FakerMethodCall {
  module: object;
  method: FakerMethod;
}

function methodNames(module: object): string[] {
  const names = new Set<string>();
  for (let proto = module; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && !name.startsWith('_') && typeof (module as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}

const moduleNames = (faker: Faker): string[] =>
  Object.keys(faker).filter((name) => !name.startsWith('_') && methodNames((faker as unknown as Record<string, object>)[name] ?? {}).length > 0);

/** Every "module.method" path resolveFakerMethod accepts on this Faker, sorted (what faker-method-paths.ts lists). */
export const fakerMethodPaths = (faker: Faker): string[] =>
  moduleNames(faker)
    .flatMap((module) => methodNames((faker as unknown as Record<string, object>)[module]!).map((method) => `${module}.${method}`))
    .sort();

/**
 * Resolves "module.method" on this Faker. Only two-segment paths to a module's own methods are
 * accepted: templates come from config and API edits, so `constructor.constructor` and the like
 * must never reach a callable.
 */
export function resolveFakerMethod(faker: Faker, path: string): Result<FakerMethodCall, string> {
  const [moduleName, name, extra] = path.split('.');
  const modules = moduleNames(faker);
  if (!moduleName || !modules.includes(moduleName) || extra !== undefined) {
    return err(`unknown faker method "${path}" (expected "module.method"; did you mean "${closest(moduleName ?? '', modules)}.…"?)`);
  }
  const module = (faker as unknown as Record<string, Record<string, unknown>>)[moduleName]!;
  const methods = methodNames(module);
  if (!name || !methods.includes(name)) {
    return err(`unknown faker method "${path}" (did you mean "${moduleName}.${closest(name ?? '', methods)}"?)`);
  }
  const method = module[name] as FakerMethod;
  return ok({ module, method });
}

/**
 * The template engine's Faker. `get` loads faker on first call, so only templates that use it pay
 * for it, and only when one first renders; `reserve` fixes the instance's seed (a draw from the
 * Plan's PRNG) without loading it. A compile reserves where it used to load, so a Plan seed gives
 * the same faker sequence however late faker is loaded.
 */
export interface LazyFaker {
  get(): Faker;
  reserve(): void;
}

/**
 * Faker modules whose numeric arguments are counts of things to produce (`lorem.words 5`,
 * `string.alpha length=12`); elsewhere numbers are bounds (`number.int max=1000`) and cost nothing.
 */
const COUNTING_MODULES = new Set(['lorem', 'string', 'word', 'helpers', 'image', 'internet', 'system']);

/** The largest count among an argument list: numbers, and `length`/`count` (or their `max`) in objects. */
function largestCount(values: readonly unknown[]): number {
  let largest = 0;
  for (const value of values) {
    if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) largest = Math.max(largest, Number(value));
    else if (value !== null && typeof value === 'object') {
      for (const key of ['length', 'count', 'min', 'max']) {
        const inner = (value as Record<string, unknown>)[key];
        largest = Math.max(largest, largestCount([inner]));
      }
    }
  }
  return largest;
}

export function fakerHelpers(faker: LazyFaker, budget: RenderBudget): HelperFamily {
  // Paths are nearly always literals; resolving walks prototypes, so keep what was resolved.
  const resolved = new Map<string, FakerMethodCall>();

  return {
    faker: {
      run: (args, options) => {
        const [path, ...rest] = args;
        if (typeof path !== 'string') throw new TypeError('the first argument must be a faker path like "person.fullName"');
        let call = resolved.get(path);
        if (!call) {
          const found = resolveFakerMethod(faker.get(), path);
          if (!found.ok) throw new RangeError(found.error);
          call = found.value;
          if (resolved.size < 256) resolved.set(path, call);
        }
        const named = options.hash as Record<string, unknown>;
        const params = Object.keys(named).length > 0 ? [...rest, { ...named }] : rest;
        // A count from the request (`{{faker "lorem.words" request.query.n}}`) must not build a billion words.
        if (COUNTING_MODULES.has(path.slice(0, path.indexOf('.')))) budget.iterate(largestCount(params));
        const { module, method } = call;
        const value = method.apply(module, params);
        return value instanceof Date ? value.toISOString() : value;
      },
      check: (call) => {
        const [path] = call.params;
        if (!path) return 'expects a faker path like "person.fullName"';
        if (!path.literal) return undefined;
        if (typeof path.value !== 'string') return 'the first argument must be a faker path like "person.fullName"';
        // A known path is checked without loading faker (~20 ms of a start, issue 19); an unknown
        // one loads it, for the suggestion.
        if (FAKER_METHOD_PATHS.has(path.value)) {
          faker.reserve();
          return undefined;
        }
        const found = resolveFakerMethod(faker.get(), path.value);
        return found.ok ? undefined : found.error;
      },
    },
  };
}
