/**
 * The request-body bytes held in memory at once, all requests together. maxBodySize bounds one
 * body, maxConnections the number of connections; without this, their product (10 GB by default)
 * was the bound: 1,000 clients each sending 1 MiB and stalling held 1.14 GB until the timeout.
 */
export interface BodyBudget {
  /** Takes `bytes` when they fit under the limit; false (nothing taken) when they do not. */
  take(bytes: number): boolean;
  give(bytes: number): void;
}

export function createBodyBudget(limitBytes: () => number): BodyBudget {
  let held = 0;
  return {
    take(bytes) {
      if (held + bytes > limitBytes()) return false;
      held += bytes;
      return true;
    },
    give(bytes) {
      held -= bytes;
    },
  };
}
