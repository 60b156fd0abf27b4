import { describe, expect, it } from 'vitest';
import { createCpuWarningTracker, type CpuWarningChange } from './cpu-warnings.js';

/** Feeds one sample per second (t = 1 s, 2 s, …) and returns the changes with their time. */
function run(cpuPercents: readonly number[], options = { thresholdsPercent: [80, 90], sustainMs: 3_000, intervalMs: 1_000 }) {
  const tracker = createCpuWarningTracker(options);
  const changes: (CpuWarningChange & { atS: number })[] = [];
  cpuPercents.forEach((cpuPercent, i) => {
    for (const change of tracker.observe({ cpuPercent, elu: cpuPercent / 100 }, (i + 1) * 1_000)) changes.push({ ...change, atS: i + 1 });
  });
  return { changes, tracker };
}

describe('createCpuWarningTracker', () => {
  it('raises a threshold once CPU stayed above it for the sustain time, and each threshold on its own', () => {
    const { changes, tracker } = run([85, 85, 95, 95, 95]);
    expect(changes.map(({ state, thresholdPercent, atS }) => ({ state, thresholdPercent, atS }))).toEqual([
      { state: 'raised', thresholdPercent: 80, atS: 3 },
      { state: 'raised', thresholdPercent: 90, atS: 5 },
    ]);
    expect(changes[0]).toMatchObject({ cpuPercent: 95, elu: 0.95 });
    expect(tracker.active().map((warning) => warning.thresholdPercent)).toEqual([80, 90]);
  });

  it('does not raise on a spike shorter than the sustain time', () => {
    expect(run([95, 95, 50, 95, 95, 50, 95]).changes).toEqual([]);
  });

  it('clears only after CPU stayed below the threshold minus the margin for the sustain time (no flapping)', () => {
    // Raised at 3 s; hovering at 72-79 (below 80, above 70) never clears it; 2 s under 70 do not either; then 3 s do.
    const { changes, tracker } = run([85, 85, 85, 79, 75, 78, 79, 76, 60, 60, 72, 60, 60, 60]);
    expect(changes.map(({ state, atS }) => ({ state, atS }))).toEqual([
      { state: 'raised', atS: 3 },
      { state: 'cleared', atS: 14 },
    ]);
    expect(tracker.active()).toEqual([]);
  });

  it('raises again after clearing when CPU climbs back', () => {
    const { changes } = run([90, 90, 90, 10, 10, 10, 90, 90, 90], { thresholdsPercent: [50], sustainMs: 2_000, intervalMs: 1_000 });
    expect(changes.map(({ state, atS }) => `${state}@${atS}`)).toEqual(['raised@2', 'cleared@5', 'raised@8']);
  });
});
