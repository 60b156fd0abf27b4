import { randomUUID } from 'node:crypto';
import { attackConfig } from './attack-config.js';
import type { Attack } from './attack.js';
import { floodRequests, formatStatuses } from './flood-requests.js';

const CONNECTIONS = 16;

/** Issue 13: sessions created by random ids grew state without bound (22 MB in 8 s). */
export const randomSessions: Attack = {
  name: 'random-sessions',
  description: `${CONNECTIONS} connections call a session-scoped counter, each request with a new random x-mimicus-session id`,
  config: attackConfig([
    { id: 'visit', method: 'GET', path: '/visit', response: { status: 200, template: true, body: '{{state.inc "visits" scope="session"}}' } },
  ]),
  run: async ({ baseUrl, signal }) => {
    const started = performance.now();
    const result = await floodRequests(baseUrl, CONNECTIONS, signal, () => ({ path: '/visit', headers: { 'x-mimicus-session': randomUUID() } }));
    const seconds = (performance.now() - started) / 1_000;
    return `${result.sent} new sessions (${Math.round(result.sent / seconds)} rps): ${formatStatuses(result.statuses)}${result.errors ? `, ${result.errors} errors` : ''}`;
  },
};
