/**
 * The journal's event-loop stalls, in CPU time, for this build and another's (not part of `npm run
 * bench`):
 *
 *   node --import tsx bench/journal-stalls.ts [REF_DIR] [rate=15000] [seconds=40] [perTurn=8]
 *
 * Opens the journal as `mimicus serve` does (defaults of `config.journal`, SQLite in a temp data
 * dir, exact counts) on a ManualClock, and feeds it proxied-request exchanges at `rate` a second of
 * the manual clock, `perTurn` per event-loop turn. Between two turns the clock is advanced (the
 * batch timer fires) and the loop is yielded to (a batch that filled the queue is written): the CPU
 * time of that gap (process.cpuUsage: user + system, so SQLite's WAL writes count) is what the
 * journal held the event loop for. The first 20 s of clock fill the store past its retention (10,000
 * rows at 500 a second); the rest is measured. Printed per build: the journal's CPU µs per request,
 * and the stalls: how many exceeded 0.25 / 0.5 / 1 ms, their p99 and max. CPU times, so a loaded
 * machine changes them less than wall-clock times, but it still does (caches, frequency): the
 * builds run in alternating rounds, and the medians are compared.
 * REF_DIR is a built checkout (dist/); without it only this build runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';

interface JournalModule {
  journalOptions(
    config: undefined,
    dataDir: string,
  ): { size: number; maxBodyBytes: number; persist?: { file: string; retention: { count: number; ageMs: number }; perSecond: number } };
  openSqliteJournalStore(file: string, retention: { count: number; ageMs: number }): Promise<unknown>;
  openJournal(options: object): Promise<{ record(exchange: object): void; close(): Promise<void>; readonly dropped: number }>;
  withExactCounts(journal: object): { record(exchange: object): void; close(): Promise<void> };
}
interface ClockModule {
  ManualClock: new (options?: { nowMs?: number; epochMs?: number }) => { advance(ms: number): void; now(): number; toEpochMs(ms: number): number };
}

interface Reading {
  readonly cpuUsPerRequest: number;
  readonly stalls: number[];
}

const WARM_SECONDS = 20;
const here = resolve(import.meta.dirname, '..');

const cpuUs = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
const turn = () => new Promise<void>((done) => setImmediate(done));

async function measure(root: string, rate: number, seconds: number, perTurn: number): Promise<Reading> {
  const observe = (await import(pathToFileURL(join(root, 'dist/observe/index.js')).href)) as JournalModule;
  const { ManualClock } = (await import(pathToFileURL(join(root, 'dist/clock/index.js')).href)) as ClockModule;
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-journal-stalls-'));
  const clock = new ManualClock({ epochMs: Date.UTC(2026, 11, 1) });
  const settings = observe.journalOptions(undefined, dir);
  const { persist, ...options } = settings;
  const store = await observe.openSqliteJournalStore(persist!.file, persist!.retention);
  const journal = observe.withExactCounts(await observe.openJournal({ ...options, persist: { store, perSecond: persist!.perSecond }, clock }));
  const stepMs = (perTurn * 1000) / rate;
  const turns = Math.round(((WARM_SECONDS + seconds) * rate) / perTurn);
  const warmTurns = Math.round((WARM_SECONDS * rate) / perTurn);
  const stalls: number[] = [];
  let gapsUs = 0;
  let n = 0;
  for (let t = 0; t < turns; t++) {
    const before = cpuUs();
    clock.advance(stepMs);
    await turn();
    const gap = cpuUs() - before;
    if (t >= warmTurns) {
      stalls.push(gap / 1000);
      gapsUs += gap;
    }
    for (let i = 0; i < perTurn; i++) {
      const arrived = clock.now() - 0.4;
      // What a forwarded GET leaves in the ring: its own header object, the backend's head, the upstream attempt.
      journal.record({
        arrivedAtMs: clock.toEpochMs(arrived),
        firstByteMs: 0.3,
        completeMs: 0.4,
        method: 'GET',
        url: `/small?n=${n}`,
        path: '/small',
        requestHeaders: { host: '127.0.0.1:8080', 'user-agent': 'wrk', accept: '*/*', connection: 'keep-alive', 'x-request-n': String(n) },
        requestBody: undefined,
        status: 200,
        responseHeaders: [
          'content-type',
          'text/plain',
          'content-length',
          '5',
          'date',
          new Date(0).toUTCString(),
          'connection',
          'keep-alive',
          'keep-alive',
          'timeout=5',
        ],
        responseBody: '',
        applied: { delayMs: 0, upstream: { upstream: 'backend', target: 'http://127.0.0.1:9000', status: 200, upstreamMs: 0.2, outcome: 'complete' } },
        abandoned: false,
        identity: undefined,
      });
      n++;
    }
  }
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
  // The gaps hold the turn's own cost (setImmediate, a clock step) too: the same in both builds.
  return { cpuUsPerRequest: gapsUs / ((turns - warmTurns) * perTurn), stalls };
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function describeStalls(stalls: readonly number[]): string {
  const sorted = [...stalls].sort((a, b) => a - b);
  const over = (ms: number) => stalls.filter((s) => s > ms).length;
  return `turns ${stalls.length}, > 0.25 ms ${over(0.25)}, > 0.5 ms ${over(0.5)}, > 1 ms ${over(1)}, p99.9 ${quantile(sorted, 0.999).toFixed(3)} ms, max ${sorted.at(-1)!.toFixed(3)} ms`;
}

const [refArg, rateArg, secondsArg, perTurnArg] = process.argv.slice(2);
const rate = Number(rateArg ?? 15000);
const seconds = Number(secondsArg ?? 40);
const perTurn = Number(perTurnArg ?? 8);
const builds: [string, string][] = [['this build', here]];
if (refArg !== undefined && refArg !== '-') builds.push(['ref', resolve(refArg)]);
const ROUNDS = Number(process.env.MIMICUS_BENCH_ROUNDS ?? 3);
const readings = new Map<string, Reading[]>(builds.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, root] of round % 2 === 0 ? builds : [...builds].reverse()) readings.get(name)!.push(await measure(root, rate, seconds, perTurn));
}
console.log(`journal stalls: ${rate} requests a second of clock, ${perTurn} a turn, ${seconds} s after ${WARM_SECONDS} s, ${ROUNDS} rounds`);
for (const [name, list] of readings) {
  console.log(
    `  ${name.padEnd(10)} journal CPU µs/request median ${median(list.map((r) => r.cpuUsPerRequest)).toFixed(2)} (rounds: ${list.map((r) => r.cpuUsPerRequest.toFixed(2)).join(' ')})`,
  );
  for (const r of list) console.log(`    ${describeStalls(r.stalls)}`);
}
console.log(
  `  load average ${(await import('node:os'))
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
