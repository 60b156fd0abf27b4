import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { parsePrometheusText, valueOf } from './prometheus-text.js';

// A template that loops 20,000 times per request: a few concurrent clients keep the event loop busy.
const CONFIG = `version: 2
observability:
  cpuWarnings: { thresholds: [50], sustain: 1s, interval: 200ms }
endpoints:
  - id: heavy
    method: GET
    path: /heavy
    response:
      body: '{{#repeat 200}}{{#repeat 100}}{{math @index "+" 1}}{{/repeat}}{{/repeat}}'
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
  it('warn when a CPU-heavy template load keeps CPU above the threshold, and clear after the load stops', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const warnings: WarningEvent[] = [];
    socket = new WebSocket(`${mimicus.adminUrl.replace(/^http/, 'ws')}/api/events`);
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString()) as WarningEvent;
      if (event.type === 'warning') warnings.push(event);
    });
    await new Promise((resolve) => socket!.once('open', resolve));

    let loading = true;
    const client = async () => {
      while (loading) await (await fetch(`${mimicus!.url}/heavy`)).text();
    };
    const clients = Array.from({ length: 6 }, client);
    const raised = await waitFor(() => warnings.find((event) => event.data.state === 'raised'), 15_000, 'raised warning').finally(async () => {
      // Read while the load lasts: the JSON summary shows the warning for a banner.
      const snapshot = (await (await mimicus!.api('/api/metrics')).json()) as { warnings: { code: string; thresholdPercent: number }[] };
      loading = false;
      await Promise.all(clients);
      expect(snapshot.warnings).toEqual([expect.objectContaining({ code: 'CPU_SATURATED', thresholdPercent: 50 })]);
    });
    expect(raised.data).toMatchObject({ code: 'CPU_SATURATED', threshold: 50, state: 'raised' });
    expect(raised.data.cpuPercent).toBeGreaterThan(50);
    expect(raised.data.message).toMatch(/latency fidelity is at risk/);
    expect(raised.data.message).toMatch(/fewer client connections/);

    const cleared = await waitFor(() => warnings.find((event) => event.data.state === 'cleared'), 10_000, 'cleared warning');
    expect(cleared.data).toMatchObject({ code: 'CPU_SATURATED', threshold: 50 });
    expect(cleared.data.cpuPercent).toBeLessThan(40);
    const samples = parsePrometheusText(await (await mimicus.api('/metrics')).text());
    expect(valueOf(samples, 'mimicus_cpu_warnings_total', { threshold: '50' })).toBe(1);
    const snapshot = (await (await mimicus.api('/api/metrics')).json()) as { warnings: unknown[] };
    expect(snapshot.warnings).toEqual([]);
  }, 40_000);
});
