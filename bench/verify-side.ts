import { httpRequest } from './http-request.js';
import { methodOf, type ScenarioSide } from './scenario.js';
import type { RunningServer } from './start-server.js';

export interface VerifiedAnswer {
  headers: Record<string, string>;
  bodyBytes: number;
}

/** Headers every node:http server adds by itself; left out when comparing the two sides. */
const perConnectionHeaders = new Set(['date', 'connection', 'keep-alive']);

/** One request (the side's method and body) before any load: the server must give the scenario's expected answer, or the run stops. */
export async function verifySide(side: ScenarioSide, server: RunningServer): Promise<VerifiedAnswer> {
  const url = `${server.baseUrl}${side.path}`;
  const answer = await httpRequest(url, 5_000, side.request);
  const problem = side.check(answer);
  if (problem !== undefined) {
    throw new Error(`${side.label} (${server.kind}) answered ${methodOf(side)} ${side.path} wrongly: ${problem}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !perConnectionHeaders.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { headers, bodyBytes: Buffer.byteLength(answer.body, 'utf8') };
}

/** Differences in header names/values between the two sides, as notes for the report. */
export function compareHeaders(a: VerifiedAnswer, b: VerifiedAnswer, aLabel: string, bLabel: string): string[] {
  const notes: string[] = [];
  const names = new Set([...Object.keys(a.headers), ...Object.keys(b.headers)]);
  for (const name of [...names].sort()) {
    const aValue = a.headers[name];
    const bValue = b.headers[name];
    if (name === 'content-length' || aValue === bValue) continue;
    notes.push(
      `header ${name}: ${aLabel} sends ${aValue === undefined ? 'none' : JSON.stringify(aValue)}, ${bLabel} sends ${bValue === undefined ? 'none' : JSON.stringify(bValue)}`,
    );
  }
  if (a.headers['transfer-encoding'] === undefined && a.headers['content-length'] === undefined) {
    notes.push(`${aLabel} sends neither content-length nor transfer-encoding`);
  }
  return notes;
}
