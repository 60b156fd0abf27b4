import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { validateConfigObject } from '../../config/index.js';
import { createLogger } from '../../observe/index.js';
import { compilePlan, type Plan } from '../../plan/index.js';
import { createDeliverAnswer } from './deliver-answer.js';
import { Exchange } from './exchange.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function aPlan(): Promise<Plan> {
  const validated = validateConfigObject({ version: 2, endpoints: [{ id: 'hello', path: '/hello', response: { status: 200 } }] });
  if (!validated.ok) throw new Error('invalid');
  const plan = await compilePlan(
    { config: validated.value, baseDir: tmpdir() },
    { readFile: () => Promise.resolve({ ok: false, error: 'none' }), now: () => 0, seed: 1 },
  );
  if (!plan.ok) throw new Error('no plan');
  return plan.value;
}

/** A real server on port 0 whose handler gets each request's Exchange. */
async function serve(plan: Plan, onExchange: (x: Exchange, req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = http.createServer((req, res) => onExchange(new Exchange(req, res, plan, 0), req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('Exchange', () => {
  it('aborts its signal when the client goes away before its response, and not when the response completes', async () => {
    const plan = await aPlan();
    const signals: AbortSignal[] = [];
    const port = await serve(plan, (x, req, res) => {
      signals.push(x.signal);
      if (req.url === '/answered') res.end('ok');
      // '/left': no answer; the client gives up.
    });
    const answered = await fetch(`http://127.0.0.1:${port}/answered`);
    expect(await answered.text()).toBe('ok');

    const aborted = new Promise<void>((resolve) => {
      const request = http.get({ port, host: '127.0.0.1', path: '/left' });
      request.on('error', () => undefined);
      const poll = setInterval(() => {
        if (signals.length === 2) {
          clearInterval(poll);
          signals[1]!.addEventListener('abort', () => resolve());
          request.destroy();
        }
      }, 5);
    });
    await aborted;
    expect(signals[1]!.aborted).toBe(true);
    expect(signals[0]!.aborted).toBe(false);
  });

  it('streams a produced body to the client and completes once, not abandoned', async () => {
    const plan = await aPlan();
    const completions: boolean[] = [];
    const clock = new ManualClock();
    const deliverAnswer = createDeliverAnswer({ clock, logger: createLogger({ level: 'silent' }), isDraining: () => false }, (_x, abandoned) =>
      completions.push(abandoned),
    );
    const port = await serve(plan, (x) => {
      x.answer = {
        response: { status: 200, headers: ['content-type', 'text/plain'], body: '' },
        delivery: { kind: 'whole' },
        delayMs: 0,
        stream: Readable.from(['first ', 'second ', 'third']),
      };
      deliverAnswer(x, false);
    });
    const response = await fetch(`http://127.0.0.1:${port}/stream`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('first second third');
    await new Promise((resolve) => setImmediate(resolve));
    expect(completions).toEqual([false]);
  });
});
