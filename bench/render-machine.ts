import type { MachineInfo } from './machine-info.js';

/** One Markdown line describing where and when the numbers were taken. */
export function renderMachine(machine: MachineInfo): string {
  const load = machine.loadAverageAtStart.map((value) => value.toFixed(2)).join(' / ');
  return `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; load average at start ${load} (1/5/15 min); ${machine.loadGenerator}; ${machine.pinned ? 'servers pinned to core 0, load generator to core 1' : 'not pinned'}; git ${machine.gitCommit}.`;
}
