import { describe, expect, it } from 'vitest';
import type { ResponseCompileContext } from '../responders/compile-response.js';
import { compileFaults } from './compile-faults.js';

const context: ResponseCompileContext = {
  defaultHeaders: undefined,
  readBodyFile: async () => ({ ok: false, error: 'no files here' }),
  compileTemplate: (source) => ({ ok: true, value: Object.assign(() => source, { usesState: false, stateReads: [], workflowReads: [], stateIncrements: [] }) }),
};

describe('compileFaults', () => {
  it('builds cumulative rates and labels in list order', async () => {
    const result = await compileFaults(
      [
        { rate: 0.1, status: 503 },
        { rate: 0.2, kind: 'reset' },
        { rate: 0.05, kind: 'corrupt', truncate: 0.5 },
      ],
      'endpoints[0].errors',
      context,
    );
    expect(result.ok).toBe(true);
    const table = result.ok ? result.value : undefined;
    expect(table?.cumulativeRates.map((r) => Number(r.toFixed(10)))).toEqual([0.1, 0.3, 0.35]);
    expect(table?.labels).toEqual(['status:503', 'reset', 'corrupt:truncate']);
  });

  it('gives a status fault a default JSON body naming the status', async () => {
    const result = await compileFaults([{ rate: 1, status: 429 }], 'e', context);
    const fault = result.ok ? result.value?.faults[0] : undefined;
    const responder = fault?.kind === 'status' ? fault.responder : undefined;
    expect(responder?.type === 'static' && responder.response.status).toBe(429);
    expect(responder?.type === 'static' && responder.response.body).toBe('{"error":"Too Many Requests","status":429}');
  });

  it('accepts rates that sum to exactly 1 despite float rounding, refuses more', async () => {
    expect((await compileFaults([{ rate: 0.1 }, { rate: 0.2 }, { rate: 0.7 }], 'e', context)).ok).toBe(true);
    expect(await compileFaults([{ rate: 0.6 }, { rate: 0.5 }], 'endpoints[2].errors', context)).toEqual({
      ok: false,
      error: [{ path: 'endpoints[2].errors', message: 'the rates sum to 1.1; the rates of one errors list must sum to at most 1' }],
    });
  });

  it('refuses a corrupt fault with two modes', async () => {
    expect(await compileFaults([{ rate: 0.1, kind: 'corrupt', truncate: 0.5, garbage: 3 }], 'x', context)).toEqual({
      ok: false,
      error: [{ path: 'x[0]', message: 'a corrupt fault takes only one of truncate, garbage' }],
    });
  });

  it('gives hang a default bound and dribble its timing', async () => {
    const result = await compileFaults(
      [
        { rate: 0.5, kind: 'hang' },
        { rate: 0.5, kind: 'dribble', chunks: 4, over: '2s' },
      ],
      'x',
      context,
    );
    expect(result.ok && result.value?.faults).toEqual([
      { kind: 'hang', maxMs: 30_000 },
      { kind: 'dribble', chunks: 4, overMs: 2000 },
    ]);
  });
});
