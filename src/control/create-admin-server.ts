import type { Clock } from '../clock/index.js';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AdminConfig } from '../config/index.js';
import { AppError, toProblem } from '../errors/index.js';
import { AdminKeysRequiredError } from './admin-keys-required-error.js';
import type { Logger, MetricsPort } from '../observe/index.js';
import type { AdminContext } from './admin-context.js';
import type { ApiKeyStore } from './api-keys/index.js';
import { createAuthenticator, type AdminApiKey, type Authentication } from './authenticate.js';
import type { AdminPorts, StatusPort } from './control-port.js';
import { isLoopback } from './is-loopback.js';
import { sendProblem } from './problem.js';
import { registerCollectionRoutes } from './routes/collection-routes.js';
import { registerConfigRoutes } from './routes/config-routes.js';
import { registerStateRoutes } from './routes/state-routes.js';
import { registerVersionRoutes } from './routes/version-routes.js';
import { registerRequestRoutes } from './routes/request-routes.js';
import { registerDryRunRoutes } from './routes/dry-run-routes.js';
import { adoptQueryKey, EVENTS_PATH, registerEventRoutes, type EventStreamOptions } from './routes/event-routes.js';
import type { EventBus } from './events/event-bus.js';
import { registerKeyRoutes } from './routes/key-routes.js';
import { registerMetricsRoutes } from './routes/metrics-routes.js';
import { registerUpstreamRoutes } from './routes/upstream-routes.js';
import { upstreamCollection } from './routes/upstream-collection.js';
import { registerBreakerResetRoute } from './routes/breaker-reset-route.js';
import { isConsoleRequest, serveConsole } from './serve-console.js';
import { createAllowedHosts, registerGuards } from './guards/index.js';
import { resolveAdminLimits } from './resolve-admin-limits.js';
import { answerContinue } from './answer-continue.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { ServerStatusSchema, type ServerStatus } from '../contract/index.js';

export interface AdminServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly apiKeys: readonly AdminApiKey[];
  /** Keys created through `/api/keys`: the store `app/` opened (and closes; the admin server only uses it). */
  readonly keyStore: ApiKeyStore;
  readonly logger: Logger;
  /** The bus `GET /api/events` streams from; without it the route is not offered. */
  readonly events?: EventBus;
  readonly eventStream?: EventStreamOptions;
  /** What `/metrics` and `/api/metrics` serve; absent (`metrics: false`): they answer 404 METRICS_DISABLED. */
  readonly metrics?: MetricsPort;
  /** Times the event stream (sampling windows, metrics ticks); the system clock by default. */
  readonly clock?: Clock;
  /** The config's `admin:` block: allowed hosts, CORS origins and limits (read once, at start). */
  readonly config?: AdminConfig;
}

export interface AdminServer {
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Routes anyone may call, even with keys configured: liveness probes carry no key. */
const PUBLIC_ROUTES = new Set(['/api/health']);
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The admin API (control plane) on its own listener. Refuses (ADMIN_KEYS_REQUIRED) to listen beyond
 * loopback without API keys.
 */
/** Grace for admin requests in flight and event clients' closing handshakes when the admin API shuts down. */
const SHUTDOWN_GRACE_MS = 500;

/**
 * The admin API's shutdown, for its WebSocket clients: a polite 1001 to each, then the connection
 * is cut for any that has not answered within the grace, so close() never waits on a client that
 * stopped reading (ws itself would wait 30 s).
 */
function closeEventClients(this: FastifyInstance, done: () => void): void {
  const clients = [...this.websocketServer.clients];
  for (const client of clients) client.close(1001, 'Mimicus is shutting down');
  const cut = setTimeout(() => {
    for (const client of clients) client.terminate();
  }, SHUTDOWN_GRACE_MS);
  let open = clients.filter((client) => client.readyState !== client.CLOSED).length;
  const finish = () => {
    clearTimeout(cut);
    this.websocketServer.close(() => done());
  };
  if (open === 0) return finish();
  for (const client of clients) {
    client.once('close', () => {
      open -= 1;
      if (open === 0) finish();
    });
  }
}

export async function createAdminServer(ports: AdminPorts, options: AdminServerOptions): Promise<AdminServer> {
  if (!isLoopback(options.host) && options.apiKeys.length === 0) {
    throw new AdminKeysRequiredError(options.host);
  }
  const limits = resolveAdminLimits(options.config);
  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    // A client that stalls its headers or body is answered 408 and cut (Node's own answer). Node
    // looks for expired requests every connectionsCheckingInterval (30 s by default, longer than
    // the timeouts themselves), so the interval follows the shorter timeout.
    requestTimeout: limits.requestTimeoutMs,
    // Idle keep-alive connections count against admin.maxConnections: a console tab left in the
    // background gives its connections back after 5 s (Node's default; Fastify's is 72 s) and
    // keeps only its event WebSocket.
    keepAliveTimeout: 5_000,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    // Each route's validator and serializer are compiled on its first call, not at start.
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  answerContinue(app.server, limits.maxBodyBytes);
  let listeningPort = options.port;
  const hosts = createAllowedHosts({ bindHost: options.host, extra: options.config?.allowedHosts ?? [], port: () => listeningPort });
  const storedKeys = options.keyStore;
  const authenticate = createAuthenticator(options.apiKeys, storedKeys);
  const authentications = new WeakMap<FastifyRequest, Authentication & { ok: true }>();
  const context: AdminContext = {
    ...ports,
    changeOf(request) {
      const message = request.headers['x-change-message'];
      const author = authentications.get(request)?.author ?? 'anonymous';
      return typeof message === 'string' && message !== '' ? { author, message } : { author };
    },
  };

  // Before the hooks and routes: its onRequest hook must mark upgrades before authentication may answer
  // one (else the refused socket is never closed), and it must see WebSocket routes as they are added.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 }, preClose: closeEventClients });

  registerGuards(app, {
    hosts,
    corsOrigins: new Set((options.config?.cors?.allowOrigins ?? []).map((origin) => origin.toLowerCase())),
    maxConnections: limits.maxConnections,
    webSocketPaths: options.events ? [EVENTS_PATH] : [],
  });

  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(new Error(`body is not valid JSON: ${(error as Error).message}`), { statusCode: 400 }), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC_ROUTES.has(request.url.split('?')[0] ?? '')) return;
    // The console's page and assets: the page asks for a key itself when the API answers 401.
    if (isConsoleRequest(request)) return;
    adoptQueryKey(request);
    const outcome = await authenticate(request);
    if (!outcome.ok) {
      reply.header('www-authenticate', 'Bearer realm="mimicus-admin"');
      return sendProblem(reply, 'ADMIN_UNAUTHORIZED', outcome.reason === 'missing' ? 'send Authorization: Bearer <key> or X-Api-Key' : 'unknown API key');
    }
    if (outcome.role === 'read' && !READ_METHODS.has(request.method)) {
      return sendProblem(reply, 'ADMIN_FORBIDDEN', `role "read" of key "${outcome.author}" may only read (GET)`);
    }
    authentications.set(request, outcome);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'ADMIN_ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]}`));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) options.logger.error({ err: error, url: request.url }, 'admin request failed');
      return reply.code(error.status).type('application/problem+json').send(toProblem(error));
    }
    if (error.validation) {
      const issues = error.validation.map((item) => {
        const path = `${error.validationContext ?? 'body'}${item.instancePath.replaceAll('/', '.')}`;
        // Ajv puts an unknown field's name in params; the issue names the field itself.
        const unknown = item.keyword === 'additionalProperties' ? (item.params as { additionalProperty?: string }).additionalProperty : undefined;
        return unknown === undefined ? { path, message: item.message ?? 'is invalid' } : { path: `${path}.${unknown}`, message: 'is not a known field' };
      });
      return sendProblem(reply, 'ADMIN_REQUEST_INVALID', issues.map((issue) => `${issue.path} ${issue.message}`).join('; '), { issues });
    }
    if (error.statusCode === 415) return sendProblem(reply, 'ADMIN_MEDIA_TYPE_UNSUPPORTED', error.message);
    if (error.statusCode === 413) {
      return sendProblem(
        reply,
        'REQUEST_BODY_TOO_LARGE',
        `the body is larger than admin.maxBodySize (${limits.maxBodyBytes} bytes); raise it for larger configs`,
      );
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, 'ADMIN_REQUEST_INVALID', error.message);
    }
    options.logger.error({ err: error, method: request.method, url: request.url }, 'admin request failed');
    return sendProblem(reply, 'INTERNAL', 'see the Mimicus log');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mimicus admin API',
        version: ports.status.status().version,
        description: 'The control plane of Mimicus; errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });

  registerSystemRoutes(app, ports.status);
  registerConfigRoutes(app, context);
  registerCollectionRoutes(app, context, {
    name: 'endpoints',
    singular: 'endpoint',
    notFound: 'ENDPOINT_NOT_FOUND',
    exists: 'ENDPOINT_EXISTS',
    reads: 'collection',
  });
  registerCollectionRoutes(app, context, {
    name: 'workflows',
    singular: 'workflow',
    notFound: 'WORKFLOW_NOT_FOUND',
    exists: 'WORKFLOW_EXISTS',
    reads: 'collection',
  });
  registerStateRoutes(app, context);
  registerVersionRoutes(app, context);
  registerRequestRoutes(app, context);
  registerDryRunRoutes(app, context);
  registerUpstreamRoutes(app, context);
  registerCollectionRoutes(app, context, upstreamCollection);
  registerBreakerResetRoute(app, context);
  if (options.events) registerEventRoutes(app, options.events, options.eventStream, options.clock);
  registerMetricsRoutes(app, options.metrics);
  registerKeyRoutes(app, {
    store: storedKeys,
    configNames: options.apiKeys.map((key) => key.name),
    roleOf: (request) => authentications.get(request)?.role ?? 'read',
  });

  await serveConsole(app);

  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : options.port;
  listeningPort = boundPort;
  const shownHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host === '::' ? '::1' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${boundPort}`;
  return {
    url,
    port: boundPort,
    close: async () => {
      // Requests in flight get the grace to finish; then every connection is cut (a client that
      // keeps unread responses or a half-sent body would otherwise hold shutdown indefinitely).
      const cut = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await app.close();
      clearTimeout(cut);
    },
  };
}

function registerSystemRoutes(app: FastifyInstance, port: StatusPort): void {
  app.get('/api/health', { schema: { summary: 'Liveness (no key needed)', tags: ['system'], security: [] } }, async () => ({ status: 'ok' }));

  app.get(
    '/api/status',
    {
      schema: {
        summary: 'Version, uptime, the Plan being served, the schedule windows in force and where data is kept',
        tags: ['system'],
        response: { 200: ServerStatusSchema },
      },
    },
    async (): Promise<ServerStatus> => {
      const status = port.status();
      return {
        version: status.version,
        startedAt: status.startedAt.toISOString(),
        uptimeSeconds: Math.round((Date.now() - status.startedAt.getTime()) / 1000),
        planId: status.planId,
        endpoints: status.endpoints,
        workflows: status.workflows,
        dataDir: status.dataDir,
        ...(status.dataPlaneUrl ? { dataPlaneUrl: status.dataPlaneUrl } : {}),
        ...(status.configFile ? { configFile: status.configFile } : {}),
        activeWindows: status.activeWindows,
        ...(status.cluster ? { cluster: status.cluster } : {}),
      };
    },
  );

  app.get('/api/openapi.json', { schema: { summary: 'This API described as OpenAPI 3.1', tags: ['system'] } }, async () => app.swagger());
}
