import type { Dispatcher } from 'undici';
import type { ActiveHealthSpec, TargetSpec } from '../../plan/index.js';

const MAX_PROBE_BODY_BYTES = 64 * 1024;

/**
 * One active probe: asks the target `spec.path`, reads at most 64 KiB of the answer, and says
 * whether status (and body text, when asked) are as expected. Any error is an unhealthy answer.
 */
export async function probeTarget(dispatcher: Dispatcher, target: TargetSpec, spec: ActiveHealthSpec, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: target.basePath + spec.path,
      method: spec.method,
      headers: { host: target.host, 'user-agent': 'mimicus-health' },
      signal,
      headersTimeout: spec.timeoutMs,
      bodyTimeout: spec.timeoutMs,
    });
    const statusOk = response.statusCode >= spec.statusMin && response.statusCode <= spec.statusMax;
    if (spec.expectBody === undefined || !statusOk) {
      await response.body.dump({ limit: MAX_PROBE_BODY_BYTES });
      return statusOk;
    }
    let text = '';
    for await (const chunk of response.body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.includes(spec.expectBody)) {
        response.body.destroy();
        return true;
      }
      if (text.length >= MAX_PROBE_BODY_BYTES) break;
    }
    response.body.destroy();
    return false;
  } catch {
    return false;
  }
}
