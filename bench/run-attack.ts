import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttackPeer } from './attack-peers/peer-servers.js';
import type { Attack } from './attacks/attack.js';
import { spawnTracked, stopChild } from './child-processes.js';
import { loadCore, pinnedCommand } from './pin-to-core.js';
import { readPeakRssBytes, readRssBytes } from './read-rss.js';
import { repoRoot } from './repo-paths.js';
import { staticResponse } from './scenarios/mimicus-static-side.js';
import { pausesEnv, processCpuMs, readServerPauses, runQueueWaitNs, waitForSettled, type ServerPauses } from './server-pauses.js';
import { startServer, type StartOptions } from './start-server.js';

/** What issue 13 asks of every attack. */
export const attackTargets = { worstPauseMs: 100, rssPeakBytes: 500 * 1024 * 1024 } as const;

export interface ProbeResult {
  sent: number;
  answered: number;
  errors: number;
  statusErrors: number;
  maxLatencyMs: number;
  p50Ms: number;
  p99Ms: number;
  maxGapMs: number;
  unansweredAtEnd: number;
  /** When the worst request was sent, in ms from the window's start. */
  worstSentAtMs?: number;
  /** How late the probe's own timer fired at worst: time the probe itself was kept from running. */
  selfStallMs?: number;
  /** Requests that opened a connection of their own, their worst latency, and whether the worst request was one. */
  onNewConnection?: number;
  worstOnNewConnectionMs?: number;
  worstWasNewConnection?: boolean;
  /** The longest a new probe connection took to connect. */
  worstConnectMs?: number;
}

export interface AttackResult {
  attack: string;
  description: string;
  /** PASS/FAIL against the targets; REFUSED: the server would not load the attack's config (a fix may do that); ERROR: the harness could not measure. */
  verdict: 'PASS' | 'FAIL' | 'REFUSED' | 'ERROR';
  note: string;
  windowSeconds: number;
  probe?: ProbeResult;
  /** Worst pause of matched traffic: the probe's worst latency or longest silence, whichever is longer. */
  worstPauseMs?: number;
  rssPeakBytes?: number;
  rssIdleBytes?: number;
  /** Inside the server during the window: its own stalls and GC (Node servers), its CPU. */
  server?: ServerPauses;
}

const PROBE_RATE_PER_SECOND = 100;
/** Unmeasured probe time before the window: connections opened, the JIT warm. */
const PROBE_WARMUP_SECONDS = 2;
const probeScript = join(repoRoot, 'bench', 'attack-probe.mjs');
const attackChildScript = join(repoRoot, 'bench', 'run-attack-child.ts');

/**
 * Runs the attack in its own process on the load generator's core (see run-attack-child.ts) and
 * resolves with its note; a child that outlives its window by 15 s is stopped.
 */
async function runAttackChild(attack: Attack, baseUrl: string, configFile: string, windowSeconds: number, log: (line: string) => void): Promise<string> {
  const pinned = pinnedCommand(loadCore, process.execPath, ['--import', 'tsx', attackChildScript, attack.name, baseUrl, configFile, String(windowSeconds)]);
  const child = spawnTracked(pinned.command, pinned.args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: repoRoot });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopped = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), windowSeconds * 1_000 + 15_000)),
  ]);
  if (stopped) await stopChild(child);
  const lines = output.trim().split('\n');
  for (const line of lines.slice(0, -1)) log(line);
  try {
    return (JSON.parse(lines.at(-1) ?? '') as { note: string }).note + (stopped ? ' (stopped: did not end within 15 s of its window)' : '');
  } catch {
    return stopped ? 'attack did not stop within 15 s of its window' : 'the attack process printed no result';
  }
}

/** One line on what the server's own thread did in the window. */
function describeInside(inside: ServerPauses): string {
  const cpu =
    (inside.cpuMs === undefined ? 'server CPU ?' : `server CPU ${Math.round(inside.cpuMs)} ms`) +
    (inside.runQueueWaitMs === undefined ? '' : ` (and ${Math.round(inside.runQueueWaitMs)} ms waiting for its core)`);
  if (inside.stallMaxMs === undefined) return `${cpu} (no stall record: not a Node server)`;
  return `${cpu}, longest event-loop stall ${Math.round(inside.stallMaxMs)} ms, GC ${inside.gcCount} pauses, longest ${Math.round(inside.gcMaxMs ?? 0)} ms, ${Math.round(inside.gcTotalMs ?? 0)} ms in all`;
}

/** The soft limit of open files this process (and the children it starts) may use. */
export function openFileLimit(): number | undefined {
  const answer = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const value = Number(answer.stdout.trim());
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Runs one attack against a fresh Mimicus (its own config, temp dir and data dir, watching its
 * file) — or against a peer server (`--peers`) — while the probe sends GET /hello at a steady rate
 * for `windowSeconds`; then stops both.
 */
export async function runAttack(
  attack: Attack,
  windowSeconds: number,
  start: StartOptions,
  log: (line: string) => void,
  peer?: AttackPeer,
): Promise<AttackResult> {
  const base = { attack: peer === undefined ? attack.name : `${attack.name} (${peer.name})`, description: attack.description, windowSeconds };
  const dir = await mkdtemp(join(tmpdir(), 'mimicus-attack-'));
  const configFile = join(dir, 'mimicus.yaml');
  const pausesFile = join(dir, 'server-pauses.json');
  await writeFile(configFile, attack.config, 'utf8');
  try {
    let server;
    try {
      server =
        peer === undefined
          ? await startServer({ kind: 'mimicus-file', file: configFile, standIn: staticResponse }, `mimicus ${attack.name}`, {
              ...start,
              serverEnv: pausesEnv(pausesFile),
            })
          : await peer.start(dir, pausesEnv(pausesFile));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const refused = /exited \(1\)/.test(message) && /endpoints\[\d+\]|invalid|refus|limit/i.test(message);
      const reason = message.split('--- its output ---')[1]?.trim().split('\n').slice(0, 3).join(' ') ?? message;
      return { ...base, verdict: refused ? 'REFUSED' : 'ERROR', note: `server did not start: ${reason.slice(0, 300)}` };
    }
    try {
      await waitForSettled(server.pid);
      const pinned = pinnedCommand(loadCore, process.execPath, [
        probeScript,
        `${server.baseUrl}/hello`,
        String(PROBE_RATE_PER_SECOND),
        String(windowSeconds),
        String(PROBE_WARMUP_SECONDS),
      ]);
      const probe = spawnTracked(pinned.command, pinned.args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let probeOutput = '';
      probe.stdout?.on('data', (chunk: Buffer) => (probeOutput += chunk.toString('utf8')));
      const probeExited = new Promise<void>((resolve) => probe.once('exit', () => resolve()));

      let rssMax = 0;
      const sampler = setInterval(() => {
        void readRssBytes(server.pid).then((rss) => (rssMax = Math.max(rssMax, rss ?? 0)));
      }, 100);
      // the attack starts when the probe's measured window does
      await new Promise((resolve) => setTimeout(resolve, PROBE_WARMUP_SECONDS * 1_000));
      const windowStart = Date.now();
      const cpuBefore = await processCpuMs(server.pid);
      const waitBefore = await runQueueWaitNs(server.pid);
      const note = await runAttackChild(attack, server.baseUrl, configFile, windowSeconds, log);
      await Promise.race([probeExited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      const windowEnd = Date.now();
      const cpuAfter = await processCpuMs(server.pid);
      const waitAfter = await runQueueWaitNs(server.pid);
      clearInterval(sampler);
      const rssPeakBytes = Math.max(rssMax, (await readPeakRssBytes(server.pid)) ?? 0) || undefined;
      const exit = server.exitStatus();
      await stopChild(probe);
      // Written twice a second by the server itself: read after the window, before the server stops.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const inside: ServerPauses = {
        ...(await readServerPauses(pausesFile, windowStart, windowEnd)),
        ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: cpuAfter - cpuBefore } : {}),
        ...(waitBefore !== undefined && waitAfter !== undefined ? { runQueueWaitMs: (waitAfter - waitBefore) / 1e6 } : {}),
      };
      let result: ProbeResult | undefined;
      try {
        result = JSON.parse(probeOutput.trim().split('\n').at(-1) ?? '') as ProbeResult;
      } catch {
        result = undefined;
      }
      if (!result) return { ...base, verdict: 'ERROR', note: `${note}; the probe printed no result`, rssPeakBytes, rssIdleBytes: server.idleRssBytes };
      const worstPauseMs = Math.max(result.maxLatencyMs, result.maxGapMs);
      const pass = exit === undefined && worstPauseMs <= attackTargets.worstPauseMs && (rssPeakBytes ?? 0) <= attackTargets.rssPeakBytes;
      log(
        `  ${base.attack}: worst pause ${Math.round(worstPauseMs)} ms (worst request sent ${result.worstSentAtMs ?? '?'} ms into the window, ${result.unansweredAtEnd} unanswered at the end), RSS peak ${Math.round((rssPeakBytes ?? 0) / 1024 / 1024)} MB — ${note}`,
      );
      log(
        `    inside: ${describeInside(inside)}; the probe's own worst stall ${result.selfStallMs ?? '?'} ms; ${result.onNewConnection ?? '?'} probe requests opened a connection (worst ${result.worstOnNewConnectionMs ?? '?'} ms${result.worstWasNewConnection ? ', the worst request was one' : ''}; slowest connect ${result.worstConnectMs ?? '?'} ms)`,
      );
      return {
        ...base,
        verdict: pass ? 'PASS' : 'FAIL',
        note: exit === undefined ? note : `${note}; the server died (${exit})`,
        probe: result,
        worstPauseMs,
        rssPeakBytes,
        rssIdleBytes: server.idleRssBytes,
        server: inside,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
