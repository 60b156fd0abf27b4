import type { Config, ConfigIssue, Duration, ProxyConfig, Result, UpstreamConfig } from '../../config/index.js';
import { timerDurationMs } from '../timer-duration-ms.js';
import type { ActiveHealthSpec, BalanceSpec, HashKey, OutlierSpec, PoolSpec, TargetSpec, TlsSpec, UpstreamSpec } from './upstream-spec.js';

const DEFAULTS = {
  connections: 128,
  maxPending: 1024,
  keepAliveMs: 4_000,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  intervalMs: 5_000,
  probeTimeoutMs: 1_000,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
};

/** Reads a PEM file the config names (tls.ca, cert, key) within the app's file policy. */
export type ReadTlsFile = (path: string) => Promise<Result<Buffer, string>>;

/** The id of the implicit upstream behind `proxy: { url }`: one target, default settings. */
export const urlUpstreamId = (url: string): string => `url:${url}`;

/**
 * Compiles `upstreams:` plus one implicit upstream per distinct `proxy.url`, reporting every
 * problem with its config path. Semantic checks (ids, references) already ran in the loader.
 */
export async function compileUpstreams(config: Config, readFile: ReadTlsFile): Promise<Result<UpstreamSpec[], ConfigIssue[]>> {
  const issues: ConfigIssue[] = [];
  const specs: UpstreamSpec[] = [];
  const declared = config.upstreams ?? [];
  for (let i = 0; i < declared.length; i++) {
    const spec = await compileUpstream(declared[i]!, `upstreams[${i}]`, readFile, issues);
    if (spec !== undefined) specs.push(spec);
  }
  const urls = new Set<string>();
  const proxies: (ProxyConfig | undefined)[] = [...(config.endpoints ?? []).map((endpoint) => endpoint.proxy), config.server?.unmatched?.proxy];
  for (const proxy of proxies) if (proxy?.url !== undefined) urls.add(proxy.url);
  for (const url of urls) {
    const spec = await compileUpstream({ id: urlUpstreamId(url), targets: [{ url }] }, 'proxy.url', readFile, issues);
    if (spec !== undefined) specs.push(spec);
  }
  return issues.length > 0 ? { ok: false, error: issues } : { ok: true, value: specs };
}

async function compileUpstream(upstream: UpstreamConfig, at: string, readFile: ReadTlsFile, issues: ConfigIssue[]): Promise<UpstreamSpec | undefined> {
  const before = issues.length;
  const ms = (value: Duration | undefined, path: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const result = timerDurationMs(value, `${at}.${path}`, true);
    if (result.ok) return result.value;
    issues.push(...result.error);
    return fallback;
  };
  const targets = upstream.targets.map((target) => targetSpec(target.url, target.weight ?? 1));
  const pool: PoolSpec = {
    connections: upstream.pool?.connections ?? DEFAULTS.connections,
    maxPending: upstream.pool?.maxPending ?? DEFAULTS.maxPending,
    keepAliveMs: ms(upstream.pool?.keepAlive, 'pool.keepAlive', DEFAULTS.keepAliveMs),
    connectTimeoutMs: ms(upstream.pool?.connectTimeout, 'pool.connectTimeout', DEFAULTS.connectTimeoutMs),
    headersTimeoutMs: ms(upstream.pool?.headersTimeout, 'pool.headersTimeout', DEFAULTS.headersTimeoutMs),
    bodyTimeoutMs: ms(upstream.pool?.bodyTimeout, 'pool.bodyTimeout', DEFAULTS.bodyTimeoutMs),
  };
  const tls = await tlsSpec(upstream.tls, `${at}.tls`, readFile, issues);
  const health = upstream.health;
  let active: ActiveHealthSpec | undefined;
  if (health?.path !== undefined) {
    const intervalMs = ms(health.interval, 'health.interval', DEFAULTS.intervalMs);
    const timeoutMs = ms(health.timeout, 'health.timeout', Math.min(DEFAULTS.probeTimeoutMs, intervalMs));
    if (timeoutMs > intervalMs) issues.push({ path: `${at}.health.timeout`, message: `must be at most the interval (${intervalMs} ms)` });
    const [min, max] = (health.expectStatus ?? '200-399').split('-').map(Number) as [number, number | undefined];
    if (max !== undefined && max < min) issues.push({ path: `${at}.health.expectStatus`, message: 'the range must go from low to high' });
    active = {
      path: health.path,
      method: health.method ?? 'GET',
      intervalMs,
      timeoutMs,
      statusMin: min,
      statusMax: max ?? min,
      expectBody: health.expectBody,
      healthyAfter: health.healthyAfter ?? 1,
      unhealthyAfter: health.unhealthyAfter ?? 2,
      jitter: health.jitter ?? 0.1,
    };
  }
  const outlierConfig = health?.outlier;
  const outlier: OutlierSpec = {
    consecutive5xx: outlierConfig?.consecutive5xx ?? 5,
    consecutiveFailures: outlierConfig?.consecutiveFailures ?? 5,
    baseEjectionMs: ms(outlierConfig?.baseEjection, 'health.outlier.baseEjection', DEFAULTS.baseEjectionMs),
    maxEjectionMs: ms(outlierConfig?.maxEjection, 'health.outlier.maxEjection', DEFAULTS.maxEjectionMs),
    maxEjectedShare: (outlierConfig?.maxEjectedPercent ?? 50) / 100,
    panicShare: (outlierConfig?.panicThreshold ?? 50) / 100,
  };
  if (issues.length > before) return undefined;
  const balance = balanceSpec(upstream.balance);
  // Buffers print their bytes: a changed CA file changes the fingerprint, so the pool is rebuilt.
  const fingerprint = JSON.stringify({
    tls: { ...tls, ca: tls.ca?.toString('base64'), cert: tls.cert?.toString('base64'), key: tls.key?.toString('base64') },
    pool,
    balance,
    active,
    outlier,
  });
  return { id: upstream.id, targets, tls, pool, balance, active, outlier, fingerprint };
}

function targetSpec(url: string, weight: number): TargetSpec {
  const parsed = new URL(url);
  const basePath = parsed.pathname === '/' ? '' : parsed.pathname.replace(/\/+$/, '');
  return { url, origin: parsed.origin, basePath, host: parsed.host, weight };
}

async function tlsSpec(tls: UpstreamConfig['tls'], at: string, readFile: ReadTlsFile, issues: ConfigIssue[]): Promise<TlsSpec> {
  const read = async (path: string | undefined, key: string): Promise<Buffer | undefined> => {
    if (path === undefined) return undefined;
    const result = await readFile(path);
    if (result.ok) return result.value;
    issues.push({ path: `${at}.${key}`, message: result.error });
    return undefined;
  };
  return {
    ca: await read(tls?.ca, 'ca'),
    cert: await read(tls?.cert, 'cert'),
    key: await read(tls?.key, 'key'),
    servername: tls?.servername,
    insecure: tls?.insecure ?? false,
  };
}

function balanceSpec(balance: UpstreamConfig['balance']): BalanceSpec {
  if (balance === undefined) return { kind: 'weighted-round-robin' };
  if (typeof balance === 'string') return { kind: balance };
  const hash = balance['consistent-hash'];
  return { kind: 'consistent-hash', key: hashKey(hash.key), virtualNodes: hash.virtualNodes ?? 160 };
}

function hashKey(text: string): HashKey {
  if (text === 'client' || text === 'session' || text === 'path') return { kind: text };
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon) as 'header' | 'cookie' | 'query';
  const name = text.slice(colon + 1);
  return { kind, name: kind === 'header' ? name.toLowerCase() : name };
}
