import type { LoadResult } from './load-result.js';
import type { MachineInfo } from './machine-info.js';
import type { RunningServer } from './start-server.js';

export interface ThroughputSettings {
  pairs: number;
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  standIn: boolean;
}

export interface RunRecord {
  side: 'a' | 'b';
  load: LoadResult;
  /** VmRSS of the server right after this run. */
  rssAfterBytes: number | undefined;
  /** Non-2xx responses plus socket errors; a run with any is flagged. */
  errors: number;
}

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
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
  verdict: Verdict;
  flaggedRuns: number;
  notes: string[];
}
