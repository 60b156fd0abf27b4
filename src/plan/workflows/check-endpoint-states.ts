import { formatPath, type ConfigIssue, type Endpoint } from '../../config/index.js';
import { suggestName } from './suggest-name.js';
import type { PlanWorkflow } from './types.js';

/**
 * `whenState` and `responses` of endpoint `index` against the state machines it belongs to: it
 * needs exactly one, every state it names must be one of that machine's states, and `responses`
 * must cover every state unless `response` answers the rest.
 */
export function checkEndpointStates(endpoint: Endpoint, index: number, workflows: readonly PlanWorkflow[]): ConfigIssue[] {
  const uses = (['whenState', 'responses'] as const).filter((key) => endpoint[key] !== undefined);
  if (uses.length === 0) return [];
  const at = `endpoints[${index}]`;
  const machines = workflows.filter((workflow) => workflow.machine !== undefined);
  if (machines.length !== 1) {
    const related = (machines.length > 1 ? machines : workflows).map((workflow) => ({
      path: machines.length > 1 ? `workflows[${workflow.index}].states` : `workflows[${workflow.index}]`,
    }));
    return uses.map((key) => ({
      path: `${at}.${key}`,
      message:
        machines.length > 1
          ? `is ambiguous: endpoint "${endpoint.id}" is in ${machines.length} workflows with states (${names(machines)}); it can follow only one`
          : workflows.length === 0
            ? `needs a workflow with states, and endpoint "${endpoint.id}" is in no workflow`
            : `needs a workflow with states, and none of endpoint "${endpoint.id}"'s workflows (${names(workflows)}) has states`,
      ...(related.length > 0 && { related }),
    }));
  }
  const workflow = machines[0]!;
  const machine = workflow.machine!;
  const issues: ConfigIssue[] = [];
  const check = (state: string, path: string): void => {
    if (machine.states.includes(state)) return;
    issues.push({
      path,
      message: `"${state}" is not a state of workflow "${workflow.id}" (its states: ${machine.states.join(', ')})${suggestName(state, machine.states)}`,
      related: [{ path: `workflows[${workflow.index}].states` }],
    });
  };
  const whenState = endpoint.whenState;
  if (typeof whenState === 'string') check(whenState, `${at}.whenState`);
  else whenState?.forEach((state, k) => check(state, `${at}.whenState[${k}]`));
  if (endpoint.responses !== undefined) {
    for (const state of Object.keys(endpoint.responses)) check(state, formatPath(['endpoints', index, 'responses', state]));
    const uncovered = machine.states.filter((state) => !Object.hasOwn(endpoint.responses!, state));
    if (uncovered.length > 0 && endpoint.response === undefined) {
      issues.push({
        path: `${at}.responses`,
        message: `does not cover ${uncovered.length === 1 ? 'state' : 'states'} ${uncovered.map((state) => `"${state}"`).join(', ')} of workflow "${workflow.id}"; add ${uncovered.length === 1 ? 'it' : 'them'} or a response for the states not listed`,
        related: [{ path: `workflows[${workflow.index}].states` }],
      });
    }
  }
  return issues;
}

const names = (workflows: readonly PlanWorkflow[]): string => workflows.map((workflow) => `"${workflow.id}"`).join(', ');
