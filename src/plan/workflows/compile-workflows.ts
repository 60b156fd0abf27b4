import type { Config, ConfigIssue, Result, WorkflowConfig } from '../../config/index.js';
import { compileRateLimit } from '../behaviors/compile-rate-limit.js';
import type { RateLimitSpec } from '../behaviors/types.js';
import { checkEndpointStates } from './check-endpoint-states.js';
import { compileStateMachine, type CompileWhen } from './compile-state-machine.js';
import { findOverrideClashes } from './find-override-clashes.js';
import { selectMembers } from './select-members.js';
import type { CompiledWorkflows, PlanWorkflow } from './types.js';

/**
 * Compiles `workflows`: who belongs to each, its state machine and its shared bucket, and per
 * endpoint the workflows it is in (highest precedence first). Everything that cannot work is an
 * issue naming both sides: clashing overrides, unknown ids and states, states never reached,
 * transitions that never fire, `whenState`/`responses` without exactly one state machine.
 */
export function compileWorkflows(config: Config, compileWhen: CompileWhen): Result<CompiledWorkflows, ConfigIssue[]> {
  const configs = config.workflows ?? [];
  const endpoints = config.endpoints ?? [];
  const indexById = new Map<string, number>();
  endpoints.forEach((endpoint, index) => {
    if (!indexById.has(endpoint.id)) indexById.set(endpoint.id, index);
  });
  const issues: ConfigIssue[] = [];
  const byEndpoint: PlanWorkflow[][] = endpoints.map(() => []);

  const workflows = configs.map((workflowConfig, index): PlanWorkflow => {
    const at = `workflows[${index}]`;
    const members = selectMembers(workflowConfig, at, endpoints, indexById, issues);
    const memberIds = members.map((member) => endpoints[member]!.id);
    const workflow: PlanWorkflow = {
      id: workflowConfig.id,
      index,
      memberIds,
      scope: workflowConfig.scope ?? 'session',
      precedence: workflowConfig.precedence ?? 0,
      sharedLimit: workflowConfig.rateLimit && sharedLimit(workflowConfig, at, issues),
      machine:
        workflowConfig.states &&
        compileStateMachine(
          workflowConfig.states,
          { workflowId: workflowConfig.id, at: `${at}.states`, memberIds: new Set(memberIds), indexById, compileWhen },
          issues,
        ),
    };
    for (const member of members) byEndpoint[member]!.push(workflow);
    return workflow;
  });
  // Stable: equal precedence keeps config order.
  for (const list of byEndpoint) list.sort((a, b) => b.precedence - a.precedence);

  issues.push(...findOverrideClashes(configs, byEndpoint, endpoints));
  endpoints.forEach((endpoint, index) => issues.push(...checkEndpointStates(endpoint, index, byEndpoint[index]!)));
  if (issues.length > 0) return { ok: false, error: issues };

  const stateWorkflowOf = byEndpoint.map((list) => {
    const machines = list.filter((workflow) => workflow.machine !== undefined);
    return machines.length === 1 ? machines[0] : undefined;
  });
  return { ok: true, value: { workflows, byEndpoint, stateWorkflowOf } };
}

/** The workflow's own bucket, `workflow:<id>` unless the block names one; one object for every member. */
function sharedLimit(workflow: WorkflowConfig, at: string, issues: ConfigIssue[]): RateLimitSpec | undefined {
  const block = workflow.rateLimit!;
  const spec = compileRateLimit(block, `${at}.rateLimit`, workflow.id);
  if (!spec.ok) {
    issues.push(...spec.error);
    return undefined;
  }
  return block.bucket === undefined ? { ...spec.value, bucket: `workflow:${workflow.id}` } : spec.value;
}
