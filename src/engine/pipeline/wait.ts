import type { Clock } from '../../clock/index.js';
import { createLatenessCompensator, waitOutDelay } from '../behaviors/index.js';
import type { DeliverAnswer } from './deliver-answer.js';
import type { Exchange } from './exchange.js';
import type { Complete } from './record.js';

/** Starts waiting out an exchange's sampled latency; deliver follows when it is due. */
export type WaitThenDeliver = (x: Exchange) => void;

/**
 * Stage 4, wait: the sampled latency counts from arrival, so the wait is `sampled − elapsed` and
 * work done before it is not added on top. A client that leaves during the wait frees its timer at
 * once and is recorded as abandoned. The trace hears the answer and when sending starts.
 */
export function createWait(clock: Clock, deliverAnswer: DeliverAnswer, complete: Complete): WaitThenDeliver {
  // One per server: it learns how late this machine's timers fire and arms them that much early.
  const lateness = createLatenessCompensator();
  return (x) => {
    const answer = x.answer!;
    const trace = x.trace;
    if (trace !== undefined) {
      trace.answered(answer);
      if (answer.delayMs <= 0) trace.sending();
    }
    if (answer.delayMs <= 0) {
      deliverAnswer(x, false);
      return;
    }
    const { res } = x;
    const abandon = (): void => {
      cancel?.();
      complete(x, true);
    };
    const cancel = waitOutDelay(answer.delayMs, x.arrivedAt, lateness, clock, () => {
      res.removeListener('close', abandon);
      if (trace !== undefined) trace.sending();
      deliverAnswer(x, false);
    });
    if (cancel) res.once('close', abandon);
  };
}
