export { compileEndpointState } from './compile-endpoint-state.js';
export type { EndpointState } from './types.js';
export { compileStateSettings } from './compile-state-settings.js';
export type { StateSettings } from './compile-state-settings.js';
export { responderUsesState, stateReadsOf, upFrontIncrementsOf, workflowReadsOf } from './responder-state.js';
export type { UpFrontIncrement } from './responder-state.js';
