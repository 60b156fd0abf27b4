import { describe, expect, it } from 'vitest';
import type { Config, Endpoint, WorkflowConfig } from '../../config/index.js';
import { compileRequestMatch } from '../match/index.js';
import { compileWorkflows } from './compile-workflows.js';

const endpoint = (id: string, path: string, extra: Partial<Endpoint> = {}): Endpoint => ({ id, path, response: { status: 200 }, ...extra }) as Endpoint;

const ENDPOINTS = [
  endpoint('home', '/shop', { tags: ['public'] }),
  endpoint('cart', '/shop/cart', { tags: ['checkout'] }),
  endpoint('pay', '/shop/cart/pay', { tags: ['checkout', 'payments'] }),
  endpoint('shopping', '/shopping'),
];

const compile = (workflows: readonly Partial<WorkflowConfig>[], endpoints: readonly Endpoint[] = ENDPOINTS) =>
  compileWorkflows({ version: 2, endpoints, workflows } as Config, (when, at) => compileRequestMatch(when, { at }));

const issuesOf = (result: ReturnType<typeof compile>) => (result.ok ? [] : result.error);

const machine = (transitions: object[], initial = 'browsing') => ({ states: { initial, transitions } }) as Partial<WorkflowConfig>;

describe('compileWorkflows membership', () => {
  it('takes listed ids in list order', () => {
    const result = compile([{ id: 'w', endpoints: ['pay', 'home'] }]);
    expect(result.ok && result.value.workflows[0]!.memberIds).toEqual(['pay', 'home']);
  });

  it('selects by path prefix at a segment boundary', () => {
    const result = compile([{ id: 'w', match: { pathPrefix: '/shop' } }]);
    expect(result.ok && result.value.workflows[0]!.memberIds).toEqual(['home', 'cart', 'pay']);
    const slash = compile([{ id: 'w', match: { pathPrefix: '/shop/cart/' } }]);
    expect(slash.ok && slash.value.workflows[0]!.memberIds).toEqual(['cart', 'pay']);
  });

  it('selects by any of the tags, and by prefix and tags together', () => {
    const tags = compile([{ id: 'w', match: { tags: ['public', 'payments'] } }]);
    expect(tags.ok && tags.value.workflows[0]!.memberIds).toEqual(['home', 'pay']);
    const both = compile([{ id: 'w', match: { pathPrefix: '/shop/cart', tags: ['public', 'checkout'] } }]);
    expect(both.ok && both.value.workflows[0]!.memberIds).toEqual(['cart', 'pay']);
  });

  it('reports an unknown id with a suggestion', () => {
    expect(issuesOf(compile([{ id: 'w', endpoints: ['cart', 'payy'] }]))).toEqual([
      { path: 'workflows[0].endpoints[1]', message: 'no endpoint has id "payy" (did you mean "pay"?)' },
    ]);
  });

  it('reports an id listed twice, naming the first', () => {
    expect(issuesOf(compile([{ id: 'w', endpoints: ['cart', 'cart'] }]))).toEqual([
      { path: 'workflows[0].endpoints[1]', message: 'lists endpoint "cart" twice', related: [{ path: 'workflows[0].endpoints[0]' }] },
    ]);
  });

  it('reports a match that selects no endpoint', () => {
    expect(issuesOf(compile([{ id: 'w', match: { pathPrefix: '/admin', tags: ['ops', 'internal'] } }]))).toEqual([
      { path: 'workflows[0].match', message: 'selects no endpoint (none has a path under "/admin" and tag "ops" or "internal")' },
    ]);
  });

  it('lists per endpoint its workflows, highest precedence first and config order among equals', () => {
    const result = compile([
      { id: 'low', endpoints: ['cart'], precedence: -1 },
      { id: 'a', endpoints: ['cart', 'pay'] },
      { id: 'high', endpoints: ['cart'], precedence: 5 },
      { id: 'b', endpoints: ['cart'] },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.byEndpoint.map((list) => list.map((workflow) => workflow.id))).toEqual([[], ['high', 'a', 'b', 'low'], ['a'], []]);
  });

  it('defaults the scope to session', () => {
    const result = compile([
      { id: 'w', endpoints: ['cart'] },
      { id: 'g', endpoints: ['cart'], scope: 'global' },
    ]);
    expect(result.ok && result.value.workflows.map((workflow) => workflow.scope)).toEqual(['session', 'global']);
  });
});

describe('compileWorkflows shared rate limit', () => {
  it('compiles it once, in a bucket named for the workflow', () => {
    const result = compile([{ id: 'checkout', endpoints: ['cart', 'pay'], rateLimit: { rate: '10/s' } }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const workflow = result.value.workflows[0]!;
    expect(workflow.sharedLimit).toMatchObject({ bucket: 'workflow:checkout', tokensPerSecond: 10, burst: 10 });
    expect(result.value.byEndpoint[1]![0]!.sharedLimit).toBe(result.value.byEndpoint[2]![0]!.sharedLimit);
  });

  it('keeps a bucket the block names', () => {
    const result = compile([{ id: 'checkout', endpoints: ['cart'], rateLimit: { rate: '10/s', bucket: 'shop' } }]);
    expect(result.ok && result.value.workflows[0]!.sharedLimit?.bucket).toBe('shop');
  });

  it('reports a bad block at the workflow', () => {
    expect(issuesOf(compile([{ id: 'checkout', endpoints: ['cart'], rateLimit: { rate: '0/s' } }]))).toEqual([
      { path: 'workflows[0].rateLimit.rate', message: 'must be greater than 0 (remove rateLimit to allow everything)' },
    ]);
  });
});

describe('compileWorkflows overrides', () => {
  it('reports two workflows overriding the same block of a shared endpoint with equal precedence', () => {
    expect(
      issuesOf(
        compile([
          { id: 'browse', endpoints: ['home', 'cart'], overrides: { latency: { fixed: '10ms' }, errors: [{ rate: 0.1, status: 500 }] } },
          { id: 'checkout', endpoints: ['cart', 'pay'], overrides: { latency: { fixed: '20ms' }, bandwidth: '1MB/s' } },
        ]),
      ),
    ).toEqual([
      {
        path: 'workflows[1].overrides.latency',
        message: 'clashes with workflow "browse" on endpoint "cart": both override latency with precedence 0; give the one that should win a higher precedence',
        related: [{ path: 'workflows[0].overrides.latency' }],
        code: 'conflict',
      },
    ]);
  });

  it('names every shared endpoint once per pair and block', () => {
    const issues = issuesOf(
      compile([
        { id: 'a', match: { pathPrefix: '/shop' }, overrides: { rateLimit: { rate: '1/s' } }, precedence: 2 },
        { id: 'b', endpoints: ['cart', 'pay'], overrides: { rateLimit: { rate: '2/s' } }, precedence: 2 },
      ]),
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'clashes with workflow "a" on endpoints "cart", "pay": both override rateLimit with precedence 2; give the one that should win a higher precedence',
    ]);
  });

  it('accepts the same block when precedence says which wins', () => {
    const result = compile([
      { id: 'a', endpoints: ['cart'], overrides: { latency: { fixed: '10ms' } }, precedence: 1 },
      { id: 'b', endpoints: ['cart'], overrides: { latency: { fixed: '20ms' } } },
    ]);
    expect(result.ok).toBe(true);
  });
});

describe('compileWorkflows state machines', () => {
  it('collects the states and groups transitions by endpoint in config order', () => {
    const result = compile([
      {
        id: 'shop',
        endpoints: ['home', 'cart', 'pay'],
        ...machine([
          { on: 'cart', from: 'browsing', to: 'carted' },
          { on: 'pay', from: 'carted', to: 'paid', when: { query: { ok: 'yes' } } },
          { on: 'pay', from: 'carted', to: 'failed' },
          { on: 'home', from: '*', to: 'browsing' },
        ]),
      },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const compiled = result.value.workflows[0]!.machine!;
    expect(compiled.initial).toBe('browsing');
    expect(compiled.states).toEqual(['browsing', 'carted', 'paid', 'failed']);
    const pay = compiled.transitionsByEndpoint.get('pay')!;
    expect(pay.map((transition) => [transition.to, transition.at])).toEqual([
      ['paid', 'workflows[0].states.transitions[1]'],
      ['failed', 'workflows[0].states.transitions[2]'],
    ]);
    expect(pay[0]!.when?.test).toBeTypeOf('function');
    expect(pay[1]!.when).toBeUndefined();
    expect([...pay[0]!.from!]).toEqual(['carted']);
    expect(compiled.transitionsByEndpoint.get('home')![0]!.from).toBeNull();
    expect(result.value.stateWorkflowOf.map((workflow) => workflow?.id)).toEqual(['shop', 'shop', 'shop', undefined]);
  });

  it('reports a transition fired by an endpoint outside the workflow', () => {
    expect(issuesOf(compile([{ id: 'shop', endpoints: ['cart'], ...machine([{ on: 'pay', from: 'browsing', to: 'paid' }]) }]))).toEqual([
      {
        path: 'workflows[0].states.transitions[0].on',
        message: 'endpoint "pay" is not a member of workflow "shop", so it never fires this transition',
        related: [{ path: 'endpoints[2]' }],
      },
    ]);
  });

  it('reports a transition on an unknown endpoint, suggesting a member', () => {
    expect(issuesOf(compile([{ id: 'shop', endpoints: ['cart'], ...machine([{ on: 'carts', from: 'browsing', to: 'carted' }]) }]))).toEqual([
      { path: 'workflows[0].states.transitions[0].on', message: 'no endpoint has id "carts" (did you mean "cart"?)' },
    ]);
  });

  it('reports "*" used as a target', () => {
    expect(issuesOf(compile([{ id: 'shop', endpoints: ['cart'], ...machine([{ on: 'cart', from: 'browsing', to: '*' }]) }]))).toEqual([
      { path: 'workflows[0].states.transitions[0].to', message: '"*" means any state and can only be used in from; to names the state the workflow moves to' },
    ]);
  });

  it('reports a state no transition goes to, and the transitions that leave only it', () => {
    expect(
      issuesOf(
        compile([
          {
            id: 'shop',
            endpoints: ['cart', 'pay'],
            ...machine([
              { on: 'cart', from: 'browsing', to: 'carted' },
              { on: 'pay', from: ['cartd'], to: 'paid' },
            ]),
          },
        ]),
      ),
    ).toEqual([
      {
        path: 'workflows[0].states.transitions[1].from[0]',
        message: 'state "cartd" is never reached: it is not the initial state and no transition goes to it (did you mean "carted"?)',
        related: [{ path: 'workflows[0].states.initial' }],
      },
      {
        path: 'workflows[0].states.transitions[1].to',
        message: 'state "paid" is never reached: only transitions from states that are never reached go to it',
        related: [{ path: 'workflows[0].states.transitions[1]' }],
      },
      { path: 'workflows[0].states.transitions[1].from', message: 'transition never fires: it leaves only states that are never reached ("cartd")' },
    ]);
  });

  it('reports a transition pre-empted by an earlier one on the same endpoint without when', () => {
    expect(
      issuesOf(
        compile([
          {
            id: 'shop',
            endpoints: ['cart', 'pay'],
            ...machine([
              { on: 'cart', from: '*', to: 'carted' },
              { on: 'cart', from: 'browsing', to: 'browsing', when: { query: { clear: 'yes' } } },
            ]),
          },
        ]),
      ),
    ).toEqual([
      {
        path: 'workflows[0].states.transitions[1]',
        message: 'transition never fires: transitions[0] (on "cart", from "*") has no when and always fires first',
        related: [{ path: 'workflows[0].states.transitions[0]' }],
      },
    ]);
  });

  it('reports a transition whose states several earlier ones cover together', () => {
    const issues = issuesOf(
      compile([
        {
          id: 'shop',
          endpoints: ['cart', 'pay'],
          ...machine([
            { on: 'cart', from: 'browsing', to: 'carted' },
            { on: 'pay', from: 'carted', to: 'paid' },
            { on: 'cart', from: ['carted', 'paid'], to: 'carted' },
            { on: 'cart', from: ['browsing', 'carted'], to: 'browsing' },
          ]),
        },
      ]),
    );
    expect(issues).toEqual([
      {
        path: 'workflows[0].states.transitions[3]',
        message:
          'transition never fires: transitions[0] (on "cart", from "browsing") and transitions[2] (on "cart", from "carted", "paid") have no when and always fire first',
        related: [{ path: 'workflows[0].states.transitions[0]' }, { path: 'workflows[0].states.transitions[2]' }],
      },
    ]);
  });

  it('accepts branches: a transition with when before one without, and a partly covered one', () => {
    const result = compile([
      {
        id: 'shop',
        endpoints: ['cart', 'pay'],
        ...machine([
          { on: 'cart', from: 'browsing', to: 'carted' },
          { on: 'pay', from: 'carted', to: 'paid', when: { query: { card: 'ok' } } },
          { on: 'pay', from: 'carted', to: 'declined' },
          { on: 'cart', from: ['browsing', 'declined'], to: 'carted' },
        ]),
      },
    ]);
    expect(issuesOf(result)).toEqual([]);
  });
});
