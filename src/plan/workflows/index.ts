export { compileWorkflows } from './compile-workflows.js';
export type { CompileWhen } from './compile-state-machine.js';
export type { CompiledWorkflows, PlanWorkflow, StateMachine, Transition } from './types.js';
