// Preloaded into a Node server under attack (NODE_OPTIONS=--import=<this file>, set by the attack
// bench for Mimicus and the Node floor only): records, with epoch-ms times, every stall of the
// event loop over STALL_MS and every GC pause, and writes them to $MIMICUS_BENCH_PAUSES_FILE twice
// a second and at exit. The bench keeps those inside the probe's window. It tells the part of a
// probe's worst pause spent inside the server's own thread (a long task, a GC) from the part spent
// elsewhere (the kernel's loopback, the probe's own core, a neighbour on the machine).
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const file = process.env.MIMICUS_BENCH_PAUSES_FILE;
// A 5 ms ticker: a stall is the time between two ticks minus the tick itself.
const TICK_MS = 5;
const STALL_MS = 20;
// Bounded: a run with more entries than this keeps the longest (all that the report uses).
const MAX_ENTRIES = 5_000;

if (file) {
  const origin = performance.timeOrigin;
  const stalls = [];
  const gcs = [];
  const keep = (list, entry) => {
    list.push(entry);
    if (list.length > MAX_ENTRIES) {
      list.sort((a, b) => b.ms - a.ms);
      list.length = MAX_ENTRIES / 2;
    }
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      keep(gcs, { at: Math.round(origin + entry.startTime), ms: Number(entry.duration.toFixed(2)), kind: entry.detail?.kind });
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const stall = now - last - TICK_MS;
    last = now;
    if (stall > STALL_MS) keep(stalls, { at: Math.round(origin + now - stall), ms: Math.round(stall) });
  }, TICK_MS).unref();
  const write = () => {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, stalls, gcs }));
    } catch {
      // the bench reads what it finds; a missing file reads as "not measured"
    }
  };
  setInterval(write, 500).unref();
  process.on('exit', write);
}
