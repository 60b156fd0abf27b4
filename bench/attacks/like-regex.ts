import { attackConfig } from './attack-config.js';
import { pause, type Attack } from './attack.js';

const VALUE = `${'a'.repeat(26)}!`;
const PATTERN = '^(a+)+$';

/** Issue 13 (Critical): `?name_like=^(a+)+$` against a 41-character value froze both planes for over 100 s. */
export const likeRegex: Attack = {
  name: 'like-regex',
  description: `GET /api/items?name_like=${PATTERN} against one item whose name is ${VALUE.length} characters (the issue's was 41: shortened so today's freeze ends), twice in a row`,
  config: attackConfig([{ id: 'items', path: '/api/items', crud: { collection: 'items' } }]),
  run: async ({ baseUrl, signal }) => {
    const created = await fetch(`${baseUrl}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: VALUE }),
      signal,
    });
    await created.arrayBuffer();
    await pause(500, signal);
    const statuses: number[] = [];
    for (let i = 0; i < 2 && !signal.aborted; i++) {
      try {
        const answer = await fetch(`${baseUrl}/api/items?name_like=${encodeURIComponent(PATTERN)}`, { signal });
        await answer.arrayBuffer();
        statuses.push(answer.status);
      } catch {
        break; // the window ended while the server was still matching
      }
    }
    return `item created (${created.status}); _like answers: ${statuses.join(', ') || 'none within the window'}`;
  },
};
