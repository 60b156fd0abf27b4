export { RequestState } from './request-state.js';
export type { RequestIdentity } from './request-state.js';
export { LazyIdentity } from './request-identity.js';
export { newSessionId, sessionHeaders } from './session-cookie.js';
