import { randomUUID } from 'node:crypto';
import type { StateSettings } from '../../plan/index.js';

/**
 * The headers of a response that opens or closes a session (`state.session: start | end`).
 * A new session gets a random UUID, never one from the Plan's seeded PRNG: a seeded id would be
 * the same on every run, and anyone could guess the next one. It is sent twice: as the session
 * cookie, so a browser carries it by itself (HttpOnly, SameSite=Lax, no Max-Age: it lasts the
 * browser session, and `state.sessionTtl` expires the state behind it), and as the session
 * header, for clients that copy it themselves (curl, test code).
 */
export function sessionHeaders(settings: StateSettings, action: 'start' | 'end', id: string): string[] {
  if (action === 'end') return ['set-cookie', `${settings.sessionCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`];
  return ['set-cookie', `${settings.sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Lax`, settings.sessionHeader, id];
}

export const newSessionId = (): string => randomUUID();
