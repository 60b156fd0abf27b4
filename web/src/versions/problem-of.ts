import type { Problem } from '../api/contract.ts';

/** The problem of a failed answer, or a stand-in when the body is not one. */
export async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { status: response.status, code: 'UNKNOWN', title: `HTTP ${response.status}` };
  }
}
