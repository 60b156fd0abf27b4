import { parseSizeBytes, type Config, type ConfigIssue, type Duration, type Result } from '../config/index.js';
import { compileCors } from './compile-cors.js';
import type { ServerSettings } from './plan.js';
import { DEFAULT_TEMPLATE_LIMITS } from './templates/render-budget.js';
import { timerDurationMs } from './timer-duration-ms.js';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
// 256 bodies of the default maximum in flight at once; ten thousand 1 KiB posts use 4% of it.
const DEFAULT_MAX_TOTAL_BODY_BYTES = 256 * 1024 * 1024;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
// Node's own defaults (300 s for a request, 60 s for headers) let a client that sends one byte a
// minute hold a connection and up to maxBodySize of memory for five minutes.
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
// Well above what a load test drives at one instance (DESIGN.md: thousands of connections), well
// below what exhausts memory: an idle connection costs a few KiB.
const DEFAULT_MAX_CONNECTIONS = 10_000;

/** Overrides from outside the config (CLI flags, programmatic listen). */
export interface ServerOverrides {
  readonly port?: number;
  readonly host?: string;
}

/**
 * `server:` resolved with its defaults and units, or every problem the schema cannot see:
 * durations that become timers must fit one, timeouts that 0 would turn off must be above 0, and
 * the headers must be due no later than the whole request.
 */
export function compileServerSettings(config: Config, overrides: ServerOverrides): Result<ServerSettings, ConfigIssue[]> {
  const server = config.server ?? {};
  const issues: ConfigIssue[] = [];
  const timer = (value: Duration | undefined, key: string, fallback: number, positive: boolean): number => {
    if (value === undefined) return fallback;
    const ms = timerDurationMs(value, `server.${key}`, positive);
    if (ms.ok) return ms.value;
    issues.push(...ms.error);
    return fallback;
  };
  const shutdownTimeoutMs = timer(server.shutdownTimeout, 'shutdownTimeout', DEFAULT_SHUTDOWN_TIMEOUT_MS, false);
  // node:http reads 0 as "never": an idle connection would be kept forever.
  const keepAliveTimeoutMs = timer(server.keepAliveTimeout, 'keepAliveTimeout', DEFAULT_KEEP_ALIVE_TIMEOUT_MS, true);
  const requestTimeoutMs = timer(server.requestTimeout, 'requestTimeout', DEFAULT_REQUEST_TIMEOUT_MS, true);
  const headersTimeoutMs = timer(server.headersTimeout, 'headersTimeout', Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs), true);
  if (headersTimeoutMs > requestTimeoutMs) {
    issues.push({
      path: 'server.headersTimeout',
      message: `must be at most server.requestTimeout (${requestTimeoutMs} ms): the headers are part of the request`,
    });
  }
  const maxBodyBytes = server.maxBodySize === undefined ? DEFAULT_MAX_BODY_BYTES : parseSizeBytes(server.maxBodySize);
  const maxTotalBodyBytes =
    server.maxTotalBodySize === undefined ? Math.max(DEFAULT_MAX_TOTAL_BODY_BYTES, maxBodyBytes) : parseSizeBytes(server.maxTotalBodySize);
  if (maxTotalBodyBytes < maxBodyBytes) {
    issues.push({
      path: 'server.maxTotalBodySize',
      message: `must be at least server.maxBodySize (${maxBodyBytes} bytes), or no body of the largest size could be read`,
    });
  }
  const limits = server.templateLimits;
  const maxTemplateOutputBytes = limits?.maxOutputBytes === undefined ? DEFAULT_TEMPLATE_LIMITS.maxOutputBytes : parseSizeBytes(limits.maxOutputBytes);
  if (maxTemplateOutputBytes < 1) issues.push({ path: 'server.templateLimits.maxOutputBytes', message: 'must be at least 1 byte' });
  const cors = compileCors(config);
  if (!cors.ok) issues.push(...cors.error);
  if (issues.length > 0 || !cors.ok) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      host: overrides.host ?? server.host ?? '127.0.0.1',
      port: overrides.port ?? server.port ?? 8080,
      maxBodyBytes,
      maxTotalBodyBytes,
      shutdownTimeoutMs,
      keepAliveTimeoutMs,
      requestTimeoutMs,
      headersTimeoutMs,
      maxConnections: server.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      templateLimits: { maxIterations: limits?.maxIterations ?? DEFAULT_TEMPLATE_LIMITS.maxIterations, maxOutputBytes: maxTemplateOutputBytes },
      debugHeaders: server.debugHeaders ?? false,
      clockStartMs: server.clock === undefined ? undefined : Date.parse(server.clock.start),
      cors: cors.value,
    },
  };
}
