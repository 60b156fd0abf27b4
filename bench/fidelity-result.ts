import type { MachineInfo } from './machine-info.js';

/**
 * PASS/MISS against the workload's target; NOT-APPLIED when the server ignored the behavior
 * (Mimicus before the behavior was wired: its probe answered without the delay, 429 or pacing),
 * so no figures are reported for it; INFO when the side has no target (the baseline's F3 excess).
 */
export type FidelityVerdict = 'PASS' | 'MISS' | 'NOT-APPLIED' | 'INFO' | 'FAILED';

/** Server-side resource use during the measured run. */
export interface ServerUsage {
  /** CPU time of the server process over wall time (1.0 = one full core). */
  cpuCores: number | undefined;
  /** Event-loop utilization (0..1); only the bare baseline reports it. */
  eventLoopUtilization: number | undefined;
  /** Share of the server's core busy with other processes (noise). */
  serverCoreOthers: number | undefined;
  /** How late the baseline's timers fired against their target (ms), when it reports it. */
  timerLatenessMs: { count: number; p50: number | null; p90: number | null; p99: number | null; max: number | null } | undefined;
  rssAfterBytes: number | undefined;
}

export interface PercentileRow {
  percent: number;
  intendedMs: number;
  /** Corrected for wrk's bias against long requests (see correctForTruncation). */
  observedMs: number;
  relativeError: number;
  /** wrk's own figure, before the correction. */
  rawMs: number;
}

interface SideBase {
  side: 'bare' | 'mimicus';
  /** What ran: `bare` (the baseline), `mimicus`, or `stand-in` (a bare server in Mimicus's place, --stand-in). */
  runsAs: 'bare' | 'mimicus' | 'stand-in';
  verdict: FidelityVerdict;
  /** Why the verdict is what it is, in a few words. */
  reason: string;
  notes: string[];
}

export type FidelitySide =
  | (SideBase & {
      kind: 'distribution';
      connections: number;
      durationSeconds: number;
      requests: number;
      rps: number;
      errors: number;
      rows: PercentileRow[];
      ksDistance: number | undefined;
      rawKsDistance: number | undefined;
      /** The observed distribution (corrected) on wrk's grid: percent → ms (for the plot and the JSON). */
      observed: { percent: number; ms: number }[];
      /** wrk's grid as printed, before the correction. */
      rawObserved: { percent: number; ms: number }[];
      usage: ServerUsage;
    })
  | (SideBase & {
      kind: 'rate-limit';
      durationSeconds: number;
      requests: number;
      rps: number;
      admitted: number;
      rejected: number;
      intendedAdmitted: number;
      relativeError: number;
      retryAfter: string | undefined;
      socketErrors: number;
      usage: ServerUsage;
    })
  | (SideBase & {
      kind: 'bandwidth';
      intendedSeconds: number;
      downloads: { firstByteMs: number; totalMs: number; bytes: number }[];
      medianSeconds: number;
      relativeError: number;
    })
  | (SideBase & {
      kind: 'schedule';
      /** Where the boundary must lie, ms after the probe's time zero (the spawn): from spawn+lead to ready+lead. */
      boundaryWindowMs: [number, number];
      /** First request (sent at, ms after spawn) after which every answer was slow; undefined when never. */
      switchAtMs: number | undefined;
      /** Distance from switchAtMs to the boundary window (0 when inside it). */
      errorMs: number | undefined;
      /** Slow answers before the switch or fast ones after it. */
      outOfPlace: number;
      probes: { sentAtMs: number; latencyMs: number; serverTiming: string | undefined }[];
    })
  /** Not measured: the behavior was not applied (NOT-APPLIED) or the server failed (FAILED). */
  | (SideBase & { kind: 'skipped' });

export interface FidelityWorkloadResult {
  workload: string;
  title: string;
  target: string;
  sampler: { source: string; label: string; note: string | undefined } | undefined;
  sides: FidelitySide[];
  machine: MachineInfo;
  startedAt: string;
}
