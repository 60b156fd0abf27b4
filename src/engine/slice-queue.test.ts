import { describe, expect, it } from 'vitest';
import { createSliceQueue } from './slice-queue.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createSliceQueue', () => {
  it('runs nothing synchronously, then one slice per turn of the event loop, in order', async () => {
    const enqueue = createSliceQueue(100);
    const ran: number[] = [];
    for (let i = 0; i < 250; i++) enqueue(() => ran.push(i));
    expect(ran).toHaveLength(0);
    await nextTurn();
    expect(ran).toHaveLength(100);
    await nextTurn();
    expect(ran).toHaveLength(200);
    await nextTurn();
    expect(ran).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('goes on after a job that throws, and takes jobs queued after it drained', async () => {
    const enqueue = createSliceQueue(2);
    const ran: string[] = [];
    enqueue(() => ran.push('a'));
    enqueue(() => {
      throw new Error('boom');
    });
    enqueue(() => ran.push('c'));
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual(['a', 'c']);
    enqueue(() => ran.push('d'));
    await nextTurn();
    expect(ran).toEqual(['a', 'c', 'd']);
  });
});
