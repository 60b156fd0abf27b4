/** Types for fidelity-sampler.mjs (plain JS so the bare server needs no loader). */
export interface BenchRandom {
  next(): number;
  int(min: number, max: number): number;
  uint32(): number;
}
export interface BenchSampler {
  readonly label: string;
  sample(random: BenchRandom): number;
  quantile(p: number): number;
  cdf(x: number): number;
}
export interface LoadedSampler {
  sampler: BenchSampler;
  random: BenchRandom;
  /** `dist`: Mimicus's own compileLatency; `bench-fallback`: the stand-in in this file. */
  source: 'dist' | 'bench-fallback';
  note: string | undefined;
}
export function normalQuantile(p: number): number;
export function normalCdf(z: number): number;
export function normalDensity(z: number): number;
export function durationMs(value: string | number): number;
export function fallbackSampler(config: unknown): BenchSampler;
export function fallbackRandom(seed: number): BenchRandom;
export function loadLatencySampler(config: unknown, seed: number): Promise<LoadedSampler>;
