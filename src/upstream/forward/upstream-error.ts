import { AppError } from '../../errors/index.js';
import type { Outcome } from '../health/outlier-detector.js';

const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const PROTOCOL = new Set([
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE',
  'UND_ERR_INFO',
  'UND_ERR_NOT_SUPPORTED',
]);

/**
 * The one table from an upstream failure to a coded answer (STYLE.md: HPM's errno table):
 * refused, unreachable, DNS and resets → 502 UPSTREAM_UNAVAILABLE; connect, headers and body
 * timeouts → 504 UPSTREAM_TIMEOUT; an answer that is not valid HTTP → 502 UPSTREAM_PROTOCOL_ERROR.
 * TLS failures (bad certificate) count as unavailable, with the reason in the detail.
 */
export function upstreamError(error: unknown, where: string): { error: AppError; outcome: Outcome } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const reason = error instanceof Error ? error.message : String(error);
  if (TIMEOUT.has(code)) return { error: new AppError('UPSTREAM_TIMEOUT', `${where}: ${reason}`, { cause: error }), outcome: 'failure' };
  const name = error instanceof Error ? error.name : '';
  // llhttp's errors carry an HPE_ code, except some (a status line that is not HTTP) that only have the name.
  if (code.startsWith('HPE_') || name === 'HTTPParserError' || PROTOCOL.has(code)) {
    return { error: new AppError('UPSTREAM_PROTOCOL_ERROR', `${where}: ${reason}`, { cause: error }), outcome: 'failure' };
  }
  if (UNAVAILABLE.has(code)) return { error: new AppError('UPSTREAM_UNAVAILABLE', `${where}: ${code} ${reason}`, { cause: error }), outcome: 'failure' };
  return { error: new AppError('UPSTREAM_UNAVAILABLE', `${where}: ${code === '' ? '' : `${code} `}${reason}`, { cause: error }), outcome: 'failure' };
}
