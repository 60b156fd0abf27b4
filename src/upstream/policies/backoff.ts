import type { Random } from '../../distributions/index.js';
import type { RetrySpec } from '../../plan/index.js';

/**
 * The wait before retry number `retry` (1-based), in ms: exponential from `baseMs`, capped at
 * `maxMs`, with AWS's jitters (full: uniform in [0, d]; equal: d/2 + uniform in [0, d/2];
 * decorrelated: uniform in [base, 3 × previous], capped). Seeded: replays with `server.seed`.
 */
export function backoffMs(spec: Pick<RetrySpec, 'baseMs' | 'maxMs' | 'jitter'>, retry: number, previousMs: number, random: Random): number {
  const ceiling = Math.min(spec.maxMs, spec.baseMs * 2 ** (retry - 1));
  switch (spec.jitter) {
    case 'full':
      return random.next() * ceiling;
    case 'equal':
      return ceiling / 2 + (random.next() * ceiling) / 2;
    case 'decorrelated': {
      const high = Math.max(spec.baseMs, 3 * (previousMs || spec.baseMs));
      return Math.min(spec.maxMs, spec.baseMs + random.next() * (high - spec.baseMs));
    }
    default:
      return ceiling;
  }
}
