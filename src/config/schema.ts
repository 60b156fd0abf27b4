/**
 * The one schema of a Mimicus config (version 2). It gives the TypeScript types, the runtime
 * validation (Ajv), the published JSON Schema (`mimicus schema`) and, later, the UI's form rules.
 * No `node:*` imports here: the web UI imports this file.
 *
 * The whole config is one `Type.Cyclic` so that the recursive parts (predicates and request
 * matches) are defined once under `$defs` and referenced, which keeps the published schema small
 * and lets Ajv compile it without duplicate ids.
 */
import Type, { type Static } from 'typebox';
import {
  MixtureComponentSchema,
  behaviorBlocks,
  FaultSchema,
  LatencySchema,
  RateLimitSchema,
  ScheduleSchema,
  ScheduleWindowSchema,
} from './behavior-schema.js';
import { CorsSchema } from './cors-schema.js';
import { DurationSchema } from './duration-schema.js';
import { HttpMethods } from './http-methods.js';
import { SizeSchema } from './size-schema.js';
import { ScopeSchema, StateActionsSchema, StateSettingsSchema, WorkflowSchema } from './state-schema.js';
import { AdminSchema, JournalSchema } from './control-schema.js';
import { ObservabilitySchema } from './observability-schema.js';
import { ProxySchema, UpstreamSchema } from './upstream-schema.js';
import { fallbackSchema } from './resilience-schema.js';
import { SloSchema } from './slo-schema.js';
import { RequestValidationSchema } from './request-validation-schema.js';

export { DurationSchema, SizeSchema };

/** Custom keyword read by our error formatter: replaces Ajv's generic message for this node. */
const message = (errorMessage: string) => ({ errorMessage });

// Spelled out (not HttpMethods.map) so TypeScript sees a tuple and the static type is the literal union.
export const MethodSchema = Type.Union(
  [
    Type.Literal('GET'),
    Type.Literal('POST'),
    Type.Literal('PUT'),
    Type.Literal('PATCH'),
    Type.Literal('DELETE'),
    Type.Literal('HEAD'),
    Type.Literal('OPTIONS'),
    Type.Literal('TRACE'),
    Type.Literal('CONNECT'),
  ],
  { ...message(`expected an HTTP method: ${HttpMethods.join(', ')} (upper case)`) },
);

const HeaderValuesSchema = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Array(Type.String())], message('expected a string or a list of strings')),
  { description: 'Header names and values; a list gives the header several times' },
);

export const ResponseSchema = Type.Object(
  {
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, default: 200, ...message('must be an integer 100-599') })),
    headers: Type.Optional(HeaderValuesSchema),
    body: Type.Optional(Type.String({ description: 'The body as text (a Handlebars template when `template: true`)' })),
    json: Type.Optional(Type.Unknown({ description: 'The body as JSON; sets content-type application/json' })),
    bodyFile: Type.Optional(Type.String({ minLength: 1, description: 'Path of a file served as the body, relative to the config file' })),
    template: Type.Optional(Type.Boolean({ description: 'Render body, json strings and header values as Handlebars templates' })),
  },
  { additionalProperties: false, description: 'One response. body, json and bodyFile are mutually exclusive.' },
);

export const VariantSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1 })),
    weight: Type.Number({ exclusiveMinimum: 0, ...message('must be a number greater than 0') }),
    response: ResponseSchema,
  },
  { additionalProperties: false },
);

export const SequenceSchema = Type.Object(
  {
    responses: Type.Array(ResponseSchema, { minItems: 1 }),
    after: Type.Optional(
      Type.Union([Type.Literal('last'), Type.Literal('cycle'), Type.Literal('404')], {
        default: 'last',
        description: 'What to serve once every response was served once: repeat the last, start again, or 404',
        ...message('expected one of "last", "cycle", "404"'),
      }),
    ),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Which requests walk the sequence together: a template rendered per request, each value with its own position ' +
          '(e.g. "{{request.headers.x-user}}"). Default: the path parameters, so /jobs/1 and /jobs/2 each start at the first response; ' +
          'a constant ("all") shares one position between every request',
      }),
    ),
  },
  { additionalProperties: false },
);

const strict = { additionalProperties: false } as const;

/** Definitions shared by reference; recursive ones, and large ones used in several places, live here. */
const definitions = {
  Duration: DurationSchema,
  MixtureComponent: MixtureComponentSchema,
  Latency: LatencySchema,
  Fault: FaultSchema,
  RateLimit: RateLimitSchema,
  ScheduleWindow: ScheduleWindowSchema,
  Schedule: ScheduleSchema,
  StateScope: ScopeSchema,
  Predicate: Type.Union(
    [
      Type.String({ description: 'Shorthand for { equals: "…" }' }),
      Type.Number(),
      Type.Boolean(),
      Type.Object({ equals: Type.Unknown(), caseInsensitive: Type.Optional(Type.Boolean()) }, strict),
      Type.Object({ contains: Type.String(), caseInsensitive: Type.Optional(Type.Boolean()) }, strict),
      Type.Object(
        {
          regex: Type.String({ minLength: 1, description: 'RE2 syntax, matched in linear time; no backreferences or lookaround' }),
          flags: Type.Optional(Type.String({ pattern: '^[imsu]*$', ...message('regex flags may only be i, m, s, u') })),
        },
        strict,
      ),
      Type.Object({ present: Type.Boolean() }, strict),
      Type.Object({ absent: Type.Boolean() }, strict),
      Type.Object({ json: Type.Unknown({ description: 'Partial JSON equality: every given field must be equal' }) }, strict),
      Type.Object(
        {
          jsonPath: Type.String({ minLength: 1, description: 'JSONPath; matches when it selects at least one value' }),
          value: Type.Optional(Type.Ref('Predicate', { description: 'A predicate one selected value must satisfy' })),
        },
        strict,
      ),
      Type.Object({ jsonSchema: Type.Record(Type.String(), Type.Unknown()) }, strict),
      Type.Object({ all: Type.Array(Type.Ref('Predicate'), { minItems: 1 }) }, strict),
      Type.Object({ any: Type.Array(Type.Ref('Predicate'), { minItems: 1 }) }, strict),
      Type.Object({ not: Type.Ref('Predicate') }, strict),
    ],
    {
      description: 'A predicate on a value: a literal (equals), or one of equals, contains, regex, present, absent, json, jsonPath, jsonSchema, all, any, not',
    },
  ),
  RequestMatch: Type.Object(
    {
      query: Type.Optional(Type.Record(Type.String(), Type.Ref('Predicate'))),
      headers: Type.Optional(Type.Record(Type.String(), Type.Ref('Predicate'))),
      cookies: Type.Optional(Type.Record(Type.String(), Type.Ref('Predicate'))),
      body: Type.Optional(Type.Ref('Predicate')),
      state: Type.Optional(
        Type.Record(Type.String({ minLength: 1 }), Type.Ref('Predicate'), {
          description: "Predicates on state keys in the endpoint's scope (an absent key only satisfies absent/not)",
        }),
      ),
      all: Type.Optional(Type.Array(Type.Ref('RequestMatch'), { minItems: 1 })),
      any: Type.Optional(Type.Array(Type.Ref('RequestMatch'), { minItems: 1 })),
      not: Type.Optional(Type.Ref('RequestMatch')),
    },
    { ...strict, description: 'Predicates on the request; every given part must match' },
  ),
  Endpoint: Type.Object(
    {
      id: Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
        ...message('must be a non-empty id of letters, digits, ".", "_", ":" or "-"'),
      }),
      description: Type.Optional(Type.String()),
      tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
      method: Type.Optional(
        Type.Union([MethodSchema, Type.Array(MethodSchema, { minItems: 1 }), Type.Literal('*')], {
          description: 'One method, a list, or "*" for any (the default)',
          ...message(`expected an HTTP method (${HttpMethods.join(', ')}), a list of them, or "*"`),
        }),
      ),
      path: Type.String({
        pattern: '^/',
        description: 'Path template: /users/{id}, /users/{id:[0-9]+}, /files/*/meta, /static/**',
        ...message('must be a path template starting with "/"'),
      }),
      priority: Type.Optional(Type.Integer({ description: 'Higher wins among endpoints that match the same request', default: 0 })),
      enabled: Type.Optional(
        Type.Boolean({ default: true, description: 'false keeps the endpoint in the config but it answers nothing (and clashes with nothing)' }),
      ),
      match: Type.Optional(Type.Ref('RequestMatch')),
      validate: Type.Optional(RequestValidationSchema),
      ...behaviorBlocks,
      schedule: Type.Optional(Type.Ref('Schedule')),
      response: Type.Optional(ResponseSchema),
      variants: Type.Optional(Type.Array(VariantSchema, { minItems: 1 })),
      sequence: Type.Optional(SequenceSchema),
      responses: Type.Optional(
        Type.Record(Type.String({ minLength: 1 }), ResponseSchema, {
          description: "One response per state of the endpoint's workflow; `response` answers the states not listed",
        }),
      ),
      whenState: Type.Optional(
        Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
          description: "Matches only while the endpoint's workflow is in this state (or one of these)",
          ...message('expected a state name or a list of state names'),
        }),
      ),
      state: Type.Optional(StateActionsSchema),
      crud: Type.Optional(
        Type.Object(
          {
            collection: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', ...message('must be a name of letters, digits, ".", "_" or "-"') }),
            key: Type.Optional(Type.String({ minLength: 1, description: 'The field holding each item\'s id (default "id")' })),
            seed: Type.Optional(
              Type.String({ minLength: 1, description: 'A JSON file (an array of items), relative to the config file, loaded into an empty collection' }),
            ),
            schema: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema that created and replaced items must satisfy' })),
            scope: Type.Optional(
              Type.Ref('StateScope', { description: 'One collection for everyone (global, the default), or one per session, client or endpoint' }),
            ),
          },
          { ...strict, description: 'A REST collection kept in the state store: list, get, create, replace, patch, delete under the endpoint path' },
        ),
      ),
      proxy: Type.Optional(ProxySchema),
      fallback: Type.Optional(fallbackSchema(ResponseSchema, VariantSchema)),
      slo: Type.Optional(SloSchema),
    },
    { ...strict, description: 'One mock endpoint. Exactly one of response, variants, sequence, crud, proxy.' },
  ),
  Config: Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      version: Type.Literal(2, message('must be 2 (this Mimicus reads config version 2)')),
      include: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description: 'Further config files or globs, relative to this file; their endpoints are appended',
        }),
      ),
      server: Type.Optional(
        Type.Object(
          {
            host: Type.Optional(Type.String({ minLength: 1, default: '127.0.0.1' })),
            port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 8080, ...message('must be an integer 0-65535') })),
            seed: Type.Optional(Type.Integer({ description: 'Seed of the PRNG behind variants, faker and random helpers' })),
            fileRoots: Type.Optional(
              Type.Array(Type.String({ minLength: 1 }), {
                description:
                  "Directories (relative to the config file) whose files bodyFile, seed and include may read, besides the config's own directory; symlinks are resolved before the check. Only the config file can change it, not the admin API",
              }),
            ),
            maxFileSize: Type.Optional(SizeSchema),
            maxBodySize: Type.Optional(SizeSchema),
            // Request-body bytes held in memory at once, all requests together (default 256MiB).
            maxTotalBodySize: Type.Optional(SizeSchema),
            shutdownTimeout: Type.Optional(Type.Ref('Duration')),
            keepAliveTimeout: Type.Optional(
              Type.Ref('Duration', { description: 'How long an idle keep-alive connection stays open (default 5s; must be above 0)' }),
            ),
            requestTimeout: Type.Optional(
              Type.Ref('Duration', {
                description: 'Time to receive a whole request, body included (default 30s); intentional delays (latency, hang) do not count',
              }),
            ),
            headersTimeout: Type.Optional(
              Type.Ref('Duration', {
                description: "Time to receive a request's headers, and for a new connection to send its first byte (default 10s, at most requestTimeout)",
              }),
            ),
            maxConnections: Type.Optional(
              Type.Integer({
                minimum: 1,
                description: 'Open client connections; one more is answered 503 and closed (default 10000)',
                ...message('must be an integer of at least 1'),
              }),
            ),
            templateLimits: Type.Optional(
              Type.Object(
                {
                  maxIterations: Type.Optional(
                    Type.Integer({
                      minimum: 1,
                      description: 'Block iterations (each, repeat, with, if…) one render may run, all loops together (default 100000)',
                    }),
                  ),
                  maxOutputBytes: Type.Optional(SizeSchema),
                },
                { ...strict, description: 'A budget per template render; a render over it answers 500 TEMPLATE_LIMIT_EXCEEDED' },
              ),
            ),
            debugHeaders: Type.Optional(Type.Boolean({ description: 'Add a Server-Timing header with the sampled delay, fault, variant and window' })),
            cors: Type.Optional(CorsSchema),
            clock: Type.Optional(
              Type.Object(
                {
                  start: Type.String({
                    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$',
                    description: 'Run the schedule clock from this instant (for testing schedules)',
                    ...message('expected an ISO 8601 instant with offset, like "2026-01-05T08:59:50+01:00"'),
                  }),
                },
                strict,
              ),
            ),
            unmatched: Type.Optional(
              Type.Object(
                {
                  nearMisses: Type.Optional(Type.Boolean({ default: true, description: 'List the nearest endpoints in the 404 body' })),
                  response: Type.Optional(ResponseSchema),
                  proxy: Type.Optional(ProxySchema),
                },
                { ...strict, description: 'What to answer when no endpoint matches (the catch-all): a response, or forward (partial mocking)' },
              ),
            ),
          },
          strict,
        ),
      ),
      defaults: Type.Optional(
        Type.Object(
          {
            headers: Type.Optional(HeaderValuesSchema),
            ...behaviorBlocks,
            schedule: Type.Optional(Type.Ref('Schedule')),
          },
          { ...strict, description: 'Applied to every endpoint unless the endpoint says otherwise' },
        ),
      ),
      state: Type.Optional(StateSettingsSchema),
      admin: Type.Optional(AdminSchema),
      journal: Type.Optional(JournalSchema),
      observability: Type.Optional(ObservabilitySchema),
      endpoints: Type.Optional(Type.Array(Type.Ref('Endpoint'))),
      workflows: Type.Optional(Type.Array(WorkflowSchema)),
      upstreams: Type.Optional(Type.Array(UpstreamSchema, { description: 'Named groups of real backends that endpoints forward to' })),
    },
    strict,
  ),
};

export const ConfigSchema = Type.Cyclic(definitions, 'Config', {
  $id: 'https://mimicus.dev/schema/config-v2.json',
  title: 'Mimicus configuration',
});

export type Config = Static<typeof ConfigSchema>;
export type Endpoint = Static<ReturnType<typeof endpointType>>;
export type Predicate = Static<ReturnType<typeof predicateType>>;
export type RequestMatch = Static<ReturnType<typeof requestMatchType>>;
export type ResponseConfig = Static<typeof ResponseSchema>;
export type RequestValidationConfig = Static<typeof RequestValidationSchema>;
export type CrudConfig = NonNullable<Endpoint['crud']>;
export type ProxyConfig = NonNullable<Endpoint['proxy']>;
export type UpstreamConfig = NonNullable<Config['upstreams']>[number];
export type StateActionsConfig = NonNullable<Endpoint['state']>;
export type StateScope = NonNullable<StateActionsConfig['scope']>;
export type WorkflowConfig = NonNullable<Config['workflows']>[number];
export type AdminConfig = NonNullable<Config['admin']>;
export type JournalConfig = Config['journal'];
export type HttpMethod = Static<typeof MethodSchema>;
export type Duration = Static<typeof DurationSchema>;
export type Size = Static<typeof SizeSchema>;

export type LatencyConfig = Static<Type.TCyclic<typeof definitions, 'Latency'>>;
export type FaultConfig = Static<Type.TCyclic<typeof definitions, 'Fault'>>;
export type RateLimitConfig = Static<Type.TCyclic<typeof definitions, 'RateLimit'>>;
export type ScheduleConfig = Static<Type.TCyclic<typeof definitions, 'Schedule'>>;
export type ScheduleWindowConfig = Static<Type.TCyclic<typeof definitions, 'ScheduleWindow'>>;
export type MixtureComponentConfig = Static<Type.TCyclic<typeof definitions, 'MixtureComponent'>>;

// Type-only helpers: resolve a definition inside the cyclic scope so references get real types.
declare function endpointType(): Type.TCyclic<typeof definitions, 'Endpoint'>;
declare function predicateType(): Type.TCyclic<typeof definitions, 'Predicate'>;
declare function requestMatchType(): Type.TCyclic<typeof definitions, 'RequestMatch'>;
