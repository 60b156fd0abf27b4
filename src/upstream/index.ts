export { UpstreamRegistry } from './upstream-registry.js';
export type { UpstreamRegistryOptions } from './upstream-registry.js';
export { createForwarder } from './forward/create-forwarder.js';
export type { Forwarder, ForwardRequest } from './forward/create-forwarder.js';
export type { ForwardListener, ForwardSummary } from './forward/forward-call.js';
export type { TargetState } from './target-state.js';
