/**
 * The forwarding blocks of a config: `upstreams:` (targets, TLS, pool, balancing, health) and the
 * `proxy:` responder of an endpoint (also `server.unmatched.proxy`). No `node:*` imports: the web
 * UI imports this through schema.ts.
 */
import Type from 'typebox';
import { proxyResilienceBlocks, upstreamResilienceBlocks } from './resilience-schema.js';
import { SloSchema } from './slo-schema.js';

/** Durations are defined once in the config's `$defs` (schema.ts). */
const DurationSchema = Type.Ref('Duration');

const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

const UPSTREAM_ID = '^[A-Za-z0-9][A-Za-z0-9._:-]*$';

/** A backend's base URL: a target's, or a proxy's single `url`. */
const baseUrl = (description: string) =>
  Type.String({
    pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
    description,
    ...message('expected an http:// or https:// URL like "http://127.0.0.1:9001" (no query, fragment or spaces)'),
  });

const HeaderName = Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", ...message('must be a header name') });

export const TargetSchema = Type.Object(
  {
    url: baseUrl('Base URL of one backend: http(s)://host:port, optionally with a path prefix; no query or fragment'),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, default: 1, ...message('must be a number greater than 0 and at most 1000') })),
  },
  strict,
);

const TlsSchema = Type.Object(
  {
    ca: Type.Optional(Type.String({ minLength: 1, description: 'PEM file of the CAs to trust, relative to the config file, inside server.fileRoots' })),
    cert: Type.Optional(Type.String({ minLength: 1, description: 'PEM client certificate for mTLS (with key)' })),
    key: Type.Optional(Type.String({ minLength: 1, description: 'PEM private key of the client certificate' })),
    servername: Type.Optional(Type.String({ minLength: 1, description: 'SNI name and the name the certificate must carry (default: the target host)' })),
    insecure: Type.Optional(Type.Boolean({ default: false, description: 'Accept any certificate (testing only)' })),
  },
  { ...strict, description: 'TLS to https targets' },
);

const PoolSchema = Type.Object(
  {
    connections: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10000, default: 128, description: 'Connections per target at most', ...message('must be an integer 1-10000') }),
    ),
    maxPending: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1000000,
        default: 1024,
        description: 'Requests that may wait for a connection across the targets; beyond it a request is answered 503 UPSTREAM_QUEUE_FULL',
        ...message('must be an integer 0-1000000'),
      }),
    ),
    keepAlive: Type.Optional(DurationSchema),
    connectTimeout: Type.Optional(DurationSchema),
    headersTimeout: Type.Optional(DurationSchema),
    bodyTimeout: Type.Optional(DurationSchema),
  },
  { ...strict, description: 'Connection pool per target (keepAlive default 4s, connectTimeout 5s, headersTimeout 30s, bodyTimeout 30s between body chunks)' },
);

const HashKeySchema = Type.String({
  pattern: '^(client|session|path|(header|cookie|query):[^\\s]+)$',
  description: 'What requests are hashed on: client, session, path, header:<name>, cookie:<name> or query:<name>',
  ...message('expected client, session, path, header:<name>, cookie:<name> or query:<name>'),
});

export const BalanceSchema = Type.Union(
  [
    Type.Literal('round-robin'),
    Type.Literal('weighted-round-robin'),
    Type.Literal('random'),
    Type.Literal('least-connections'),
    Type.Literal('latency-adaptive'),
    Type.Object(
      {
        'consistent-hash': Type.Object(
          {
            key: HashKeySchema,
            virtualNodes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 160, ...message('must be an integer 1-1000') })),
          },
          strict,
        ),
      },
      strict,
    ),
  ],
  {
    default: 'weighted-round-robin',
    description:
      'How a target is chosen: round-robin, weighted-round-robin (smooth), random, least-connections, latency-adaptive, or { consistent-hash: { key } }',
    ...message('expected round-robin, weighted-round-robin, random, least-connections, latency-adaptive or { consistent-hash: { key, virtualNodes } }'),
  },
);

const StatusRangeSchema = Type.String({
  pattern: '^[1-5]\\d\\d(-[1-5]\\d\\d)?$',
  description: 'A status or a range, e.g. "200" or "200-399"',
  ...message('expected a status or a range like "200-399"'),
});

const HealthSchema = Type.Object(
  {
    path: Type.Optional(
      Type.String({
        pattern: '^/',
        description: 'Active probes: the path each target is asked (no active probes without it)',
        ...message('must start with "/"'),
      }),
    ),
    method: Type.Optional(
      Type.Union([Type.Literal('GET'), Type.Literal('HEAD'), Type.Literal('OPTIONS')], { default: 'GET', ...message('expected GET, HEAD or OPTIONS') }),
    ),
    interval: Type.Optional(DurationSchema),
    timeout: Type.Optional(DurationSchema),
    expectStatus: Type.Optional(StatusRangeSchema),
    expectBody: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: "Text the probe answer's body must contain (first 64 KiB read)" })),
    healthyAfter: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
    unhealthyAfter: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 2 })),
    jitter: Type.Optional(
      Type.Number({ minimum: 0, maximum: 0.5, default: 0.1, description: 'Each interval varies by ± this share, so probes of many targets spread' }),
    ),
    outlier: Type.Optional(
      Type.Object(
        {
          consecutive5xx: Type.Optional(Type.Integer({ minimum: 1, default: 5 })),
          consecutiveFailures: Type.Optional(Type.Integer({ minimum: 1, default: 5, description: 'Consecutive connect failures and timeouts' })),
          baseEjection: Type.Optional(DurationSchema),
          maxEjection: Type.Optional(DurationSchema),
          maxEjectedPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, default: 50 })),
          panicThreshold: Type.Optional(
            Type.Number({
              minimum: 0,
              maximum: 100,
              default: 50,
              description: "Below this share of healthy targets, route to all targets (Envoy's panic mode)",
            }),
          ),
        },
        { ...strict, description: 'Passive outlier detection: eject a failing target for baseEjection × times ejected (up to maxEjection)' },
      ),
    ),
  },
  { ...strict, description: 'Health: active probes (with path) and passive outlier detection' },
);

export const UpstreamSchema = Type.Object(
  {
    id: Type.String({ pattern: UPSTREAM_ID, ...message('must be a non-empty id of letters, digits, ".", "_", ":" or "-"') }),
    targets: Type.Array(TargetSchema, { minItems: 1, maxItems: 256 }),
    tls: Type.Optional(TlsSchema),
    pool: Type.Optional(PoolSchema),
    balance: Type.Optional(BalanceSchema),
    health: Type.Optional(HealthSchema),
    ...upstreamResilienceBlocks,
    slo: Type.Optional(SloSchema),
  },
  { ...strict, description: 'A named group of backends an endpoint can forward to' },
);

export const ProxySchema = Type.Object(
  {
    upstream: Type.Optional(Type.String({ pattern: UPSTREAM_ID, description: 'The id of an upstream under `upstreams:`' })),
    url: Type.Optional(baseUrl('A single backend base URL, instead of an upstream')),
    path: Type.Optional(Type.String({ minLength: 1, description: 'The upstream path as a template, e.g. "/v2/{{request.params.rest}}" (the query is kept)' })),
    stripPrefix: Type.Optional(
      Type.String({ pattern: '^/', description: 'Removed from the start of the request path before forwarding', ...message('must start with "/"') }),
    ),
    headers: Type.Optional(
      Type.Object(
        {
          set: Type.Optional(Type.Record(HeaderName, Type.String())),
          remove: Type.Optional(Type.Array(HeaderName)),
        },
        { ...strict, description: 'Request headers set or removed on the way upstream' },
      ),
    ),
    preserveHost: Type.Optional(Type.Boolean({ default: false, description: "Send the client's Host instead of the target's" })),
    forwardedHeaders: Type.Optional(Type.Boolean({ default: true, description: 'Add X-Forwarded-For/Proto/Host, Forwarded and Via' })),
    timeout: Type.Optional(DurationSchema),
    ...proxyResilienceBlocks,
  },
  { ...strict, description: 'Forward the request to a real backend (an upstream or a url) and answer with what it answers' },
);
