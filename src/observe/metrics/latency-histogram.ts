import { createRequire } from 'node:module';
import type { LatencyPercentiles } from '../../contract/index.js';
import type * as hdr from 'hdr-histogram-js';

// The one class used, from its own file: the package's entry also loads its WebAssembly build,
// log encoding and pako (~90 ms of a start; this file alone, ~8 ms).
const { default: Int32Histogram } = createRequire(import.meta.url)('hdr-histogram-js/dist/Int32Histogram.js') as {
  default: (typeof import('hdr-histogram-js/dist/Int32Histogram.js'))['default'];
};

/** Values are recorded in microseconds; one hour is the largest kept (longer ones count as one hour). */
const HIGHEST_MICROS = 3_600_000_000;

/**
 * An HDR histogram of latencies in microseconds, 2 significant digits (1% precision): 32-bit
 * counts, about 13 KiB each. Packed counts would take less memory but cost 3x per record and 12x
 * per merge (0.8 ms), and a read of /api/metrics merges every slice of every endpoint.
 */
export type LatencyHistogram = hdr.Histogram;

export function createLatencyHistogram(): LatencyHistogram {
  // What hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue, 2 digits, autoResize: false }) makes.
  const histogram = new Int32Histogram(1, HIGHEST_MICROS, 2);
  histogram.autoResize = false;
  return histogram;
}

/** Records `ms` (clamped to the kept range). */
export function recordMs(histogram: LatencyHistogram, ms: number): void {
  const micros = Math.round(ms * 1000);
  histogram.recordValue(micros <= 0 ? 0 : micros >= HIGHEST_MICROS ? HIGHEST_MICROS : micros);
}

/** min/avg/percentiles/max in milliseconds (3 decimals), as the API contract serves them. */
export type { LatencyPercentiles };

const ms = (micros: number): number => Math.round(micros) / 1000;

/**
 * Min and max are the exact values recorded; percentiles are HDR's (the upper end of a 1%-wide
 * bucket), kept within [min, max].
 */
export function percentilesOf(histogram: LatencyHistogram): LatencyPercentiles | undefined {
  if (histogram.totalCount === 0) return undefined;
  const min = histogram.getValueAtPercentile(0) === 0 ? 0 : histogram.minNonZeroValue;
  const max = histogram.maxValue;
  const at = (percentile: number) => ms(Math.min(max, Math.max(min, histogram.getValueAtPercentile(percentile))));
  return {
    count: histogram.totalCount,
    minMs: ms(min),
    avgMs: ms(histogram.mean),
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: ms(max),
  };
}
