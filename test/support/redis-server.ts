import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** A redis-server binary and what it needs to run (the libraries of an unpacked Debian package). */
interface RedisBinary {
  readonly path: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Unpacked Debian packages live here, beside the other caches of node_modules (one download per checkout). */
const CACHE = resolve('node_modules/.cache/mimicus-redis');
/** redis-server is redis-check-rdb under another name (Debian's redis-server package is only that symlink and the service files). */
const PACKAGES = ['redis-tools', 'libjemalloc2', 'liblzf1'];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function fromCache(): RedisBinary | undefined {
  const path = join(CACHE, 'usr/bin/redis-server');
  if (!existsSync(path)) return undefined;
  const libraries = join(CACHE, 'usr/lib/x86_64-linux-gnu');
  return { path, env: { ...process.env, LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } };
}

/**
 * `apt-get download` needs no root: the packages are fetched into a scratch dir, unpacked with
 * `dpkg -x`, and the dir renamed into place, so test files racing on a fresh machine each end with
 * a whole copy (a rename onto a dir that another file made first fails harmlessly).
 */
function downloadFromDebian(): RedisBinary | undefined {
  mkdirSync(join(CACHE, '..'), { recursive: true });
  const scratch = mkdtempSync(join(CACHE, '..', 'redis-download-'));
  try {
    execFileSync('apt-get', ['download', ...PACKAGES], { cwd: scratch, stdio: 'ignore', timeout: 120_000 });
    const unpacked = join(scratch, 'root');
    for (const deb of readdirSync(scratch).filter((name) => name.endsWith('.deb'))) execFileSync('dpkg', ['-x', join(scratch, deb), unpacked]);
    symlinkSync('redis-check-rdb', join(unpacked, 'usr/bin/redis-server'));
    try {
      renameSync(unpacked, CACHE);
    } catch {
      // Another test file finished first: its copy serves.
    }
    return fromCache();
  } catch {
    return undefined;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

let found: RedisBinary | undefined;

/**
 * The redis-server the Redis tests run: `MIMICUS_REDIS_SERVER`, else one on PATH, else Debian's
 * package unpacked into node_modules/.cache (no root needed), else `apt-get install` when running
 * as root. Like the browser of the web tests, `npm ci && npm test` needs nothing installed by hand.
 */
export function findRedisServer(): RedisBinary {
  if (found) return found;
  const given = process.env.MIMICUS_REDIS_SERVER ?? onPath('redis-server');
  found = given ? { path: given, env: process.env } : (fromCache() ?? downloadFromDebian());
  if (!found && process.getuid?.() === 0) {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'ignore', timeout: 300_000 });
    const installed = onPath('redis-server');
    if (installed) found = { path: installed, env: process.env };
  }
  if (!found) throw new Error('no redis-server: set MIMICUS_REDIS_SERVER, install redis-server, or allow `apt-get download redis-tools libjemalloc2 liblzf1`');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether a Redis answers PING on the port (the server is ready once it does). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolveAnswer(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: Redis gone at once, as a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing on disk). */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open and answers nothing (a hung Redis, not a dead one). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** One redis-server per test file, on a free port, keeping nothing on disk; stop it in afterAll. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  let port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];
    const started = spawn(binary.path, args, { env: binary.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const deadline = Date.now() + 15_000;
    while (!(await answersPing(port))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}: ${output}`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    child = started;
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolveExit) => running.once('exit', resolveExit));
    running.kill('SIGKILL');
    await exited;
  };

  try {
    await launch();
  } catch {
    // The free port was taken between the probe and the start: one more try on another.
    port = await freePort();
    await launch();
  }
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    kill,
    restart: launch,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    stop: kill,
  };
}
