import { parseSizeBytes } from '../../config/index.js';

/** "64KiB/s" → 65536 bytes per second (the size part follows the config's size rules). */
export function parseBandwidth(text: string): number {
  const size = text.replace(/\s*\/\s*s\s*$/, '').trim();
  return parseSizeBytes(size);
}
