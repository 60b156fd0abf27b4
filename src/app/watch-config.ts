import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { systemClock, type Clock, type TimerId } from '../clock/index.js';
import { hashText, readConfigText, type ConfigIssue } from '../config/index.js';
import type { KnownHashes } from './config-file-hashes.js';

export interface ConfigWatcher {
  /** Watches exactly these files from now on (the config and its includes, after each reload). */
  update(files: readonly string[]): void;
  close(): void;
}

/** `Rejection`: what a refused reload reports (the lifecycle's ConfigRejection). */
export interface ConfigWatcherOptions<Rejection> {
  /** Quiet time after a file event before reading (default 5 ms: reload speed is a goal). */
  readonly debounceMs?: number;
  /** How long a rejected edit must stay unchanged before it counts as rejected (default 150 ms). */
  readonly settleMs?: number;
  /** Content hashes Mimicus last read or wrote; a file whose content matches is not reloaded. */
  readonly known: KnownHashes;
  /** Loads, validates and applies the files again, or rejects them and keeps serving: why. */
  readonly reload: () => Promise<Rejection | undefined>;
  /** A rejected edit that stayed as it was for `settleMs`. */
  readonly onRejected: (rejection: Rejection) => void;
  readonly onError: (error: unknown) => void;
  /**
   * Times the debounce and the settle wait (background timers); the system clock by default. These
   * wait on editors and the file system, so `app/` leaves them on host time; tests use a ManualClock.
   */
  readonly clock?: Clock;
}

/**
 * Watches the directories of the config files rather than the files: editors that save by writing
 * a temp file and renaming it replace the inode, which a file watch would lose; a directory watch
 * sees the new file under the same name, so nothing needs re-arming. Events are debounced briefly,
 * and a change is one only when some file's content differs from what Mimicus last read or wrote.
 */
export function watchConfig<Rejection>(initialFiles: readonly string[], options: ConfigWatcherOptions<Rejection>): ConfigWatcher {
  const debounceMs = options.debounceMs ?? 5;
  const settleMs = options.settleMs ?? 150;
  const clock = options.clock ?? systemClock;
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  let timer: TimerId | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  /** The files' hashes now, or undefined when all are as Mimicus knows them. */
  const changed = async () => {
    const hashes = new Map<string, string>();
    for (const file of files) {
      const text = await readConfigText(file);
      hashes.set(file, hashText(text.ok ? text.value : ''));
    }
    return [...hashes].some(([file, hash]) => options.known.get(file) !== hash) ? hashes : undefined;
  };
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const hashes = await changed();
        if (!hashes) continue;
        // Hashes from before the load: an edit made while loading differs from them and loads again.
        for (const [file, hash] of hashes) options.known.set(file, hash);
        const rejection = await options.reload();
        if (rejection === undefined) continue;
        // An editor that saves in two writes (truncate, then write) shows a half file first: only an
        // edit that stays as it is counts as rejected; a later one is simply loaded next, at once
        // when it is already there.
        if (!(await changed())) await new Promise<void>((resolve) => clock.setBackgroundTimeout(resolve, settleMs));
        if (await changed()) again = true;
        else options.onRejected(rejection);
      } while (again && !closed);
    })()
      .catch(options.onError)
      .finally(() => (running = undefined));
    await running;
  };
  const schedule = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setBackgroundTimeout(() => void run(), debounceMs);
  };

  const update = (next: readonly string[]) => {
    files = new Set(next);
    const dirs = new Set(next.map((file) => dirname(file)));
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      const names = () => new Set([...files].filter((file) => dirname(file) === dir).map((file) => basename(file)));
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names().has(name.toString())) schedule();
      });
      watcher.on('error', options.onError);
      watchers.set(dir, watcher);
    }
  };
  update(initialFiles);

  return {
    update: (next) => {
      if (!closed) update(next);
    },
    close() {
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
