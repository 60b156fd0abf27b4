import type { Problem } from '../../../src/contract/index.ts';

/** The problem of a failed answer, or a stand-in when the body is not one. */
export async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { type: 'about:blank', status: response.status, code: 'UNKNOWN', title: `HTTP ${response.status}` };
  }
}
