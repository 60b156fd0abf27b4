import { attackConfig } from './attack-config.js';
import { untilAborted, type Attack } from './attack.js';

/** No attack: the probe alone, in the same run, so every row has its reference. */
export const baseline: Attack = {
  name: 'baseline',
  description: 'no attack: the probe alone against the static stub',
  peers: true,
  config: attackConfig(),
  run: async ({ signal }) => {
    await untilAborted(signal);
    return 'probe only';
  },
};
