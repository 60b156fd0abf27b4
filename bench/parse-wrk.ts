import type { Result } from '../src/config/index.js';
import type { LoadResult } from './load-result.js';

const msPerUnit: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses a wrk duration such as "607.00us", "1.79ms", "2.01s" into milliseconds. */
export function parseWrkDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const factor = msPerUnit[match[2]];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

function lineNumber(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function lineDuration(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match?.[1] === undefined ? undefined : parseWrkDuration(match[1]);
}

/**
 * Parses the stdout of `wrk --latency`. wrk prints the "Socket errors" and "Non-2xx or 3xx
 * responses" lines only when they are non-zero, so missing lines mean zero.
 */
export function parseWrk(stdout: string): Result<LoadResult, string> {
  const rps = lineNumber(stdout, /^Requests\/sec:\s+([\d.]+)/m);
  const totals = /^\s*(\d+) requests in ([\d.]+\w+),/m.exec(stdout);
  const requests = totals?.[1] === undefined ? undefined : Number(totals[1]);
  const durationMs = totals?.[2] === undefined ? undefined : parseWrkDuration(totals[2]);
  const p50 = lineDuration(stdout, /^\s*50%\s+(\S+)/m);
  const p90 = lineDuration(stdout, /^\s*90%\s+(\S+)/m);
  const p99 = lineDuration(stdout, /^\s*99%\s+(\S+)/m);
  // "    Latency   1.15ms    1.83ms  22.98ms   92.77%": avg, stdev, max
  const thread = /^[ \t]*Latency[ \t]+(\S+)[ \t]+\S+[ \t]+(\S+)/m.exec(stdout);
  const avg = thread?.[1] === undefined ? undefined : parseWrkDuration(thread[1]);
  const max = thread?.[2] === undefined ? undefined : parseWrkDuration(thread[2]);

  if (rps === undefined) return { ok: false, error: `no "Requests/sec" line in wrk output:\n${stdout.trim()}` };
  if (requests === undefined || durationMs === undefined) return { ok: false, error: `no "N requests in T" line in wrk output:\n${stdout.trim()}` };
  if (p50 === undefined || p90 === undefined || p99 === undefined) {
    return { ok: false, error: `no latency distribution in wrk output (run wrk with --latency):\n${stdout.trim()}` };
  }
  if (avg === undefined || max === undefined) return { ok: false, error: `no thread latency stats in wrk output:\n${stdout.trim()}` };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    ok: true,
    value: {
      tool: 'wrk',
      requests,
      durationSeconds: durationMs / 1_000,
      rps,
      latencyMs: { avg, p50, p90, p99, max },
      non2xx: lineNumber(stdout, /Non-2xx or 3xx responses:\s+(\d+)/) ?? 0,
      socketErrors: {
        connect: Number(socket?.[1] ?? 0),
        read: Number(socket?.[2] ?? 0),
        write: Number(socket?.[3] ?? 0),
        timeout: Number(socket?.[4] ?? 0),
      },
    },
  };
}
