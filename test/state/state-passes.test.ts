import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const get = async (path: string, init: RequestInit = {}): Promise<string> => {
  const res = await fetch(`${mimicus!.url}${path}`, init);
  expect(res.status).toBe(200);
  return res.text();
};

describe('templates over state that is not known before rendering', () => {
  it('renders keys computed from the request (loaded on a second pass) without advancing a sequence twice', async () => {
    // `state.get request.query.k` names its key only at render time: the view loads it and renders
    // again. The sequence must still move one step per request, not one per pass.
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - id: seed
    method: POST
    path: /seed
    response: { template: true, body: '{{state.set "a" "alpha"}}{{state.set "b" "beta"}}ok' }
  - id: steps
    method: GET
    path: /steps
    sequence:
      after: cycle
      responses:
        - { template: true, body: '1:{{state.get request.query.k}}' }
        - { template: true, body: '2:{{state.get request.query.k}}' }
        - { template: true, body: '3:{{state.get request.query.k}}' }
`,
      { dataDir: false },
    );
    await get('/seed', { method: 'POST' });
    expect([await get('/steps?k=a'), await get('/steps?k=b'), await get('/steps?k=a'), await get('/steps?k=b')]).toEqual([
      '1:alpha',
      '2:beta',
      '3:alpha',
      '1:beta',
    ]);
  });

  it('increments inside a condition only when the branch runs, and each increment once', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - id: maybe
    path: /maybe
    response: { template: true, body: '{{#if request.query.count}}{{state.inc "hits"}}{{else}}-{{/if}}|{{state.inc "calls"}}' }
`,
      { dataDir: false },
    );
    expect(await get('/maybe?count=1')).toBe('1|1');
    expect(await get('/maybe')).toBe('-|2');
    expect(await get('/maybe?count=1')).toBe('2|3');
    expect(await mimicus.state.get('global', 'hits')).toBe(2);
    expect(await mimicus.state.get('global', 'calls')).toBe(3);
  });

  it('grows a list with append and builds items with object', async () => {
    mimicus = await startMimicus(
      `
version: 2
state: { scope: session }
endpoints:
  - id: add
    method: POST
    path: /cart
    response: { template: true, body: '{{state.set "cart" (append (state.get "cart") (object sku=request.body.sku qty=1))}}{{size (state.get "cart")}}' }
  - id: list
    method: GET
    path: /cart
    response: { template: true, body: '{{json (state.get "cart")}} {{json (array 1 "two")}}' }
`,
      { dataDir: false },
    );
    const add = (sku: string) =>
      get('/cart', { method: 'POST', headers: { 'content-type': 'application/json', 'x-mimicus-session': 's1' }, body: JSON.stringify({ sku }) });
    expect(await add('a')).toBe('1');
    expect(await add('b')).toBe('2');
    expect(await get('/cart', { headers: { 'x-mimicus-session': 's1' } })).toBe('[{"sku":"a","qty":1},{"sku":"b","qty":1}] [1,"two"]');
    expect(await get('/cart', { headers: { 'x-mimicus-session': 's2' } })).toBe('null [1,"two"]');
  });
});
