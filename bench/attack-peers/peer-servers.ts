import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { spawnTracked, stopChild } from '../child-processes.js';
import { freePort } from '../free-port.js';
import { pinnedCommand, serverCore } from '../pin-to-core.js';
import { readRssBytes } from '../read-rss.js';
import { repoRoot } from '../repo-paths.js';
import { waitForHttp } from '../wait-for-http.js';

/** A peer server an attack also runs against, on the same core and with the same probe. */
export interface PeerServer {
  pid: number;
  baseUrl: string;
  idleRssBytes: number | undefined;
  exitStatus(): string | undefined;
  stop(): Promise<void>;
}

export interface AttackPeer {
  /** The row's suffix, e.g. "nginx". */
  name: string;
  /** Why this peer is absent on this machine, or undefined when it can run. */
  absent(): string | undefined;
  /** `env` is added to the server's environment (the attack bench's pause recorder, for Node servers). */
  start(dir: string, env: Record<string, string>): Promise<PeerServer>;
}

/**
 * nginx with one worker: GET /hello answered by nginx itself; every other request's body read and
 * buffered in memory up to 1 MiB (client_max_body_size, 413 beyond) before being passed on to a
 * port nobody listens on — the body of a stalled upload is held exactly as Mimicus holds it.
 */
function nginxConfig(dir: string, port: number, deadPort: number): string {
  const file = join(dir, 'nginx.conf');
  mkdirSync(join(dir, 'body'), { recursive: true });
  writeFileSync(
    file,
    `worker_processes 1;
worker_rlimit_nofile 30000;
daemon off;
error_log ${dir}/error.log crit;
pid ${dir}/nginx.pid;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/body; fastcgi_temp_path ${dir}/body; uwsgi_temp_path ${dir}/body; scgi_temp_path ${dir}/body;
  server {
    listen 127.0.0.1:${port} backlog=10000;
    location = /hello { return 200 "ok"; }
    location / { client_max_body_size 1m; client_body_buffer_size 1m; proxy_pass http://127.0.0.1:${deadPort}; }
  }
}
`,
  );
  return file;
}

const which = (binary: string): string | undefined => {
  const found = spawnSync('sh', ['-c', `command -v ${binary} || ls /usr/sbin/${binary} 2>/dev/null`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')[0];
  return found === '' ? undefined : found;
};

/** The worker is the process that serves; nginx's master only forks it. */
const nginxWorkerPid = (masterPid: number): number => {
  const children = spawnSync('pgrep', ['-P', String(masterPid)], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map(Number)
    .filter(Boolean);
  return children[0] ?? masterPid;
};

async function startPinned(
  command: string,
  args: string[],
  port: number,
  pidOf: (pid: number) => number,
  env: Record<string, string> = {},
): Promise<PeerServer> {
  const pinned = pinnedCommand(serverCore, command, args);
  const child = spawnTracked(pinned.command, pinned.args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/hello`, child, 10_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const pid = pidOf(child.pid!);
  return {
    pid,
    baseUrl,
    idleRssBytes: await readRssBytes(pid),
    exitStatus: () => (child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode !== null ? `signal ${child.signalCode}` : undefined),
    stop: () => stopChild(child),
  };
}

/** The peers of `--peers`: the Node floor, and nginx when it is installed (apt-get install nginx). */
export const attackPeers: readonly AttackPeer[] = [
  {
    name: 'node floor',
    absent: () => undefined,
    start: async (_dir, env) => {
      const port = await freePort();
      return startPinned(process.execPath, [join(repoRoot, 'bench', 'attack-peers', 'node-floor.mjs'), String(port)], port, (pid) => pid, env);
    },
  },
  {
    name: 'nginx',
    absent: () => (which('nginx') === undefined ? 'nginx is not installed (apt-get install nginx)' : undefined),
    start: async (dir) => {
      const port = await freePort();
      const deadPort = await freePort();
      return startPinned(which('nginx')!, ['-c', nginxConfig(dir, port, deadPort), '-p', dir], port, nginxWorkerPid);
    },
  },
];
