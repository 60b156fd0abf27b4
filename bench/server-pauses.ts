import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProcessTime } from './core-usage.js';
import { repoRoot } from './repo-paths.js';

/** The preload that records a Node server's own stalls and GC pauses (see the file). */
const preload = join(repoRoot, 'bench', 'attack-server-pauses.mjs');

/**
 * Inside the server's own thread during the probe's window: its longest event-loop stall and GC
 * pauses (Node servers only, through the preload), and the CPU it used (any server, from /proc).
 */
export interface ServerPauses {
  /** Longest stall of the server's event loop (a long task, a GC, or the process waiting for its core). */
  stallMaxMs?: number;
  gcMaxMs?: number;
  gcTotalMs?: number;
  gcCount?: number;
  /** utime + stime of the server during the window. */
  cpuMs?: number;
  /**
   * Time the server's main thread was ready to run but waited for its core (/proc/<pid>/schedstat).
   * On a loaded machine this dwarfs everything else: a server waiting 12 s of 13 s for its core
   * accepts the attack's connections late, and a new probe connection waits in the accept queue.
   */
  runQueueWaitMs?: number;
}

/** The environment that makes a Node server record its pauses into `file`. */
export function pausesEnv(file: string): Record<string, string> {
  const options = [process.env.NODE_OPTIONS, `--import=${preload}`].filter(Boolean).join(' ');
  return { NODE_OPTIONS: options, MIMICUS_BENCH_PAUSES_FILE: file };
}

interface Recorded {
  stalls: { at: number; ms: number }[];
  gcs: { at: number; ms: number }[];
}

/** What the preload recorded between two epoch-ms times; an empty answer when it recorded nothing. */
export async function readServerPauses(file: string, fromMs: number, toMs: number): Promise<ServerPauses> {
  let recorded: Recorded;
  try {
    recorded = JSON.parse(await readFile(file, 'utf8')) as Recorded;
  } catch {
    return {};
  }
  const inside = <T extends { at: number }>(list: T[]): T[] => list.filter((entry) => entry.at >= fromMs && entry.at <= toMs);
  const stalls = inside(recorded.stalls);
  const gcs = inside(recorded.gcs);
  return {
    stallMaxMs: Math.max(0, ...stalls.map((stall) => stall.ms)),
    gcMaxMs: Math.max(0, ...gcs.map((gc) => gc.ms)),
    gcTotalMs: gcs.reduce((sum, gc) => sum + gc.ms, 0),
    gcCount: gcs.length,
  };
}

/** Nanoseconds the process's main thread has waited on a run queue, or undefined when unreadable. */
export async function runQueueWaitNs(pid: number): Promise<number | undefined> {
  try {
    const wait = Number((await readFile(`/proc/${pid}/schedstat`, 'utf8')).split(' ')[1]);
    return Number.isFinite(wait) ? wait : undefined;
  } catch {
    return undefined;
  }
}

// USER_HZ: 100 on every Linux this bench runs on (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms (clock ticks of 10 ms), or undefined when it is gone. */
export async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const ticks = parseProcessTime(await readFile(`/proc/${pid}/stat`, 'utf8'));
    return ticks === undefined ? undefined : (ticks * 1_000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the server has finished starting: two consecutive 250 ms spans in which it used
 * under 10% of a core, or `limitMs`. Mimicus answers the data plane before its admin API and
 * console are built (about a second of CPU, more on a loaded machine); without this wait that
 * work fell inside the probe's window and read as a pause under attack.
 */
export async function waitForSettled(pid: number, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let quiet = 0;
  let before = await processCpuMs(pid);
  while (Date.now() < deadline && quiet < 2) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await processCpuMs(pid);
    if (now === undefined || before === undefined) return;
    quiet = now - before < 25 ? quiet + 1 : 0;
    before = now;
  }
}
