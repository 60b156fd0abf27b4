import type { Random } from '../distributions/index.js';
import type { CorsPolicy } from './compile-cors.js';
import type { Routable, RouteTable } from './match/types.js';
import type { EndpointBehaviors } from './behaviors/compile-behaviors.js';
import type { Responder } from './responders/types.js';
import type { PlanWorkflow } from './workflows/index.js';
import type { StateRef } from './mock-request.js';
import type { EndpointState, StateSettings, UpFrontIncrement } from './state/index.js';
import type { TemplateLimits } from './templates/types.js';
import type { RequestCheck } from './validate/index.js';
import type { ProxySpec, UpstreamSpec } from './upstreams/upstream-spec.js';
import type { SloSpec } from './compile-slos.js';

/** Data-plane settings resolved from `server`, with units in the names. */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Request-body bytes held in memory at once, all requests together. */
  readonly maxTotalBodyBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Time to receive a whole request, body included; intentional delays come after and do not count. */
  readonly requestTimeoutMs: number;
  /** Time to receive a request's headers, and for a new connection to send its first byte. */
  readonly headersTimeoutMs: number;
  /** Open client connections; the next one is answered 503 and closed. */
  readonly maxConnections: number;
  /** The budget of one template render. */
  readonly templateLimits: TemplateLimits;
  /** Add a Server-Timing header saying what was intended (delay, fault, variant, window). */
  readonly debugHeaders: boolean;
  /** `server.clock.start` as epoch ms: the schedule clock starts there instead of now. */
  readonly clockStartMs: number | undefined;
  /** `server.cors`; undefined when off (the engine then pays one check per request). */
  readonly cors: CorsPolicy | undefined;
}

export interface PlanEndpoint extends Routable {
  readonly index: number;
  /** `enabled: false`: compiled (and checked) but left out of the route table, so it answers nothing. */
  readonly enabled: boolean;
  readonly responder: Responder;
  /** Its `validate:` rules: a refusal (400/422 problem+json) for a request that breaks them. */
  readonly requestCheck?: RequestCheck;
  readonly behaviors: EndpointBehaviors;
  /** The workflows it belongs to, highest precedence first. */
  readonly workflows: readonly PlanWorkflow[];
  /** The one workflow with states it belongs to: its state picks `whenState` and `responses`. */
  readonly stateWorkflow: PlanWorkflow | undefined;
  /** Matches only while `stateWorkflow` is in one of these states; undefined for any state. */
  readonly whenState: ReadonlySet<string> | undefined;
  /** Its state scope and `state:` actions. */
  readonly state: EndpointState;
  /** Answering reads or writes state: the engine takes its state path (load, passes, commit). */
  readonly usesState: boolean;
  /** State it reads by literal name, loaded in one round trip before the response is produced. */
  readonly stateReads: readonly StateRef[];
  /** Counter increments its response makes on every render, reserved before the first render. */
  readonly upFrontIncrements: readonly UpFrontIncrement[];
}

/**
 * The config compiled for speed. Immutable once built: a config change builds a new Plan and the
 * engine swaps one reference; requests in flight finish on the Plan they started with.
 */
export interface Plan {
  /** Increases with every Plan built in this process; shows which Plan answered. */
  readonly id: number;
  readonly seed: number;
  /** The one PRNG behind variants and random helpers of this Plan. */
  readonly random: Random;
  readonly server: ServerSettings;
  readonly endpoints: readonly PlanEndpoint[];
  readonly workflows: readonly PlanWorkflow[];
  /** How state is scoped: session header and cookie, trusted proxies, the default scope. */
  readonly state: StateSettings;
  /** Some endpoint matches on state (`match.state`, `whenState`): lookups need a StateView. */
  readonly matchesOnState: boolean;
  readonly routes: RouteTable<PlanEndpoint>;
  /** Forwards unmatched requests (`server.unmatched.proxy`, partial mocking) when set. */
  readonly unmatched: { readonly nearMisses: boolean; readonly responder: Responder | undefined; readonly proxy: ProxySpec | undefined };
  /** `upstreams:` and the implicit ones of `proxy.url`; the upstream registry reconciles to them. */
  readonly upstreams: readonly UpstreamSpec[];
  /** Some endpoint matches on the request body: a proxied body is read before matching. */
  readonly matchesOnBody: boolean;
  /** The `slo:` blocks of endpoints and upstreams (observe/slo counts against them). */
  readonly slos: readonly SloSpec[];
}
