import type { ConfigListener } from '../app/index.js';
import type { ToPrimary } from './messages.js';

/**
 * A worker's side of the two-step apply: the first of its config listeners. When the change is one
 * the primary asked for, `commit` (the change compiled and prepared, nothing swapped yet) says
 * `prepared: ready` and waits for the primary's word: `commit` lets it serve, `abort` (or silence
 * for `timeoutMs`: the primary may be gone) refuses it, so it is never half-applied.
 */
export function awaitPrimary(send: (message: ToPrimary) => void, timeoutMs: number) {
  let expected: number | undefined;
  /** The last change this worker finished with: a word about it or an earlier one comes too late and is dropped. */
  let finished = 0;
  const readySent = new Set<number>();
  const words = new Map<number, 'commit' | 'abort'>();
  const waiting = new Map<number, (word: 'commit' | 'abort') => void>();

  const listener: ConfigListener = {
    name: 'primary',
    async commit() {
      const id = expected;
      if (id === undefined) return undefined;
      readySent.add(id);
      send({ t: 'prepared', id, kind: 'ready' });
      const word =
        words.get(id) ??
        (await new Promise<'commit' | 'abort'>((resolve) => {
          const timer = setTimeout(() => resolve('abort'), timeoutMs);
          waiting.set(id, (given) => {
            clearTimeout(timer);
            resolve(given);
          });
        }));
      words.delete(id);
      waiting.delete(id);
      if (word === 'commit') return undefined;
      const message = 'another worker could not apply the change, or the primary called it off';
      return { code: 'WORKERS_UNAVAILABLE', detail: message, issues: [{ path: '', message }] };
    },
  };

  return {
    listener,
    /** The change `id` is the one being applied now. */
    expect(id: number): void {
      expected = id;
    },
    /** The change `id` is over (served, refused or called off): its word, if any, is not needed. */
    done(id: number): void {
      expected = undefined;
      finished = Math.max(finished, id);
      words.delete(id);
      readySent.delete(id);
    },
    /** Whether this worker said `ready` for `id` (else it never reached the commit step). */
    wasReady: (id: number): boolean => readySent.delete(id),
    /** The primary's word, which may come before the worker is ready to hear it (a worker catching up). */
    word(id: number, word: 'commit' | 'abort'): void {
      const resolve = waiting.get(id);
      if (resolve) resolve(word);
      // The primary calls off a change with every worker it asked, including those that refused it or are done.
      else if (id > finished) words.set(id, word);
    },
  };
}
