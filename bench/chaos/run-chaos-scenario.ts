import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMimicus } from '../../src/index.js';
import { ChaosBackend } from './chaos-backend.js';
import { chaosConfig, type ChaosScenario, type policySets } from './chaos-scenarios.js';
import { fixedRateLoad, type Sample } from './fixed-rate-load.js';

export interface ChaosResult {
  readonly scenario: string;
  readonly policies: string;
  readonly requests: number;
  /** Answered 2xx by a backend. */
  readonly success: number;
  readonly fallbacks: number;
  /** Answered with a coded error (x-mimicus-error) or a backend's error status. */
  readonly errors: number;
  /** Answers whose head came but whose body was cut (a reset after the head): a marked error, counted apart. */
  readonly cut: number;
  /** No HTTP answer at all. */
  readonly lost: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Upstream attempts per client request (1 + retries + hedges per request). */
  readonly amplification: number;
  /** killed: from the restart to the first request the restarted backend served, ms. */
  readonly recoverMs: number | undefined;
  /** CPU (user + system) of this process per request: client, backends and Mimicus; only differences between policy sets mean something. */
  readonly cpuUsPerRequest: number;
  /** killed: from the kill to the last request that failed for it (no answer, error or fallback), ms. */
  readonly detectMs: number | undefined;
}

function quantile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function resilienceActions(adminUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const actions: Record<string, number> = {};
  for (const match of text.matchAll(/^mimicus_upstream_resilience_total\{upstream="api",action="([a-z_]+)"\} (\d+)/gm)) actions[match[1]!] = Number(match[2]);
  return actions;
}

/** Runs one scenario under one policy set: three fresh backends, a fresh in-process Mimicus, a fixed-rate load. */
export async function runChaosScenario(
  scenario: ChaosScenario,
  set: (typeof policySets)[number],
  options: { rate: number; durationMs: number; seed: number },
): Promise<ChaosResult> {
  const backends = [0, 1, 2].map((i) => new ChaosBackend(options.seed + i));
  for (const backend of backends) await backend.start();
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-chaos-'));
  const file = join(dir, 'mimicus.yaml');
  writeFileSync(file, chaosConfig(backends, set, options.seed));
  const mimicus = await createMimicus(file, { admin: { port: 0 }, writeBack: false });
  await mimicus.listen(0, '127.0.0.1');
  // Warm-up, before any failure: the first requests pay for connections and compiling the hot path.
  for (let i = 0; i < 30; i++) await (await fetch(`${mimicus.url}/api/warm`)).arrayBuffer();
  for (let i = 0; i < 3; i++) await backends[i]!.setMode(scenario.initial[i]!);
  const warm = await resilienceActions(mimicus.adminUrl);
  let killedAt: number | undefined;
  let restartedAt: number | undefined;
  const started = performance.now();
  const timers = scenario.steps.map((step) =>
    setTimeout(() => {
      const at = performance.now() - started;
      if (scenario.name === 'killed' && step.mode === 'down') killedAt = at;
      if (scenario.name === 'killed' && step.mode === 'ok') restartedAt = at;
      void backends[step.backend]!.setMode(step.mode);
    }, step.atShare * options.durationMs),
  );
  let samples: Sample[];
  const cpuBefore = process.cpuUsage();
  try {
    samples = await fixedRateLoad(`${mimicus.url}/api/items`, options.rate, options.durationMs, 5_000);
  } finally {
    timers.forEach(clearTimeout);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const actions = await resilienceActions(mimicus.adminUrl);
  await mimicus.close();
  rmSync(dir, { recursive: true, force: true });
  const served0 = backends[0]!.served;
  for (const backend of backends) await backend.stop();

  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const succeeded = (s: Sample) => s.status >= 200 && s.status < 300 && s.fallback === undefined && !s.cut;
  const failedAt = samples.filter((s) => !succeeded(s)).map((s) => s.atMs);
  const firstServed = restartedAt === undefined ? undefined : served0.map((t) => t - started).find((t) => t >= restartedAt!);
  return {
    scenario: scenario.name,
    policies: set.name,
    requests: samples.length,
    success: samples.filter(succeeded).length,
    fallbacks: samples.filter((s) => s.fallback !== undefined && !s.cut).length,
    errors: samples.filter((s) => s.status >= 300 && s.fallback === undefined && !s.cut).length,
    cut: samples.filter((s) => s.cut).length,
    lost: samples.filter((s) => s.status === 0).length,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    amplification: 1 + ((actions.retry ?? 0) - (warm.retry ?? 0) + (actions.hedge ?? 0) - (warm.hedge ?? 0)) / Math.max(1, samples.length),
    cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, samples.length),
    recoverMs: firstServed === undefined || restartedAt === undefined ? undefined : firstServed - restartedAt,
    detectMs:
      killedAt === undefined ? undefined : Math.max(0, ...failedAt.filter((t) => t >= killedAt! && t < (restartedAt ?? Infinity)).map((t) => t - killedAt!)),
  };
}
