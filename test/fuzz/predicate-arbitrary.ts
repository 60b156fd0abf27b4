import fc from 'fast-check';

/** Regex sources from regex syntax, mostly valid, nested quantifiers (`(a+)+`, `(a|a)*`) included. */
export const regexSource: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('^t-', 'a.c', '^[0-9]+$', 'x|y', '\\d{2,4}', '^(cat|dog)s?$', '[', '(', 'a{2,1}', '\\', '(?<n>a)\\k<n>', '^$'),
  fc
    .array(fc.constantFrom('a', 'b', '.', '*', '+', '?', '|', '(', ')', '[', ']', '^', '$', '\\d', '{2}', '[a-z]', '(a+)+', '(a|a)*'), {
      minLength: 1,
      maxLength: 10,
    })
    .map((parts) => parts.join('')),
);

const jsonPaths = fc.constantFrom('$.a', '$..b', '$[0]', '$.a[*].b', '$.a[?(@.b > 1)]', '$["x y"]', '$..*', '$.', '$[', '$.a[?(@.constructor)]', 'a.b');

const schemas = fc.constantFrom<Record<string, unknown>>(
  { type: 'object', required: ['a'] },
  { type: 'array', items: { type: 'integer' } },
  { type: 'string', pattern: '^x' },
  { $ref: '#/definitions/n', definitions: { n: { anyOf: [{ type: 'null' }, { type: 'array', items: { $ref: '#/definitions/n' } }] } } },
  { type: 'nope' },
  { properties: { a: { const: 1 } } },
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.record({ equals: fc.jsonValue({ maxDepth: 2 }), caseInsensitive: fc.boolean() }, { requiredKeys: ['equals'] }),
  fc.record({ contains: fc.string({ maxLength: 4 }), caseInsensitive: fc.boolean() }, { requiredKeys: ['contains'] }),
  fc.record({ regex: regexSource, flags: fc.constantFrom('', 'i', 'ms', 'u', 'x') }, { requiredKeys: ['regex'] }),
  fc.record({ present: fc.boolean() }),
  fc.record({ absent: fc.boolean() }),
  fc.record({ json: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ jsonPath: jsonPaths }),
  fc.record({ jsonSchema: schemas }),
);

/** Predicates as a config holds them (valid or not): leaves, and all/any/not/jsonPath-value a few levels deep. */
export const predicate: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  predicate: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leaf,
    fc.record({ all: fc.array(tie('predicate'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('predicate'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('predicate') }),
    // a jsonPath inside a jsonPath's value meets JSON scalars
    fc.record({
      jsonPath: jsonPaths,
      value: tie('predicate'),
    }),
  ),
})).predicate;
