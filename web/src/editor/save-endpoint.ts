import type { AdminClient, ApiResult } from '../api/admin-client.ts';
import type { Endpoint as EndpointDefinition } from '../../../src/config/schema.ts';
import type { Draft } from './draft.ts';

/** Replaces (PUT) or creates (POST) the endpoint; a message is recorded in the version (`X-Change-Message`). */
export function saveEndpoint(client: AdminClient, draft: Draft, originalId: string | undefined, message: string): Promise<ApiResult<EndpointDefinition>> {
  const headers: Record<string, string> = message.trim() === '' ? {} : { 'x-change-message': message.trim() };
  return originalId === undefined
    ? client.send<EndpointDefinition>('POST', '/api/endpoints', draft, headers)
    : client.send<EndpointDefinition>('PUT', `/api/endpoints/${encodeURIComponent(originalId)}`, draft, headers);
}
