import type { AdminClient, ApiResult } from '../api/admin-client.ts';
import { readApiKey } from '../api/api-key.ts';
import type { EndpointDefinition, Problem } from '../api/contract.ts';
import type { Draft } from './draft.ts';

/**
 * Replaces (PUT) or creates (POST) the endpoint with `X-Change-Message`, which the admin client has
 * no option for: fetch with the stored key, and on a 401 let the client ask for a key, then retry.
 */
export async function saveEndpoint(client: AdminClient, draft: Draft, originalId: string | undefined, message: string): Promise<ApiResult<EndpointDefinition>> {
  const [method, path] = originalId === undefined ? ['POST', '/api/endpoints'] : ['PUT', `/api/endpoints/${encodeURIComponent(originalId)}`];
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers({ 'content-type': 'application/json' });
    const key = readApiKey();
    if (key) headers.set('authorization', `Bearer ${key}`);
    if (message.trim() !== '') headers.set('x-change-message', message.trim());
    const response = await fetch(path, { method, headers, body: JSON.stringify(draft) });
    if (response.status === 401 && attempt === 0) {
      await client.get('/api/status');
      continue;
    }
    const text = await response.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    return response.ok ? { ok: true, status: response.status, value: body as EndpointDefinition } : { ok: false, status: response.status, problem: body as Problem };
  }
}
