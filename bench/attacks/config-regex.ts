import { attackConfig } from './attack-config.js';
import { pause, type Attack } from './attack.js';

const BODY = `${'a'.repeat(29)}!`;

/** Issue 13: a config regex `^(a+)+$` on a 29-byte body took 2.4 s, doubling per byte. */
export const configRegex: Attack = {
  name: 'config-regex',
  description: `POST /match with a ${BODY.length}-byte body against an endpoint whose config matches the body with ^(a+)+$, twice in a row (a fixed Mimicus may refuse the config instead)`,
  config: attackConfig([{ id: 'match', method: 'POST', path: '/match', match: { body: { regex: '^(a+)+$' } }, response: { status: 200, body: 'matched' } }]),
  run: async ({ baseUrl, signal }) => {
    await pause(500, signal);
    const statuses: number[] = [];
    for (let i = 0; i < 2 && !signal.aborted; i++) {
      try {
        const answer = await fetch(`${baseUrl}/match`, { method: 'POST', body: BODY, headers: { 'content-type': 'text/plain' }, signal });
        await answer.arrayBuffer();
        statuses.push(answer.status);
      } catch {
        break;
      }
    }
    return `answers: ${statuses.join(', ') || 'none within the window'}`;
  },
};
