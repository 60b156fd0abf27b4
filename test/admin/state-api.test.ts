import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const WORKFLOW = `version: 2
workflows:
  - id: order
    endpoints: [ship]
    scope: global
    states:
      initial: created
      transitions:
        - { on: ship, from: created, to: shipped }
endpoints:
  - { id: ship, method: POST, path: /ship, response: { status: 200 } }
`;

describe('admin API: state', () => {
  it('sets, reads, lists, deletes variables and resets a scope', async () => {
    mimicus = await startWithAdmin(BASE);
    expect((await mimicus.api('/api/state/global/greeting', { method: 'PUT', json: { value: { text: 'hi' } } })).status).toBe(200);
    await mimicus.api('/api/state/session:abc/count', { method: 'PUT', json: { value: 3 } });
    expect(await (await mimicus.api('/api/state/global/greeting')).json()).toEqual({ scope: 'global', key: 'greeting', value: { text: 'hi' } });
    expect(await mimicus.state.get('session:abc', 'count')).toBe(3);

    const listed = (await (await mimicus.api('/api/state?kind=var')).json()) as { items: unknown[] };
    expect(listed.items).toEqual(
      expect.arrayContaining([
        { scope: 'global', kind: 'var', name: 'greeting', value: { text: 'hi' } },
        { scope: 'session:abc', kind: 'var', name: 'count', value: 3 },
      ]),
    );
    expect(await (await mimicus.api('/api/state?scope=session')).json()).toEqual({ items: [{ scope: 'session:abc', kind: 'var', name: 'count', value: 3 }] });

    expect((await mimicus.api('/api/state/global/greeting', { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await mimicus.api('/api/state/global/greeting'), 404, 'STATE_KEY_NOT_FOUND');
    await expectProblem(await mimicus.api('/api/state/global/greeting', { method: 'DELETE' }), 404, 'STATE_KEY_NOT_FOUND');

    expect(await (await mimicus.api('/api/state/session/reset', { method: 'POST' })).json()).toEqual({ removed: 1 });
    expect(await mimicus.state.get('session:abc', 'count')).toBeUndefined();
  });

  it('answers a bad scope and a body without value with 400 problems', async () => {
    mimicus = await startWithAdmin(BASE);
    await expectProblem(await mimicus.api('/api/state/planet:mars/x'), 400, 'STATE_SCOPE_INVALID');
    await expectProblem(await mimicus.api('/api/state/global/x', { method: 'PUT', json: { nope: 1 } }), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await mimicus.api('/api/state?kind=nope'), 400, 'ADMIN_REQUEST_INVALID');
  });

  it("reads and resets a workflow's state", async () => {
    mimicus = await startWithAdmin(WORKFLOW);
    expect(await (await mimicus.api('/api/workflows/order/state')).json()).toEqual({ items: [] });
    expect((await fetch(`${mimicus.url}/ship`, { method: 'POST' })).status).toBe(200);
    expect(await (await mimicus.api('/api/workflows/order/state')).json()).toEqual({ items: [{ scope: 'global', state: 'shipped' }] });
    expect(await (await mimicus.api('/api/workflows/order/state', { method: 'DELETE' })).json()).toEqual({ removed: 1 });
    expect(await (await mimicus.api('/api/workflows/order/state')).json()).toEqual({ items: [] });
    await expectProblem(await mimicus.api('/api/workflows/nope/state'), 404, 'WORKFLOW_NOT_FOUND');
  });

  it('puts a workflow into one of its states, and refuses others', async () => {
    mimicus = await startWithAdmin(WORKFLOW);
    const put = await mimicus.api('/api/workflows/order/state', { method: 'PUT', json: { scope: 'global', state: 'shipped' } });
    expect(await put.json()).toEqual({ scope: 'global', state: 'shipped' });
    expect(await (await mimicus.api('/api/workflows/order/state')).json()).toEqual({ items: [{ scope: 'global', state: 'shipped' }] });
    const problem = await expectProblem(
      await mimicus.api('/api/workflows/order/state', { method: 'PUT', json: { scope: 'global', state: 'lost' } }),
      400,
      'WORKFLOW_STATE_INVALID',
    );
    expect(problem.detail).toContain('"created", "shipped"');
    await expectProblem(await mimicus.api('/api/workflows/nope/state', { method: 'PUT', json: { scope: 'global', state: 'x' } }), 404, 'WORKFLOW_NOT_FOUND');
    await expectProblem(
      await mimicus.api('/api/workflows/order/state', { method: 'PUT', json: { scope: 'session', state: 'shipped' } }),
      400,
      'STATE_SCOPE_INVALID',
    );
  });

  it('reports a stored state the workflow no longer has as the initial state, with what is stored', async () => {
    mimicus = await startWithAdmin(WORKFLOW);
    await mimicus.api('/api/workflows/order/state', { method: 'PUT', json: { scope: 'global', state: 'shipped' } });
    const renamed = WORKFLOW.replaceAll('shipped', 'sent');
    expect((await mimicus.api('/api/config', { method: 'PUT', json: parseYaml(renamed) })).status).toBe(200);
    expect(await (await mimicus.api('/api/workflows/order/state')).json()).toEqual({ items: [{ scope: 'global', state: 'created', stored: 'shipped' }] });
  });

  it('sets a variable that expires, and refuses a ttl that is not a positive duration, naming it', async () => {
    mimicus = await startWithAdmin(BASE);
    const put = await mimicus.api('/api/state/session:abc/token', { method: 'PUT', json: { value: 't-1', ttl: '400ms' } });
    expect(await put.json()).toEqual({ scope: 'session:abc', key: 'token', value: 't-1', ttl: '400ms' });
    expect((await mimicus.api('/api/state/session:abc/token')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await expectProblem(await mimicus.api('/api/state/session:abc/token'), 404, 'STATE_KEY_NOT_FOUND');
    const soon = await expectProblem(
      await mimicus.api('/api/state/global/x', { method: 'PUT', json: { value: 1, ttl: 'soon' } }),
      400,
      'ADMIN_REQUEST_INVALID',
    );
    expect(soon.detail).toContain('body.ttl');
    await expectProblem(await mimicus.api('/api/state/global/x', { method: 'PUT', json: { value: 1, ttl: '0s' } }), 400, 'ADMIN_REQUEST_INVALID');
    expect(await mimicus.state.get('global', 'x')).toBeUndefined();
  });
});
