import { readApiKey } from '../api/api-key.ts';
import type { Problem } from '../api/contract.ts';

/**
 * fetch against the admin API with the stored key, for what `AdminClient` does not send: a
 * change message header, a YAML body, a download. A 401 is reported, not prompted for (the pages'
 * first reads through `AdminClient` have asked for a key already).
 */
export async function sendRaw(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = readApiKey();
  if (key) headers.set('authorization', `Bearer ${key}`);
  return fetch(path, { ...init, headers });
}

/** The problem of a failed answer, or a stand-in when the body is not one. */
export async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { status: response.status, code: 'UNKNOWN', title: `HTTP ${response.status}` };
  }
}
