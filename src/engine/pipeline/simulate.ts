import { AppError } from '../../errors/index.js';
import type { Behavior, MockRequest, NearMiss, Plan, PlanEndpoint, Responder, RouteLookup, WindowBehavior } from '../../plan/index.js';
import type { StateStore } from '../../state/index.js';
import { LazyIdentity, RequestState } from '../state/index.js';
import { DRY_CHOICES } from '../respond/choices.js';
import type { Answer } from './answer.js';
import { decide } from './decide.js';
import type { StageInput } from './exchange.js';
import { produce } from './produce.js';
import { shape } from './shape.js';

const NEAR_MISS_LIMIT = 3;

export interface SimulateInput {
  readonly plan: Plan;
  readonly request: MockRequest;
  /** The schedule clock's now (epoch ms): windows resolve as the data plane sees them. */
  readonly scheduleNow: number;
  /** Answer with this endpoint rather than the one the request matches (a preview of a given endpoint). */
  readonly endpoint?: PlanEndpoint;
  /** Run produce and shape too (a preview), not only match and decide (a match report). */
  readonly produce: boolean;
  /**
   * The state store and who asks (the sample's session header or cookie, the caller's address):
   * endpoints that match on state then see what that client's real request would. Read only.
   */
  readonly state?: { readonly store: StateStore; readonly clientAddress: string };
}

export type Simulation =
  | { readonly kind: 'unmatched'; readonly nearMisses: readonly NearMiss[] }
  | {
      readonly kind: 'matched';
      readonly endpoint: PlanEndpoint;
      readonly params: Readonly<Record<string, string>>;
      readonly behavior: Behavior;
      readonly window: WindowBehavior | undefined;
      /** The shaped answer, when asked to produce: the window's status applied, no fault, no delay. */
      readonly answer?: Answer;
    };

/** Never aborted: a dry run has no client connection. */
const NEVER = new AbortController().signal;

/**
 * A request through the same stages as a served one (match → decide → produce → shape), without
 * side effects: no rate-limit token is taken, no fault or variant is drawn (the first variant
 * answers), no sequence advances, nothing is recorded and the state store is not touched. What
 * would need the store (state helpers, CRUD) is refused with PREVIEW_UNSUPPORTED.
 */
export async function simulate(input: SimulateInput): Promise<Simulation> {
  const { plan } = input;
  const found = input.state !== undefined && plan.matchesOnState ? await lookupWithState(plan, input.request, input.state) : plan.routes.lookup(input.request);
  let endpoint: PlanEndpoint;
  let params: Readonly<Record<string, string>>;
  if (input.endpoint !== undefined) {
    endpoint = input.endpoint;
    // Path parameters as the router gives them; when another endpoint (or none) would answer, read off the template.
    params = found.kind === 'matched' && found.endpoint === endpoint ? found.params : paramsOf(endpoint.path, input.request.path);
  } else if (found.kind === 'unmatched') {
    return { kind: 'unmatched', nearMisses: plan.routes.nearMisses(input.request, NEAR_MISS_LIMIT) };
  } else ({ endpoint, params } = found);

  const x: StageInput = {
    plan,
    live: false,
    trace: undefined,
    choices: DRY_CHOICES,
    random: plan.random,
    endpointId: endpoint.id,
    request: { ...input.request, params },
    state: undefined,
    store: undefined,
    signal: NEVER,
    get identity(): never {
      throw new Error('a dry run reads no identity: it takes no rate-limit token');
    },
  };
  const decision = decide(x, endpoint, input.scheduleNow, undefined);
  if (decision.kind === 'answered') throw new Error('a dry run was refused by a rate limit it does not take');
  const matched = { kind: 'matched', endpoint, params, behavior: decision.behavior, window: decision.window } as const;
  if (!input.produce) return matched;
  refuseWhatNeedsState(endpoint.id, decision.responder);
  const answer = shape(x, endpoint, decision, await produce(x, decision), undefined);
  return { ...matched, answer };
}

/** Passes of a state-reading lookup before it answers with what it has (as the data plane's). */
const MAX_FILL_PASSES = 4;

/** The lookup over the store's state for the sample's session; loads what predicates read, writes nothing. */
async function lookupWithState(plan: Plan, sample: MockRequest, state: NonNullable<SimulateInput['state']>): Promise<RouteLookup<PlanEndpoint>> {
  const view = new RequestState(new LazyIdentity(sample, state.clientAddress, plan.state));
  const request: MockRequest = { ...sample, state: view };
  for (let pass = 0; ; pass++) {
    const found = plan.routes.lookup(request);
    if (!view.incomplete || pass >= MAX_FILL_PASSES) return found;
    await view.fill(state.store);
  }
}

const unsupported = (endpointId: string, why: string): AppError => new AppError('PREVIEW_UNSUPPORTED', `endpoint "${endpointId}": ${why}`);

/** Refuses, before producing, a responder whose dry-run choice needs the state store. */
function refuseWhatNeedsState(endpointId: string, responder: Responder): void {
  switch (responder.type) {
    case 'static':
      return;
    case 'template': {
      const template = responder.response;
      if (template.body.usesState || template.templatedHeaders.some((header) => header.render.usesState)) {
        throw unsupported(endpointId, 'its template calls state helpers (state.*, sequence), which previews cannot run yet');
      }
      return;
    }
    case 'variants':
      return refuseWhatNeedsState(endpointId, responder.choices[DRY_CHOICES.variant(responder, NO_RANDOM)]!);
    case 'sequence': {
      const step = responder.steps[0];
      if (step !== undefined) refuseWhatNeedsState(endpointId, step);
      return;
    }
    case 'by-state': {
      // No state is read: the workflow is in its initial state.
      const chosen = responder.choices.get(responder.initial) ?? responder.fallback;
      if (!chosen) throw unsupported(endpointId, `it has no response for its workflow's initial state "${responder.initial}"`);
      return refuseWhatNeedsState(endpointId, chosen);
    }
    case 'crud':
      throw unsupported(endpointId, 'CRUD collections live in the state store, which previews do not touch');
    case 'proxy':
      throw unsupported(endpointId, `it forwards to upstream "${responder.spec.upstream}", which previews do not call`);
    default:
      throw new Error(`unhandled responder ${JSON.stringify(responder satisfies never)}`);
  }
}

/** DRY_CHOICES draws nothing; this stands in for the PRNG it never calls. */
const NO_RANDOM = { next: (): number => 0 } as unknown as Plan['random'];

/** `{name}` and `{name:regex}` segments of a template read from a concrete path; `**` gives `*`. */
function paramsOf(template: string, path: string): Record<string, string> {
  const names = template.split('/');
  const parts = path.split('/');
  const params: Record<string, string> = {};
  names.forEach((segment, i) => {
    if (segment === '**') params['*'] = parts.slice(i).join('/');
    const named = /^\{([^}:]+)(?::[^}]*)?\}$/.exec(segment);
    const value = parts[i];
    if (named && value !== undefined) {
      try {
        params[named[1]!] = decodeURIComponent(value);
      } catch {
        params[named[1]!] = value;
      }
    }
  });
  return params;
}
