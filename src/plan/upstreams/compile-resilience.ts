import {
  parseSizeBytes,
  type Config,
  type ConfigIssue,
  type Duration,
  type Endpoint,
  type ProxyConfig,
  type Result,
  type UpstreamConfig,
} from '../../config/index.js';
import { compileResponder } from '../responders/compile-responder.js';
import { compileResponse, type ResponseCompileContext } from '../responders/compile-response.js';
import type { Responder } from '../responders/types.js';
import { timerDurationMs } from '../timer-duration-ms.js';
import type { BreakerSpec, BulkheadSpec, ConditionSet, DeadlineSpec, FallbackSpec, HedgeSpec, ResilienceSpec, RetrySpec } from './resilience-spec.js';

type Blocks = Pick<UpstreamConfig, 'circuitBreaker' | 'retry' | 'hedge' | 'bulkhead'>;
type Conditions = NonNullable<NonNullable<UpstreamConfig['retry']>['retryOn']>;

const DEFAULT_RETRY_ON: Conditions = ['connect-failure', 'reset', '502', '503', '504'];
const DEFAULT_FAIL_ON: Conditions = ['connect-failure', 'timeout', 'reset', '5xx'];
const DEFAULT_DEADLINE_HEADER = 'x-mimicus-timeout-ms';
const DEFAULT_STALE_BYTES = 8 * 1024 * 1024;
const MAX_STALE_BYTES = 256 * 1024 * 1024;
const PERCENTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99, 'p99.9': 0.999 };

export interface ResilienceInput {
  readonly config: Config;
  readonly proxy: ProxyConfig;
  readonly fallback: Endpoint['fallback'];
  /** The endpoint's id ('' for server.unmatched): scopes the blocks it overrides. */
  readonly owner: string;
  readonly at: string;
  readonly upstream: string;
  /** Compiles a fallback response or variants (`at` is the fallback's config path). */
  readonly compileFallback: (fallback: NonNullable<Endpoint['fallback']>, at: string) => Promise<Result<Responder, ConfigIssue[]>>;
}

/**
 * Compiles an endpoint's resilience: the blocks of its upstream, each replaced by the endpoint's
 * own (`proxy.retry: false` turns the upstream's off), plus its `fallback`. Undefined when there is
 * nothing to apply, so a plain proxy keeps its direct path.
 */
export async function compileResilience(input: ResilienceInput): Promise<Result<ResilienceSpec | undefined, ConfigIssue[]>> {
  const { proxy, at } = input;
  const upstream = input.config.upstreams?.find((candidate) => candidate.id === proxy.upstream);
  const issues: ConfigIssue[] = [];
  const ms = (value: Duration | undefined, path: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const result = timerDurationMs(value, path, true);
    if (result.ok) return result.value;
    issues.push(...result.error);
    return fallback;
  };
  const pick = <K extends keyof Blocks>(key: K): { block: Blocks[K]; at: string; own: boolean } => {
    const own = proxy[key];
    if (own === false) return { block: undefined, at: `${at}.proxy.${key}`, own: true };
    if (own !== undefined) return { block: own as Blocks[K], at: `${at}.proxy.${key}`, own: true };
    const index = input.config.upstreams?.indexOf(upstream!) ?? -1;
    return { block: upstream?.[key], at: `upstreams[${index}].${key}`, own: false };
  };
  const scope = (own: boolean) => (own ? `${input.upstream}#${input.owner}` : input.upstream);

  const breakerPick = pick('circuitBreaker');
  const breaker = breakerPick.block && breakerSpec(breakerPick.block, breakerPick.at, ms);
  const retryPick = pick('retry');
  const retry = retryPick.block && retrySpec(retryPick.block, retryPick.at, ms);
  const hedgePick = pick('hedge');
  const hedge = hedgePick.block && hedgeSpec(hedgePick.block, hedgePick.at, ms);
  const bulkheadPick = pick('bulkhead');
  const bulkhead: BulkheadSpec | undefined = bulkheadPick.block && {
    maxConcurrent: bulkheadPick.block.maxConcurrent,
    maxQueued: bulkheadPick.block.maxQueued ?? 0,
    queueTimeoutMs: ms(bulkheadPick.block.queueTimeout, `${bulkheadPick.at}.queueTimeout`, 1_000),
  };
  const deadline = deadlineSpec(upstream?.timeout, proxy.timeout, `upstreams[${input.config.upstreams?.indexOf(upstream!) ?? -1}].timeout`, at, ms);
  let fallback: FallbackSpec | undefined;
  if (input.fallback !== undefined) {
    if ('upstream' in input.fallback && typeof input.fallback.upstream === 'string') {
      fallback = { kind: 'upstream', upstream: input.fallback.upstream };
    } else if ('stale' in input.fallback && typeof input.fallback.stale === 'object') {
      const stale = input.fallback.stale;
      const maxBytes = stale.maxSize === undefined ? DEFAULT_STALE_BYTES : parseSizeBytes(stale.maxSize);
      if (maxBytes > MAX_STALE_BYTES) issues.push({ path: `${at}.fallback.stale.maxSize`, message: 'must be at most 256MiB' });
      const maxStaleMs = ms(stale.maxStale, `${at}.fallback.stale.maxStale`, 300_000);
      fallback = { kind: 'stale', maxStaleMs, maxBytes, scope: `${input.upstream}#${input.owner}` };
    } else {
      const responder = await input.compileFallback(input.fallback, `${at}.fallback`);
      if (!responder.ok) issues.push(...responder.error);
      else if (responder.value.type === 'static' || responder.value.type === 'template' || responder.value.type === 'variants')
        fallback = { kind: 'response', responder: responder.value };
    }
  }
  if (issues.length > 0) return { ok: false, error: issues };
  if (!breaker && !retry && !hedge && !bulkhead && !deadline && !fallback) return { ok: true, value: undefined };
  return {
    ok: true,
    value: {
      upstream: input.upstream,
      breaker,
      breakerScope: scope(breakerPick.own),
      retry,
      deadline,
      hedge,
      bulkhead,
      bulkheadScope: scope(bulkheadPick.own),
      fallback,
    },
  };
}

/** The hook compile-plan hands the responders: `proxy:` + `fallback:` of an endpoint into its ResilienceSpec. */
export function resilienceCompiler(config: Config, context: () => ResponseCompileContext): NonNullable<ResponseCompileContext['compileResilience']> {
  return (endpoint, spec, at) =>
    compileResilience({
      config,
      proxy: endpoint.proxy!,
      fallback: endpoint.fallback,
      owner: endpoint.id,
      at,
      upstream: spec.upstream,
      compileFallback: (fallback, fallbackAt) =>
        'variants' in fallback && Array.isArray(fallback.variants)
          ? compileResponder({ id: endpoint.id, path: endpoint.path, variants: fallback.variants } as Endpoint, fallbackAt, context())
          : compileResponse(fallback as Parameters<typeof compileResponse>[0], fallbackAt, context()),
    });
}

type Ms = (value: Duration | undefined, path: string, fallback: number) => number;

function conditions(list: Conditions): ConditionSet {
  const statuses = new Set<number>();
  for (const item of list) if (typeof item === 'number' || /^\d+$/.test(item)) statuses.add(Number(item));
  return {
    connectFailure: list.includes('connect-failure'),
    reset: list.includes('reset'),
    timeout: list.includes('timeout'),
    any5xx: list.includes('5xx'),
    statuses,
  };
}

function breakerSpec(block: NonNullable<Blocks['circuitBreaker']>, at: string, ms: Ms): BreakerSpec {
  const openForMs = ms(block.openFor, `${at}.openFor`, 30_000);
  return {
    failureThreshold: block.failureThreshold ?? 5,
    errorRateThreshold: block.errorRateThreshold ?? 0.5,
    minRequests: block.minRequests ?? 20,
    windowMs: ms(block.window, `${at}.window`, 10_000),
    openForMs,
    maxOpenForMs: Math.max(openForMs, ms(block.maxOpenFor, `${at}.maxOpenFor`, 300_000)),
    halfOpenMaxRequests: block.halfOpenMaxRequests ?? 3,
    successThreshold: block.successThreshold ?? 3,
    failOn: conditions(block.failOn ?? DEFAULT_FAIL_ON),
  };
}

function retrySpec(block: NonNullable<Blocks['retry']>, at: string, ms: Ms): RetrySpec {
  const baseMs = ms(block.backoff?.base, `${at}.backoff.base`, 25);
  return {
    attempts: block.attempts ?? 3,
    perTryTimeoutMs: ms(block.perTryTimeout, `${at}.perTryTimeout`, 0),
    retryOn: conditions(block.retryOn ?? DEFAULT_RETRY_ON),
    baseMs,
    maxMs: Math.max(baseMs, ms(block.backoff?.max, `${at}.backoff.max`, 250)),
    jitter: block.backoff?.jitter ?? 'full',
    retryNonIdempotent: block.retryNonIdempotent ?? false,
    maxReplayBytes: block.maxReplayBody === undefined ? 65_536 : parseSizeBytes(block.maxReplayBody),
    budgetShare: (block.budget?.percent ?? 20) / 100,
    budgetMinConcurrency: block.budget?.minConcurrency ?? 3,
    budgetMaxTokens: block.budget?.maxTokens ?? 10,
    budgetTokenRatio: block.budget?.tokenRatio ?? 0.5,
  };
}

function hedgeSpec(block: NonNullable<Blocks['hedge']>, at: string, ms: Ms): HedgeSpec {
  const percentile = typeof block.after === 'string' ? PERCENTILES[block.after] : undefined;
  return {
    afterMs: percentile === undefined ? ms(block.after, `${at}.after`, 50) : undefined,
    percentile,
    max: block.max ?? 1,
    budgetShare: (block.budgetPercent ?? 10) / 100,
  };
}

/** The upstream's `timeout`, shortened to the endpoint's `proxy.timeout` when that is given. */
function deadlineSpec(upstream: UpstreamConfig['timeout'], own: Duration | undefined, upstreamAt: string, at: string, ms: Ms): DeadlineSpec | undefined {
  if (upstream === undefined) return undefined;
  const block = typeof upstream === 'object' ? upstream : { total: upstream, header: undefined };
  const totalMs = own !== undefined ? ms(own, `${at}.proxy.timeout`, 0) : ms(block.total, typeof upstream === 'object' ? `${upstreamAt}.total` : upstreamAt, 0);
  const header = block.header === false ? undefined : (block.header ?? DEFAULT_DEADLINE_HEADER).toLowerCase();
  return { totalMs, header };
}
