import type { StatePort } from '../control/index.js';
import { AppError } from '../errors/index.js';
import type { Plan } from '../plan/index.js';
import { parseScopeText, workflowStateKey, type StateStore } from '../state/index.js';
import type { StateAdmin } from './state-admin.js';

/** The admin API's state port: StateAdmin, plus putting a workflow into one of its states (checked against the served Plan). */
export function createStatePort(state: StateAdmin, store: () => Promise<StateStore>, plan: () => Plan): StatePort {
  return {
    ...state,
    async setWorkflow(workflowId, scopeText, stateName) {
      const workflow = plan().workflows.find((candidate) => candidate.id === workflowId);
      if (!workflow) throw new AppError('WORKFLOW_NOT_FOUND', `no workflow "${workflowId}"`);
      const states = workflow.machine?.states ?? [];
      if (!states.includes(stateName)) {
        const known = states.length > 0 ? `its states are ${states.map((name) => `"${name}"`).join(', ')}` : 'it has no states';
        throw new AppError('WORKFLOW_STATE_INVALID', `workflow "${workflowId}" has no state "${stateName}": ${known}`);
      }
      const scope = parseScopeText(scopeText);
      if (!scope.ok) throw new AppError('STATE_SCOPE_INVALID', scope.error);
      if ('all' in scope.scope) throw new AppError('STATE_SCOPE_INVALID', `scope "${scopeText}" names every ${scopeText}: give one, e.g. "${scopeText}:<id>"`);
      await (await store()).set(workflowStateKey(scope.scope, workflowId), stateName);
    },
  };
}
