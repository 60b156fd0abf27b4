import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger.js';
import { startCpuMonitor } from './cpu-monitor.js';
import type { CpuSample, CpuWarningChange } from './cpu-warnings.js';

afterEach(() => {
  vi.useRealTimers();
});

function recordingLogger() {
  const lines: { level: string; fields: object; message: string | undefined }[] = [];
  const logger: Logger = {
    error: (fields, message) => lines.push({ level: 'error', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    debug: () => undefined,
    child: () => logger,
  };
  return { logger, lines };
}

describe('startCpuMonitor', () => {
  it('samples every interval with the injected sampler, logs WARN when raised and INFO when cleared, and reports the warnings in force', () => {
    vi.useFakeTimers({ now: 0 });
    const samples: CpuSample[] = [95, 95, 95, 20, 20, 20].map((cpuPercent) => ({ cpuPercent, elu: cpuPercent / 100 }));
    const { logger, lines } = recordingLogger();
    const changes: CpuWarningChange[] = [];
    const monitor = startCpuMonitor({
      thresholdsPercent: [80],
      sustainMs: 2_000,
      intervalMs: 1_000,
      logger,
      onChange: (change) => changes.push(change),
      sample: () => samples.shift() ?? { cpuPercent: 0, elu: 0 },
      now: () => Date.now(),
    });
    vi.advanceTimersByTime(2_000);
    expect(changes).toEqual([{ state: 'raised', thresholdPercent: 80, cpuPercent: 95, elu: 0.95 }]);
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: { code: 'CPU_SATURATED', thresholdPercent: 80, cpuPercent: 95, elu: 0.95 },
        message: expect.stringMatching(
          /^CPU above 80% of one core for 2s .*latency fidelity is at risk.*fewer client connections, fewer or cheaper templates.*another core/,
        ),
      },
    ]);
    expect(monitor.active()).toEqual([{ thresholdPercent: 80, sinceMs: 2_000, cpuPercent: 95, elu: 0.95 }]);
    expect(monitor.latest()).toEqual({ cpuPercent: 95, elu: 0.95 });

    vi.advanceTimersByTime(3_000);
    expect(changes.map((change) => change.state)).toEqual(['raised', 'cleared']);
    expect(lines[1]).toMatchObject({ level: 'info', message: expect.stringMatching(/^CPU back under 80%/) });
    expect(monitor.active()).toEqual([]);

    monitor.stop();
    vi.advanceTimersByTime(10_000);
    expect(monitor.latest()).toEqual({ cpuPercent: 20, elu: 0.2 });
  });

  it('never keeps the process alive (its timer is unref’ed)', () => {
    const unref = vi.spyOn(globalThis, 'setInterval');
    const monitor = startCpuMonitor({
      thresholdsPercent: [80],
      sustainMs: 1_000,
      intervalMs: 1_000,
      logger: recordingLogger().logger,
      onChange: () => undefined,
    });
    const timer = unref.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    monitor.stop();
    unref.mockRestore();
  });
});
