import type { ChildProcess } from 'node:child_process';
import { httpRequest } from './http-request.js';

/**
 * Polls `url` until any HTTP answer arrives (a 404 counts: the server is up). Fails early when the
 * child exits, and after timeoutMs. Log text is never trusted for readiness.
 */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    }
    try {
      await httpRequest(url, 1_000);
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not answer ${url} within ${timeoutMs} ms (last error: ${lastError})`);
}
