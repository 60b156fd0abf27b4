import type { LoadResult } from './load-result.js';
import type { MachineInfo } from './machine-info.js';
import type { RunningServer } from './start-server.js';

export interface ThroughputSettings {
  pairs: number;
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  /** How many contended pairs (see contendedShare) may be discarded and measured again, per scenario. */
  retries: number;
  standIn: boolean;
}

export interface RunRecord {
  side: 'a' | 'b';
  load: LoadResult;
  /** VmRSS of the server right after this run. */
  rssAfterBytes: number | undefined;
  /** Non-2xx responses plus socket errors; a run with any is flagged. */
  errors: number;
  /**
   * Share (0..1) of the server core's time used by anything but the server during the run (other
   * processes, interrupts); undefined when not pinned. Above `contendedShare` the run is flagged.
   */
  serverCoreOthers: number | undefined;
  /** The same for the load generator's core (anything but the load generator and the harness). */
  loadCoreOthers: number | undefined;
}

/** A run whose server or load core was this busy with other work is flagged as contended. */
export const contendedShare = 0.1;

export interface PairRecord {
  pair: number;
  /** Which side ran first: pairs alternate AB, BA, AB… so drift on a noisy machine cancels out. */
  order: 'AB' | 'BA';
  a: RunRecord;
  b: RunRecord;
  /** a.rps / b.rps */
  ratio: number;
}

export interface SideSummary {
  label: string;
  kind: RunningServer['kind'];
  /** The method the side was loaded with (GET unless its scenario sends another request). */
  method: string;
  path: string;
  idleRssBytes: number | undefined;
  maxRssBytes: number | undefined;
  medianRps: number;
  medianP50Ms: number;
  medianP99Ms: number;
  /** The verification answer: its headers (minus date) and body size, to show both sides send alike bytes. */
  verifiedHeaders: Record<string, string>;
  verifiedBodyBytes: number;
}

export type Verdict = 'PASS' | 'MISS' | 'INFO';

export interface ThroughputResult {
  scenario: { name: string; description: string; targetRatio: number | undefined };
  startedAt: string;
  finishedAt: string;
  settings: ThroughputSettings;
  machine: MachineInfo;
  a: SideSummary;
  b: SideSummary;
  pairs: PairRecord[];
  /** Pairs measured while a core was busy with other work, discarded and measured again. */
  discardedPairs: PairRecord[];
  medianRatio: number;
  /** Median over the pairs where neither run was contended or had errors; undefined when none. */
  cleanMedianRatio: number | undefined;
  cleanPairs: number;
  minRatio: number;
  maxRatio: number;
  verdict: Verdict;
  /** Runs with errors. */
  flaggedRuns: number;
  /** Runs whose server or load core was busy with other work (see RunRecord.serverCoreOthers). */
  contendedRuns: number;
  notes: string[];
}
