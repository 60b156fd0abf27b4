import type { TargetState } from '../target-state.js';

/**
 * Picks one target among the available ones. `available` is recomputed only when health changes,
 * so a pick allocates nothing; `key` is the request's hash key (consistent-hash only).
 */
export interface Balancer {
  pick(available: readonly TargetState[], key: string | undefined): TargetState | undefined;
}
