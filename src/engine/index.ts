export { createEngine } from './create-engine.js';
export type { Engine, EngineDeps } from './create-engine.js';
