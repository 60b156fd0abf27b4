export { createPipeline } from './create-pipeline.js';
export type { Pipeline } from './create-pipeline.js';
export { Exchange } from './exchange.js';
export { simulate } from './simulate.js';
