import { parseSizeBytes, type ConfigIssue, type Result } from '../../config/index.js';

/**
 * "64KiB/s" → 65536 bytes per second (the size part follows the config's size rules). Below one
 * byte a second is refused: 0 would read as "no cap" further on, the opposite of what was written.
 */
export function compileBandwidth(text: string, at: string): Result<number, ConfigIssue[]> {
  const bytesPerSecond = parseSizeBytes(text.replace(/\s*\/\s*s\s*$/, '').trim());
  if (bytesPerSecond < 1) return { ok: false, error: [{ path: at, message: `must be at least 1B/s, got "${text}" (leave bandwidth out for no cap)` }] };
  return { ok: true, value: bytesPerSecond };
}
