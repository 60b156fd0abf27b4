import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { canPinToCores } from './pin-to-core.js';
import { repoRoot } from './repo-paths.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverageAtStart: [number, number, number];
  pinned: boolean;
  loadGenerator: string;
  gitCommit: string;
}

export function machineInfo(loadGenerator: string): MachineInfo {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bin'], { cwd: repoRoot, encoding: 'utf8' });
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadAverageAtStart: [one, five, fifteen],
    pinned: canPinToCores(),
    loadGenerator,
    gitCommit: git.status === 0 ? `${git.stdout.trim()}${dirty.stdout?.trim() ? ' (+ uncommitted changes in src/bin)' : ''}` : 'unknown',
  };
}
