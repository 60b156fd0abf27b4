import { Ajv } from 'ajv';
import type { ConfigIssue, CrudConfig, Result } from '../../config/index.js';
import type { CrudSpec } from './crud-spec.js';

const isItem = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function compileItemSchema(schema: Record<string, unknown>, at: string): Result<CrudSpec['validate'], ConfigIssue[]> {
  // Every failure in one answer, as a client fixing its request wants them.
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  try {
    const validate = ajv.compile(schema);
    return {
      ok: true,
      value: (item) =>
        validate(item)
          ? { ok: true }
          : { ok: false, errors: (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is invalid' })) },
    };
  } catch (error) {
    return { ok: false, error: [{ path: `${at}.schema`, message: `invalid JSON Schema: ${(error as Error).message}` }] };
  }
}

/**
 * Compiles a `crud` block: reads and checks the seed file (a JSON array of objects) and compiles
 * the item schema once. `readSeed` resolves the path against the declaring config file.
 */
export async function compileCrud(
  crud: CrudConfig,
  at: string,
  readSeed: (path: string) => Promise<Result<Buffer, string>>,
): Promise<Result<CrudSpec, ConfigIssue[]>> {
  const issues: ConfigIssue[] = [];
  const keyField = crud.key ?? 'id';
  let seed: Record<string, unknown>[] = [];
  if (crud.seed !== undefined) {
    const read = await readSeed(crud.seed);
    if (!read.ok) issues.push({ path: `${at}.seed`, message: read.error });
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(read.value.toString('utf8'));
      } catch (error) {
        issues.push({ path: `${at}.seed`, message: `"${crud.seed}" is not JSON: ${(error as Error).message}` });
      }
      if (parsed !== undefined && !(Array.isArray(parsed) && parsed.every(isItem))) {
        issues.push({ path: `${at}.seed`, message: `"${crud.seed}" must hold a JSON array of objects` });
      } else if (Array.isArray(parsed)) seed = parsed as Record<string, unknown>[];
    }
  }
  const validate = crud.schema === undefined ? { ok: true as const, value: undefined } : compileItemSchema(crud.schema, at);
  if (!validate.ok) issues.push(...validate.error);
  if (issues.length > 0 || !validate.ok) return { ok: false, error: issues };
  return { ok: true, value: { collection: crud.collection, keyField, scope: crud.scope ?? 'global', seed, validate: validate.value } };
}
