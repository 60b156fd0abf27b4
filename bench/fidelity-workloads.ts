import type { FidelityServerSpec } from './fidelity-server-spec.js';
import type { BenchConfig, BenchEndpoint, BenchLatency } from './mimicus-config.js';

/** The one path both servers answer with the behavior under test. */
export const fidelityPath = '/fidelity';
export const fidelitySeed = 42;
const okResponse = { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };

/**
 * One fidelity workload (F1–F6 of the issue). Each is measured against the bare baseline
 * (bench/fidelity-server.mjs) and against Mimicus, one after the other, on core 0.
 */
export type FidelityWorkload =
  | {
      kind: 'distribution';
      name: string;
      title: string;
      latency: BenchLatency;
      connections: number;
      defaultDurationSeconds: number;
      /** Every percentile within ±this (relative) of intended. */
      tolerance: number;
      /**
       * How latencies are read: wrk's histogram (default; drives 10,000 connections), or every
       * request from bench/closed-loop-client.mjs (light loads; exact quantiles and KS D).
       */
      client?: 'wrk' | 'per-request';
      /** KS D at most this; undefined when KS is informational. */
      ksMax: number | undefined;
    }
  | {
      kind: 'fixed-excess';
      name: string;
      title: string;
      fixedMs: number;
      connections: number;
      defaultDurationSeconds: number;
      /** Mimicus's p99 excess over fixedMs may exceed the baseline's by at most this. */
      allowanceMs: number;
    }
  | {
      kind: 'rate-limit';
      name: string;
      title: string;
      perSecond: number;
      burst: number;
      connections: number;
      defaultDurationSeconds: number;
      /** Admitted (2xx) within ±this (relative) of perSecond × duration + burst. */
      tolerance: number;
      /** The offered load must be at least this multiple of the rate. */
      minOverload: number;
    }
  | {
      kind: 'bandwidth';
      name: string;
      title: string;
      bytesPerSecond: number;
      bodyBytes: number;
      downloads: number;
      tolerance: number;
    }
  | {
      kind: 'schedule';
      name: string;
      title: string;
      /** Seconds between the server clock's start and the window opening. */
      leadSeconds: number;
      /** How long to keep probing after the latest possible boundary. */
      afterSeconds: number;
      beforeMs: number;
      insideMs: number;
      toleranceMs: number;
    };

const endpoint = (extra: Partial<BenchEndpoint>, response = okResponse): BenchEndpoint => ({
  id: 'fidelity',
  method: 'GET',
  path: fidelityPath,
  response,
  ...extra,
});

/** 09:00:00 Europe/Berlin on Monday 2026-01-05 (UTC+01:00) minus `leadSeconds`, as an ISO instant with offset. */
export function clockStartBefore(leadSeconds: number): string {
  const boundary = Date.UTC(2026, 0, 5, 8, 0, 0); // 09:00 at +01:00
  const start = new Date(boundary - leadSeconds * 1_000);
  const local = new Date(start.getTime() + 3_600_000).toISOString().slice(0, 19);
  return `${local}+01:00`;
}

/** The Mimicus config of a workload. */
export function mimicusConfigFor(workload: FidelityWorkload): BenchConfig {
  const server = { seed: fidelitySeed };
  switch (workload.kind) {
    case 'distribution':
      return { version: 2, server, endpoints: [endpoint({ latency: workload.latency })] };
    case 'fixed-excess':
      return { version: 2, server, endpoints: [endpoint({ latency: { fixed: `${workload.fixedMs}ms` } })] };
    case 'rate-limit':
      return { version: 2, server, endpoints: [endpoint({ rateLimit: { rate: `${workload.perSecond}/s`, burst: workload.burst } })] };
    case 'bandwidth':
      return {
        version: 2,
        server,
        endpoints: [endpoint({ bandwidth: `${workload.bytesPerSecond / 1024}KiB/s` }, { ...okResponse, body: 'x'.repeat(workload.bodyBytes) })],
      };
    case 'schedule':
      return {
        version: 2,
        server: { ...server, debugHeaders: true, clock: { start: clockStartBefore(workload.leadSeconds) } },
        endpoints: [
          endpoint({
            latency: { fixed: `${workload.beforeMs}ms` },
            schedule: {
              timezone: 'Europe/Berlin',
              windows: [{ name: 'business-hours', between: ['09:00', '17:00'], latency: { fixed: `${workload.insideMs}ms` } }],
            },
          }),
        ],
      };
  }
}

/** The bare baseline's spec for the same workload. */
export function bareSpecFor(workload: FidelityWorkload): FidelityServerSpec {
  const base = { path: fidelityPath, seed: fidelitySeed, body: okResponse.body };
  switch (workload.kind) {
    case 'distribution':
      return { ...base, latency: workload.latency };
    case 'fixed-excess':
      return { ...base, latency: { fixed: `${workload.fixedMs}ms` } };
    case 'rate-limit':
      return { ...base, rateLimit: { perSecond: workload.perSecond, burst: workload.burst } };
    case 'bandwidth':
      return { path: fidelityPath, seed: fidelitySeed, bodyBytes: workload.bodyBytes, bandwidthBytesPerSecond: workload.bytesPerSecond };
    case 'schedule':
      return {
        ...base,
        latency: { fixed: `${workload.beforeMs}ms` },
        schedule: { switchAfterMs: workload.leadSeconds * 1_000, latency: { fixed: `${workload.insideMs}ms` } },
      };
  }
}

export const fidelityWorkloads: readonly FidelityWorkload[] = [
  {
    kind: 'distribution',
    name: 'F1',
    title: 'lognormal(median 100 ms, σ 0.5) at 200 connections',
    latency: { lognormal: { median: '100ms', sigma: 0.5 } },
    connections: 200,
    // ±2% at p99.9 needs ~200k requests (docs/fidelity.md): at ~1.8k rps that is two minutes.
    defaultDurationSeconds: 120,
    tolerance: 0.02,
    client: 'per-request',
    ksMax: 0.02,
  },
  {
    kind: 'distribution',
    name: 'F2',
    title: 'lognormal(median 1 s, σ 0.5) at 10,000 connections',
    latency: { lognormal: { median: '1s', sigma: 0.5 } },
    connections: 10_000,
    defaultDurationSeconds: 30,
    tolerance: 0.05,
    ksMax: undefined,
  },
  {
    kind: 'fixed-excess',
    name: 'F3',
    title: 'fixed 100 ms at 1,000 connections',
    fixedMs: 100,
    connections: 1_000,
    defaultDurationSeconds: 10,
    allowanceMs: 2,
  },
  {
    kind: 'rate-limit',
    name: 'F4',
    title: 'rate limit 100/s, burst 10, offered ≥ 10× for 20 s',
    perSecond: 100,
    burst: 10,
    connections: 10,
    defaultDurationSeconds: 20,
    tolerance: 0.01,
    minOverload: 10,
  },
  {
    kind: 'bandwidth',
    name: 'F5',
    title: 'bandwidth 256 KiB/s on a 1 MiB body',
    bytesPerSecond: 256 * 1024,
    bodyBytes: 1024 * 1024,
    downloads: 3,
    tolerance: 0.05,
  },
  {
    kind: 'schedule',
    name: 'F6',
    title: 'schedule window opening at 09:00 (10 ms before, 200 ms inside)',
    leadSeconds: 8,
    afterSeconds: 4,
    beforeMs: 10,
    insideMs: 200,
    toleranceMs: 1_000,
  },
];

/** Seconds one workload takes for one side, for the estimate printed up front. */
export function expectedSideSeconds(workload: FidelityWorkload, durationSeconds: number | undefined, warmupSeconds: number): number {
  const start = workload.kind === 'distribution' || workload.kind === 'fixed-excess' ? 3 : 2;
  switch (workload.kind) {
    case 'distribution':
    case 'fixed-excess':
      return start + warmupSeconds + (durationSeconds ?? workload.defaultDurationSeconds) + 2;
    case 'rate-limit':
      return start + 1 + (durationSeconds ?? workload.defaultDurationSeconds);
    case 'bandwidth':
      return start + (workload.downloads * workload.bodyBytes) / workload.bytesPerSecond;
    case 'schedule':
      return start + workload.leadSeconds + workload.afterSeconds;
  }
}
