import type { IncomingMessage, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { afterOwedResponses, noteResponse } from './owed-responses.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type FakeResponse = ServerResponse & { close(): void };

/** The fields of a response that owed-responses reads, and its 'close' listeners. */
function fakeResponse(closed: boolean, socket: object = {}): FakeResponse {
  const closeListeners: ((this: unknown) => void)[] = [];
  const res = {
    closed,
    headersSent: closed,
    writableEnded: closed,
    req: { complete: true, socket },
    on: (_event: string, listener: () => void) => closeListeners.push(listener),
    once: (_event: string, listener: () => void) => closeListeners.push(listener),
    close() {
      res.closed = true;
      for (const listener of closeListeners.splice(0)) listener.call(res);
    },
  };
  return res as unknown as FakeResponse;
}

const requestOn = (socket: object): IncomingMessage => ({ socket }) as unknown as IncomingMessage;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Notes two responses on `socket` (which the caller keeps alive, as a live connection is) and
 * watches the first, in a frame of its own so no reference to it stays on the test's stack.
 */
function firstOfTwoNoted(socket: object, { firstClosed }: { firstClosed: boolean }): WeakRef<ServerResponse> {
  const first = fakeResponse(firstClosed, socket);
  noteResponse(requestOn(socket), first);
  noteResponse(requestOn(socket), fakeResponse(false, socket));
  return new WeakRef(first);
}

describe('owed responses', () => {
  it('waits for the last response noted on the connection while it is open', () => {
    const socket = {};
    const open = fakeResponse(false, socket);
    noteResponse(requestOn(socket), open);
    let written = false;
    afterOwedResponses(socket as never, () => (written = true));
    expect(written).toBe(false);
    open.close();
    expect(written).toBe(true);
  });

  it('writes at once when every response noted is closed', () => {
    const socket = {};
    noteResponse(requestOn(socket), fakeResponse(true, socket));
    noteResponse(requestOn(socket), fakeResponse(true, socket));
    let written = false;
    afterOwedResponses(socket as never, () => (written = true));
    expect(written).toBe(true);
  });

  it('lets a closed response go once the next request on its connection is noted', async () => {
    // A keep-alive connection whose requests wait (a fixed latency) would otherwise keep every
    // response, with its request and head, alive one request longer: past two young-generation GCs.
    const socket = {};
    const first = firstOfTwoNoted(socket, { firstClosed: true });
    await nextTurn();
    gc();
    expect(first.deref()).toBeUndefined();
  });

  it('keeps an open response before last: a request behind it may still fail before its own answer', async () => {
    const socket = {};
    const first = firstOfTwoNoted(socket, { firstClosed: false });
    await nextTurn();
    gc();
    expect(first.deref()).toBeDefined();
  });

  it('lets a response go when it closes, before the next request on its connection is read', async () => {
    // On a busy server the next request sits unread in the socket for a while: a finished
    // response held until then lived beside the next one.
    const socket = {};
    const note = (): WeakRef<ServerResponse> => {
      const answered = fakeResponse(false, socket);
      noteResponse(requestOn(socket), answered);
      answered.close();
      return new WeakRef(answered);
    };
    const answered = note();
    await nextTurn();
    gc();
    expect(answered.deref()).toBeUndefined();
  });
});
