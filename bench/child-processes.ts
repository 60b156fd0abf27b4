import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every child the harness starts is spawned here, in its own process group, so that one place can
 * stop them all: on normal exit, on an error, on Ctrl-C and on the overall time limit.
 */
const running = new Set<ChildProcess>();

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Asks a child to stop (SIGTERM), then kills it (SIGKILL) if it is still there after graceMs. */
export async function stopChild(child: ChildProcess, graceMs = 2_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Synchronous last resort, safe inside an 'exit' handler. */
export function killAllChildren(): void {
  for (const child of running) signalGroup(child, 'SIGKILL');
  running.clear();
}

/**
 * Installs handlers so no child outlives the harness. `onAbort` runs on Ctrl-C/SIGTERM, an
 * uncaught error, or when `limitMs` passes; the process then exits with a non-zero code.
 */
export function installCleanup(limitMs: number): void {
  const abort = (reason: string, code: number): void => {
    console.error(`\nbench: ${reason}; stopping ${running.size} child process(es)`);
    killAllChildren();
    process.exit(code);
  };
  process.on('exit', killAllChildren);
  process.on('SIGINT', () => abort('interrupted', 130));
  process.on('SIGTERM', () => abort('terminated', 143));
  process.on('uncaughtException', (error) => abort(`failed: ${error.stack ?? String(error)}`, 1));
  process.on('unhandledRejection', (error) => abort(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1));
  const timer = setTimeout(() => abort(`time limit of ${Math.round(limitMs / 1000)} s exceeded`, 124), limitMs);
  timer.unref();
}
