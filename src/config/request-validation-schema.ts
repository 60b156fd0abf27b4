import Type from 'typebox';

/** Custom keyword read by our error formatter: replaces Ajv's generic message for this node. */
const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

/**
 * Request checks of an imported OpenAPI operation (`mimicus import --validate`): a request that
 * breaks a rule is answered 400 (parameters) or 422 (body) problem+json listing every violation.
 */
export const RequestValidationSchema = Type.Object(
  {
    parameters: Type.Optional(
      Type.Array(
        Type.Object(
          {
            in: Type.Union([Type.Literal('path'), Type.Literal('query'), Type.Literal('header'), Type.Literal('cookie')]),
            name: Type.String({ minLength: 1 }),
            required: Type.Optional(Type.Boolean()),
            schema: Type.Optional(
              Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (2020-12) of the value; strings are coerced to the type it names' }),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    body: Type.Optional(
      Type.Object(
        {
          required: Type.Optional(Type.Boolean()),
          content: Type.Optional(
            Type.Record(Type.String({ minLength: 1 }), Type.Record(Type.String(), Type.Unknown()), {
              description: 'Media type (or type/*, */*) → JSON Schema (2020-12) of the body; a body of another type is refused',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    security: Type.Optional(
      Type.Array(
        Type.Array(
          Type.Union([
            Type.Object(
              { in: Type.Union([Type.Literal('header'), Type.Literal('query'), Type.Literal('cookie')]), name: Type.String({ minLength: 1, maxLength: 256 }) },
              { additionalProperties: false, description: 'An API key: a header, query parameter or cookie of this name' },
            ),
            Type.Object(
              {
                scheme: Type.String({
                  pattern: "^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,63}$",
                  ...message('expected an HTTP authentication scheme like bearer or basic'),
                }),
              },
              { additionalProperties: false, description: 'An Authorization header of this scheme (bearer, basic, ...)' },
            ),
          ]),
          { maxItems: 16 },
        ),
        {
          minItems: 1,
          maxItems: 64,
          description:
            'Credentials a request must carry, checked first: any one entry whose credentials are all present is enough, else 401 with WWW-Authenticate. Presence is checked, not the value.',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'Check requests against these rules; a violation answers 401 (security), 400 (parameters) or 422 (body) problem+json',
  },
);
