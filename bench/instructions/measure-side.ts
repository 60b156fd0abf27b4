import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeConfigFile } from '../config-file.js';
import { httpRequest } from '../http-request.js';
import { benchDir } from '../repo-paths.js';
import type { ScenarioSide } from '../scenario.js';
import { startCallgrindServer } from './callgrind-server.js';

const execFileAsync = promisify(execFile);
const driverScript = join(benchDir, 'instructions', 'drive-requests.mjs');

export interface InstructionSettings {
  /** Requests counted per run. */
  requests: number;
  /** Requests sent before counting starts, so V8 has optimised the request path. */
  warmupRequests: number;
  connections: number;
  /** Seconds of counting with no requests before the measured window: the timers' rate, subtracted. */
  idleSeconds: number;
  readyTimeoutMs: number;
}

export interface SideCount {
  /** Instructions in the measured window divided by its requests, background included. */
  rawPerRequest: number;
  /**
   * `rawPerRequest` less the optimising compiler's share (V8 still tiers up functions thousands of
   * requests in: warm-up, and it varies from run to run) and less what the process runs per second
   * with no requests (timers) times the window: the request path's steady cost.
   */
  perRequest: number;
  /** The optimising compiler's instructions in the window, per request (left out of `perRequest`). */
  compilerPerRequest: number;
  backgroundPerSecond: number;
  windowSeconds: number;
  /** Counted requests sent again after a reset connection (each adds a partial request's cost). */
  retried: number;
}

/** Sends `count` requests through the closed-loop driver (a separate native process, never counted). */
async function drive(url: string, side: ScenarioSide, count: number, connections: number): Promise<number> {
  const request = side.request;
  const extra = request === undefined ? [] : [request.method, ...(request.body === undefined ? [] : [request.contentType ?? 'application/json', request.body])];
  const { stdout } = await execFileAsync(process.execPath, [driverScript, url, String(count), String(connections), ...extra], {
    timeout: 3_600_000,
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(stdout) as { sent: number; failed: number; retried: number; reasons: string[] };
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.sent} requests to ${url} failed or answered >= 400 (${result.reasons.join('; ')})`);
  return result.retried;
}

/** Counts one side's instructions per request under callgrind: start, check, warm up, count, count idle, stop. */
export async function countSide(side: ScenarioSide, bin: string, settings: InstructionSettings): Promise<SideCount> {
  const spec = side.server;
  if (spec.kind !== 'mimicus' && spec.kind !== 'mimicus-file') throw new Error(`${side.label}: not a Mimicus side`);
  const configFile = spec.kind === 'mimicus-file' ? spec.file : await writeConfigFile(spec.config, side.label.replace(/[^a-z0-9]+/gi, '-'));
  const server = await startCallgrindServer(bin, configFile, settings.readyTimeoutMs);
  try {
    const url = `${server.baseUrl}${side.path}`;
    const problem = side.check(await httpRequest(url, 60_000, side.request));
    if (problem !== undefined) throw new Error(`${side.label} answered wrongly: ${problem}`);
    await drive(url, side, settings.warmupRequests, settings.connections);
    await server.startCounting();
    // The idle rate first (after the warm-up's last answer, before the window): what timers and
    // background work cost per second with no request, subtracted from the window below.
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, settings.idleSeconds * 1_000));
    const idle = await server.readAndZero();
    const counted = performance.now();
    const backgroundPerSecond = (idle.instructions - idle.compilerInstructions) / ((counted - idleStarted) / 1_000);
    const retried = await drive(url, side, settings.requests, settings.connections);
    const window = await server.readAndZero();
    const windowSeconds = (performance.now() - counted) / 1_000;
    const steady = window.instructions - window.compilerInstructions;
    return {
      rawPerRequest: window.instructions / settings.requests,
      compilerPerRequest: window.compilerInstructions / settings.requests,
      perRequest: (steady - backgroundPerSecond * windowSeconds) / settings.requests,
      backgroundPerSecond,
      windowSeconds,
      retried,
    };
  } finally {
    await server.stop();
  }
}
