import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { hashText, type ConfigIssue } from '../config/index.js';
import { watchConfig, type ConfigWatcher } from './watch-config.js';
import type { KnownHashes } from './config-file-hashes.js';

let watcher: ConfigWatcher | undefined;
afterEach(() => {
  watcher?.close();
  watcher = undefined;
});

/** Waits on I/O turns (a file event arriving), never on time. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

function setup(reloadAnswer: () => readonly ConfigIssue[] | undefined = () => undefined) {
  const file = join(mkdtempSync(join(tmpdir(), 'mimicus-watch-')), 'mimicus.yaml');
  writeFileSync(file, 'version: 2\n');
  const known: KnownHashes = new Map([[file, hashText('version: 2\n')]]);
  const clock = new ManualClock();
  const reloads: number[] = [];
  const rejected: number[] = [];
  watcher = watchConfig([file], {
    known,
    clock,
    debounceMs: 50,
    settleMs: 500,
    reload: async () => {
      reloads.push(clock.now());
      return reloadAnswer();
    },
    onRejected: () => rejected.push(clock.now()),
    onError: (error) => {
      throw error;
    },
  });
  return { file, clock, reloads, rejected };
}

describe('watchConfig on a ManualClock', () => {
  it('reloads an edit once the debounce has passed on its clock, not before', async () => {
    const { file, clock, reloads } = setup();
    writeFileSync(file, 'version: 2\n# edited\n');
    await waitFor(() => clock.pendingTimers > 0);
    await clock.advanceAsync(49);
    expect(reloads).toEqual([]);
    await clock.advanceAsync(1);
    await waitFor(() => reloads.length > 0);
    expect(reloads).toEqual([50]);
  });

  it('reports a rejected edit once it has stayed unchanged for settleMs on its clock', async () => {
    const issues = [{ path: 'version', message: 'nope' }];
    const { file, clock, reloads, rejected } = setup(() => issues);
    writeFileSync(file, 'version: 9\n');
    await waitFor(() => clock.pendingTimers > 0);
    await clock.advanceAsync(50);
    await waitFor(() => reloads.length === 1 && clock.pendingTimers > 0);
    await clock.advanceAsync(499);
    expect(rejected).toEqual([]);
    await clock.advanceAsync(1);
    await waitFor(() => rejected.length > 0);
    expect(rejected).toEqual([550]);
  });

  it('does not reload a file whose content is what it already knows', async () => {
    const { file, clock, reloads } = setup();
    writeFileSync(file, 'version: 2\n');
    await waitFor(() => clock.pendingTimers > 0);
    await clock.advanceAsync(1_000);
    expect(reloads).toEqual([]);
  });
});
