import { describe, expect, it } from 'vitest';
import type { Config, Endpoint, WorkflowConfig } from '../../config/index.js';
import { compileRequestMatch } from '../match/index.js';
import { compileWorkflows } from './compile-workflows.js';

const SHOP: WorkflowConfig = {
  id: 'shop',
  endpoints: ['cart', 'view'],
  states: { initial: 'browsing', transitions: [{ on: 'cart', from: 'browsing', to: 'carted' }] },
};

const issuesFor = (view: Partial<Endpoint>, workflows: readonly WorkflowConfig[] = [SHOP]) => {
  const endpoints = [
    { id: 'cart', path: '/cart', response: { status: 200 } },
    { id: 'view', path: '/view', ...view },
  ];
  const result = compileWorkflows({ version: 2, endpoints, workflows } as Config, (when, at) => compileRequestMatch(when, { at }));
  return result.ok ? [] : result.error;
};

describe('whenState and responses', () => {
  it("accepts states of the endpoint's machine, and responses with a fallback", () => {
    expect(issuesFor({ whenState: ['browsing', 'carted'], response: { status: 200 } })).toEqual([]);
    expect(issuesFor({ responses: { carted: { status: 200 } }, response: { status: 204 } })).toEqual([]);
    expect(issuesFor({ responses: { carted: { status: 200 }, browsing: { status: 204 } } })).toEqual([]);
  });

  it('reports a state the machine does not have', () => {
    expect(issuesFor({ whenState: ['browsing', 'cartd'], response: { status: 200 } })).toEqual([
      {
        path: 'endpoints[1].whenState[1]',
        message: '"cartd" is not a state of workflow "shop" (its states: browsing, carted) (did you mean "carted"?)',
        related: [{ path: 'workflows[0].states' }],
      },
    ]);
    expect(issuesFor({ responses: { 'paid out': { status: 200 } }, response: { status: 204 } })).toEqual([
      {
        path: 'endpoints[1].responses["paid out"]',
        message: '"paid out" is not a state of workflow "shop" (its states: browsing, carted)',
        related: [{ path: 'workflows[0].states' }],
      },
    ]);
  });

  it('reports responses that leave states unanswered when there is no response', () => {
    expect(issuesFor({ responses: { carted: { status: 200 } } })).toEqual([
      {
        path: 'endpoints[1].responses',
        message: 'does not cover state "browsing" of workflow "shop"; add it or a response for the states not listed',
        related: [{ path: 'workflows[0].states' }],
      },
    ]);
  });

  it('reports an endpoint in no workflow with states', () => {
    expect(issuesFor({ whenState: 'carted', response: { status: 200 } }, [])).toEqual([
      { path: 'endpoints[1].whenState', message: 'needs a workflow with states, and endpoint "view" is in no workflow' },
    ]);
    expect(issuesFor({ whenState: 'carted', response: { status: 200 } }, [{ id: 'plain', endpoints: ['view'] }])).toEqual([
      {
        path: 'endpoints[1].whenState',
        message: 'needs a workflow with states, and none of endpoint "view"\'s workflows ("plain") has states',
        related: [{ path: 'workflows[0]' }],
      },
    ]);
  });

  it('reports an endpoint in two workflows with states, naming both', () => {
    const other: WorkflowConfig = { ...SHOP, id: 'other' };
    expect(issuesFor({ responses: { carted: { status: 200 } }, response: { status: 204 } }, [SHOP, other])).toEqual([
      {
        path: 'endpoints[1].responses',
        message: 'is ambiguous: endpoint "view" is in 2 workflows with states ("shop", "other"); it can follow only one',
        related: [{ path: 'workflows[0].states' }, { path: 'workflows[1].states' }],
      },
    ]);
  });
});
