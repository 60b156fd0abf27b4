import type { Clock } from '../../clock/index.js';
import type { Random } from '../../distributions/index.js';

/**
 * How a prepared response reaches the client. `whole` is the normal path; the others come from
 * `bandwidth` and from faults (dribble, reset, empty, hang).
 */
export type Delivery =
  | { readonly kind: 'whole' }
  /** Body paced at this rate, respecting socket backpressure. */
  | { readonly kind: 'paced'; readonly bytesPerSecond: number }
  /** Body in `chunks` pieces spread evenly over `overMs` (the head goes first, at once). */
  | { readonly kind: 'dribble'; readonly chunks: number; readonly overMs: number }
  /** Head and part of the body (`afterBytes`, default half), then a TCP reset: the client sees ECONNRESET mid-response. */
  | { readonly kind: 'reset'; readonly afterBytes?: number | undefined }
  /** The connection closes without a single response byte. */
  | { readonly kind: 'empty' }
  /** No answer at all; the connection is closed after `maxMs`. */
  | { readonly kind: 'hang'; readonly maxMs: number };

export interface DeliveryDeps {
  readonly random: Random;
  /** Paces timed deliveries (bandwidth, dribble, reset, hang): the engine's clock, a ManualClock in tests. */
  readonly clock: Clock;
}
