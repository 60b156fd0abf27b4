import { fillerEndpoint } from '../scenarios/endpoints-10k.js';
import { attackConfig } from './attack-config.js';
import type { Attack } from './attack.js';
import { floodRequests, formatStatuses } from './flood-requests.js';

const ENDPOINTS = 20_000;
const CONNECTIONS = 32;

/** Issue 13: with 20,000 endpoints a 404 flood ran at 65 rps and starved matched traffic to 7 rps. */
export const notFoundFlood: Attack = {
  name: 'not-found-flood',
  description: `${CONNECTIONS} connections send unmatched GETs (near misses of real paths) as fast as answered, against a config of ${ENDPOINTS.toLocaleString('en')} endpoints`,
  config: attackConfig(Array.from({ length: ENDPOINTS }, (_, i) => fillerEndpoint(i))),
  run: async ({ baseUrl, signal }) => {
    const started = performance.now();
    const result = await floodRequests(baseUrl, CONNECTIONS, signal, (i) => ({ path: `/api/r${i % ENDPOINTS}x/${i}/nope` }));
    const seconds = (performance.now() - started) / 1_000;
    return `${result.sent} unmatched requests (${Math.round(result.sent / seconds)} rps): ${formatStatuses(result.statuses)}${result.errors ? `, ${result.errors} errors` : ''}`;
  },
};
