import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const CONFIG = `version: 2
workflows:
  - id: browse
    endpoints: [cart]
    overrides: { latency: { fixed: 10ms } }
endpoints:
  - { id: cart, method: GET, path: /cart, response: { body: cart } }
`;

describe('admin API: workflows', () => {
  it('lists, creates, patches and deletes workflows through apply', async () => {
    mimicus = await startWithAdmin(CONFIG);
    expect(await (await mimicus.api('/api/workflows')).json()).toMatchObject({ items: [{ id: 'browse' }] });
    const created = await mimicus.api('/api/workflows', { method: 'POST', json: { id: 'shop', endpoints: ['cart'] } });
    expect(created.status).toBe(201);
    expect(mimicus.plan.workflows.map((workflow) => workflow.id)).toEqual(['browse', 'shop']);
    expect((await mimicus.api('/api/workflows/shop', { method: 'PATCH', json: { precedence: 5 } })).status).toBe(200);
    expect((await mimicus.api('/api/workflows/shop', { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await mimicus.api('/api/workflows/shop'), 404, 'WORKFLOW_NOT_FOUND');
  });

  it('answers 409 naming the other workflow when overrides clash', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const clash = { id: 'sale', endpoints: ['cart'], overrides: { latency: { fixed: '20ms' } } };
    const problem = await expectProblem(await mimicus.api('/api/workflows', { method: 'POST', json: clash }), 409, 'CONFIG_CONFLICT');
    expect(problem.issues).toEqual([expect.objectContaining({ code: 'conflict', message: expect.stringContaining('"browse"') })]);
  });
});
