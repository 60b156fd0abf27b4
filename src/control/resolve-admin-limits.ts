import { parseDurationMs, parseSizeBytes, type AdminConfig } from '../config/index.js';

/** What the admin listener holds a client to (`admin.maxBodySize`, `requestTimeout`, `headersTimeout`, `maxConnections`). */
export interface AdminLimits {
  readonly maxBodyBytes: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly maxConnections: number;
}

/**
 * The defaults keep a browser's console (six connections per tab and a WebSocket) well inside the
 * cap, and bound what stalled clients can hold: 32 connections × 8 MiB bodies, each cut after 30 s.
 * They match the `default:` of each key in control-schema.ts.
 */
const ADMIN_LIMIT_DEFAULTS: AdminLimits = {
  maxBodyBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  maxConnections: 32,
};

/** The admin block's limits with defaults filled in; the headers timeout never exceeds the request timeout (Node refuses that). */
export function resolveAdminLimits(admin: AdminConfig | undefined): AdminLimits {
  const requestTimeoutMs = admin?.requestTimeout === undefined ? ADMIN_LIMIT_DEFAULTS.requestTimeoutMs : Math.ceil(parseDurationMs(admin.requestTimeout));
  const headersTimeoutMs = admin?.headersTimeout === undefined ? ADMIN_LIMIT_DEFAULTS.headersTimeoutMs : Math.ceil(parseDurationMs(admin.headersTimeout));
  return {
    maxBodyBytes: admin?.maxBodySize === undefined ? ADMIN_LIMIT_DEFAULTS.maxBodyBytes : parseSizeBytes(admin.maxBodySize),
    requestTimeoutMs,
    headersTimeoutMs: Math.min(headersTimeoutMs, requestTimeoutMs),
    maxConnections: admin?.maxConnections ?? ADMIN_LIMIT_DEFAULTS.maxConnections,
  };
}
