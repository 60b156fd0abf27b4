import { clearApiKey, readApiKey, saveApiKey } from './api-key.ts';
import type { Problem } from './contract.ts';
import type { KeyRequests } from './key-requests.ts';

/** An answer of the admin API: its JSON body on success, the problem otherwise. */
export type ApiResult<T> = { ok: true; status: number; value: T } | { ok: false; status: number; problem: Problem };

export interface AdminClient {
  get<T>(path: string): Promise<ApiResult<T>>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>>;
}

/**
 * fetch against `/api` with the stored key. A 401 asks the user for a key (through `keys`), stores
 * it and retries, so pages never handle authentication themselves.
 */
export function createAdminClient(keys: KeyRequests): AdminClient {
  async function call<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
    for (;;) {
      const key = readApiKey();
      const headers = new Headers(init.headers);
      if (key) headers.set('authorization', `Bearer ${key}`);
      const response = await fetch(path, { ...init, headers });
      if (response.status === 401) {
        // A stored key the server refuses is dropped, so the prompt starts empty.
        if (key) clearApiKey();
        saveApiKey(await keys.ask(key ? 'rejected' : 'missing'));
        continue;
      }
      const text = await response.text();
      const body: unknown = text === '' ? undefined : JSON.parse(text);
      if (response.ok) return { ok: true, status: response.status, value: body as T };
      return { ok: false, status: response.status, problem: body as Problem };
    }
  }
  return {
    get: (path) => call(path, { method: 'GET' }),
    send: (method, path, body) =>
      call(path, {
        method,
        ...(body === undefined
          ? {}
          : {
              // PATCH is a JSON merge patch (RFC 7396), as the API expects.
              headers: { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' },
              body: JSON.stringify(body),
            }),
      }),
  };
}
