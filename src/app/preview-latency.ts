import { validateConfigObject, type ConfigIssue, type Result } from '../config/index.js';
import type { LatencyPreview } from '../control/index.js';
import { compileLatency } from '../distributions/index.js';

const BINS = 40;

/**
 * What a latency block would do, for the console's live plot: its label, percentiles from the
 * compiled distribution's own quantile function, and the probability of each of 40 equal bins
 * between its 0.1% and 99.9% quantiles (from its CDF, so fixed delays and clamp bounds, which
 * have no density, show as the spikes they are). The block is checked exactly as in a config:
 * issues name `latency…` paths.
 */
export function previewLatency(latency: unknown): Result<LatencyPreview, ConfigIssue[]> {
  const validated = validateConfigObject({ version: 2, endpoints: [{ id: 'preview', path: '/', latency, response: { status: 200 } }] });
  const rename = (issues: readonly ConfigIssue[]) => issues.map((issue) => ({ ...issue, path: issue.path.replace(/^endpoints\[0\]\./, '') }));
  if (!validated.ok) return { ok: false, error: rename(validated.error) };
  const compiled = compileLatency(validated.value.endpoints![0]!.latency!, 'latency');
  if (!compiled.ok) return { ok: false, error: compiled.error };
  const sampler = compiled.value;
  const low = sampler.quantile(0.001);
  const high = sampler.quantile(0.999);
  const width = (high - low) / BINS;
  const bins =
    width > 0
      ? Array.from({ length: BINS }, (_, i) => {
          const fromMs = low + i * width;
          const toMs = i === BINS - 1 ? high : fromMs + width;
          // The first bin also holds the mass at `low` itself (the CDF is right-continuous).
          const below = i === 0 ? sampler.cdf(fromMs - Number.EPSILON * Math.max(1, fromMs)) : sampler.cdf(fromMs);
          return { fromMs, toMs, probability: Math.max(0, sampler.cdf(toMs) - below) };
        })
      : [{ fromMs: low, toMs: high, probability: 1 }];
  return {
    ok: true,
    value: {
      label: sampler.label,
      percentiles: {
        p50: round(sampler.quantile(0.5)),
        p90: round(sampler.quantile(0.9)),
        p95: round(sampler.quantile(0.95)),
        p99: round(sampler.quantile(0.99)),
        p999: round(sampler.quantile(0.999)),
      },
      bins: bins.map((bin) => ({ fromMs: round(bin.fromMs), toMs: round(bin.toMs), probability: Math.round(bin.probability * 1e6) / 1e6 })),
    },
  };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
