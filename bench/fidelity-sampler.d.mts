/** Types for fidelity-sampler.mjs (plain JS so the bare server needs no loader). */
import type { LatencySampler, Random } from '../src/distributions/index.js';

export type BenchRandom = Random;
export type BenchSampler = LatencySampler;
export interface LoadedSampler {
  sampler: BenchSampler;
  random: BenchRandom;
  /** Always Mimicus's own compileLatency from dist. */
  source: 'dist';
  note: string | undefined;
}
export function loadLatencySampler(config: unknown, seed: number): Promise<LoadedSampler>;
