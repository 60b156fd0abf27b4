/**
 * A child process for the SQLite durability tests: `node --import tsx sqlite-writer-for-tests.ts
 * FILE COUNT` increments `counter` COUNT times (0 = until killed), each in a batch that also rewrites
 * a few kilobytes, and prints every committed value on its own line only after the commit returned.
 */
import { openSqliteStateStore } from './sqlite-state-store.js';

const [file, countArg = '0', mode = 'write'] = process.argv.slice(2);
if (!file) throw new Error('usage: sqlite-writer-for-tests.ts FILE [COUNT] [write|idle]');

const store = await openSqliteStateStore({ file });
if (mode === 'idle') {
  // Opened with the default background purge and never closed: the process must still exit.
  await store.set('idle', true, { ttlMs: 60_000 });
  process.stdout.write('idle\n');
} else {
  const count = Number(countArg);
  const padding = 'x'.repeat(4096);
  for (let i = 0; count === 0 || i < count; i++) {
    const [, value] = await store.apply([
      { kind: 'set', key: `blob:${i % 64}`, value: { i, padding } },
      { kind: 'increment', key: 'counter' },
    ]);
    // Pipes are synchronous on POSIX: once this returns, the parent has the line.
    process.stdout.write(`${String(value)}\n`);
  }
  await store.close();
}
