import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import { createCpuWarningTracker, type CpuSample, type CpuWarningChange, type CpuWarningState } from './cpu-warnings.js';

export interface CpuMonitorOptions {
  readonly thresholdsPercent: readonly number[];
  readonly sustainMs: number;
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Called for every warning raised or cleared (after the log line). */
  readonly onChange: (change: CpuWarningChange) => void;
  /** What is sampled every interval; by default process CPU and event-loop utilization since the previous sample. */
  readonly sample?: () => CpuSample;
  readonly now?: () => number;
}

export interface CpuMonitor {
  /** The warnings raised now. */
  active(): readonly CpuWarningState[];
  /** The latest sample (zeros before the first). */
  latest(): CpuSample;
  stop(): void;
}

/** Process CPU in percent of one core and event-loop utilization, each since the previous call. */
export function createProcessSampler(): () => CpuSample {
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const elu = performance.eventLoopUtilization(lastElu);
    const elapsedMs = Math.max(1, now - lastAt);
    lastCpu = process.cpuUsage();
    lastAt = now;
    lastElu = performance.eventLoopUtilization();
    return { cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10, elu: Math.round(elu.utilization * 1000) / 1000 };
  };
}

/** The WARN line (or INFO when cleared): what happened, why it matters, what to do. */
export function describeCpuWarning(change: CpuWarningChange, sustainMs: number): string {
  const seconds = `${Math.round(sustainMs / 100) / 10}s`;
  if (change.state === 'cleared') {
    return `CPU back under ${change.thresholdPercent}% of one core (${change.cpuPercent}% for ${seconds}): latency fidelity is no longer at risk from Mimicus's own load`;
  }
  return (
    `CPU above ${change.thresholdPercent}% of one core for ${seconds} (now ${change.cpuPercent}%, event loop ${Math.round(change.elu * 100)}% busy): ` +
    'Mimicus itself is the bottleneck, so latency fidelity is at risk (responses arrive later than the delays configured). ' +
    'Lower its load: fewer client connections, fewer or cheaper templates, or run another instance on another core.'
  );
}

/**
 * Samples CPU and event-loop utilization every `intervalMs` (on an unref'ed timer, so it never keeps
 * the process alive) and raises or clears warnings per threshold with hysteresis (cpu-warnings.ts).
 */
export function startCpuMonitor(options: CpuMonitorOptions): CpuMonitor {
  const tracker = createCpuWarningTracker(options);
  const sample = options.sample ?? createProcessSampler();
  const now = options.now ?? Date.now;
  let latest: CpuSample = { cpuPercent: 0, elu: 0 };
  const timer = setInterval(() => {
    latest = sample();
    for (const change of tracker.observe(latest, now())) {
      const message = describeCpuWarning(change, options.sustainMs);
      const fields = { code: 'CPU_SATURATED', thresholdPercent: change.thresholdPercent, cpuPercent: change.cpuPercent, elu: change.elu };
      if (change.state === 'raised') options.logger.warn(fields, message);
      else options.logger.info(fields, message);
      options.onChange(change);
    }
  }, options.intervalMs);
  timer.unref();
  return {
    active: () => tracker.active(),
    latest: () => latest,
    stop: () => clearInterval(timer),
  };
}
