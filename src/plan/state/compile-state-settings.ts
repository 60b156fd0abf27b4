import { isIP } from 'node:net';
import { parseDurationMs, type Config, type ConfigIssue, type Result, type StateScope } from '../../config/index.js';

/** The config's `state:` block resolved, with its defaults. */
export interface StateSettings {
  readonly defaultScope: StateScope;
  /** Lower case, as node:http gives header names. */
  readonly sessionHeader: string;
  readonly sessionCookie: string;
  readonly trustedProxies: readonly string[];
  /** Session-scope writes without a ttl of their own live this long; undefined: until deleted. */
  readonly sessionTtlMs: number | undefined;
}

/**
 * Sessions are named by the client (a header or cookie), so a client inventing a new id per
 * request created state without bound (22 MB in 8 s): by default session state lives an hour
 * after its last write.
 */
const DEFAULT_SESSION_TTL_MS = 60 * 60 * 1000;

/** The same names the rate limiter's `session` key has always read. */
const DEFAULT_SESSION_HEADER = 'x-mimicus-session';
const DEFAULT_SESSION_COOKIE = 'mimicus-session';

/** An RFC 9110 token: what header names and cookie names are made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function trustedProxyProblem(entry: string): string | undefined {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix !== undefined && (!/^\d+$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128))) {
    return `"${entry}" has an invalid prefix length`;
  }
  return undefined;
}

export function compileStateSettings(config: Config): Result<StateSettings, ConfigIssue[]> {
  const block = config.state ?? {};
  const trustedProxies = block.trustedProxies ?? [];
  const issues: ConfigIssue[] = [];
  trustedProxies.forEach((entry, i) => {
    const problem = trustedProxyProblem(entry);
    if (problem) issues.push({ path: `state.trustedProxies[${i}]`, message: problem });
  });
  // Both go into response headers when a login starts a session: only token characters, so a
  // name can never split a header or a cookie.
  if (block.session?.header !== undefined && !TOKEN.test(block.session.header)) {
    issues.push({ path: 'state.session.header', message: "must be a header name (letters, digits and !#$%&'*+.^_`|~-)" });
  }
  if (block.session?.cookie !== undefined && !TOKEN.test(block.session.cookie)) {
    issues.push({ path: 'state.session.cookie', message: "must be a cookie name (letters, digits and !#$%&'*+.^_`|~-)" });
  }
  let sessionTtlMs: number | undefined = DEFAULT_SESSION_TTL_MS;
  if (block.sessionTtl === false) sessionTtlMs = undefined;
  else if (block.sessionTtl !== undefined) {
    sessionTtlMs = parseDurationMs(block.sessionTtl);
    if (!(sessionTtlMs > 0)) issues.push({ path: 'state.sessionTtl', message: 'must be above 0 (false keeps session state until it is deleted)' });
  }
  if (block.store === 'redis' && block.url === undefined) issues.push({ path: 'state.url', message: 'state.store redis needs the url of the Redis to use' });
  if (issues.length > 0) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      defaultScope: block.scope ?? 'global',
      sessionHeader: (block.session?.header ?? DEFAULT_SESSION_HEADER).toLowerCase(),
      sessionCookie: block.session?.cookie ?? DEFAULT_SESSION_COOKIE,
      trustedProxies,
      sessionTtlMs,
    },
  };
}
