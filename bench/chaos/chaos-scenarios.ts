import type { BackendMode, ChaosBackend } from './chaos-backend.js';

/** One failure script: what happens to which backend, at which share of the run. */
export interface ChaosScenario {
  readonly name: string;
  readonly description: string;
  /** Mode of each of the three backends at the start. */
  readonly initial: readonly [BackendMode, BackendMode, BackendMode];
  /** Switches during the run: at `atShare` × duration, backend `backend` takes `mode`. */
  readonly steps: readonly { readonly atShare: number; readonly backend: number; readonly mode: BackendMode }[];
}

export const chaosScenarios: readonly ChaosScenario[] = [
  { name: 'healthy', description: 'nothing fails: what the policies cost (CPU per request against none)', initial: ['ok', 'ok', 'ok'], steps: [] },
  {
    name: 'killed',
    description: 'one of three backends killed at 25% of the run, restarted at 50%',
    initial: ['ok', 'ok', 'ok'],
    steps: [
      { atShare: 0.25, backend: 0, mode: 'down' },
      { atShare: 0.5, backend: 0, mode: 'ok' },
    ],
  },
  { name: 'hang', description: 'one of three backends never answers', initial: ['hang', 'ok', 'ok'], steps: [] },
  { name: 'half-503', description: 'one of three backends answers 50% 503', initial: ['half-503', 'ok', 'ok'], steps: [] },
  {
    name: 'flapping',
    description: 'one of three backends down and up every 12.5% of the run',
    initial: ['ok', 'ok', 'ok'],
    steps: [0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875].map((atShare, i) => ({
      atShare,
      backend: 0,
      mode: i % 2 === 0 ? ('down' as const) : ('ok' as const),
    })),
  },
  { name: 'heavy-tail', description: 'every backend stalls 5% of its answers 1 s', initial: ['heavy-tail', 'heavy-tail', 'heavy-tail'], steps: [] },
  { name: 'reset-mid-body', description: 'one of three backends cuts 20% of its answers mid-body', initial: ['reset-mid-body', 'ok', 'ok'], steps: [] },
  { name: 'all-down', description: 'every backend down', initial: ['down', 'down', 'down'], steps: [] },
];

/** The policy sets compared on each scenario: upstream blocks, and the endpoint's fallback. */
export const policySets: readonly { readonly name: string; readonly upstream: string; readonly fallback: boolean }[] = [
  { name: 'none', upstream: '', fallback: false },
  {
    name: 'retries',
    upstream: 'retry: { attempts: 3, perTryTimeout: 500ms, retryOn: [connect-failure, reset, timeout, 502, 503, 504], backoff: { base: 5ms, max: 50ms } }',
    fallback: false,
  },
  { name: 'breaker', upstream: 'circuitBreaker: { failureThreshold: 5, minRequests: 20, openFor: 1s, successThreshold: 2 }', fallback: true },
  { name: 'hedging', upstream: 'hedge: { after: p95, max: 1, budgetPercent: 10 }', fallback: false },
  {
    name: 'all',
    upstream: [
      'retry: { attempts: 3, perTryTimeout: 500ms, retryOn: [connect-failure, reset, timeout, 502, 503, 504], backoff: { base: 5ms, max: 50ms } }',
      'circuitBreaker: { failureThreshold: 5, minRequests: 20, openFor: 1s, successThreshold: 2 }',
      'hedge: { after: p95, max: 1, budgetPercent: 10 }',
      'timeout: 1500ms',
      'bulkhead: { maxConcurrent: 400, maxQueued: 100, queueTimeout: 500ms }',
    ].join('\n'),
    fallback: true,
  },
];

/**
 * The Mimicus config of a policy set over three backends (pool timeouts short, so even "none"
 * answers a hung request). Passive outlier ejection is off except in "all", which also probes
 * health every 250 ms: each set shows what its own policies buy.
 */
export function chaosConfig(backends: readonly ChaosBackend[], set: (typeof policySets)[number], seed: number): string {
  const indent = (text: string) =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => `    ${line}`)
      .join('\n');
  return `
version: 2
server: { seed: ${seed} }
upstreams:
  - id: api
    balance: round-robin
    targets: [ ${backends.map((backend) => `{ url: "${backend.url}" }`).join(', ')} ]
    pool: { connectTimeout: 500ms, headersTimeout: 2s, bodyTimeout: 2s }
${set.name === 'all' ? '    health: { path: /health, interval: 250ms, timeout: 200ms, outlier: { baseEjection: 1s } }' : '    health: { outlier: { consecutive5xx: 1000000, consecutiveFailures: 1000000 } }'}
${indent(set.upstream)}
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
${set.fallback ? '    fallback: { status: 200, json: { fallback: true } }' : ''}
`;
}
