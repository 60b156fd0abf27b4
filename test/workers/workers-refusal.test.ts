import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startWorkers, workerPids, type Workers } from '../support/serve-workers.js';

const CONFIG = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: 'first' }
`;

/** The served config with /hello's body changed, as the console would PUT it. */
async function putHello(adminUrl: string, body: string): Promise<Response> {
  const current = (await (await fetch(`${adminUrl}/api/config`)).json()) as { endpoints: { id: string; response?: { body?: string } }[] };
  current.endpoints.find((e) => e.id === 'hello')!.response!.body = body;
  return fetch(`${adminUrl}/api/config`, { method: 'PUT', body: JSON.stringify(current), headers: { 'content-type': 'application/json' } });
}

/** What 100 fresh connections (spread over both workers by round-robin) are answered. */
const bodies = async (url: string) => new Set(await Promise.all(Array.from({ length: 100 }, () => get(`${url}/hello`).then((r) => r.text()))));

describe('mimicus serve --workers 2: a worker that cannot take a change', () => {
  let cluster: Workers;
  let stopped: number | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-workers-refusal-'));

  beforeAll(async () => {
    cluster = await startWorkers(dir, CONFIG);
  }, 60_000);

  afterAll(async () => {
    if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
    if (cluster.child.exitCode === null) {
      cluster.child.kill('SIGKILL');
      await cluster.exited;
    }
  });

  it('refuses the change for all when one worker does not answer: nothing half-applied, and the next change is not held up', async () => {
    // One worker stops answering (SIGSTOP: alive, its IPC channel open, as a worker stuck in a loop).
    const [victim] = workerPids(cluster.child.pid!);
    stopped = victim!;
    process.kill(stopped, 'SIGSTOP');

    const refused = await putHello(cluster.adminUrl, 'second');
    expect(refused.status).toBe(503);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('WORKERS_UNAVAILABLE');
    expect(problem.detail).toMatch(/applied nowhere: worker \d+ did not answer within 10000 ms/);

    process.kill(stopped, 'SIGCONT');
    stopped = undefined;
    // The worker that was ready was told to drop the change; the stopped one drops it on waking.
    expect(await bodies(cluster.url)).toEqual(new Set(['first']));
    const config = (await (await fetch(`${cluster.adminUrl}/api/config`)).json()) as { endpoints: { response: { body: string } }[] };
    expect(config.endpoints[0]!.response.body).toBe('first');
    const versions = (await (await fetch(`${cluster.adminUrl}/api/versions`)).json()) as { items: unknown[] };
    expect(versions.items).toHaveLength(1);

    // The resumed worker does not hold the refused change waiting for a word (30 s): the next one applies everywhere.
    const accepted = await putHello(cluster.adminUrl, 'third');
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(await bodies(cluster.url)).toEqual(new Set(['third']));
  }, 90_000);
});
