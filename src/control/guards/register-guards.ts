import type { FastifyInstance } from 'fastify';
import type { AllowedHosts } from './allowed-hosts.js';
import { capConnections } from './connection-cap.js';
import { registerCors } from './cors.js';
import { crossSiteGuard } from './cross-site-guard.js';
import { hostGuard } from './host-guard.js';
import { mediaTypeGuard } from './media-type-guard.js';
import { securityHeaders } from './security-headers.js';
import { upgradeGuard } from './upgrade-guard.js';

export interface GuardOptions {
  readonly hosts: AllowedHosts;
  /** `admin.cors.allowOrigins`, lower-cased; empty: no CORS at all. */
  readonly corsOrigins: ReadonlySet<string>;
  readonly maxConnections: number;
  /** Where a WebSocket upgrade may succeed. */
  readonly webSocketPaths: readonly string[];
}

/**
 * The admin listener's guards as onRequest hooks, in the order a request meets them: the
 * connection cap first (cheapest, and it must answer before anything is read), then the Host
 * (rebinding), the Origin (cross-site), CORS preflights of listed origins, upgrades, and the body's
 * media type. Register them before authentication: a refused request never reaches a key check,
 * and a preflight carries no key.
 */
export function registerGuards(app: FastifyInstance, options: GuardOptions): void {
  app.addHook('onSend', securityHeaders(options.hosts));
  app.addHook('onRequest', capConnections(app.server, options.maxConnections));
  app.addHook('onRequest', hostGuard(options.hosts));
  app.addHook('onRequest', crossSiteGuard(options.hosts, options.corsOrigins));
  registerCors(app, options.corsOrigins);
  app.addHook('onRequest', upgradeGuard(options.webSocketPaths));
  app.addHook('onRequest', mediaTypeGuard());
}
