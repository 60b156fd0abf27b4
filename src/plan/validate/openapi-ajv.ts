import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { linearRegExp } from '../match/linear-reg-exp.js';

// Loaded on first use (a config with `validate:` rules): a start without one pays nothing for them.
const require = createRequire(import.meta.url);

const INT32 = { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 } as const;
const ANY_NUMBER = { type: 'number', validate: () => true } as const;
const ANY_STRING = { type: 'string', validate: () => true } as const;

/**
 * An Ajv for OpenAPI schemas converted to JSON Schema 2020-12: every violation (allErrors), the
 * linear-time regex engine (patterns come from a spec, values from any client), and OpenAPI's own
 * formats (int32, int64, float, double, byte, binary, password) known, so they are not refused.
 * `coerce` makes query/header/path strings count as the number or boolean their schema names.
 * `inlineRefs: false` compiles each referenced schema once, however many schemas use it;
 * `allErrors: false` and `optimize: false` compile faster where only a yes/no is needed.
 */
export function createOpenApiAjv(coerce: boolean, options: { inlineRefs?: boolean; allErrors?: boolean; optimize?: boolean } = {}): Ajv2020 {
  const { Ajv2020: Ajv2020Class } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  const ajv = addFormats(
    new Ajv2020Class({
      allErrors: options.allErrors ?? true,
      strict: false,
      logger: false,
      validateSchema: false,
      code: { regExp: linearRegExp, ...(options.optimize === false ? { optimize: false } : {}) },
      ...(coerce ? { coerceTypes: 'array' as const } : {}),
      ...(options.inlineRefs === false ? { inlineRefs: false } : {}),
    }),
  );
  ajv.addFormat('int32', INT32);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', ANY_NUMBER);
  ajv.addFormat('double', ANY_NUMBER);
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 });
  ajv.addFormat('binary', ANY_STRING);
  ajv.addFormat('password', ANY_STRING);
  return ajv;
}
