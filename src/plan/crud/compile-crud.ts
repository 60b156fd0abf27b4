import { createRequire } from 'node:module';
import type { ConfigIssue, CrudConfig, Result } from '../../config/index.js';
import { linearRegExp } from '../match/index.js';
import { checkSeed } from './check-seed.js';
import type { CrudSpec } from './crud-spec.js';

// Ajv is loaded for the first collection with a schema (a start without one pays nothing for it).
const require = createRequire(import.meta.url);

function compileItemSchema(schema: Record<string, unknown>, at: string): Result<CrudSpec['validate'], ConfigIssue[]> {
  // Every failure in one answer, as a client fixing its request wants them.
  // Schema patterns run in linear time: a client's item must not be able to freeze the process.
  const { Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, code: { regExp: linearRegExp } });
  try {
    const validate = ajv.compile(schema);
    return {
      ok: true,
      value: (item) => {
        let valid: boolean;
        try {
          valid = validate(item);
        } catch (error) {
          // A recursive schema recurses as deep as the item: a refusal, not a crash.
          if (error instanceof RangeError) return { ok: false, errors: [{ path: '/', message: 'is nested too deeply to validate' }] };
          throw error;
        }
        return valid
          ? { ok: true }
          : { ok: false, errors: (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is invalid' })) };
      },
    };
  } catch (error) {
    return { ok: false, error: [{ path: `${at}.schema`, message: `invalid JSON Schema: ${(error as Error).message}` }] };
  }
}

/**
 * Compiles a `crud` block: compiles the item schema once, then reads and checks the seed file
 * against it (check-seed.ts). `readSeed` resolves the path against the declaring config file.
 */
export async function compileCrud(
  crud: CrudConfig,
  at: string,
  readSeed: (path: string) => Promise<Result<Buffer, string>>,
): Promise<Result<CrudSpec, ConfigIssue[]>> {
  const issues: ConfigIssue[] = [];
  const keyField = crud.key ?? 'id';
  const validate = crud.schema === undefined ? { ok: true as const, value: undefined } : compileItemSchema(crud.schema, at);
  if (!validate.ok) issues.push(...validate.error);
  let seed: Record<string, unknown>[] = [];
  if (crud.seed !== undefined) {
    const read = await readSeed(crud.seed);
    if (!read.ok) issues.push({ path: `${at}.seed`, message: read.error });
    else {
      const checked = checkSeed(read.value.toString('utf8'), {
        name: crud.seed,
        at: `${at}.seed`,
        keyField,
        validate: validate.ok ? validate.value : undefined,
      });
      if ('issues' in checked) issues.push(...checked.issues);
      else seed = checked.items;
    }
  }
  if (issues.length > 0 || !validate.ok) return { ok: false, error: issues };
  return { ok: true, value: { collection: crud.collection, keyField, scope: crud.scope ?? 'global', seed, validate: validate.value } };
}
