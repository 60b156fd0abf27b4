export { UpstreamRegistry } from './upstream-registry.js';
export { createForwarder } from './forward/create-forwarder.js';
export type { Forwarder } from './forward/create-forwarder.js';
export type { ForwardListener, ForwardSummary } from './forward/forward-call.js';
export type { AnswerShaper, ShapedCall } from './forward/answer-shaper.js';
