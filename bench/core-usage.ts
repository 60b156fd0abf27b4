import { readFile } from 'node:fs/promises';

/**
 * How much of the server's core something else used during a run. On a shared machine this tells
 * a slow run caused by the server from one caused by a neighbour (a build, a test suite).
 */
export interface CoreSample {
  /** Busy and total jiffies of the core, from /proc/stat. */
  coreBusy: number;
  coreTotal: number;
  /** utime + stime of the server process, from /proc/<pid>/stat (same clock ticks). */
  processTime: number;
}

export function parseCoreLine(procStat: string, core: number): { busy: number; total: number } | undefined {
  const line = procStat.split('\n').find((text) => text.startsWith(`cpu${core} `));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * utime + stime of a process from its /proc/<pid>/stat line; with `withReapedChildren`, plus the
 * time of its children that have exited and been waited for (cutime + cstime).
 */
export function parseProcessTime(pidStat: string, withReapedChildren = false): number | undefined {
  // The command name (field 2) may contain spaces; the fields after the closing parenthesis are fixed:
  // rest[0] is field 3 (state), so utime/stime/cutime/cstime (fields 14-17) are rest[11..14].
  const rest = pidStat.slice(pidStat.lastIndexOf(')') + 2).split(' ');
  const times = (withReapedChildren ? rest.slice(11, 15) : rest.slice(11, 13)).map(Number);
  return times.length > 0 && times.every(Number.isFinite) ? times.reduce((sum, value) => sum + value, 0) : undefined;
}

/**
 * Samples a core and a process. For the server core, `pid` is the server. For the load core it is
 * the harness itself with `withReapedChildren`: the load generator is our child, and its CPU time
 * lands in our cutime/cstime once it exits.
 */
export async function sampleCore(core: number, pid: number, withReapedChildren = false): Promise<CoreSample | undefined> {
  try {
    const [procStat, pidStat] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
    const coreTimes = parseCoreLine(procStat, core);
    const processTime = parseProcessTime(pidStat, withReapedChildren);
    if (!coreTimes || processTime === undefined) return undefined;
    return { coreBusy: coreTimes.busy, coreTotal: coreTimes.total, processTime };
  } catch {
    return undefined;
  }
}

/** Share (0..1) of the core's time spent busy on anything but the sampled process between two samples. */
export function foreignShare(before: CoreSample | undefined, after: CoreSample | undefined): number | undefined {
  if (!before || !after) return undefined;
  const total = after.coreTotal - before.coreTotal;
  if (total <= 0) return undefined;
  const foreign = after.coreBusy - before.coreBusy - (after.processTime - before.processTime);
  return Math.min(1, Math.max(0, foreign / total));
}
