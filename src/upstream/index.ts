export { UpstreamRegistry } from './upstream-registry.js';
export { createForwarder } from './forward/create-forwarder.js';
export type { Forwarder } from './forward/create-forwarder.js';
export type { AttemptTrace, ForwardRequest } from './forward/forward-request.js';
export { writeProblem } from './forward/upgrade-call.js';
export type { ShapedTunnel, TunnelShaper, TunnelSummary } from './forward/upgrade-call.js';
export type { ForwardListener, ForwardSummary } from './forward/forward-call.js';
export type { AnswerShaper, ShapedCall } from './forward/answer-shaper.js';
