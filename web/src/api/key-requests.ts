/**
 * The bridge between API calls that met a 401 and the key prompt on screen: every caller waiting
 * for a key shares one prompt, and all of them retry once it is answered.
 */
export type KeyRequestReason = 'missing' | 'rejected';

export interface KeyRequests {
  ask(reason: KeyRequestReason): Promise<string>;
  answer(key: string): void;
  /** Called with the reason while a key is wanted, with undefined once answered. */
  subscribe(listener: (reason: KeyRequestReason | undefined) => void): () => void;
}

export function createKeyRequests(): KeyRequests {
  let pending: { promise: Promise<string>; resolve: (key: string) => void } | undefined;
  const listeners = new Set<(reason: KeyRequestReason | undefined) => void>();
  const notify = (reason: KeyRequestReason | undefined) => listeners.forEach((listener) => listener(reason));
  return {
    ask(reason) {
      if (!pending) {
        let resolve!: (key: string) => void;
        const promise = new Promise<string>((done) => (resolve = done));
        pending = { promise, resolve };
        notify(reason);
      }
      return pending.promise;
    },
    answer(key) {
      const current = pending;
      pending = undefined;
      notify(undefined);
      current?.resolve(key);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
