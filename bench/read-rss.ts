import { readFile } from 'node:fs/promises';

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS); undefined when unavailable. */
export async function readRssBytes(pid: number): Promise<number | undefined> {
  try {
    return parseVmRss(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function parseVmRss(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

/** Peak resident set size of a process in bytes (VmHWM: the high-water mark since it started); undefined when unavailable. */
export async function readPeakRssBytes(pid: number): Promise<number | undefined> {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}
