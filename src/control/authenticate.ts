import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AdminRole, ApiKeyStore } from './api-keys/index.js';

export type { AdminRole };

export interface AdminApiKey {
  readonly name: string;
  readonly key: string;
  readonly role?: AdminRole;
}

export type Authentication =
  { readonly ok: true; readonly author: string; readonly role: AdminRole } | { readonly ok: false; readonly reason: 'missing' | 'unknown' };

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The key a request carries: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  const header = request.headers['x-api-key'];
  return (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
}

/**
 * Checks requests against the configured keys, then the keys stored through `/api/keys`. Digests
 * of configured keys, of equal length, are compared in constant time, and every one is compared,
 * so timing tells neither which key nor how much of one matched. Without configured keys and
 * before any key is stored (allowed on loopback only) everyone is an anonymous admin.
 */
export function createAuthenticator(keys: readonly AdminApiKey[], stored?: ApiKeyStore): (request: FastifyRequest) => Promise<Authentication> {
  const known = keys.map((key) => ({ name: key.name, role: key.role ?? 'admin', digest: digest(key.key) }));
  return async (request) => {
    if (known.length === 0 && !(await stored?.hasAny())) return { ok: true, author: 'anonymous', role: 'admin' };
    const presented = presentedKey(request);
    if (presented === undefined) return { ok: false, reason: 'missing' };
    const presentedDigest = digest(presented);
    let match: (typeof known)[number] | undefined;
    for (const candidate of known) {
      if (timingSafeEqual(candidate.digest, presentedDigest) && !match) match = candidate;
    }
    if (match) return { ok: true, author: match.name, role: match.role };
    const storedKey = await stored?.authenticate(presented);
    return storedKey ? { ok: true, author: storedKey.name, role: storedKey.role } : { ok: false, reason: 'unknown' };
  };
}
