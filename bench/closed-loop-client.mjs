// A closed-loop HTTP client that records every request's latency: N keep-alive connections, each
// sending its next request as soon as the previous answer ended, for D seconds. Requests started
// before the end are awaited, not dropped, so slow answers are not under-counted (wrk drops the one
// in flight on each connection). Plain JavaScript, run pinned to the load core:
//   node bench/closed-loop-client.mjs <url> <connections> <seconds>
// Prints one JSON line: { latenciesMs: number[] (sorted), errors, statusErrors, durationSeconds }.
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';

const [url, connectionsText, secondsText] = process.argv.slice(2);
const connections = Number(connectionsText);
const seconds = Number(secondsText);
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latenciesMs = [];
let errors = 0;
let statusErrors = 0;

const once = () =>
  new Promise((resolve) => {
    const started = performance.now();
    const request = get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => {
        latenciesMs.push(performance.now() - started);
        if ((response.statusCode ?? 0) >= 400) statusErrors++;
        resolve();
      });
    });
    request.on('error', () => {
      errors++;
      resolve();
    });
  });

const began = performance.now();
const endAt = began + seconds * 1_000;
const connection = async () => {
  while (performance.now() < endAt) await once();
};
await Promise.all(Array.from({ length: connections }, connection));
const durationSeconds = (performance.now() - began) / 1_000;
agent.destroy();
latenciesMs.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ latenciesMs, errors, statusErrors, durationSeconds })}\n`);
