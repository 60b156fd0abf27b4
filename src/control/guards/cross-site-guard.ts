import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { sendProblem } from '../problem.js';
import { isConsoleRequest } from '../serve-console.js';
import type { AllowedHosts } from './allowed-hosts.js';

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);

/**
 * A link followed to the console from another site (a wiki, a README, another tool on localhost):
 * a top-level GET of the console's page. It changes nothing and the other site cannot read the
 * answer, so refusing it would only break the link.
 */
function isConsoleNavigation(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    request.headers['sec-fetch-mode'] === 'navigate' &&
    request.headers['sec-fetch-dest'] === 'document' &&
    isConsoleRequest(request)
  );
}

/**
 * Refuses (403) requests a web page on another origin makes with the user's browser. Browsers send
 * `Origin` on every request that can change something (POST, PUT, PATCH, DELETE, WebSocket) and
 * `Sec-Fetch-Site` on all of them; clients that are not browsers (curl, the CLI, scripts) send
 * neither and are let through, as are the admin's own origins and `admin.cors.allowOrigins`.
 * `same-site` is refused like `cross-site`: a page on another port of the same host is same-site.
 */
export function crossSiteGuard(hosts: AllowedHosts, corsOrigins: ReadonlySet<string>): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const origin = single(request.headers.origin);
    const site = single(request.headers['sec-fetch-site']);
    if (origin !== undefined) {
      if (hosts.isOwnOrigin(origin) || corsOrigins.has(origin.toLowerCase())) return;
      return sendProblem(reply, 'ADMIN_CROSS_SITE_REFUSED', `a page at ${origin} may not call the admin API; list it in admin.cors.allowOrigins if it should`);
    }
    // No Origin: a request that is not a browser's, or a browser's GET that has none (navigations, images, scripts).
    if (site === undefined || site === 'same-origin' || site === 'none') return;
    if (isConsoleNavigation(request)) return;
    return sendProblem(reply, 'ADMIN_CROSS_SITE_REFUSED', `a ${site} request without an Origin may not call the admin API (Sec-Fetch-Site: ${site})`);
  };
}
