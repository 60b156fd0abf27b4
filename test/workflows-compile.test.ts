import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigInvalidError, createMimicus, type Mimicus } from '../src/app/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mimicus-workflows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

let written = 0;
function configFile(yaml: string): string {
  const file = join(dir, `config-${++written}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

const ENDPOINTS = `
endpoints:
  - { id: products, method: GET, path: /shop/products, tags: [catalog], response: { json: [] } }
  - { id: add-to-cart, method: POST, path: /shop/cart, tags: [checkout], response: { status: 201 } }
  - { id: checkout, method: POST, path: /shop/checkout, tags: [checkout], response: { status: 200 } }
`;

async function issuesOf(yaml: string) {
  const attempt = createMimicus(configFile(yaml), { dataDir: false });
  await expect(attempt).rejects.toBeInstanceOf(ConfigInvalidError);
  const error = (await attempt.catch((e: unknown) => e)) as ConfigInvalidError;
  return error.issues.map(({ path, message, related }) => ({ path, message, related: related?.map((r) => r.path) }));
}

describe('workflows in a config file', () => {
  it('apply a workflow override above defaults and below the endpoint', async () => {
    mimicus = await createMimicus(
      configFile(`version: 2
defaults:
  latency: { fixed: 5ms }
workflows:
  - id: buying
    match: { pathPrefix: /shop, tags: [checkout] }
    overrides:
      latency: { fixed: 50ms }
${ENDPOINTS}
  - { id: fast-checkout, method: POST, path: /shop/fast, tags: [checkout], latency: { fixed: 1ms }, response: { status: 200 } }
`),
      { dataDir: false },
    );
    const labels = mimicus.plan.endpoints.map((endpoint) => [endpoint.id, endpoint.behaviors.base.latency?.label]);
    expect(labels).toEqual([
      ['products', 'fixed(5ms)'],
      ['add-to-cart', 'fixed(50ms)'],
      ['checkout', 'fixed(50ms)'],
      ['fast-checkout', 'fixed(1ms)'],
    ]);
    expect(mimicus.plan.workflows.map((workflow) => [workflow.id, workflow.memberIds])).toEqual([['buying', ['add-to-cart', 'checkout', 'fast-checkout']]]);
    expect(mimicus.plan.endpoints[1]!.workflows.map((workflow) => workflow.id)).toEqual(['buying']);
  });

  it('give each member its state workflow and whenState', async () => {
    mimicus = await createMimicus(
      configFile(`version: 2
workflows:
  - id: journey
    endpoints: [add-to-cart, checkout, receipt]
    scope: global
    states:
      initial: browsing
      transitions:
        - { on: add-to-cart, from: browsing, to: carted }
        - { on: checkout, from: carted, to: paid }
${ENDPOINTS}
  - { id: receipt, method: GET, path: /shop/receipt, whenState: paid, response: { status: 200 } }
`),
      { dataDir: false },
    );
    const receipt = mimicus.plan.endpoints[3]!;
    expect(receipt.stateWorkflow?.id).toBe('journey');
    expect(receipt.stateWorkflow?.scope).toBe('global');
    expect([...(receipt.whenState ?? [])]).toEqual(['paid']);
    expect(mimicus.plan.endpoints[0]!.stateWorkflow).toBeUndefined();
    expect(mimicus.plan.workflows[0]!.machine?.states).toEqual(['browsing', 'carted', 'paid']);
  });

  it('refuse clashing overrides, naming both workflows', async () => {
    expect(
      await issuesOf(`version: 2
workflows:
  - id: catalog
    match: { pathPrefix: /shop }
    overrides: { errors: [{ rate: 0.1, status: 503 }] }
  - id: buying
    match: { tags: [checkout] }
    overrides: { errors: [{ rate: 0.5, status: 500 }] }
${ENDPOINTS}`),
    ).toEqual([
      {
        path: 'workflows[1].overrides.errors',
        message:
          'clashes with workflow "catalog" on endpoints "add-to-cart", "checkout": both override errors with precedence 0; give the one that should win a higher precedence',
        related: ['workflows[0].overrides.errors'],
      },
    ]);
  });

  it('refuse unknown members, states never reached and transitions that never fire', async () => {
    expect(
      await issuesOf(`version: 2
workflows:
  - id: journey
    endpoints: [add-to-cart, chekout]
    states:
      initial: browsing
      transitions:
        - { on: add-to-cart, from: "*", to: carted }
        - { on: add-to-cart, from: browsing, to: browsing, when: { query: { reset: "1" } } }
        - { on: checkout, from: carted, to: paid }
        - { on: add-to-cart, from: shipped, to: carted }
${ENDPOINTS}`),
    ).toEqual([
      { path: 'workflows[0].endpoints[1]', message: 'no endpoint has id "chekout" (did you mean "checkout"?)', related: undefined },
      {
        path: 'workflows[0].states.transitions[2].on',
        message: 'endpoint "checkout" is not a member of workflow "journey", so it never fires this transition',
        related: ['endpoints[2]'],
      },
      {
        path: 'workflows[0].states.transitions[3].from',
        message: 'state "shipped" is never reached: it is not the initial state and no transition goes to it',
        related: ['workflows[0].states.initial'],
      },
      {
        path: 'workflows[0].states.transitions[1]',
        message: 'transition never fires: transitions[0] (on "add-to-cart", from "*") has no when and always fires first',
        related: ['workflows[0].states.transitions[0]'],
      },
      {
        path: 'workflows[0].states.transitions[3].from',
        message: 'transition never fires: it leaves only states that are never reached ("shipped")',
        related: undefined,
      },
    ]);
  });

  it('refuse responses that miss states, and whenState outside any state machine', async () => {
    expect(
      await issuesOf(`version: 2
workflows:
  - id: journey
    endpoints: [add-to-cart, checkout]
    states:
      initial: browsing
      transitions:
        - { on: add-to-cart, from: browsing, to: carted }
endpoints:
  - { id: add-to-cart, method: POST, path: /shop/cart, response: { status: 201 } }
  - id: checkout
    method: POST
    path: /shop/checkout
    responses:
      carted: { status: 200 }
  - { id: products, method: GET, path: /shop/products, whenState: carted, response: { json: [] } }
`),
    ).toEqual([
      {
        path: 'endpoints[1].responses',
        message: 'does not cover state "browsing" of workflow "journey"; add it or a response for the states not listed',
        related: ['workflows[0].states'],
      },
      { path: 'endpoints[2].whenState', message: 'needs a workflow with states, and endpoint "products" is in no workflow', related: undefined },
    ]);
  });

  it('refuse {{workflowState}} that names no workflow with states, or omits the id outside one', async () => {
    expect(
      await issuesOf(`version: 2
workflows:
  - id: journey
    endpoints: [add-to-cart]
    states: { initial: browsing, transitions: [ { on: add-to-cart, from: browsing, to: carted } ] }
  - id: plain
    endpoints: [products]
endpoints:
  - { id: add-to-cart, method: POST, path: /shop/cart, response: { status: 201, template: true, body: '{{workflowState}}' } }
  - { id: products, method: GET, path: /shop/products, response: { template: true, body: '{{workflowState}} {{workflowState "plain"}}' } }
  - { id: other, method: GET, path: /other, response: { template: true, body: '{{workflowState "jouney"}}' } }
`),
    ).toEqual([
      {
        path: 'endpoints[1]',
        message:
          '{{workflowState}} without a workflow id needs the endpoint to be in exactly one workflow with states; name one: {{workflowState "checkout"}} (workflows with states: journey)',
        related: undefined,
      },
      { path: 'endpoints[1]', message: '{{workflowState "plain"}}: workflow "plain" has no states (workflows with states: journey)', related: undefined },
      {
        path: 'endpoints[2]',
        message: '{{workflowState "jouney"}}: no workflow has this id (did you mean "journey"?) (workflows with states: journey)',
        related: undefined,
      },
    ]);
  });
});
