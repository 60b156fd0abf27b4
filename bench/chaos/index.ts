/**
 * `npm run bench -- chaos [scenario...]`: what each resilience policy buys, measured in the same
 * run. Three real backends on loopback fail in scripted ways (killed and restarted, hung, 50% 503,
 * flapping, heavy tail, reset mid-body, all down); an in-process Mimicus proxies to them under
 * each policy set (none, retries, breaker + fallback, hedging, all); a fixed-rate client reports
 * success, fallbacks, coded errors, lost requests, p50/p99, amplification and, for "killed", the
 * time to detect and recover. Everything shares the machine with other work: compare the policy
 * sets of one run (ratios), never figures across runs. CHAOS_RATE (default 20 rps: the machine is shared, and a saturated loop measures itself) and
 * CHAOS_SECONDS (default 4) scale the load.
 */
import { chaosScenarios, policySets } from './chaos-scenarios.js';
import { runPolicyCpuBench } from './policy-cpu.js';
import { runPolicyInstructionsBench } from './policy-instructions.js';
import { runChaosScenario, type ChaosResult } from './run-chaos-scenario.js';

const fixed = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

export async function runChaosBench(names: readonly string[]): Promise<number> {
  // The policies' CPU cost when nothing fails: its own A/B run (policy-cpu.ts).
  if (names.length === 1 && names[0] === 'policy-cpu') return runPolicyCpuBench();
  if (names.length === 1 && names[0] === 'policy-instructions') return runPolicyInstructionsBench();
  const unknown = names.filter((name) => !chaosScenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`bench chaos: unknown scenario ${unknown.join(', ')} (known: ${chaosScenarios.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const rate = Number(process.env.CHAOS_RATE ?? 20);
  const durationMs = Number(process.env.CHAOS_SECONDS ?? 4) * 1000;
  const chosen = names.length === 0 ? chaosScenarios : chaosScenarios.filter((scenario) => names.includes(scenario.name));
  console.log(`chaos: ${rate} rps for ${durationMs / 1000} s per run, 3 backends, seed 42`);
  console.log(
    'scenario        policies  requests  success%  fallback  errors  cut  lost  p50 ms  p99 ms  ampl.  detect ms  recover ms  p99 vs none  success vs none  cpu µs/req  cpu vs none',
  );
  for (const scenario of chosen) {
    let baseline: ChaosResult | undefined;
    for (const set of policySets) {
      const r = await runChaosScenario(scenario, set, { rate, durationMs, seed: 42 });
      baseline ??= r;
      const successShare = (100 * r.success) / r.requests;
      console.log(
        [
          r.scenario.padEnd(15),
          r.policies.padEnd(8),
          String(r.requests).padStart(8),
          fixed(successShare, 2).padStart(9),
          String(r.fallbacks).padStart(9),
          String(r.errors).padStart(7),
          String(r.cut).padStart(4),
          String(r.lost).padStart(5),
          fixed(r.p50Ms).padStart(7),
          fixed(r.p99Ms).padStart(7),
          fixed(r.amplification, 2).padStart(6),
          fixed(r.detectMs, 0).padStart(10),
          fixed(r.recoverMs, 0).padStart(11),
          `${fixed(r.p99Ms / baseline.p99Ms, 2)}×`.padStart(12),
          `${fixed(r.success / Math.max(1, baseline.success), 2)}×`.padStart(16),
          fixed(r.cpuUsPerRequest, 0).padStart(11),
          `${r.cpuUsPerRequest >= baseline.cpuUsPerRequest ? '+' : ''}${fixed(r.cpuUsPerRequest - baseline.cpuUsPerRequest, 0)} µs`.padStart(12),
        ].join(' '),
      );
    }
  }
  return 0;
}
