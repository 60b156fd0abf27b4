// The fidelity baseline: a bare node:http server that waits with a plain setTimeout, sampling the
// same latency distribution as Mimicus (loaded from dist/distributions, same seed). It is what the
// least Node can do, so the Mimicus figures read against it.
//
//   FIDELITY_SPEC='{"path":"/fidelity","seed":42,"latency":{"lognormal":{"median":"100ms","sigma":0.5}}}' \
//     node bench/fidelity-server.mjs --port 8080 --host 127.0.0.1
//
// Spec fields (all but path optional): latency, seed, body (string) or bodyBytes (n × "x"),
// rateLimit { perSecond, burst } (429 + Retry-After when empty), bandwidthBytesPerSecond,
// schedule { switchAfterMs, latency } (a window that opens switchAfterMs after start).
// Only `path` gets the behavior; any other path answers 404 at once (readiness polls hit `/`).
// GET /__fidelity/stats answers the cumulative event-loop idle/active time and how late the
// timers fired (p50/p90/p99/max since the previous stats call), so the harness can tell timer
// error from queueing.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { loadLatencySampler } from './fidelity-sampler.mjs';

const startedAt = performance.now();

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const raw = process.env.FIDELITY_SPEC;
if (!raw) {
  console.error('fidelity-server: set FIDELITY_SPEC to a JSON spec (see the comment at the top)');
  process.exit(2);
}
const spec = JSON.parse(raw);
const seed = spec.seed ?? 42;
const body = Buffer.from(spec.body ?? 'x'.repeat(spec.bodyBytes ?? 2), 'utf8');
const headers = { 'content-type': 'text/plain', 'content-length': String(body.length) };
const outside = spec.latency ? await loadLatencySampler(spec.latency, seed) : undefined;
const inside = spec.schedule ? await loadLatencySampler(spec.schedule.latency, seed + 1) : undefined;
for (const loaded of [outside, inside]) {
  if (loaded) console.log(`fidelity-server: ${loaded.sampler.label} from ${loaded.source}${loaded.note ? ` (${loaded.note})` : ''}`);
}

// Timer lateness (fire time − intended time), in ms, since the last stats call.
let lateness = new Float64Array(1 << 16);
let latenessCount = 0;
function recordLateness(ms) {
  if (latenessCount === lateness.length) {
    if (lateness.length >= 1 << 24) return;
    const grown = new Float64Array(lateness.length * 2);
    grown.set(lateness);
    lateness = grown;
  }
  lateness[latenessCount++] = ms;
}
function latenessSummary() {
  const sorted = lateness.slice(0, latenessCount).sort();
  const at = (p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
  const summary = { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
  latenessCount = 0;
  return summary;
}

// Token bucket: starts full.
const rate = spec.rateLimit;
let tokens = rate ? rate.burst : 0;
let refilledAt = performance.now();
function takeToken() {
  const now = performance.now();
  tokens = Math.min(rate.burst, tokens + ((now - refilledAt) / 1_000) * rate.perSecond);
  refilledAt = now;
  if (tokens >= 1) {
    tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - tokens) / rate.perSecond));
}

// Paced write: by t ms after the first byte, at most bytesPerSecond × t / 1000 bytes are out.
function writePaced(res, bytesPerSecond) {
  const began = performance.now();
  let sent = 0;
  const step = () => {
    if (res.destroyed) return;
    const allowed = Math.min(body.length, Math.floor(((performance.now() - began) / 1_000) * bytesPerSecond));
    if (allowed > sent) {
      const chunk = body.subarray(sent, allowed);
      sent = allowed;
      if (sent === body.length) return void res.end(chunk);
      if (!res.write(chunk)) return void res.once('drain', () => setTimeout(step, 10));
    }
    setTimeout(step, 10);
  };
  res.writeHead(200, headers);
  res.flushHeaders();
  step();
}

const respond = (res) => {
  if (spec.bandwidthBytesPerSecond) writePaced(res, spec.bandwidthBytesPerSecond);
  else {
    res.writeHead(200, headers);
    res.end(body);
  }
};

const server = createServer((req, res) => {
  req.resume();
  const arrival = performance.now();
  if (req.url === '/__fidelity/stats') {
    const elu = performance.eventLoopUtilization();
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ idleMs: elu.idle, activeMs: elu.active, timerLatenessMs: latenessSummary() }));
  }
  if (req.url !== spec.path) {
    res.writeHead(404, { 'content-length': '0' });
    return void res.end();
  }
  if (rate) {
    const retryAfter = takeToken();
    if (retryAfter > 0) {
      res.writeHead(429, { 'retry-after': String(retryAfter), 'content-length': '0' });
      return void res.end();
    }
  }
  const loaded = inside && arrival - startedAt >= spec.schedule.switchAfterMs ? inside : outside;
  if (!loaded) return respond(res);
  const delayMs = loaded.sampler.sample(loaded.random);
  const target = arrival + delayMs;
  setTimeout(
    () => {
      recordLateness(performance.now() - target);
      respond(res);
    },
    Math.max(0, target - performance.now()),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(argument('port', '0')), argument('host', '127.0.0.1'), () => {
  const address = server.address();
  console.log(`fidelity-server listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
