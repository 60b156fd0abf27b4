import type { Config, ConfigIssue, Endpoint, Result } from '../config/index.js';
import { compileEndpointBehaviors } from './behaviors/compile-behaviors.js';
import { compileRequestMatch, type SchemaCompiler } from './match/index.js';
import type { StateRef } from './mock-request.js';
import type { PlanEndpoint } from './plan.js';
import { compileResponder } from './responders/compile-responder.js';
import type { ResponseCompileContext } from './responders/compile-response.js';
import { compileEndpointState, responderUsesState, stateReadsOf, upFrontIncrementsOf, workflowReadsOf } from './state/index.js';
import { withWhenState } from './state/with-when-state.js';
import { suggestName, type PlanWorkflow } from './workflows/index.js';
import type { RequestCheckCompiler } from './validate/index.js';

export interface EndpointCompileInput {
  readonly config: Config;
  readonly endpoint: Endpoint;
  readonly index: number;
  /** The workflows it belongs to (highest precedence first), and the one with states, if any. */
  readonly workflows: readonly PlanWorkflow[];
  readonly stateWorkflow: PlanWorkflow | undefined;
  /** Every workflow of the config: `{{workflowState "id"}}` may name any of them. */
  readonly allWorkflows: readonly PlanWorkflow[];
  readonly context: ResponseCompileContext;
  readonly schemas: SchemaCompiler;
  readonly requestChecks: RequestCheckCompiler;
}

function methodsOf(endpoint: Endpoint): ReadonlySet<string> | null {
  const method = endpoint.method;
  if (method === undefined || method === '*') return null;
  return new Set(Array.isArray(method) ? method : [method]);
}

const workflowRef = (workflow: PlanWorkflow, owner: string): StateRef => ({ scope: workflow.scope, owner, entry: 'wf', name: workflow.id });

/** The workflows its `{{workflowState}}` calls read: each must exist and have states. */
function workflowsRead(
  reads: readonly (string | undefined)[],
  own: PlanWorkflow | undefined,
  all: readonly PlanWorkflow[],
  at: string,
): Result<PlanWorkflow[], ConfigIssue[]> {
  const found: PlanWorkflow[] = [];
  const issues: ConfigIssue[] = [];
  const stateful = all.filter((workflow) => workflow.machine !== undefined).map((workflow) => workflow.id);
  for (const id of reads) {
    const workflow = id === undefined ? own : all.find((candidate) => candidate.id === id);
    if (workflow?.machine) {
      found.push(workflow);
      continue;
    }
    const known = stateful.length > 0 ? ` (workflows with states: ${stateful.join(', ')})` : ' (no workflow has states)';
    const message =
      id === undefined
        ? `{{workflowState}} without a workflow id needs the endpoint to be in exactly one workflow with states; name one: {{workflowState "checkout"}}${known}`
        : workflow === undefined
          ? `{{workflowState "${id}"}}: no workflow has this id${suggestName(id, stateful)}${known}`
          : `{{workflowState "${id}"}}: workflow "${id}" has no states${known}`;
    issues.push({ path: at, message });
  }
  return issues.length > 0 ? { ok: false, error: issues } : { ok: true, value: found };
}

/**
 * Compiles one endpoint: its state scope and actions, its match (with `whenState`), its
 * responder, its behaviors (with its workflows' overrides) and what the engine needs to know to
 * answer it: whether it uses state, and which state to load before producing the response.
 */
export async function compileEndpoint(input: EndpointCompileInput): Promise<Result<PlanEndpoint, ConfigIssue[]>> {
  const { config, endpoint, index, workflows, stateWorkflow, allWorkflows, context, schemas, requestChecks } = input;
  const at = `endpoints[${index}]`;
  const state = compileEndpointState(endpoint, config.state?.scope, at, context);
  const scope = state.ok ? state.value.scope : 'global';
  const machine = stateWorkflow?.machine;
  const machineRef = machine && workflowRef(stateWorkflow, endpoint.id);
  const plainMatch = compileRequestMatch(endpoint.match, { at: `${at}.match`, schemas, state: { scope, owner: endpoint.id } });
  const match =
    plainMatch.ok && machineRef && endpoint.whenState !== undefined
      ? { ok: true as const, value: withWhenState(plainMatch.value, machineRef, machine!, endpoint.whenState) }
      : plainMatch;
  const responder = await compileResponder(endpoint, at, context, machineRef && { ref: machineRef, initial: machine!.initial, states: machine!.states });
  const behaviors = await compileEndpointBehaviors(config, endpoint, index, workflows, context);
  const check = endpoint.validate === undefined ? { ok: true as const, value: undefined } : requestChecks.compile(endpoint.validate, `${at}.validate`);

  const read =
    responder.ok && state.ok
      ? workflowsRead(workflowReadsOf(responder.value, state.value.actions), stateWorkflow, allWorkflows, at)
      : { ok: true as const, value: [] };
  const issues = [state, match, responder, behaviors, read, check].flatMap((result) => (result.ok ? [] : result.error));
  if (!state.ok || !match.ok || !responder.ok || !behaviors.ok || !read.ok || !check.ok) return { ok: false, error: issues };

  const firing = workflows.filter((workflow) => workflow.machine?.transitionsByEndpoint.has(endpoint.id));
  return {
    ok: true,
    value: {
      id: endpoint.id,
      index,
      enabled: endpoint.enabled !== false,
      methods: methodsOf(endpoint),
      // A collection answers at its base path and below it (`/users`, `/users/42`).
      path: endpoint.crud === undefined ? endpoint.path : `${endpoint.path.replace(/\/+$/, '')}/**`,
      priority: endpoint.priority ?? 0,
      match: match.value,
      responder: responder.value,
      ...(check.value ? { requestCheck: check.value } : {}),
      behaviors: behaviors.value,
      workflows,
      stateWorkflow,
      whenState: endpoint.whenState === undefined ? undefined : new Set(typeof endpoint.whenState === 'string' ? [endpoint.whenState] : endpoint.whenState),
      state: state.value,
      usesState: responderUsesState(responder.value) || state.value.actions !== undefined || firing.length > 0,
      upFrontIncrements: upFrontIncrementsOf(responder.value, state.value.scope),
      stateReads: [
        ...stateReadsOf(responder.value, state.value.actions, state.value.scope, endpoint.id),
        ...firing.map((workflow) => workflowRef(workflow, endpoint.id)),
        ...(machineRef ? [machineRef] : []),
        ...read.value.map((workflow) => workflowRef(workflow, endpoint.id)),
      ],
    },
  };
}
