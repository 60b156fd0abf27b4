import type { FastifyInstance } from 'fastify';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, x-api-key, content-type, if-match, if-none-match, x-change-message';
const EXPOSED_HEADERS = 'etag, location, content-disposition, www-authenticate';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for the pages listed in `admin.cors.allowOrigins`, and for them only: their preflights are
 * answered (before authentication, since a preflight carries no key) and their answers carry
 * `Access-Control-Allow-Origin`. Nothing is registered without a list, so no CORS header is ever
 * sent. Other origins never get here: the cross-site guard refuses them first.
 */
export function registerCors(app: FastifyInstance, allowOrigins: ReadonlySet<string>): void {
  if (allowOrigins.size === 0) return;
  const listed = (origin: string | undefined): origin is string => origin !== undefined && allowOrigins.has(origin.toLowerCase());

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined || !listed(origin)) return;
    return reply
      .code(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
      .header('vary', 'Origin')
      .send();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (listed(origin) && !reply.hasHeader('access-control-allow-origin')) {
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    return payload;
  });
}
