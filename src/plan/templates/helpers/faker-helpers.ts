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
import type { HelperFamily } from './helper-definition.js';

type FakerMethod = (...args: unknown[]) => unknown;
interface FakerMethodCall { module: object; method: FakerMethod }

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

/** `getFaker` loads faker on first call: only templates that use it pay for it. */
export function fakerHelpers(getFaker: () => Faker): HelperFamily {
  // Paths are nearly always literals; resolving walks prototypes, so keep what was resolved.
  const resolved = new Map<string, FakerMethodCall>();

  return {
    faker: {
      run: (args, options) => {
        const [path, ...rest] = args;
        if (typeof path !== 'string') throw new TypeError('the first argument must be a faker path like "person.fullName"');
        let call = resolved.get(path);
        if (!call) {
          const found = resolveFakerMethod(getFaker(), path);
          if (!found.ok) throw new RangeError(found.error);
          call = found.value;
          if (resolved.size < 256) resolved.set(path, call);
        }
        const named = options.hash as Record<string, unknown>;
        const params = Object.keys(named).length > 0 ? [...rest, { ...named }] : rest;
        const { module, method } = call;
        const value = method.apply(module, params);
        return value instanceof Date ? value.toISOString() : value;
      },
      check: (call) => {
        const [path] = call.params;
        if (!path) return 'expects a faker path like "person.fullName"';
        if (!path.literal) return undefined;
        if (typeof path.value !== 'string') return 'the first argument must be a faker path like "person.fullName"';
        const found = resolveFakerMethod(getFaker(), path.value);
        return found.ok ? undefined : found.error;
      },
    },
  };
}
