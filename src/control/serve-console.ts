import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Where `npm run build` puts the web console. Resolved from the package root, which is two folders
 * up from both `src/control/` (tests, tsx) and `dist/control/` (the built CLI).
 */
export const BUILT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** The URL patterns the console answers; anything else on the admin listener is the API or /metrics. */
const CONSOLE_ROUTES = new Set(['/', '/*']);

const isApiPath = (url: string): boolean => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * True for a request the console answers (its HTML and assets). These need no API key: the page
 * itself asks for one when the API answers 401. `/api/...` paths that reach the console's catch-all
 * (unknown API routes) are not console requests, so they stay behind the keys.
 */
export function isConsoleRequest(request: FastifyRequest): boolean {
  return CONSOLE_ROUTES.has(request.routeOptions.url ?? '') && !isApiPath(request.url);
}

const NOT_BUILT_TEXT =
  'The Mimicus web console is not built in this checkout: run `npm run build`, then reload.\n' + 'The admin API is at /api (see /api/openapi.json).\n';

/**
 * Serves the single-page web console at `/`: hashed files under `/assets/` are cached for a year,
 * any other non-API GET answers `index.html` (never cached) so client-side routes survive a reload.
 * The routes are hidden from `/api/openapi.json`.
 */
export async function serveConsole(app: FastifyInstance, consoleDir: string = BUILT_CONSOLE_DIR): Promise<void> {
  const options = { schema: { hide: true } } as const;
  if (!existsSync(`${consoleDir}/index.html`)) {
    const notBuilt = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      if (isApiPath(request.url)) return reply.callNotFound();
      return reply.type('text/plain; charset=utf-8').send(NOT_BUILT_TEXT);
    };
    app.get('/', options, notBuilt);
    app.get('/*', options, notBuilt);
    return;
  }
  // serve: false — the plugin only lends reply.sendFile; the routes below decide what is served.
  await app.register(fastifyStatic, { root: consoleDir, serve: false });
  const sendIndex = (reply: import('fastify').FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  app.get('/', options, async (_request, reply) => sendIndex(reply));
  app.get('/*', options, async (request, reply) => {
    if (isApiPath(request.url)) return reply.callNotFound();
    const file = (request.params as { '*': string })['*'];
    // Vite names assets by content hash, so a changed file gets a new name and old ones never go stale.
    if (file.startsWith('assets/')) return reply.sendFile(file, { maxAge: '365d', immutable: true });
    return sendIndex(reply);
  });
}
