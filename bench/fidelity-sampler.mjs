// The latency sampler the fidelity baseline and the harness share. Plain JavaScript so the bare
// server runs under plain `node`. It loads `compileLatency` and `createRandom` from the built
// dist/distributions (the very code Mimicus samples with); while that module does not export
// `compileLatency` yet, a small stand-in here covers `fixed` and `lognormal { median, sigma }`, and
// `source` says which one was used so reports can tell.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const distDistributions = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist', 'distributions', 'index.js');

/** Φ⁻¹(p), Acklam's rational approximation (relative error below 1.2e-9). */
export function normalQuantile(p) {
  if (!(p > 0 && p < 1)) return p <= 0 ? -Infinity : Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Φ(z) through erfc (W. J. Cody's rational fits via Numerical Recipes' erfcc; absolute error below 1.2e-7). */
export function normalCdf(z) {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The standard normal density φ(z). */
export function normalDensity(z) {
  return Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
}

/** "100ms", "1s", "250us" or a number of milliseconds, to milliseconds. */
export function durationMs(value) {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?\s*$/.exec(String(value));
  if (!match) throw new Error(`not a duration: ${JSON.stringify(value)}`);
  const factor = { us: 0.001, µs: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms'];
  return Number(match[1]) * factor;
}

/** The bench's own sampler for the two families the workloads use. */
export function fallbackSampler(config) {
  if ('fixed' in config) {
    const ms = durationMs(config.fixed);
    return { label: `fixed ${ms}ms`, sample: () => ms, quantile: () => ms, cdf: (x) => (x >= ms ? 1 : 0) };
  }
  if ('lognormal' in config && 'median' in config.lognormal) {
    const median = durationMs(config.lognormal.median);
    const sigma = config.lognormal.sigma;
    const mu = Math.log(median);
    return {
      label: `lognormal(median ${median}ms, σ ${sigma})`,
      // Inverse-CDF sampling: one uniform per draw, so a seed gives one sequence.
      sample: (random) => Math.exp(mu + sigma * normalQuantile(Math.min(1 - 2 ** -53, Math.max(2 ** -53, random.next())))),
      quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
      cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    };
  }
  throw new Error(`the bench's stand-in sampler knows fixed and lognormal { median, sigma } only, got ${JSON.stringify(config)}`);
}

/** The same generator as src/distributions/random.ts (sfc32 seeded through splitmix32), for when dist is missing. */
export function fallbackRandom(seed) {
  let state = seed >>> 0;
  const mix = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const uint32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32();
  return { uint32, next: () => uint32() / 4294967296, int: (min, max) => min + Math.floor((uint32() / 4294967296) * (max - min + 1)) };
}

/** The CDF by bisection on the quantile function, for a sampler that has no `cdf`. */
function cdfFromQuantile(quantile) {
  return (x) => {
    let low = 0;
    let high = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (low + high) / 2;
      if (quantile(mid) <= x) low = mid;
      else high = mid;
    }
    return low;
  };
}

/**
 * Compiles a latency config (as written in YAML: `{ lognormal: { median: "100ms", sigma: 0.5 } }`)
 * and a seeded PRNG. Returns { sampler, random, source, note }.
 */
export async function loadLatencySampler(config, seed) {
  let module;
  let note;
  if (existsSync(distDistributions)) {
    try {
      module = await import(pathToFileURL(distDistributions).href);
    } catch (error) {
      note = `dist/distributions failed to load (${error instanceof Error ? error.message : String(error)})`;
    }
  } else note = 'dist/distributions is not built';
  const random = typeof module?.createRandom === 'function' ? module.createRandom(seed) : fallbackRandom(seed);
  if (typeof module?.compileLatency === 'function') {
    try {
      let compiled = module.compileLatency(config, 'bench');
      // Tolerate a Result-shaped answer ({ ok, value }) as well as a bare sampler.
      if (compiled && typeof compiled === 'object' && 'ok' in compiled) {
        if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
        compiled = compiled.value;
      }
      const sampler = {
        label: compiled.label ?? JSON.stringify(config),
        sample: (r) => compiled.sample(r),
        quantile: (p) => compiled.quantile(p),
        cdf: typeof compiled.cdf === 'function' ? (x) => compiled.cdf(x) : cdfFromQuantile((p) => compiled.quantile(p)),
      };
      return { sampler, random, source: 'dist', note: typeof compiled.cdf === 'function' ? undefined : 'cdf from bisection on quantile' };
    } catch (error) {
      note = `compileLatency refused the config (${error instanceof Error ? error.message : String(error)})`;
    }
  } else note ??= 'dist/distributions does not export compileLatency yet';
  return { sampler: fallbackSampler(config), random, source: 'bench-fallback', note };
}
