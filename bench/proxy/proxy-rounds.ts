/**
 * The proxy bench's alternating rounds: every proxy measured again `rounds` times, the order
 * reversed every other round, so a burst of load from elsewhere falls on all of them rather than on
 * one. Each round takes each side's CPU µs per request (wrk c=50) and its added latency at 4
 * connections (a closed loop, minus the direct backend's in the same round), so the p99 target is
 * judged on a median of rounds, not on one pass.
 */

/** A proxy under test: its port and the process whose CPU counts. */
export interface RoundSide {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
}

/** p50 and p99 of one closed-loop run, ms. */
export interface LatencyReading {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface RoundProbes {
  /** CPU µs per request of `side` over one wrk run. */
  cpuPerRequest(side: RoundSide): number;
  /** Latency at 4 connections through `port`. */
  latency(port: number): LatencyReading;
}

export interface ProxyRounds {
  readonly rounds: number;
  readonly seconds: number;
  readonly cpu: Map<string, number[]>;
  /** Added latency per round (the side's minus the direct backend's of the same round), ms. */
  readonly addedP50: Map<string, number[]>;
  readonly addedP99: Map<string, number[]>;
}

export const median = (values: readonly number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function runProxyRounds(
  sides: readonly RoundSide[],
  directPort: number,
  rounds: number,
  seconds: number,
  probes: RoundProbes,
  log: (line: string) => void,
): ProxyRounds {
  const series = () => new Map<string, number[]>(sides.map((side) => [side.name, []]));
  const result: ProxyRounds = { rounds, seconds, cpu: series(), addedP50: series(), addedP99: series() };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const direct = probes.latency(directPort);
    for (const side of order) {
      result.cpu.get(side.name)!.push(probes.cpuPerRequest(side));
      const reading = probes.latency(side.port);
      result.addedP50.get(side.name)!.push(reading.p50Ms - direct.p50Ms);
      result.addedP99.get(side.name)!.push(reading.p99Ms - direct.p99Ms);
    }
    log(`proxy bench: round ${round + 1}/${rounds} done`);
  }
  return result;
}

export function reportProxyRounds(r: ProxyRounds, loadBefore: readonly number[], loadAfter: readonly number[]): string {
  const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
  const range = (samples: readonly number[], digits: number) => {
    const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b);
    return `${f(median(samples), digits).padStart(7)}  (${f(sorted[0] ?? NaN, digits)}–${f(sorted.at(-1) ?? NaN, digits)})`;
  };
  const lines = [`CPU µs per request, median of ${r.rounds} alternating rounds (wrk c=50, ${r.seconds} s each; min–max):`];
  for (const [name, samples] of r.cpu) lines.push(`  ${name.padEnd(16)} ${range(samples, 1)}`);
  // Ratios per round (both sides measured minutes apart at most), then their median.
  const ratio = (a: string, b: string): string => {
    const x = r.cpu.get(a);
    const y = r.cpu.get(b);
    if (x === undefined || y === undefined) return '–';
    const ratios = x.map((value, i) => value / y[i]!);
    return `${f(median(ratios), 2)}× (rounds: ${ratios.map((n) => f(n, 2)).join(' ')})`;
  };
  lines.push(`  mimicus / node forwarder: ${ratio('mimicus', 'node forwarder')} (target ≤ 1.0)`);
  lines.push(`  mimicus -journal / node forwarder: ${ratio('mimicus -journal', 'node forwarder')}`);
  if (r.cpu.has('nginx')) lines.push(`  mimicus / nginx: ${ratio('mimicus', 'nginx')} (target ≤ 3)`);
  lines.push(`Added latency at 4 connections, ms over the direct backend of the same round, median of ${r.rounds} rounds (min–max):`);
  for (const [name, samples] of r.addedP99) {
    lines.push(`  ${name.padEnd(16)} p50 ${range(r.addedP50.get(name)!, 3)}   p99 ${range(samples, 3)}`);
  }
  lines.push('  (targets for mimicus: p50 ≤ 0.3, p99 ≤ 1)');
  lines.push(`  load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')} (2 cores)`);
  return lines.join('\n');
}
