import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import { SequenceCursors, type MockRequest, type PreparedResponse, type Responder } from '../../plan/index.js';
import { produceResponse } from './produce-response.js';

const response = (status: number): PreparedResponse => ({ status, headers: [], body: Buffer.alloc(0) });
const fixed = (status: number): Responder => ({ type: 'static', response: response(status) });
const request = {} as MockRequest;

describe('produceResponse', () => {
  it('draws variants in proportion to their weights (fixed seed, 100,000 draws)', () => {
    const responder: Responder = {
      type: 'variants',
      cumulativeWeights: [70, 90, 100],
      totalWeight: 100,
      choices: [fixed(200), fixed(500), fixed(503)],
      ids: ['ok', 'error', 'unavailable'],
    };
    const random = createRandom(2024);
    const counts = new Map<string, number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const outcome = produceResponse(responder, request, random);
      if (outcome.kind === 'response') counts.set(outcome.variant!, (counts.get(outcome.variant!) ?? 0) + 1);
    }
    // Within 1% of n of the intended share: about 4-7 standard deviations at these sizes.
    expect(Math.abs(counts.get('ok')! - 0.7 * n)).toBeLessThan(0.01 * n);
    expect(Math.abs(counts.get('error')! - 0.2 * n)).toBeLessThan(0.01 * n);
    expect(Math.abs(counts.get('unavailable')! - 0.1 * n)).toBeLessThan(0.01 * n);
  });

  it('walks a sequence and then follows its after rule', () => {
    const make = (after: 'last' | 'cycle' | '404'): Responder => ({
      type: 'sequence',
      steps: [fixed(1), fixed(2)],
      after,
      key: undefined,
      cursors: new SequenceCursors(),
    });
    const run = (responder: Responder) =>
      Array.from({ length: 5 }, () => {
        const outcome = produceResponse(responder, request, createRandom(1));
        return outcome.kind === 'response' ? outcome.response.status : 'exhausted';
      });
    expect(run(make('last'))).toEqual([1, 2, 2, 2, 2]);
    expect(run(make('cycle'))).toEqual([1, 2, 1, 2, 1]);
    expect(run(make('404'))).toEqual([1, 2, 'exhausted', 'exhausted', 'exhausted']);
  });

  it('walks one position per path parameter value unless a key says otherwise', () => {
    const steps = [fixed(1), fixed(2), fixed(3)];
    const job = (id: string) => ({ params: { id } }) as unknown as MockRequest;
    const byParams: Responder = { type: 'sequence', steps, after: 'last', key: undefined, cursors: new SequenceCursors() };
    const status = (responder: Responder, req: MockRequest) => {
      const outcome = produceResponse(responder, req, createRandom(1));
      return outcome.kind === 'response' ? outcome.response.status : 'exhausted';
    };
    expect([
      status(byParams, job('1')),
      status(byParams, job('1')),
      status(byParams, job('2')),
      status(byParams, job('1')),
      status(byParams, job('2')),
    ]).toEqual([1, 2, 1, 3, 2]);
    const shared: Responder = {
      ...byParams,
      key: Object.assign(() => 'all', { usesState: false, stateReads: [], workflowReads: [], stateIncrements: [] }),
      cursors: new SequenceCursors(),
    };
    expect([status(shared, job('1')), status(shared, job('2')), status(shared, job('3'))]).toEqual([1, 2, 3]);
  });

  it('returns the prepared object of a static responder itself, without copying', () => {
    const responder = fixed(204);
    const outcome = produceResponse(responder, request, createRandom(1));
    expect(outcome.kind === 'response' && outcome.response).toBe((responder as { response: PreparedResponse }).response);
  });
});
