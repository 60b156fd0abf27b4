import type { onSendAsyncHookHandler } from 'fastify';
import type { AllowedHosts } from './allowed-hosts.js';

/**
 * Headers on every admin answer. The console may not be framed (clickjacking a toggle or a restore),
 * and its page may load code only from this listener and talk only to it (its API and its event
 * WebSocket). `connect-src` names the ws: URL itself: 'self' covers ws: only in newer browsers.
 * `'unsafe-eval'` because the console validates drafts with Ajv, which compiles the config schema
 * into a function (web/src/validation/endpoint-validator.ts); inline and foreign scripts stay barred.
 * The Host goes into the policy only when it is one of the listener's names (a refused request's
 * Host is the client's text).
 */
export function securityHeaders(hosts: AllowedHosts): onSendAsyncHookHandler<unknown> {
  return async (request, reply, payload) => {
    const host = request.headers.host;
    const webSockets = host !== undefined && hosts.allowsHost(host) ? ` ws://${host} wss://${host}` : '';
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header(
      'content-security-policy',
      [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        `connect-src 'self'${webSockets}`,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    return payload;
  };
}
