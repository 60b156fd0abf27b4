import type { onRequestAsyncHookHandler } from 'fastify';
import { sendProblem } from '../problem.js';
import type { AllowedHosts } from './allowed-hosts.js';

/**
 * Refuses (421) requests whose Host is not one of the listener's names. A page that rebinds its own
 * DNS name to 127.0.0.1 reaches the admin API as same-origin to itself, so no Origin check sees it;
 * only the Host header still carries the attacker's name.
 */
export function hostGuard(hosts: AllowedHosts): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const host = request.headers.host;
    if (hosts.allowsHost(host)) return;
    const detail =
      host === undefined
        ? 'the request has no Host header; the admin API answers only requests that name it'
        : `Host "${host}" is not a name of this admin API; if you reach Mimicus by that name, add "${hosts.entryFor(host)}" to admin.allowedHosts`;
    return sendProblem(reply, 'ADMIN_HOST_NOT_ALLOWED', detail);
  };
}
