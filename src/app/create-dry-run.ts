import { checkConfigShape, validateConfigObject, type ConfigIssue, type Result } from '../config/index.js';
import { previewLatency } from './preview-latency.js';
import type { DryRunPort, MatchReport, PreviewResponse, ResolvedBehaviors, SampleRequest } from '../control/index.js';
import { activeWindow, parseCookies, simulate } from '../engine/index.js';
import { AppError } from '../errors/index.js';
import { compilePlan, type Behavior, type MockRequest, type Plan, type PlanEndpoint, type WindowBehavior } from '../plan/index.js';
import type { PlanOptions } from './load-plan.js';
import type { StateStore } from '../state/index.js';
import { planFileReader } from './plan-file-reader.js';
import type { ServedConfig } from './served-config.js';

export interface DryRunDeps {
  readonly plan: () => Plan;
  readonly served: () => ServedConfig;
  /** The schedule clock's now (epoch ms), so windows resolve as the data plane sees them. */
  readonly scheduleNow: () => number;
  readonly options: PlanOptions;
  /** The data plane's state store: `POST /api/match` reads what predicates on state read. */
  readonly stateStore: () => Promise<StateStore>;
}

function addQuery(query: Record<string, string | string[]>, key: string, value: string): void {
  const existing = query[key];
  if (existing === undefined) query[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else query[key] = [existing, value];
}

/** A MockRequest from a sample: a plain object with no state, so matchers read every workflow in its initial state. */
function sampleRequestOf(sample: SampleRequest): MockRequest {
  const at = sample.path.indexOf('?');
  const path = at < 0 ? sample.path : sample.path.slice(0, at);
  const search = new URLSearchParams(at < 0 ? '' : sample.path.slice(at + 1));
  for (const [key, value] of Object.entries(sample.query ?? {})) for (const item of typeof value === 'string' ? [value] : value) search.append(key, item);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of search) addQuery(query, key, value);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(sample.headers ?? {})) headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
  let bodyText = '';
  let bodyJson: unknown;
  if (typeof sample.body === 'string') {
    bodyText = sample.body;
    try {
      bodyJson = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
    } catch {
      bodyJson = undefined;
    }
  } else if (sample.body !== undefined) {
    bodyText = JSON.stringify(sample.body);
    bodyJson = sample.body;
    headers['content-type'] ??= 'application/json';
  }
  const queryText = search.toString();
  return {
    method: sample.method.toUpperCase(),
    path,
    url: queryText === '' ? path : `${path}?${queryText}`,
    query,
    headers,
    cookies: parseCookies(Array.isArray(headers.cookie) ? headers.cookie.join('; ') : headers.cookie),
    params: {},
    bodyText,
    bodyJson,
  };
}

/** Fault i's own probability, rounded so cumulative sums read back as written (0.05, not 0.04999…). */
const rateOf = (cumulative: readonly number[], i: number): number => Math.round((cumulative[i]! - (i === 0 ? 0 : cumulative[i - 1]!)) * 1e9) / 1e9;

function describeBehavior(behavior: Behavior, window: WindowBehavior | undefined): ResolvedBehaviors {
  const faults = behavior.faults ? behavior.faults.labels.map((label, i) => ({ label, rate: rateOf(behavior.faults!.cumulativeRates, i) })) : [];
  const limit = behavior.rateLimit;
  return {
    ...(behavior.latency ? { latency: behavior.latency.label } : {}),
    faults,
    ...(limit
      ? {
          rateLimit: {
            quota: limit.quota,
            windowSeconds: limit.windowSeconds,
            burst: limit.burst,
            key: 'name' in limit.key ? `${limit.key.kind}:${limit.key.name}` : limit.key.kind,
            bucket: limit.bucket,
          },
        }
      : {}),
    sharedLimits: behavior.sharedLimits.map((shared) => ({ quota: shared.quota, windowSeconds: shared.windowSeconds, bucket: shared.bucket })),
    ...(behavior.bandwidthBytesPerSecond !== undefined ? { bandwidthBytesPerSecond: behavior.bandwidthBytesPerSecond } : {}),
    ...(window ? { window: window.name } : {}),
  };
}

function headersObject(flat: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i]!;
    const value = flat[i + 1]!;
    const existing = headers[name];
    headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return headers;
}

/**
 * `POST /api/match` and `POST /api/preview` over the served Plan. Nothing here records, draws from
 * the Plan's PRNG, advances a sequence, takes a rate-limit token or writes state; a match reads
 * the state its predicates read, for the sample's session.
 */
export function createDryRun(deps: DryRunDeps): DryRunPort {
  const compileDefinition = async (definition: unknown): Promise<Result<{ plan: Plan; endpoint: PlanEndpoint }, ConfigIssue[]>> => {
    const served = deps.served();
    // Alone, with the served config's defaults and server settings; workflows name other endpoints.
    const { workflows: _workflows, endpoints: _endpoints, ...rest } = served.config;
    const shape = checkConfigShape(definition);
    if (shape !== undefined) return { ok: false, error: [{ path: 'definition', message: `refused: ${shape}` }] };
    const validated = validateConfigObject(structuredClone({ ...rest, endpoints: [definition] }));
    const toDefinition = (issues: readonly ConfigIssue[]) => issues.map((issue) => ({ ...issue, path: issue.path.replace(/^endpoints\[0\]/, 'definition') }));
    if (!validated.ok) return { ok: false, error: toDefinition(validated.error) };
    const { options } = deps;
    const plan = await compilePlan(
      { config: validated.value, baseDir: served.baseDir },
      {
        // The served config's policy: a definition cannot name files the config could not.
        readFile: planFileReader(served.config, served.baseDir, options.dataDir),
        now: options.now ?? Date.now,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      },
    );
    if (!plan.ok) return { ok: false, error: toDefinition(plan.error) };
    return { ok: true, value: { plan: plan.value, endpoint: plan.value.endpoints[0]! } };
  };

  return {
    previewLatency,
    activeWindows() {
      const now = deps.scheduleNow();
      return deps.plan().endpoints.flatMap((endpoint) => {
        const window = activeWindow(endpoint, now);
        return window ? [{ endpoint: endpoint.id, window: window.name }] : [];
      });
    },
    async match(sample, callerAddress): Promise<MatchReport> {
      const plan = deps.plan();
      const state = plan.matchesOnState ? { store: await deps.stateStore(), clientAddress: callerAddress } : undefined;
      const simulation = await simulate({
        plan,
        request: sampleRequestOf(sample),
        scheduleNow: deps.scheduleNow(),
        produce: false,
        ...(state ? { state } : {}),
      });
      // Always true now: when no endpoint matches on state there is nothing to consult.
      const stateConsulted = true;
      if (simulation.kind === 'unmatched') return { matched: false, nearMisses: [...simulation.nearMisses], stateConsulted };
      const { endpoint, window } = simulation;
      return {
        matched: true,
        endpoint: { id: endpoint.id, methods: endpoint.methods ? [...endpoint.methods] : null, path: endpoint.path },
        params: simulation.params,
        behaviors: describeBehavior(simulation.behavior, window),
        stateConsulted,
      };
    },

    async preview(input) {
      let endpoint: PlanEndpoint;
      let plan: Plan;
      if (input.definition !== undefined) {
        const compiled = await compileDefinition(input.definition);
        if (!compiled.ok) return compiled;
        ({ plan, endpoint } = compiled.value);
      } else {
        plan = deps.plan();
        const saved = plan.endpoints.find((candidate) => candidate.id === input.endpoint);
        if (!saved) throw new AppError('ENDPOINT_NOT_FOUND', `no endpoint "${input.endpoint ?? ''}"`);
        endpoint = saved;
      }
      // The same stages as a served request, without side effects (engine/pipeline/simulate.ts).
      const simulation = await simulate({ plan, endpoint, request: sampleRequestOf(input.request), scheduleNow: deps.scheduleNow(), produce: true });
      if (simulation.kind !== 'matched' || simulation.answer === undefined) throw new Error('a preview of a given endpoint always produces');
      const { answer, window } = simulation;
      const body = answer.response.body;
      const text = typeof body === 'string' ? body : body.toString('utf8');
      const lossless = typeof body === 'string' || Buffer.from(text).equals(body);
      const variant = answer.applied?.variant;
      const response: PreviewResponse = {
        endpoint: endpoint.id,
        status: answer.response.status,
        headers: headersObject(answer.response.headers),
        body: lossless ? text : body.toString('base64'),
        bodyEncoding: lossless ? 'utf8' : 'base64',
        ...(variant !== undefined ? { variant } : {}),
        behaviors: describeBehavior(simulation.behavior, window),
      };
      return { ok: true, value: response };
    },
  };
}
