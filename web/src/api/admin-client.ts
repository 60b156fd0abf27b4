import { clearApiKey, readApiKey, saveApiKey } from './api-key.ts';
import type { Problem } from '../../../src/contract/index.ts';
import type { KeyRequests } from './key-requests.ts';

/** An answer of the admin API: its JSON body on success, the problem otherwise. */
export type ApiResult<T> = { ok: true; status: number; value: T } | { ok: false; status: number; problem: Problem };

export interface AdminClient {
  get<T>(path: string): Promise<ApiResult<T>>;
  /** A JSON body (a merge patch for PATCH); `headers` adds e.g. `x-change-message`. */
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>>;
  /** The raw answer, for what is not JSON both ways (a YAML body, a download); the key and its prompt as for the rest. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * fetch against `/api` with the stored key. A 401 asks the user for a key (through `keys`), stores
 * it and retries, so pages never handle authentication themselves.
 */
export function createAdminClient(keys: KeyRequests): AdminClient {
  /** fetch with the stored key; a 401 asks for a key and tries again. Rejects when nothing answers. */
  async function authorized(path: string, init: RequestInit): Promise<Response> {
    for (;;) {
      const key = readApiKey();
      const headers = new Headers(init.headers);
      if (key) headers.set('authorization', `Bearer ${key}`);
      const response = await fetch(path, { ...init, headers });
      if (response.status !== 401) return response;
      // A stored key the server refuses is dropped, so the prompt starts empty.
      if (key) clearApiKey();
      saveApiKey(await keys.ask(key ? 'rejected' : 'missing'));
    }
  }
  async function call<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await authorized(path, init);
    } catch {
      // The admin listener is down or restarting: a problem like any other, so pages show it.
      return {
        ok: false,
        status: 0,
        problem: {
          type: 'about:blank',
          status: 0,
          code: 'CONSOLE_OFFLINE',
          title: 'Mimicus does not answer',
          detail: `${init.method ?? 'GET'} ${path} got no response`,
        },
      };
    }
    const text = await response.text();
    const body = parseJson(text);
    if (response.ok) return { ok: true, status: response.status, value: body as T };
    // Something between the console and Mimicus (a proxy) may answer with HTML or plain text.
    const problem = isProblem(body)
      ? body
      : { type: 'about:blank', status: response.status, code: 'CONSOLE_UNEXPECTED_ANSWER', title: `HTTP ${response.status}`, detail: text.slice(0, 200) };
    return { ok: false, status: response.status, problem };
  }
  return {
    get: (path) => call(path, { method: 'GET' }),
    send: (method, path, body, headers = {}) =>
      call(path, {
        method,
        headers: {
          ...headers,
          // PATCH is a JSON merge patch (RFC 7396), as the API expects.
          ...(body === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    fetch: (path, init = {}) => authorized(path, init),
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string' && typeof (body as Problem).title === 'string';
