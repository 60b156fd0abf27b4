import type { Attack } from './attack.js';
import { baseline } from './baseline.js';
import { configRegex } from './config-regex.js';
import { heldConnectionsRps } from './held-connections-rps.js';
import { idleConnections } from './idle-connections.js';
import { likeRegex } from './like-regex.js';
import { nestedRepeat } from './nested-repeat.js';
import { notFoundFlood } from './not-found-flood.js';
import { oversizedBodies } from './oversized-bodies.js';
import { randomSessions } from './random-sessions.js';
import { slowBodies } from './slow-bodies.js';
import { yamlAliasBomb } from './yaml-alias-bomb.js';

/** Every attack of issue 13, in the order `npm run bench -- attacks` runs them; the baseline first. */
export const attacks: readonly Attack[] = [
  baseline,
  slowBodies,
  idleConnections,
  heldConnectionsRps,
  yamlAliasBomb,
  likeRegex,
  configRegex,
  nestedRepeat,
  notFoundFlood,
  oversizedBodies,
  randomSessions,
];
