import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../../state/index.js';
import { RequestState } from './request-state.js';

describe('RequestState commit', () => {
  it('gives session-scope sets the session TTL unless they carry their own, and leaves other scopes alone', async () => {
    let nowMs = 1_000_000;
    const store = createMemoryStateStore({ now: () => nowMs, purgeIntervalMs: 3_600_000 });
    const state = new RequestState({ clientAddress: '127.0.0.1', sessionId: 'random-id-1' }, 60_000);
    state.bind('session', 'e');
    await state.run(store, () => {
      state.set('cart', ['a'], undefined);
      state.set('token', 't', undefined, 10_000);
      state.set('visits', 1, 'global');
    });
    const writes = await state.commit(store);
    expect(writes).toEqual([
      { kind: 'set', key: 'session:random-id-1:var:cart', value: ['a'], ttlMs: 60_000 },
      { kind: 'set', key: 'session:random-id-1:var:token', value: 't', ttlMs: 10_000 },
      { kind: 'set', key: 'global:var:visits', value: 1 },
    ]);
    nowMs += 59_999;
    expect(await store.get('session:random-id-1:var:cart')).toEqual(['a']);
    nowMs += 1;
    expect(await store.get('session:random-id-1:var:cart')).toBeUndefined();
    expect(await store.get('global:var:visits')).toBe(1);
    await store.close();
  });

  it('gives session-scope increments (template, declarative, sequence) the session TTL, each one starting it again', async () => {
    let nowMs = 1_000_000;
    const store = createMemoryStateStore({ now: () => nowMs, purgeIntervalMs: 3_600_000 });
    const request = async () => {
      const state = new RequestState({ clientAddress: '127.0.0.1', sessionId: 'random-id-2' }, 60_000);
      state.bind('session', 'e');
      const rendered = await state.run(store, () => [
        state.inc('visits', 1, undefined),
        state.inc('hits', 1, 'global'),
        state.sequence('orders', 100, undefined),
      ]);
      state.addIncrement('adds', 1);
      return { rendered, writes: await state.commit(store) };
    };
    expect(await request()).toEqual({ rendered: [1, 1, 100], writes: [{ kind: 'increment', key: 'session:random-id-2:var:adds', by: 1, ttlMs: 60_000 }] });
    nowMs += 59_999;
    // A second request before expiry starts the time again for every key it counts.
    expect((await request()).rendered).toEqual([2, 2, 101]);
    nowMs += 59_999;
    expect(await store.get('session:random-id-2:var:visits')).toBe(2);
    expect(await store.get('session:random-id-2:var:adds')).toBe(2);
    expect((await store.list('session:random-id-2:')).map((entry) => entry.expiresAt)).toEqual([nowMs + 1, nowMs + 1, nowMs + 1]);
    nowMs += 1;
    expect(await store.get('session:random-id-2:var:visits')).toBeUndefined();
    expect(await store.get('session:random-id-2:var:adds')).toBeUndefined();
    expect(await store.get('global:var:hits')).toBe(2);
    expect(await store.list('session:')).toEqual([]);
    await store.close();
  });

  it('keeps session state until deleted when there is no session TTL', async () => {
    let nowMs = 0;
    const store = createMemoryStateStore({ now: () => nowMs, purgeIntervalMs: 3_600_000 });
    const state = new RequestState({ clientAddress: '127.0.0.1', sessionId: 's' });
    state.bind('session', 'e');
    await state.run(store, () => state.set('cart', 1, undefined));
    expect(await state.commit(store)).toEqual([{ kind: 'set', key: 'session:s:var:cart', value: 1 }]);
    nowMs += 365 * 24 * 3_600_000;
    expect(await store.get('session:s:var:cart')).toBe(1);
    await store.close();
  });
});
