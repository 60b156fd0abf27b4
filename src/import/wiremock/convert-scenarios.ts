import type { Endpoint, WorkflowConfig } from '../../config/index.js';
import { slugOf } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';

export interface ScenarioStep {
  endpoint: Endpoint;
  source: string;
  scenario: string;
  required?: string;
  next?: string;
  status: number;
}

/**
 * WireMock scenarios as workflows with states, kept globally as WireMock keeps them: "Started" is
 * the initial state, `requiredScenarioState` becomes `whenState`, `newScenarioState` a transition
 * fired by the endpoint. A required state no transition reaches could never be served: the
 * endpoint is imported disabled.
 */
export function convertScenarios(steps: readonly ScenarioStep[], warnings: ImportWarning[]): WorkflowConfig[] {
  const byName = new Map<string, ScenarioStep[]>();
  for (const step of steps) {
    const list = byName.get(step.scenario) ?? [];
    list.push(step);
    byName.set(step.scenario, list);
  }
  const workflows: WorkflowConfig[] = [];
  const usedIds = new Set<string>();
  for (const [name, members] of byName) {
    let id = `scenario-${slugOf(name)}`;
    for (let n = 2; usedIds.has(id); n++) id = `scenario-${slugOf(name)}-${n}`;
    usedIds.add(id);
    const transitions = members.filter((step) => step.next !== undefined).map((step) => ({ on: step.endpoint.id, from: step.required ?? '*', to: step.next! }));
    const states = new Set(['Started', ...transitions.map((t) => t.to)]);
    for (const step of members) {
      if (step.next !== undefined && step.status >= 400) {
        warnings.push({
          source: `${step.source}.newScenarioState`,
          message: `our transitions fire only on answers below 400; this one answers ${step.status}, so the state will not move`,
        });
      }
      if (step.required === undefined) continue;
      if (states.has(step.required)) step.endpoint.whenState = step.required;
      else {
        step.endpoint.enabled = false;
        warnings.push({
          source: `${step.source}.requiredScenarioState`,
          message: `no mapping moves scenario "${name}" to "${step.required}": imported disabled`,
        });
      }
    }
    const workflow: WorkflowConfig = { id, description: `WireMock scenario "${name}"`, endpoints: members.map((step) => step.endpoint.id), scope: 'global' };
    if (transitions.length > 0) workflow.states = { initial: 'Started', transitions };
    else {
      // Without transitions the machine never leaves "Started": say so with a one-state machine.
      workflow.states = { initial: 'Started', transitions: [{ on: members[0]!.endpoint.id, from: 'Started', to: 'Started' }] };
    }
    workflows.push(workflow);
  }
  return workflows;
}
