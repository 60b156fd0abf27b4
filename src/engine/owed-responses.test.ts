import type { IncomingMessage, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { afterOwedResponses, noteResponse } from './owed-responses.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The fields of a response that owed-responses reads, and its 'close' listener. */
function fakeResponse(closed: boolean): ServerResponse & { closeListeners: (() => void)[] } {
  const closeListeners: (() => void)[] = [];
  return {
    closed,
    headersSent: closed,
    writableEnded: closed,
    req: { complete: true },
    closeListeners,
    once: (_event: string, listener: () => void) => closeListeners.push(listener),
  } as unknown as ServerResponse & { closeListeners: (() => void)[] };
}

const requestOn = (socket: object): IncomingMessage => ({ socket }) as unknown as IncomingMessage;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('owed responses', () => {
  it('waits for the last response noted on the connection while it is open', () => {
    const socket = {};
    const open = fakeResponse(false);
    noteResponse(requestOn(socket), open);
    let written = false;
    afterOwedResponses(socket as never, () => (written = true));
    expect(written).toBe(false);
    open.closeListeners.forEach((listener) => listener());
    expect(written).toBe(true);
  });

  it('writes at once when every response noted is closed', () => {
    const socket = {};
    noteResponse(requestOn(socket), fakeResponse(true));
    noteResponse(requestOn(socket), fakeResponse(true));
    let written = false;
    afterOwedResponses(socket as never, () => (written = true));
    expect(written).toBe(true);
  });

  it('lets a closed response go once the next request on its connection is noted', async () => {
    // A keep-alive connection whose requests wait (a fixed latency) would otherwise keep every
    // response, with its request and head, alive one request longer: past two young-generation GCs.
    const socket = {};
    const note = (): WeakRef<ServerResponse> => {
      const first = fakeResponse(true);
      noteResponse(requestOn(socket), first);
      noteResponse(requestOn(socket), fakeResponse(false));
      return new WeakRef(first);
    };
    const first = note();
    await nextTurn();
    gc();
    expect(first.deref()).toBeUndefined();
  });

  it('keeps an open response before last: a request behind it may still fail before its own answer', async () => {
    const socket = {};
    const note = (): WeakRef<ServerResponse> => {
      const first = fakeResponse(false);
      noteResponse(requestOn(socket), first);
      noteResponse(requestOn(socket), fakeResponse(false));
      return new WeakRef(first);
    };
    const first = note();
    await nextTurn();
    gc();
    expect(first.deref()).toBeDefined();
  });
});
