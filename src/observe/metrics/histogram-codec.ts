import type { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';
import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';

/**
 * A latency histogram as it travels between processes (IPC, Redis): its non-zero buckets as
 * `[index gap, count, …]` plus the exact min and max. Every histogram has the same layout
 * (createLatencyHistogram), so bucket indexes mean the same everywhere and a merge of decoded
 * histograms is exactly the histogram of all the values: percentiles are read from the merged
 * counts, never averaged.
 */
export interface EncodedHistogram {
  /** Alternating gap from the previous non-zero bucket's index (the first: from -1) and its count. */
  readonly buckets: readonly number[];
  /** Exact smallest non-zero and largest value recorded, in microseconds. */
  readonly minMicros: number;
  readonly maxMicros: number;
}

const asJs = (histogram: LatencyHistogram): JsHistogram => histogram as unknown as JsHistogram;

/** Undefined when empty. */
export function encodeHistogram(histogram: LatencyHistogram): EncodedHistogram | undefined {
  if (histogram.totalCount === 0) return undefined;
  const js = asJs(histogram);
  const buckets: number[] = [];
  const last = js.countsArrayIndex(js.maxValue);
  let previous = -1;
  for (let index = 0; index <= last; index++) {
    const count = js.getCountAtIndex(index);
    if (count === 0) continue;
    buckets.push(index - previous, count);
    previous = index;
  }
  return { buckets, minMicros: js.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : js.minNonZeroValue, maxMicros: js.maxValue };
}

const MAX_COUNT = 2 ** 31 - 1;
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_COUNT;

/**
 * Adds an encoded histogram into `into`; false (nothing added) when it is not one this code
 * wrote (another version, or garbage in Redis): every index and count is checked first, so a
 * hostile value can neither allocate nor write outside the fixed layout.
 */
export function addEncodedHistogram(into: LatencyHistogram, encoded: EncodedHistogram): boolean {
  const js = asJs(into);
  const { buckets, minMicros, maxMicros } = encoded;
  if (!Array.isArray(buckets) || buckets.length % 2 !== 0 || buckets.length > 2 * js.countsArrayLength) return false;
  if (!Number.isInteger(minMicros) || !Number.isInteger(maxMicros) || minMicros < 0 || maxMicros < minMicros) return false;
  const indexes: number[] = [];
  let index = -1;
  for (let i = 0; i < buckets.length; i += 2) {
    const gap = buckets[i];
    if (!isCount(gap) || !isCount(buckets[i + 1])) return false;
    index += gap;
    if (index >= js.countsArrayLength) return false;
    indexes.push(index);
  }
  const minIndex = minMicros > 0 ? js.countsArrayIndex(minMicros) : -1;
  const maxIndex = js.countsArrayIndex(maxMicros);
  if (!indexes.includes(maxIndex) || (minIndex >= 0 && !indexes.includes(minIndex))) return false;
  // Each bucket's count is recorded at its lowest value, except one count of the min's and the
  // max's buckets recorded at the exact min and max: the same buckets, so the same counts, and
  // min and max stay the exact values as in the histogram encoded.
  indexes.forEach((at, i) => {
    let count = buckets[2 * i + 1]!;
    if (at === maxIndex) {
      into.recordValueWithCount(maxMicros, 1);
      count--;
    }
    if (at === minIndex && minIndex !== maxIndex && count > 0) {
      into.recordValueWithCount(minMicros, 1);
      count--;
    }
    if (count > 0) into.recordValueWithCount(js.valueFromIndex(at), count);
  });
  return true;
}
