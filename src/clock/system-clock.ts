import { performance } from 'node:perf_hooks';
import type { Clock, TimerId } from './clock.js';
import { sleepOn } from './sleep-on.js';

/**
 * The real clock: performance.now(), Date.now() and the host's timers, called directly (the
 * latency wait runs on it per request, so it adds no allocation beyond the timer itself).
 * `performance` comes from node:perf_hooks: the global one is a lazy getter, read on every call.
 * Timers are not unref'd (a pending response keeps the process alive, as before); background ones are.
 */
// Fixed for the process's life; the getter asks the binding again (and boxes a new number) on each read.
const timeOrigin = performance.timeOrigin;

export const systemClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  toEpochMs: (monotonicMs) => timeOrigin + monotonicMs,
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs) as unknown as TimerId,
  setBackgroundTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref() as unknown as TimerId,
  clearTimeout: (timer) => clearTimeout(timer as unknown as ReturnType<typeof setTimeout>),
  sleep: (delayMs, signal) => sleepOn(systemClock, delayMs, signal),
};
