import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { sendProblem } from '../problem.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml']);
const JSON_SUFFIX = /^application\/[a-z0-9.!#$%&'*^_`|~-]+\+json$/;

/** JSON (`application/json`, `application/*+json` such as merge-patch) or YAML: what the admin routes read. */
function isAdminMediaType(contentType: string): boolean {
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return essence === 'application/json' || JSON_SUFFIX.test(essence) || YAML_TYPES.has(essence);
}

const hasBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
};

/**
 * Refuses (415) a write whose body is not JSON or YAML, before it is read. A web page can send
 * `text/plain`, form data and `application/x-www-form-urlencoded` to any site without asking (no
 * CORS preflight); the admin API reads none of them, so such a body is never taken for a config.
 */
export function mediaTypeGuard(): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (!WRITE_METHODS.has(request.method) || !hasBody(request)) return;
    const type = request.headers['content-type'];
    if (type !== undefined && isAdminMediaType(type)) return;
    return sendProblem(
      reply,
      'ADMIN_MEDIA_TYPE_UNSUPPORTED',
      `${type === undefined ? 'a body without Content-Type' : `Content-Type ${type}`} is not accepted; send application/json (application/merge-patch+json for PATCH) or application/yaml`,
    );
  };
}
