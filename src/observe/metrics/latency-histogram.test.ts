import { describe, expect, it } from 'vitest';
import { countsIndexOf, createLatencyHistogram, percentilesOf, recordMs } from './latency-histogram.js';

/** hdr-histogram-js's own index (a method its type definitions leave out). */
const libraryIndex = (histogram: ReturnType<typeof createLatencyHistogram>, micros: number): number =>
  (histogram as unknown as { countsArrayIndex(value: number): number }).countsArrayIndex(micros);

describe('latency histogram', () => {
  it('counts every value where hdr-histogram-js would, over the whole kept range', () => {
    const histogram = createLatencyHistogram();
    const values: number[] = [];
    for (let micros = 0; micros < 5000; micros++) values.push(micros);
    // Every power of two and its neighbours (bucket edges), then a fixed-seed sweep up to one hour.
    for (let bit = 0; bit < 32; bit++) for (const delta of [-1, 0, 1]) values.push(2 ** bit + delta);
    let seed = 42;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      values.push(Math.floor((seed / 2 ** 31) ** 4 * 3_600_000_000));
    }
    for (const micros of values.filter((value) => value >= 0 && value <= 3_600_000_000)) {
      expect(countsIndexOf(micros), `index of ${micros}`).toBe(libraryIndex(histogram, micros));
    }
  });

  it('reads back what was recorded: count, min, max and percentiles within 1%', () => {
    const histogram = createLatencyHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(histogram, i / 10);
    recordMs(histogram, -5);
    recordMs(histogram, 10 * 60 * 60 * 1000);
    const read = percentilesOf(histogram)!;
    expect(read.count).toBe(1002);
    expect(read.minMs).toBe(0);
    expect(read.maxMs).toBe(3_600_000);
    expect(read.p50Ms).toBeGreaterThanOrEqual(49.9 * 0.99);
    expect(read.p50Ms).toBeLessThanOrEqual(50.1 * 1.01);
  });
});
