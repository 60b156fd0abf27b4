import type { Fault } from '../../plan/index.js';
import type { Delivery } from '../deliver/index.js';

const WHOLE: Delivery = { kind: 'whole' };

/** How the response travels: a connection fault's own way, else paced by bandwidth, else whole. */
export function deliveryFor(fault: Fault | undefined, bandwidthBytesPerSecond: number | undefined): Delivery {
  switch (fault?.kind) {
    case 'reset':
      return { kind: 'reset', afterBytes: fault.afterBytes };
    case 'empty':
      return { kind: 'empty' };
    case 'hang':
      return { kind: 'hang', maxMs: fault.maxMs };
    case 'dribble':
      return { kind: 'dribble', chunks: fault.chunks, overMs: fault.overMs };
    default:
      return bandwidthBytesPerSecond === undefined ? WHOLE : { kind: 'paced', bytesPerSecond: bandwidthBytesPerSecond };
  }
}
