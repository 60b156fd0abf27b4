import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { get, startWorkers, type Workers } from '../support/serve-workers.js';

const CONFIG = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: 'hello' }
  - id: count
    method: POST
    path: /count
    state: { inc: [visits] }
    response: { status: 200, body: 'counted' }
  - id: step
    method: GET
    path: /step
    sequence:
      after: '404'
      responses: [${Array.from({ length: 10 }, (_, i) => `{ body: 's${i + 1}' }`).join(', ')}]
`;

interface Received {
  type: string;
  data: Record<string, unknown>;
  dropped?: number;
}

describe('mimicus serve --workers 2: what the workers share', () => {
  let cluster: Workers;
  const sockets: WebSocket[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-workers-events-'));

  beforeAll(async () => {
    cluster = await startWorkers(dir, CONFIG);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    if (cluster.child.exitCode === null) {
      cluster.child.kill('SIGKILL');
      await cluster.exited;
    }
  });

  it("streams every worker's request and state events on the primary's GET /api/events", async () => {
    const socket = new WebSocket(`${cluster.adminUrl.replace(/^http/, 'ws')}/api/events`);
    sockets.push(socket);
    const received: Received[] = [];
    socket.on('message', (data) => received.push(JSON.parse(data.toString()) as Received));
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    socket.send(JSON.stringify({ subscribe: ['request', 'state', 'warning'] }));

    // The workers start forwarding once the primary sees a listener (it checks every 250 ms).
    const deadline = Date.now() + 10_000;
    while (!received.some((event) => event.type === 'request.completed')) {
      if (Date.now() > deadline) throw new Error(`no request event from the workers: ${JSON.stringify(received)}`);
      await get(`${cluster.url}/hello`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // 100 fresh connections: round-robin gives each worker about half.
    const statuses = await Promise.all(Array.from({ length: 100 }, () => get(`${cluster.url}/count`, { method: 'POST' }).then((r) => r.status)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const counted = () => received.filter((event) => event.type === 'request.completed' && event.data.endpoint === 'count');
    const until = Date.now() + 10_000;
    while (counted().length < 100 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counted()).toHaveLength(100);
    expect(counted().every((event) => event.data.status === 200 && event.data.method === 'POST')).toBe(true);
    // Both workers served them (the journal, read from the primary, names each entry's slot).
    const page = (await (await fetch(`${cluster.adminUrl}/api/requests?endpoint=count&limit=100`)).json()) as { items: { id: string }[] };
    expect(new Set(page.items.map((entry) => entry.id.split('-')[0]))).toEqual(new Set(['1', '2']));
    // Their state writes, gathered per worker (each publishes what it wrote every 250 ms).
    const written = () =>
      received
        .filter((event) => event.type === 'state.changed' && event.data.source === 'data-plane')
        .reduce((sum, event) => sum + (event.data.count as number), 0);
    while (written() < 100 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written()).toBe(100);
    // The primary's own events are not doubled by the workers: no config events came from them.
    expect(received.filter((event) => event.type.startsWith('config.'))).toEqual([]);
  }, 60_000);

  it('walks a sequence: responder in order across workers, and starts it over on a change applied by all', async () => {
    // One at a time on fresh connections: round-robin alternates the workers, the steps stay in order.
    const inOrder: string[] = [];
    for (let i = 0; i < 10; i++) inOrder.push(await (await get(`${cluster.url}/step`)).text());
    expect(inOrder).toEqual(Array.from({ length: 10 }, (_, i) => `s${i + 1}`));
    const exhausted = await get(`${cluster.url}/step`);
    expect(exhausted.status).toBe(404);
    expect(exhausted.headers.get('x-mimicus-error')).toBe('SEQUENCE_EXHAUSTED');
    const page = (await (await fetch(`${cluster.adminUrl}/api/requests?endpoint=step&limit=100`)).json()) as { items: { id: string }[] };
    expect(new Set(page.items.map((entry) => entry.id.split('-')[0]))).toEqual(new Set(['1', '2']));

    // A change applied by every worker starts the sequence over; 40 concurrent requests take each step once.
    const current = (await (await fetch(`${cluster.adminUrl}/api/config`)).json()) as { endpoints: { id: string; response?: { body?: string } }[] };
    current.endpoints.find((e) => e.id === 'hello')!.response!.body = 'changed';
    const put = await fetch(`${cluster.adminUrl}/api/config`, {
      method: 'PUT',
      body: JSON.stringify(current),
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => get(`${cluster.url}/step`).then(async (r) => ({ status: r.status, body: await r.text() }))),
    );
    const served = answers.filter((answer) => answer.status === 200).map((answer) => answer.body);
    expect(served.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `s${i + 1}`).sort());
    expect(answers.filter((answer) => answer.status === 404)).toHaveLength(30);
  }, 60_000);
});
