export { createPipeline } from './create-pipeline.js';
export type { Pipeline, PipelineDeps } from './create-pipeline.js';
export { Exchange } from './exchange.js';
export { simulate } from './simulate.js';
export type { SimulateInput, Simulation } from './simulate.js';
export type { Answer } from './answer.js';
