// The matched-traffic probe of the attack bench: an open-loop client that starts GET <url> every
// 1000/rate ms, whatever happened to the previous ones, for D seconds, over up to 64 keep-alive
// connections. A request sent while the server is frozen waits out the freeze, so the worst
// latency is the worst pause of matched traffic; requests still unanswered at the end count with
// their age. Plain JavaScript, run on the load core, apart from the attacker:
// The first <warm-up> seconds open the connections and warm the JIT: those requests are not counted.
//   node bench/attack-probe.mjs <url> <rate per second> <seconds> [warm-up seconds, default 1]
// Prints one JSON line: { sent, answered, errors, statusErrors, maxLatencyMs, p50Ms, p99Ms, maxGapMs, unansweredAtEnd, worstSentAtMs,
// selfStallMs, onNewConnection, worstOnNewConnectionMs, worstWasNewConnection, worstConnectMs }.
// selfStallMs: how late the probe's own timer fired at worst in the window. The probe shares the
// load core with the attacker (and, on loopback, with the kernel work the attacker's sending
// drives): a pause that the probe itself sat through is not the server's.
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';

const [url, rateText, secondsText, warmupText = '1'] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const warmupSeconds = Number(warmupText);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const latenciesMs = [];
const pending = new Set();
let sent = 0;
let measuredSent = 0;
let errors = 0;
let statusErrors = 0;
let lastAnswerAt = performance.now();
let maxGapMs = 0;
// When the worst request was sent, in ms from the window's start: a pause at the attack's start, in
// its middle, or when the attacker lets go of its connections at the end are different findings.
let worstLatencyMs = 0;
let worstSentAtMs = 0;

let countFrom = Infinity;
let selfStallMs = 0;

// Requests that had to open a connection (the pool had no idle one): how many, and their worst
// latency. A request waiting seconds on a new connection points at the accept queue or a lost SYN.
let onNewConnection = 0;
let worstOnNewConnectionMs = 0;
let worstWasNewConnection = false;
// The worst time a new connection took to connect (SYN to SYN-ACK): seconds here mean a lost SYN
// or a full accept queue, not a slow answer.
let worstConnectMs = 0;

const answered = (started, newConnection = false) => {
  const now = performance.now();
  if (started < countFrom) return;
  latenciesMs.push(now - started);
  if (newConnection) {
    onNewConnection++;
    worstOnNewConnectionMs = Math.max(worstOnNewConnectionMs, now - started);
  }
  if (now - started > worstLatencyMs) {
    worstLatencyMs = now - started;
    worstSentAtMs = started - countFrom;
    worstWasNewConnection = newConnection;
  }
  maxGapMs = Math.max(maxGapMs, now - lastAnswerAt);
  lastAnswerAt = now;
};

const send = (started, retried) => {
  const request = get(url, { agent, timeout: (seconds + 30) * 1_000 }, (response) => {
    response.resume();
    response.on('end', () => {
      pending.delete(started);
      if ((response.statusCode ?? 0) >= 400 && started >= countFrom) statusErrors++;
      answered(started, !request.reusedSocket);
    });
  });
  request.once('socket', (socket) => {
    if (!socket.connecting) return;
    const opening = performance.now();
    socket.once('connect', () => {
      if (started >= countFrom) worstConnectMs = Math.max(worstConnectMs, performance.now() - opening);
    });
  });
  request.on('error', (error) => {
    // A kept-alive socket the server closed as idle just as we reused it: Node's documented race,
    // retried once (its latency still counts from the first attempt).
    if (!retried && request.reusedSocket && error.code === 'ECONNRESET') return send(started, true);
    pending.delete(started);
    if (started >= countFrom) errors++;
    answered(started);
  });
};

const fire = () => {
  const started = performance.now();
  sent++;
  if (started >= countFrom) {
    measuredSent++;
    pending.add(started);
  }
  send(started, false);
};

const began = performance.now();
countFrom = began + warmupSeconds * 1_000;
const endAt = countFrom + seconds * 1_000;
lastAnswerAt = countFrom;
// Scheduled from the start time, not from the previous tick, so a late timer does not lower the rate.
await new Promise((resolve) => {
  const tick = () => {
    const now = performance.now();
    const due = began + (sent * 1_000) / rate;
    if (due >= countFrom && now < endAt) selfStallMs = Math.max(selfStallMs, now - due);
    while (began + (sent * 1_000) / rate <= now && now < endAt) fire();
    if (now >= endAt) resolve();
    else setTimeout(tick, Math.max(0, began + (sent * 1_000) / rate - now));
  };
  tick();
});
// Give in-flight requests a moment, then count the rest with their age.
const graceEnd = performance.now() + 1_000;
while (pending.size > 0 && performance.now() < graceEnd) await new Promise((resolve) => setTimeout(resolve, 20));
const end = performance.now();
const ages = [...pending].map((started) => end - started);
if (pending.size > 0 && Math.max(...ages) > worstLatencyMs) worstSentAtMs = Math.min(...pending) - countFrom;
maxGapMs = Math.max(maxGapMs, end - lastAnswerAt - 1_000 > 0 ? end - lastAnswerAt : 0);
latenciesMs.sort((a, b) => a - b);
const at = (q) => (latenciesMs.length === 0 ? 0 : latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))]);
process.stdout.write(
  `${JSON.stringify({
    sent: measuredSent,
    answered: latenciesMs.length,
    errors,
    statusErrors,
    maxLatencyMs: Math.max(latenciesMs.at(-1) ?? 0, ...ages),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxGapMs,
    unansweredAtEnd: pending.size,
    worstSentAtMs: Math.round(worstSentAtMs),
    selfStallMs: Math.round(selfStallMs),
    onNewConnection,
    worstOnNewConnectionMs: Math.round(worstOnNewConnectionMs),
    worstWasNewConnection,
    worstConnectMs: Math.round(worstConnectMs),
  })}\n`,
);
agent.destroy();
process.exit(0);
