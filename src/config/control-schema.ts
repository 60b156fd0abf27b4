/**
 * The control-plane parts of the config schema (see schema.ts): the admin API and the request
 * journal. No `node:*` imports: the web UI imports the schema.
 */
import Type from 'typebox';
import { SizeSchema } from './size-schema.js';

const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

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
            key: Type.String({ minLength: 16, description: 'The secret (use ${ENV_VAR}); at least 16 characters', ...message('must be at least 16 characters') }),
            role: Type.Optional(
              Type.Union([Type.Literal('read'), Type.Literal('admin')], { default: 'admin', ...message('expected "read" or "admin"') }),
            ),
          },
          strict,
        ),
      ),
    ),
  },
  { ...strict, description: 'The admin API (control plane), on its own listener; keys are required unless it listens on loopback only' },
);

export const JournalSchema = Type.Union(
  [
    Type.Literal(false),
    Type.Object(
      {
        size: Type.Optional(Type.Integer({ minimum: 1, default: 100, description: 'Requests kept in memory (newest first); a larger ring costs throughput under load' })),
        maxBodySize: Type.Optional(SizeSchema),
        persist: Type.Optional(Type.Boolean({ default: true, description: 'Also keep requests in the data dir (journal.sqlite), written in batches off the request path' })),
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
                  description: 'Query parameters redacted in the URL besides token, access_token, api_key, apikey, key, password, secret, signature and the like',
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
