import { didYouMean } from './did-you-mean.js';
import { formatPath, type PathSegment } from './issue-path.js';
import type { ConfigIssue } from './result.js';

type Data = Record<string, unknown>;

const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rules of `upstreams:` and `proxy:` the schema cannot express: unique upstream ids, unique target
 * URLs within an upstream, every `proxy.upstream` naming a declared upstream (with a did-you-mean),
 * exactly one of upstream/url and at most one of path/stripPrefix, a TLS key only with its
 * certificate, and a health check whose timeout fits in its interval.
 */
export function checkUpstreamSemantics(raw: Data, issues: ConfigIssue[]): void {
  const upstreams = Array.isArray(raw.upstreams) ? raw.upstreams : [];
  const firstById = new Map<string, string>();
  upstreams.forEach((upstream: unknown, i) => {
    if (!isData(upstream)) return;
    const at: PathSegment[] = ['upstreams', i];
    if (typeof upstream.id === 'string') {
      const idPath = formatPath([...at, 'id']);
      const first = firstById.get(upstream.id);
      if (first === undefined) firstById.set(upstream.id, idPath);
      else issues.push({ path: idPath, message: `duplicate upstream id "${upstream.id}"`, related: [{ path: first }] });
    }
    checkTargets(upstream.targets, [...at, 'targets'], issues);
    if (isData(upstream.tls)) {
      const { cert, key } = upstream.tls;
      if ((cert === undefined) !== (key === undefined)) {
        issues.push({ path: formatPath([...at, 'tls', cert === undefined ? 'key' : 'cert']), message: 'a client certificate needs both cert and key' });
      }
    }
  });
  const ids = [...firstById.keys()];
  const endpoints = Array.isArray(raw.endpoints) ? raw.endpoints : [];
  endpoints.forEach((endpoint: unknown, i) => {
    if (isData(endpoint) && isData(endpoint.proxy)) checkProxy(endpoint.proxy, ['endpoints', i, 'proxy'], ids, issues);
  });
  const unmatched = isData(raw.server) && isData(raw.server.unmatched) ? raw.server.unmatched : undefined;
  if (unmatched && isData(unmatched.proxy)) {
    checkProxy(unmatched.proxy, ['server', 'unmatched', 'proxy'], ids, issues);
    if (unmatched.response !== undefined) {
      issues.push({ path: 'server.unmatched.proxy', message: 'cannot be used together with response (unmatched requests are either answered or forwarded)' });
    }
  }
}

function checkTargets(targets: unknown, at: PathSegment[], issues: ConfigIssue[]): void {
  if (!Array.isArray(targets)) return;
  const seen = new Map<string, number>();
  targets.forEach((target: unknown, t) => {
    if (!isData(target) || typeof target.url !== 'string') return;
    let key: string;
    try {
      const url = new URL(target.url);
      if (url.username !== '' || url.password !== '') {
        issues.push({ path: formatPath([...at, t, 'url']), message: 'must not carry credentials; set an Authorization header with proxy.headers.set' });
      }
      key = url.href;
    } catch {
      issues.push({ path: formatPath([...at, t, 'url']), message: 'is not a valid URL' });
      return;
    }
    const first = seen.get(key);
    if (first === undefined) seen.set(key, t);
    else
      issues.push({ path: formatPath([...at, t, 'url']), message: `duplicate target ${target.url}`, related: [{ path: formatPath([...at, first, 'url']) }] });
  });
}

function checkProxy(proxy: Data, at: PathSegment[], ids: readonly string[], issues: ConfigIssue[]): void {
  const given = (['upstream', 'url'] as const).filter((key) => proxy[key] !== undefined);
  if (given.length === 0) issues.push({ path: formatPath(at), message: 'needs upstream (an id under upstreams) or url (a base URL)' });
  if (given.length === 2) issues.push({ path: formatPath([...at, 'url']), message: 'cannot be used together with upstream (a proxy forwards to one of them)' });
  if (proxy.path !== undefined && proxy.stripPrefix !== undefined) {
    issues.push({ path: formatPath([...at, 'stripPrefix']), message: 'cannot be used together with path (path rewrites the whole path)' });
  }
  if (typeof proxy.upstream === 'string' && !ids.includes(proxy.upstream)) {
    const suggestion = didYouMean(proxy.upstream, ids);
    const known =
      ids.length === 0 ? ' (no upstreams are declared)' : suggestion !== undefined ? ` (did you mean "${suggestion}"?)` : ` (declared: ${ids.join(', ')})`;
    issues.push({ path: formatPath([...at, 'upstream']), message: `no upstream has id "${proxy.upstream}"${known}` });
  }
  if (typeof proxy.url === 'string') {
    try {
      const url = new URL(proxy.url);
      if (url.username !== '' || url.password !== '')
        issues.push({ path: formatPath([...at, 'url']), message: 'must not carry credentials; set an Authorization header with headers.set' });
    } catch {
      issues.push({ path: formatPath([...at, 'url']), message: 'is not a valid URL' });
    }
  }
}
