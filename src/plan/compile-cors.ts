import { parseDurationMs, type Config, type ConfigIssue, type Result } from '../config/index.js';

/** `server.cors` resolved: header values joined once, origins lower case for a Set lookup. */
export interface CorsPolicy {
  /** `origins: "*"`: any origin, answered `*` (credentials are refused with it). */
  readonly anyOrigin: boolean;
  readonly origins: ReadonlySet<string>;
  readonly allowMethods: string;
  /** undefined: a preflight is allowed the headers it asks for. */
  readonly allowHeaders: string | undefined;
  readonly exposeHeaders: string | undefined;
  readonly credentials: boolean;
  /** Access-Control-Max-Age in whole seconds; undefined: not sent. */
  readonly maxAgeSeconds: number | undefined;
}

const DEFAULT_METHODS = 'GET, HEAD, PUT, PATCH, POST, DELETE';

/** `server.cors` → the policy, or undefined when CORS is off (the default). */
export function compileCors(config: Config): Result<CorsPolicy | undefined, ConfigIssue[]> {
  const cors = config.server?.cors;
  if (cors === undefined || cors === false) return { ok: true, value: undefined };
  const block = cors === true ? { origins: '*' as const } : cors;
  const anyOrigin = block.origins === '*';
  const credentials = 'credentials' in block && block.credentials === true;
  if (anyOrigin && credentials) {
    // A browser refuses `*` with credentials, and echoing every origin instead would let any site
    // read answers sent with the user's cookies.
    return { ok: false, error: [{ path: 'server.cors.credentials', message: 'cannot be true with origins "*": list the origins that may send credentials' }] };
  }
  const list = (values: readonly string[] | undefined) => (values === undefined ? undefined : values.join(', '));
  const full = cors === true ? undefined : cors;
  const maxAgeMs = full?.maxAge === undefined ? undefined : parseDurationMs(full.maxAge);
  return {
    ok: true,
    value: {
      anyOrigin,
      origins: new Set(anyOrigin ? [] : (block.origins as readonly string[]).map((origin) => origin.toLowerCase())),
      allowMethods: list(full?.methods?.map((method) => method.toUpperCase())) ?? DEFAULT_METHODS,
      allowHeaders: list(full?.headers),
      exposeHeaders: list(full?.exposeHeaders),
      credentials,
      maxAgeSeconds: maxAgeMs === undefined ? undefined : Math.floor(maxAgeMs / 1000),
    },
  };
}
