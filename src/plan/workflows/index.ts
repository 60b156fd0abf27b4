export { suggestName } from './suggest-name.js';
export { compileWorkflows } from './compile-workflows.js';
export type { CompileWhen } from './compile-state-machine.js';
export { currentState, statesOf } from './current-state.js';
export type { CompiledWorkflows, PlanWorkflow, StateMachine, Transition } from './types.js';
