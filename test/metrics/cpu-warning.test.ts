import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { parsePrometheusText, valueOf } from './prometheus-text.js';

// The monitor samples every 200 ms and raises a warning after 1 s above 50% of one core.
const CONFIG = `version: 2
observability:
  cpuWarnings: { thresholds: [50], sustain: 1s, interval: 200ms }
endpoints:
  - { id: hello, method: GET, path: /hello, response: { body: hi } }
`;

interface WarningEvent {
  type: string;
  data: { code?: string; state?: string; threshold?: number; cpuPercent?: number; elu?: number; message: string };
}

let mimicus: AdminHarness | undefined;
let socket: WebSocket | undefined;
afterEach(async () => {
  socket?.terminate();
  await mimicus?.close();
  mimicus = undefined;
});

function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = check();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`no ${what} within ${timeoutMs} ms`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

describe('CPU warnings', () => {
  it('warn when the sampled CPU stays above the threshold, and clear once it falls', async () => {
    // A scripted reading instead of process.cpuUsage(): the real monitor, tracker, events and
    // metrics run, but whether a warning is raised no longer depends on the machine's load.
    const reading = { cpuPercent: 10, elu: 0.1 };
    mimicus = await startWithAdmin(CONFIG, { cpuSampler: () => ({ ...reading }) });
    const warnings: WarningEvent[] = [];
    socket = new WebSocket(`${mimicus.adminUrl.replace(/^http/, 'ws')}/api/events`);
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString()) as WarningEvent;
      if (event.type === 'warning') warnings.push(event);
    });
    await new Promise((resolve) => socket!.once('open', resolve));
    // Loaded only once the event stream listens, so the warning cannot be raised before it.
    reading.cpuPercent = 95;
    reading.elu = 0.9;

    const raised = await waitFor(() => warnings.find((event) => event.data.state === 'raised'), 15_000, 'raised warning');
    expect(raised.data).toMatchObject({ code: 'CPU_SATURATED', threshold: 50, state: 'raised', cpuPercent: 95, elu: 0.9 });
    expect(raised.data.message).toMatch(/latency fidelity is at risk/);
    expect(raised.data.message).toMatch(/fewer client connections/);
    // While it lasts, the JSON summary shows the warning for a banner, and the counter counts it.
    const during = (await (await mimicus.api('/api/metrics')).json()) as { warnings: { code: string; thresholdPercent: number }[] };
    expect(during.warnings).toEqual([expect.objectContaining({ code: 'CPU_SATURATED', thresholdPercent: 50, cpuPercent: 95 })]);
    expect(valueOf(parsePrometheusText(await (await mimicus.api('/metrics')).text()), 'mimicus_cpu_warnings_total', { threshold: '50' })).toBe(1);

    reading.cpuPercent = 10;
    reading.elu = 0.1;
    const cleared = await waitFor(() => warnings.find((event) => event.data.state === 'cleared'), 15_000, 'cleared warning');
    expect(cleared.data).toMatchObject({ code: 'CPU_SATURATED', threshold: 50, cpuPercent: 10 });
    expect(warnings.map((event) => event.data.state)).toEqual(['raised', 'cleared']);
    const samples = parsePrometheusText(await (await mimicus.api('/metrics')).text());
    expect(valueOf(samples, 'mimicus_cpu_warnings_total', { threshold: '50' })).toBe(1);
    const snapshot = (await (await mimicus.api('/api/metrics')).json()) as { warnings: unknown[]; process: unknown };
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.process).toEqual({ cpuPercent: 10, elu: 0.1 });
  }, 40_000);
});
