import { attackConfig } from './attack-config.js';
import { pause, type Attack } from './attack.js';

const COUNT = 5_000;

/** Issue 13: nested `repeat` blocked everything for 34 s (two levels of 10,000). */
export const nestedRepeat: Attack = {
  name: 'nested-repeat',
  description: `GET /nested, a template of two nested {{#repeat ${COUNT}}} blocks (${(COUNT * COUNT).toLocaleString('en')} iterations; the issue's was 10,000²), twice in a row (a fixed Mimicus may refuse the config or answer a 500 naming its budget)`,
  config: attackConfig([
    {
      id: 'nested',
      method: 'GET',
      path: '/nested',
      response: { status: 200, template: true, body: `{{#repeat ${COUNT}}}{{#repeat ${COUNT}}}x{{/repeat}}{{/repeat}}` },
    },
  ]),
  run: async ({ baseUrl, signal }) => {
    await pause(500, signal);
    const answers: string[] = [];
    for (let i = 0; i < 2 && !signal.aborted; i++) {
      try {
        const answer = await fetch(`${baseUrl}/nested`, { signal });
        const body = await answer.arrayBuffer();
        answers.push(`${answer.status} (${body.byteLength} bytes)`);
      } catch {
        break;
      }
    }
    return `answers: ${answers.join(', ') || 'none within the window'}`;
  },
};
