/**
 * `server.cors`: cross-origin access to the data plane from browser apps. No `node:*` imports:
 * the web UI imports the schema.
 */
import Type from 'typebox';

const message = (errorMessage: string) => ({ errorMessage });

// An RFC 9110 token: header names and methods.
const Token = Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", ...message("must be a header name or method (letters, digits and !#$%&'*+.^_`|~-)") });
const tokens = (description: string) => Type.Array(Token, { minItems: 1, maxItems: 100, description });

export const CorsSchema = Type.Union(
  [
    Type.Boolean({ description: 'true: any origin, without credentials (the same as { origins: "*" }); false: off' }),
    Type.Object(
      {
        origins: Type.Union(
          [
            Type.Literal('*'),
            Type.Array(
              Type.String({
                pattern: '^https?://[^/\\s?#]+$',
                description: 'An origin: scheme, host and optional port, no path ("http://localhost:3000")',
                ...message('expected an origin like "http://localhost:3000" (scheme, host, optional port; no path)'),
              }),
              { minItems: 1, maxItems: 100 },
            ),
          ],
          { description: 'Pages at these origins may call the mock; "*" for any (not with credentials)', ...message('expected "*" or a list of origins') },
        ),
        methods: Type.Optional(tokens('Methods a preflight allows (default GET, HEAD, PUT, PATCH, POST, DELETE)')),
        headers: Type.Optional(tokens('Request headers a preflight allows (default: the ones the preflight asks for)')),
        exposeHeaders: Type.Optional(tokens('Response headers the page may read beyond the simple ones (e.g. x-mimicus-session, ratelimit-remaining)')),
        credentials: Type.Optional(Type.Boolean({ description: 'Let pages send cookies and read answers to requests that carry them (needs listed origins)' })),
        maxAge: Type.Optional(Type.Ref('Duration', { description: 'How long a browser may cache a preflight answer (Access-Control-Max-Age)' })),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'CORS on the data plane (off by default): answers preflights for paths an endpoint serves and adds the Access-Control-* headers to every answer to an allowed origin',
    ...message('expected true, false or { origins, methods, headers, exposeHeaders, credentials, maxAge }'),
  },
);
