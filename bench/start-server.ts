import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { spawnTracked, stopChild } from './child-processes.js';
import { writeConfigFile } from './config-file.js';
import { freePort } from './free-port.js';
import { pinnedCommand, serverCore } from './pin-to-core.js';
import { readRssBytes } from './read-rss.js';
import { bareServerScript, fastifyServerScript, fidelityServerScript, repoRoot } from './repo-paths.js';
import type { FixedResponse, ServerSpec } from './scenario.js';
import { waitForHttp } from './wait-for-http.js';
import { startRedisServer } from '../test/support/redis-server.js';

export interface StartOptions {
  /** Replace every Mimicus server by a bare server answering the scenario's stand-in response. */
  standIn: boolean;
  mimicusBin: string;
  readyTimeoutMs: number;
  /** Added to a Mimicus server's environment (the attack bench's pause recorder). */
  serverEnv?: Record<string, string>;
}

export interface RunningServer {
  label: string;
  /** What actually runs: the bare baseline, Mimicus, or a bare server standing in for Mimicus. */
  kind: 'bare' | 'mimicus' | 'stand-in' | 'fastify';
  pid: number;
  baseUrl: string;
  /** RSS right after the server first answered, before any load. */
  idleRssBytes: number | undefined;
  rssBytes(): Promise<number | undefined>;
  /** The last few KB the server printed (stdout and stderr), for error messages. */
  output(): string;
  /** How the process ended ("exit code 1", "signal SIGSEGV"), or undefined while it runs. */
  exitStatus(): string | undefined;
  stop(): Promise<void>;
}

interface Launch {
  kind: RunningServer['kind'];
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

async function launchFor(spec: ServerSpec, label: string, port: number, options: StartOptions, redisUrl?: string): Promise<Launch> {
  // A plain node script listening on --port/--host, told what to answer through one environment variable.
  const script = (kind: Launch['kind'], file: string, env: Record<string, string>): Launch => ({
    kind,
    command: process.execPath,
    args: [file, '--port', String(port), '--host', '127.0.0.1'],
    env: { ...process.env, ...env },
  });
  const bare = (response: FixedResponse, kind: 'bare' | 'stand-in'): Launch => script(kind, bareServerScript, { BARE_RESPONSE: JSON.stringify(response) });
  if (spec.kind === 'bare') return bare(spec.response, 'bare');
  if (spec.kind === 'fastify') return script('fastify', fastifyServerScript, { BARE_RESPONSE: JSON.stringify(spec.response) });
  if (spec.kind === 'fidelity-bare') return script('bare', fidelityServerScript, { FIDELITY_SPEC: JSON.stringify(spec.spec) });
  if (options.standIn) return bare(spec.standIn, 'stand-in');
  const bin = spec.bin ?? options.mimicusBin;
  if (!existsSync(bin)) {
    throw new Error(`Mimicus CLI not found at ${bin} (build it, pass --mimicus-bin, or self-test the harness with --stand-in)`);
  }
  const config =
    spec.kind === 'mimicus' && redisUrl !== undefined ? { ...spec.config, state: { store: 'redis', url: redisUrl, keyPrefix: 'bench:' } } : undefined;
  const configFile = spec.kind === 'mimicus-file' ? spec.file : await writeConfigFile(config ?? spec.config, label.replace(/[^a-z0-9]+/gi, '-'));
  return {
    kind: 'mimicus',
    command: process.execPath,
    // As a user runs it (issue 19): admin API on (on a free port: two servers run at once), the
    // default log level, no NODE_ENV. `--no-admin --log-level silent` read ~0.99x bare node:http in
    // `throughput static` while the shipped defaults read 0.81-0.85x in the peers' run.
    args: [bin, 'serve', configFile, '--port', String(port), '--host', '127.0.0.1', '--admin-port', '0'],
    env: { ...process.env, ...options.serverEnv },
  };
}

function keepTail(child: ChildProcess, limitBytes = 4_096): () => string {
  let tail = '';
  const append = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-limitBytes);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail;
}

/** Starts one server pinned to the server core and resolves once it answers HTTP. */
export async function startServer(spec: ServerSpec, label: string, options: StartOptions): Promise<RunningServer> {
  const port = await freePort();
  // Unpinned: Redis is the side's own server process, sharing the machine's other core with the load generator.
  const redis = spec.kind === 'mimicus' && spec.redis && !options.standIn ? await startRedisServer() : undefined;
  const launch = await launchFor(spec, label, port, options, redis?.url);
  const pinned = pinnedCommand(serverCore, launch.command, launch.args);
  const child = spawnTracked(pinned.command, pinned.args, { env: launch.env, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = keepTail(child);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForHttp(`${baseUrl}/`, child, options.readyTimeoutMs), spawnError]);
  } catch (error) {
    await stopChild(child);
    await redis?.stop();
    const reason = error instanceof Error ? error.message : String(error);
    const printed = output().trim();
    throw new Error(`${label} (${launch.kind}, ${[launch.command, ...launch.args].join(' ')}) ${reason}${printed ? `\n--- its output ---\n${printed}` : ''}`, {
      cause: error,
    });
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${label}: no pid after start`);
  return {
    label,
    kind: launch.kind,
    pid,
    baseUrl,
    idleRssBytes: await readRssBytes(pid),
    rssBytes: () => readRssBytes(pid),
    output,
    exitStatus: () => (child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode !== null ? `signal ${child.signalCode}` : undefined),
    stop: async () => {
      await stopChild(child);
      await redis?.stop();
    },
  };
}
