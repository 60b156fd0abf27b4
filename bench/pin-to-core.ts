import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

let available: boolean | undefined;

/** Whether `taskset` exists and the machine has at least two cores to split. */
export function canPinToCores(): boolean {
  if (available === undefined) {
    // Reading our own affinity proves taskset runs, without needing any other program on PATH.
    const probe = spawnSync('taskset', ['-pc', String(process.pid)], { stdio: 'ignore' });
    available = probe.status === 0 && availableParallelism() >= 2;
  }
  return available;
}

/** Prefixes a command with `taskset -c <core>` when pinning is possible; taskset execs, so the pid stays the command's. */
export function pinnedCommand(core: number, command: string, args: readonly string[]): { command: string; args: string[] } {
  return canPinToCores() ? { command: 'taskset', args: ['-c', String(core), command, ...args] } : { command, args: [...args] };
}

/** Core the servers run on, and core the load generator runs on. */
export const serverCore = 0;
export const loadCore = 1;
