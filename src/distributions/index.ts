export { createRandom } from './random.js';
export type { Random } from './random.js';
export type { LatencySampler } from './sampler.js';
export { compileLatency } from './compile-latency.js';
export { quantileOf } from './quantile-of.js';
export { ksDistance } from './ks-distance.js';
export { standardNormalQuantile, standardNormalCdf } from './standard-normal.js';
export { fitLatency } from './fit-latency.js';
export type { FittedLatency } from './fit-latency.js';
