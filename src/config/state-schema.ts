/**
 * The state parts of the config schema (see schema.ts): scopes, an endpoint's `state:` actions,
 * the top-level `state:` settings and `workflows`. References (`Type.Ref`) resolve in schema.ts's
 * cyclic scope. No `node:*` imports: the web UI imports the schema.
 */
import Type from 'typebox';
import { behaviorBlocks } from './behavior-schema.js';

const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

export const ScopeSchema = Type.Union([Type.Literal('global'), Type.Literal('session'), Type.Literal('client'), Type.Literal('endpoint')], {
  description:
    'Where state lives: global (shared by every request), session (per session id), client (per client address) or endpoint (private to one endpoint)',
  ...message('expected one of "global", "session", "client", "endpoint"'),
});

const StateKey = Type.String({ minLength: 1, description: 'A state key (a name within its scope)' });

export const StateActionsSchema = Type.Object(
  {
    scope: Type.Optional(
      Type.Ref('StateScope', { description: "Scope of this endpoint's state: templates, actions and match.state (default: state.scope, else global)" }),
    ),
    set: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.Unknown(), {
        description: 'Keys to set after the endpoint answers; a string value containing {{ }} is rendered as a template',
      }),
    ),
    inc: Type.Optional(
      Type.Union([Type.Array(StateKey, { minItems: 1 }), Type.Record(Type.String({ minLength: 1 }), Type.Integer())], {
        description: 'Keys to increment by 1 (a list) or by the given amounts (a map)',
        ...message('expected a list of keys or a map of key to integer'),
      }),
    ),
    delete: Type.Optional(Type.Array(StateKey, { minItems: 1, description: 'Keys to delete after the endpoint answers' })),
    ttl: Type.Optional(
      Type.Ref('Duration', {
        description: 'How long the keys of `set` live (a login that expires: "30m"); each set starts the time again. Absent: until deleted',
      }),
    ),
    session: Type.Optional(
      Type.Union([Type.Literal('start'), Type.Literal('end')], {
        description:
          'start: this response opens a new session (a login): a fresh random id is sent as the session cookie and header, and this ' +
          "request's session-scope writes already go to it; end: the response clears the session cookie (a logout)",
        ...message('expected "start" or "end"'),
      }),
    ),
  },
  { ...strict, description: "The endpoint's state scope and the actions applied when it answers with its own response (not an injected fault)" },
);

export const WorkflowSchema = Type.Object(
  {
    id: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
      ...message('must be a non-empty id of letters, digits, ".", "_", ":" or "-"'),
    }),
    description: Type.Optional(Type.String()),
    endpoints: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Member endpoint ids' })),
    match: Type.Optional(
      Type.Object(
        {
          pathPrefix: Type.Optional(Type.String({ pattern: '^/', ...message('must be a path starting with "/"') })),
          tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Endpoints with any of these tags' })),
        },
        { ...strict, description: 'Members by path prefix and/or tags (an endpoint must satisfy every given part)' },
      ),
    ),
    overrides: Type.Optional(
      Type.Object(behaviorBlocks, { ...strict, description: "Behavior of the members: above defaults, below the endpoint's own blocks and schedule windows" }),
    ),
    rateLimit: Type.Optional(Type.Ref('RateLimit', { description: 'One token bucket shared by every member' })),
    precedence: Type.Optional(
      Type.Integer({ description: 'When an endpoint is in several workflows that override the same block, the highest precedence wins' }),
    ),
    scope: Type.Optional(
      Type.Union([Type.Literal('global'), Type.Literal('session'), Type.Literal('client')], {
        default: 'session',
        description: 'Where the state machine keeps its current state',
        ...message('expected one of "global", "session", "client"'),
      }),
    ),
    states: Type.Optional(
      Type.Object(
        {
          initial: Type.String({ minLength: 1 }),
          transitions: Type.Array(
            Type.Object(
              {
                on: Type.String({ minLength: 1, description: 'The member endpoint whose answer fires the transition' }),
                from: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
                  description: 'The state(s) it leaves; "*" for any',
                  ...message('expected a state name, a list of them, or "*"'),
                }),
                to: Type.String({ minLength: 1 }),
                when: Type.Optional(Type.Ref('RequestMatch', { description: 'Fires only when the request (and state) match' })),
              },
              strict,
            ),
            { minItems: 1 },
          ),
        },
        { ...strict, description: 'A state machine; the first transition that applies fires when its endpoint answers with its own response' },
      ),
    ),
  },
  { ...strict, description: 'A named group of endpoints (a user journey) with shared overrides, a shared rate limit and an optional state machine' },
);

export const StateSettingsSchema = Type.Object(
  {
    scope: Type.Optional(Type.Ref('StateScope', { description: "Default scope of endpoints' state (default global)" })),
    session: Type.Optional(
      Type.Object(
        {
          header: Type.Optional(Type.String({ minLength: 1, default: 'x-mimicus-session', description: 'Request header carrying the session id' })),
          cookie: Type.Optional(
            Type.String({ minLength: 1, default: 'mimicus-session', description: 'Cookie carrying the session id (read when the header is absent)' }),
          ),
        },
        { ...strict, description: "Where a request's session id comes from; a request with neither is the session of its client address" },
      ),
    ),
    sessionTtl: Type.Optional(
      Type.Union([Type.Ref('Duration'), Type.Literal(false)], {
        description: 'How long session-scope state lives after its last write, unless a write sets its own ttl (default 1h; false: until deleted)',
        ...message('expected a duration like "1h", or false'),
      }),
    ),
    store: Type.Optional(
      Type.Literal('redis', {
        description:
          'Where state lives: "redis" shares it (and rate limits, config, metrics) between instances; absent: SQLite in the data directory, or memory without one. Read at start',
        ...message('expected "redis" (leave it out for SQLite or memory)'),
      }),
    ),
    url: Type.Optional(
      Type.String({
        pattern: '^rediss?://',
        description: 'With store: redis, the Redis to use: redis://[user:password@]host:port[/db], or rediss:// for TLS (${ENV} works here)',
        ...message('expected a redis:// or rediss:// URL'),
      }),
    ),
    keyPrefix: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'Put before every Redis key (default "mimicus:"): instances with the same prefix are one cluster',
      }),
    ),
    trustedProxies: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Addresses or CIDR ranges whose X-Forwarded-For is believed for the client scope (none by default)',
      }),
    ),
  },
  { ...strict, description: 'How state is scoped' },
);
