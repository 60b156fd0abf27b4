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

/** The parts of hdr-histogram-js's JsHistogram that a record touches (3.0.x; the layout HDR defines). */
interface RecordingInternals {
  readonly subBucketHalfCountMagnitude: number;
  readonly subBucketHalfCount: number;
  readonly unitMagnitude: number;
  incrementCountAtIndex(index: number): void;
  updateMinAndMax(value: number): void;
  incrementTotalCount(): void;
}

// Every histogram here has the same shape (createLatencyHistogram's arguments): its constants, read once.
const SHAPE = createLatencyHistogram() as unknown as RecordingInternals;
const SUB_BUCKET_HALF_MAGNITUDE = SHAPE.subBucketHalfCountMagnitude;
const SUB_BUCKET_HALF_COUNT = SHAPE.subBucketHalfCount;
const UNIT_MAGNITUDE = SHAPE.unitMagnitude;

/**
 * Where `micros` (0 ≤ micros < 2³²) is counted: HDR's countsArrayIndex with the bucket taken from
 * Math.clz32 instead of floor(log2(value)) and the sub-bucket by a shift instead of a division by
 * pow(2, …). The library's own way was over half of what metrics cost a request (two records each);
 * latency-histogram.test.ts checks both give the same index over the whole range.
 */
export function countsIndexOf(micros: number): number {
  const bucket = Math.max(31 - Math.clz32(micros) - SUB_BUCKET_HALF_MAGNITUDE - UNIT_MAGNITUDE, 0);
  return (bucket + 1) * 2 ** SUB_BUCKET_HALF_MAGNITUDE + (micros >>> (bucket + UNIT_MAGNITUDE)) - SUB_BUCKET_HALF_COUNT;
}

/** Records `ms` (clamped to the kept range), as `recordValue` would. */
export function recordMs(histogram: LatencyHistogram, ms: number): void {
  const micros = Math.round(ms * 1000);
  const value = micros <= 0 ? 0 : micros >= HIGHEST_MICROS ? HIGHEST_MICROS : micros;
  const h = histogram as unknown as RecordingInternals;
  h.incrementCountAtIndex(countsIndexOf(value));
  h.updateMinAndMax(value);
  h.incrementTotalCount();
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
