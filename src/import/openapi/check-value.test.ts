import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOpenApiAjv } from '../../plan/index.js';
import { isSurelyValid } from './check-value.js';

const ajv = createOpenApiAjv(false, { inlineRefs: false, allErrors: false, optimize: false });

/** [schema, values]: each value is judged by both; a sure "valid" must be Ajv's verdict too. */
const CASES: readonly [Record<string, unknown>, readonly unknown[]][] = [
  [{ type: 'integer' }, [1, 1.5, '1', null, Infinity, -0]],
  [{ type: ['string', 'null'] }, ['a', null, 0]],
  [{ type: 'object', required: ['constructor'] }, [{}, { constructor: 1 }]],
  [{ properties: { constructor: { type: 'string' } } }, [{}, { constructor: 'x' }]],
  [{ type: 'string', minLength: 2, maxLength: 2 }, ['😀😀', 'ab', '😀', 'abc']],
  [{ multipleOf: 0.1 }, [0.3, 0.7, 1, 0.35]],
  [{ exclusiveMinimum: 1, maximum: 3 }, [1, 1.1, 3, 3.1, 'x']],
  [{ oneOf: [{ type: 'integer' }, { type: 'number' }] }, [1, 1.5, 'x']],
  [{ anyOf: [{ type: 'integer' }, { pattern: '^a' }] }, [1, 'ab', 'b']],
  [{ not: { enum: [1, { a: [1] }] } }, [1, 2, { a: [1] }, { a: [2] }]],
  [{ const: { a: 1, b: [true] } }, [{ b: [true], a: 1 }, { a: 1 }]],
  [
    { uniqueItems: true },
    [
      [1, 2],
      [{ a: 1 }, { a: 1 }],
      [[1], [1, 2]],
    ],
  ],
  [{ prefixItems: [{ type: 'string' }], items: { type: 'integer' }, minItems: 1 }, [['a', 1, 2], ['a', 'b'], [], [1]]],
  [{ properties: { a: { type: 'integer' } }, additionalProperties: false, minProperties: 1 }, [{ a: 1 }, { a: 1, b: 2 }, {}]],
  [{ additionalProperties: { type: 'string' } }, [{ x: 'a' }, { x: 1 }]],
  [{ format: 'date-time' }, ['2024-01-01T00:00:00Z', 'yesterday', 5]],
  [{ format: 'int32' }, [1, 2 ** 31, 'x']],
  [{ format: 'no-such-format' }, ['anything']],
  [{ pattern: '^(a+)+$' }, ['aaa', 'b']],
  [
    { $ref: '#/$defs/Node', $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } }, required: ['id'] } } },
    [
      { id: 1, next: { id: 2 } },
      { id: 1, next: {} },
    ],
  ],
  [{ if: { type: 'string' }, then: { minLength: 1 } }, ['', 'a']],
  [{ patternProperties: { '^x': { type: 'string' } } }, [{ x: 1 }]],
];

describe('isSurelyValid', () => {
  it('never says "valid" where Ajv says invalid, and is sure of the plain cases', () => {
    let sure = 0;
    for (const [schema, values] of CASES) {
      const validate = ajv.compile(schema);
      for (const value of values) {
        const verdict = isSurelyValid(schema, value, ajv.formats);
        if (!verdict) continue;
        sure++;
        expect(validate(value), JSON.stringify({ schema, value })).toBe(true);
      }
    }
    expect(sure).toBeGreaterThanOrEqual(30);
  });

  it('leaves keywords it does not judge, inherited members and self-references that never descend to Ajv', () => {
    expect(isSurelyValid({ if: { type: 'string' }, then: { minLength: 1 } }, 'a', ajv.formats)).toBe(false);
    expect(isSurelyValid({ required: ['constructor'] }, {}, ajv.formats)).toBe(false);
    expect(isSurelyValid({ $ref: '#/$defs/A', $defs: { A: { allOf: [{ $ref: '#/$defs/A' }] } } }, 1, ajv.formats)).toBe(false);
  });

  it('agrees exactly with Ajv on random values against a schema of keywords it judges', () => {
    const schema = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'integer', minimum: 0 },
        name: { type: ['string', 'null'], maxLength: 3 },
        tags: { type: 'array', items: { enum: ['a', 'b', 1] }, uniqueItems: true },
        kind: { oneOf: [{ const: 'x' }, { type: 'number', multipleOf: 2 }] },
      },
      additionalProperties: false,
    };
    const validate = ajv.compile(schema);
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(fc.constantFrom('id', 'name', 'tags', 'kind', 'other'), fc.jsonValue({ maxDepth: 2 })),
        (any, record) => {
          for (const value of [any, record]) expect(isSurelyValid(schema, value, ajv.formats)).toBe(validate(value));
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
