/** One sample of how busy the process is. */
export interface CpuSample {
  /** Process CPU (user + system) over the last interval, in percent of one core (may exceed 100 with worker threads). */
  readonly cpuPercent: number;
  /** Event-loop utilization over the last interval, 0-1. */
  readonly elu: number;
}

/** A threshold's warning changing state. */
export interface CpuWarningChange {
  readonly state: 'raised' | 'cleared';
  readonly thresholdPercent: number;
  readonly cpuPercent: number;
  readonly elu: number;
}

export interface CpuWarningState {
  readonly thresholdPercent: number;
  /** Epoch ms it was raised. */
  readonly sinceMs: number;
  readonly cpuPercent: number;
  readonly elu: number;
}

/**
 * The hysteresis of CPU warnings, one per threshold: raised once CPU stayed above the threshold for
 * `sustainMs`, cleared once it stayed below `threshold − clearMarginPercent` for `sustainMs`, so a
 * load hovering at the threshold does not flap. Pure: fed samples with their time.
 */
export interface CpuWarningTracker {
  /** The changes this sample causes (usually none). */
  observe(sample: CpuSample, atMs: number): readonly CpuWarningChange[];
  /** The warnings raised now, lowest threshold first. */
  active(): readonly CpuWarningState[];
}

/** Percentage points below a threshold CPU must fall to before its warning may clear. */
export const CLEAR_MARGIN_PERCENT = 10;

interface ThresholdState {
  readonly thresholdPercent: number;
  raised: boolean;
  /** When the current run of samples on the other side of the threshold began; undefined when not in one. */
  crossingSinceMs: number | undefined;
  raisedAtMs: number;
  last: CpuSample;
}

const NO_CHANGES: readonly CpuWarningChange[] = [];

export interface CpuWarningTrackerOptions {
  readonly thresholdsPercent: readonly number[];
  readonly sustainMs: number;
  /** The time each sample covers (the sampling interval): a sample at `t` speaks for `(t − intervalMs, t]`. */
  readonly intervalMs: number;
  readonly clearMarginPercent?: number;
}

export function createCpuWarningTracker(options: CpuWarningTrackerOptions): CpuWarningTracker {
  const { sustainMs, intervalMs } = options;
  const clearMarginPercent = options.clearMarginPercent ?? CLEAR_MARGIN_PERCENT;
  const states: ThresholdState[] = [...new Set(options.thresholdsPercent)]
    .sort((a, b) => a - b)
    .map((thresholdPercent) => ({ thresholdPercent, raised: false, crossingSinceMs: undefined, raisedAtMs: 0, last: { cpuPercent: 0, elu: 0 } }));
  return {
    observe(sample, atMs) {
      let changes: CpuWarningChange[] | undefined;
      for (const state of states) {
        const crossing = state.raised ? sample.cpuPercent < state.thresholdPercent - clearMarginPercent : sample.cpuPercent > state.thresholdPercent;
        if (!crossing) {
          state.crossingSinceMs = undefined;
          if (state.raised) state.last = sample;
          continue;
        }
        state.crossingSinceMs ??= atMs - intervalMs;
        if (atMs - state.crossingSinceMs < sustainMs) continue;
        state.raised = !state.raised;
        state.crossingSinceMs = undefined;
        state.last = sample;
        if (state.raised) state.raisedAtMs = atMs;
        (changes ??= []).push({
          state: state.raised ? 'raised' : 'cleared',
          thresholdPercent: state.thresholdPercent,
          cpuPercent: sample.cpuPercent,
          elu: sample.elu,
        });
      }
      return changes ?? NO_CHANGES;
    },
    active() {
      return states
        .filter((state) => state.raised)
        .map((state) => ({ thresholdPercent: state.thresholdPercent, sinceMs: state.raisedAtMs, cpuPercent: state.last.cpuPercent, elu: state.last.elu }));
    },
  };
}
