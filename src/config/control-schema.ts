/**
 * The control-plane parts of the config schema (see schema.ts): the admin API and the request
 * journal. No `node:*` imports: the web UI imports the schema.
 */
import Type from 'typebox';
import { SizeSchema } from './size-schema.js';

const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

// Zero is refused: for a timeout it would mean "wait forever", for a body limit "refuse everything".
// The lookahead asks for one non-zero digit; the rest is the duration/size grammar of duration-pattern.ts and size-schema.ts.
const NON_ZERO = '(?=[^1-9]*[1-9])';
const positiveDuration = (options: { default: string; description: string }) =>
  Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String({ pattern: `^${NON_ZERO}\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s|m|h)?\\s*$` })], {
    ...options,
    ...message('expected a duration above zero, like "500ms", "30s" or a number of milliseconds'),
  });
const positiveSize = (options: { default: string; description: string }) =>
  Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: `^${NON_ZERO}\\s*\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|KiB|MiB|GiB|kB|k|K|M|G)?\\s*$` })], {
    ...options,
    ...message('expected a size above zero, like "8MiB", "512KiB" or a number of bytes'),
  });

/** A host name, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const HOST_PATTERN = '^([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?$';
const ORIGIN_PATTERN = '^https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?$';

export const AdminSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ default: true, description: 'Serve the admin API (mimicus serve --no-admin turns it off)' })),
    host: Type.Optional(Type.String({ minLength: 1, default: '127.0.0.1' })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 8081, ...message('must be an integer 0-65535') })),
    apiKeys: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, description: 'Recorded as the author of changes made with this key' }),
            key: Type.String({
              minLength: 16,
              description: 'The secret (use ${ENV_VAR}); at least 16 characters',
              ...message('must be at least 16 characters'),
            }),
            role: Type.Optional(Type.Union([Type.Literal('read'), Type.Literal('admin')], { default: 'admin', ...message('expected "read" or "admin"') })),
          },
          strict,
        ),
      ),
    ),
    allowedHosts: Type.Optional(
      Type.Array(
        Type.String({
          maxLength: 260,
          pattern: HOST_PATTERN,
          ...message('expected a host name or address, optionally with :port, like "mimicus.internal" or "localhost:18081"'),
        }),
        {
          description:
            'Host header values the admin API answers besides localhost, 127.0.0.1, [::1] and admin.host (a name alone means with the admin port); others get 421, which stops DNS rebinding',
        },
      ),
    ),
    cors: Type.Optional(
      Type.Object(
        {
          allowOrigins: Type.Array(
            Type.String({
              maxLength: 270,
              pattern: ORIGIN_PATTERN,
              ...message('expected an origin like "http://localhost:5173" (scheme, host and port; no path)'),
            }),
            {
              description: 'Pages at these origins may call the admin API from a browser (CORS); no other site may',
            },
          ),
        },
        {
          ...strict,
          description: 'Cross-origin access to the admin API from web pages; without it the admin API sends no CORS headers and refuses cross-site requests',
        },
      ),
    ),
    maxBodySize: Type.Optional(positiveSize({ default: '8MiB', description: 'Largest request body the admin API reads; larger ones get 413' })),
    requestTimeout: Type.Optional(
      positiveDuration({ default: '30s', description: 'Time a client has to send a whole request (headers and body); a stalled one is answered 408 and cut' }),
    ),
    headersTimeout: Type.Optional(positiveDuration({ default: '10s', description: 'Time a client has to send the request headers (at most requestTimeout)' })),
    maxConnections: Type.Optional(
      Type.Integer({
        minimum: 1,
        default: 32,
        description: 'Open connections the admin listener serves at once; further ones are answered 503 and closed',
        ...message('must be an integer of at least 1'),
      }),
    ),
  },
  { ...strict, description: 'The admin API (control plane), on its own listener; keys are required unless it listens on loopback only' },
);

export const JournalSchema = Type.Union(
  [
    Type.Literal(false),
    Type.Object(
      {
        size: Type.Optional(
          Type.Integer({ minimum: 1, default: 100, description: 'Requests kept in memory (newest first); a larger ring costs throughput under load' }),
        ),
        maxBodySize: Type.Optional(SizeSchema),
        persist: Type.Optional(
          Type.Boolean({ default: true, description: 'Also keep requests in the data dir (journal.sqlite), written in batches off the request path' }),
        ),
        persistPerSecond: Type.Optional(
          Type.Integer({
            minimum: 1,
            default: 500,
            description: 'At most this many requests of one second are persisted; under heavier load the rest stay in memory only and are counted as dropped',
          }),
        ),
        retention: Type.Optional(
          Type.Object(
            {
              count: Type.Optional(Type.Integer({ minimum: 1, default: 10000 })),
              age: Type.Optional(Type.Ref('Duration')),
            },
            { ...strict, description: 'How many and how old persisted requests are kept' },
          ),
        ),
        redact: Type.Optional(
          Type.Object(
            {
              headers: Type.Optional(
                Type.Array(Type.String({ minLength: 1 }), {
                  description: 'Redacted besides Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-API-Key, API-Key and X-Auth-Token',
                }),
              ),
              queryParams: Type.Optional(
                Type.Array(Type.String({ minLength: 1 }), {
                  description:
                    'Query parameters redacted in the URL besides token, access_token, api_key, apikey, key, password, secret, signature and the like',
                }),
              ),
              jsonFields: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'JSON body fields (by name, at any depth) to redact' })),
            },
            strict,
          ),
        ),
      },
      { ...strict, description: 'The request journal (inspector); false turns it off' },
    ),
  ],
  { ...message('expected false or a journal block') },
);
