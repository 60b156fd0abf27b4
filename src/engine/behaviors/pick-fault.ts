import type { Random } from '../../distributions/index.js';
import type { Fault, FaultTable } from '../../plan/index.js';

/** A fault drawn for one request, with the label the journal and debug headers show. */
export interface PickedFault {
  readonly fault: Fault;
  readonly label: string;
}

/** One draw against the endpoint's cumulative fault rates: at most one fault per request. */
export function pickFault(table: FaultTable | undefined, random: Random): PickedFault | undefined {
  if (table === undefined) return undefined;
  const draw = random.next();
  const { cumulativeRates, faults, labels } = table;
  for (let i = 0; i < cumulativeRates.length; i++) {
    if (draw < cumulativeRates[i]!) return { fault: faults[i]!, label: labels[i]! };
  }
  return undefined;
}
