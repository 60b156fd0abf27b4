export { suggestName } from './suggest-name.js';
export { compileWorkflows } from './compile-workflows.js';
export { currentState, statesOf } from './current-state.js';
export type { CompiledWorkflows, PlanWorkflow } from './types.js';
