import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './start-serve.js';

export interface Workers {
  child: ChildProcess;
  url: string;
  adminUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** `mimicus serve --workers N` as users run it; resolves once the primary logs the admin API's URL. */
export async function startWorkers(dir: string, config: string, workers = 2): Promise<Workers> {
  const file = join(dir, 'mimicus.yaml');
  writeFileSync(file, config);
  const child = spawn(
    process.execPath,
    [BIN, 'serve', file, '--workers', String(workers), '--port', '0', '--no-pretty', '--no-watch', '--log-level', 'debug'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const urls = await new Promise<{ url: string; adminUrl: string }>((resolve, reject) => {
    const look = () => {
      const url = /listening on (http:\/\/[^"\s]+)/.exec(output);
      const admin = /admin API on (http:\/\/[^"\s]+)\/api/.exec(output);
      if (url && admin) resolve({ url: url[1]!, adminUrl: admin[1]! });
    };
    child.stdout!.on('data', (chunk: Buffer) => ((output += chunk.toString()), look()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, ...urls, output: () => output, exited };
}

/** The primary's children: its workers. */
export const workerPids = (primary: number): number[] =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(primary)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);

/** Polls `check` until it holds (a process restart takes real time; vitest's timeout bounds it). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Fresh connections each time (`connection: close`), so the kernel or the primary spreads them over the workers. */
export const get = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { connection: 'close', ...(init.headers ?? {}) } });
