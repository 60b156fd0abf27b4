import { randomInt } from 'node:crypto';
import type { Config, ConfigIssue, Endpoint, Result } from '../config/index.js';
import { createRandom } from '../distributions/index.js';
import { createRequestCheckCompiler } from './validate/index.js';
import { buildRouteTable, compileRequestMatch, createSchemaCompiler } from './match/index.js';
import type { Plan, PlanEndpoint } from './plan.js';
import { compileServerSettings } from './compile-server-settings.js';
import { compileEndpoint } from './compile-endpoint.js';
import { compileResponse, type ResponseCompileContext } from './responders/compile-response.js';
import type { OpenSequencePositions } from './responders/sequence-cursors.js';
import { createTemplateEngine } from './templates/index.js';
import { compileWorkflows, type CompiledWorkflows } from './workflows/index.js';
import { compileStateSettings } from './state/index.js';
import { compileUpstreams } from './upstreams/compile-upstreams.js';
import { compileProxy } from './upstreams/compile-proxy.js';
import { resilienceCompiler } from './upstreams/compile-resilience.js';
import { compileSlos } from './compile-slos.js';

export interface PlanSource {
  readonly config: Config;
  /** Directory of the main config file: base of relative paths outside endpoints. */
  readonly baseDir: string;
  /** Per endpoint index, the directory of the file that declared it (includes may differ). */
  readonly endpointBaseDirs?: readonly string[];
}

export interface PlanDeps {
  /**
   * Reads a file the config names (`bodyFile`, CRUD `seed`) relative to the declaring file's
   * directory, within the app's file policy (roots, regular files, size); the error is a sentence
   * starting with the path.
   */
  readonly readFile: (path: string, baseDir: string) => Promise<Result<Buffer, string>>;
  /** Wall clock for the `now` helper. */
  readonly now: () => number;
  /** Overrides `server.seed` (CLI flag); a random seed is drawn when neither is given. */
  readonly seed?: number;
  /** Overrides `server.port` / `server.host` (CLI flags, programmatic listen). */
  readonly port?: number;
  readonly host?: string;
  /** Where sequences keep their positions (`serve --workers`: shared); absent: in the Plan's memory. */
  readonly openSequence?: OpenSequencePositions;
  /** The Plan being served, whose compiled parts a reload may reuse (the router). */
  readonly previous?: Plan;
}

let lastPlanId = 0;

function fileReader(baseDir: string, deps: PlanDeps): ResponseCompileContext['readBodyFile'] {
  return (path) => deps.readFile(path, baseDir);
}

/**
 * Compiles a validated Config into a Plan: every template compiled, every static body encoded,
 * every predicate prepared and the route table built. Returns every problem found; a Plan that
 * fails to build is never served.
 */
export async function compilePlan(source: PlanSource, deps: PlanDeps): Promise<Result<Plan, ConfigIssue[]>> {
  const { config } = source;
  const seed = deps.seed ?? config.server?.seed ?? randomInt(0, 2 ** 31);
  const random = createRandom(seed);
  const issues: ConfigIssue[] = [];
  const server = compileServerSettings(config, deps);
  if (!server.ok) issues.push(...server.error);
  const templates = createTemplateEngine({ random, now: deps.now, ...(server.ok ? { limits: server.value.templateLimits } : {}) });
  const schemas = createSchemaCompiler();
  const requestChecks = createRequestCheckCompiler();
  // Opened per sequence while this Plan compiles: a shared store takes the Plan's generation then.
  const openSequence = deps.openSequence;
  const context = (baseDir: string): ResponseCompileContext => ({
    defaultHeaders: config.defaults?.headers,
    readBodyFile: fileReader(baseDir, deps),
    compileTemplate: (text) => templates.compile(text),
    compileResilience: resilienceCompiler(config, () => context(baseDir)),
    ...(openSequence ? { openSequence } : {}),
  });

  const endpoints: PlanEndpoint[] = [];
  const declared = config.endpoints ?? [];
  // Workflows first: their overrides and shared buckets are levels of each member's behaviors.
  // A transition's `when: { state }` reads the workflow's own scope (its config path says which workflow).
  const workflowScopeAt = (at: string) => config.workflows?.[Number(/^workflows\[(\d+)\]/.exec(at)?.[1])]?.scope ?? 'session';
  const compiledWorkflows = compileWorkflows(config, (when, at) =>
    compileRequestMatch(when, { at, schemas, state: { scope: workflowScopeAt(at), owner: '' } }),
  );
  if (!compiledWorkflows.ok) issues.push(...compiledWorkflows.error);
  const workflows: CompiledWorkflows = compiledWorkflows.ok ? compiledWorkflows.value : { workflows: [], byEndpoint: [], stateWorkflowOf: [] };
  const stateSettings = compileStateSettings(config);
  if (!stateSettings.ok) issues.push(...stateSettings.error);
  const compiled = await Promise.all(
    declared.map((endpoint, index) =>
      compileEndpoint({
        config,
        endpoint,
        index,
        workflows: workflows.byEndpoint[index] ?? [],
        stateWorkflow: workflows.stateWorkflowOf[index],
        allWorkflows: workflows.workflows,
        context: context(source.endpointBaseDirs?.[index] ?? source.baseDir),
        schemas,
        requestChecks,
      }),
    ),
  );
  for (const result of compiled) {
    if (result.ok) endpoints.push(result.value);
    else issues.push(...result.error);
  }

  const unmatchedConfig = config.server?.unmatched;
  const unmatchedResponder = unmatchedConfig?.response
    ? await compileResponse(unmatchedConfig.response, 'server.unmatched.response', context(source.baseDir))
    : undefined;
  if (unmatchedResponder && !unmatchedResponder.ok) issues.push(...unmatchedResponder.error);
  let unmatchedProxy = unmatchedConfig?.proxy ? compileProxy(unmatchedConfig.proxy, 'server.unmatched.proxy', (text) => templates.compile(text)) : undefined;
  if (unmatchedProxy?.ok) {
    // The unmatched proxy takes its upstream's policies (it has no fallback: unmatched requests are forwarded or refused).
    const unmatched = { id: '', path: '/', proxy: unmatchedConfig!.proxy! } as Endpoint;
    const resilience = await context(source.baseDir).compileResilience!(unmatched, unmatchedProxy.value, 'server.unmatched');
    if (!resilience.ok) issues.push(...resilience.error);
    else if (resilience.value) unmatchedProxy = { ok: true, value: { ...unmatchedProxy.value, resilience: resilience.value } };
  }
  if (unmatchedProxy && !unmatchedProxy.ok) issues.push(...unmatchedProxy.error);
  const upstreams = await compileUpstreams(config, (path) => deps.readFile(path, source.baseDir));
  if (!upstreams.ok) issues.push(...upstreams.error);
  const slos = compileSlos(config);
  if (!slos.ok) issues.push(...slos.error);

  // A disabled endpoint answers nothing and clashes with nothing: it is kept out of the route table.
  const routes = buildRouteTable(
    endpoints.filter((endpoint) => endpoint.enabled),
    deps.previous?.routes,
  );
  if (!routes.ok) issues.push(...routes.error.issues);
  if (issues.length > 0 || !routes.ok || !stateSettings.ok || !server.ok || !upstreams.ok || !slos.ok) return { ok: false, error: uniqueIssues(issues) };

  return {
    ok: true,
    value: {
      id: ++lastPlanId,
      seed,
      random,
      server: server.value,
      endpoints,
      workflows: workflows.workflows,
      state: stateSettings.value,
      matchesOnState: declared.some((endpoint) => endpoint.whenState !== undefined || matchUsesState(endpoint.match)),
      routes: routes.value,
      unmatched: {
        nearMisses: unmatchedConfig?.nearMisses ?? true,
        responder: unmatchedResponder?.ok ? unmatchedResponder.value : undefined,
        proxy: unmatchedProxy?.ok ? unmatchedProxy.value : undefined,
      },
      upstreams: upstreams.value,
      matchesOnBody: declared.some((endpoint) => matchUsesBody(endpoint.match)),
      slos: slos.value,
    },
  };
}

/** Whether a request match (or one of its alternatives) has `state` predicates. */
function matchUsesState(match: Endpoint['match']): boolean {
  if (match === undefined) return false;
  if (match.state !== undefined) return true;
  return [...(match.all ?? []), ...(match.any ?? []), ...(match.not ? [match.not] : [])].some((inner) => matchUsesState(inner as Endpoint['match']));
}

/** Whether a request match (or one of its alternatives) has a `body` predicate. */
function matchUsesBody(match: Endpoint['match']): boolean {
  if (match === undefined) return false;
  if (match.body !== undefined) return true;
  return [...(match.all ?? []), ...(match.any ?? []), ...(match.not ? [match.not] : [])].some((inner) => matchUsesBody(inner as Endpoint['match']));
}

/** A defaults block is compiled for every endpoint that inherits it; report each problem once. */
function uniqueIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
