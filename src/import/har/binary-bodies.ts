import { createHash } from 'node:crypto';

/** Bounds on what a recording's binary bodies may write beside the config. */
export interface BinaryBodyLimits {
  /** One decoded body over this is not imported (its entry is skipped, named). */
  readonly maxBodyBytes: number;
  /** Bodies past this running total of distinct bytes are not imported either. */
  readonly maxTotalBytes: number;
  /** At most this many distinct body files (a recording of many small images writes no more). */
  readonly maxFiles: number;
}

/** 8 MiB a body, 32 MiB and 1,000 files in all: a HAR is read whole (32 MB at most), and each body file is served from memory. */
export const DEFAULT_BINARY_LIMITS: BinaryBodyLimits = { maxBodyBytes: 8 * 1024 * 1024, maxTotalBytes: 32 * 1024 * 1024, maxFiles: 1000 };

/** Folder (relative to the config) of the binary bodies; files are named by content, so two imports into one folder never clash. */
const FOLDER = 'har-bodies';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/wasm': 'wasm',
  'font/woff': 'woff',
  'font/woff2': 'woff2',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 (whitespace allowed): Node's decoder skips anything else silently, which would serve garbage. */
export const isBase64 = (text: string): boolean => {
  const compact = text.replace(/\s+/g, '');
  return BASE64.test(compact) && compact.length % 4 !== 1;
};

const mib = (bytes: number) => (bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

export type BinaryBodyOutcome = { ok: true; bodyFile: string } | { ok: false; reason: string };

export interface BinaryBodies {
  /** Decodes a base64 body (checked with isBase64) and keeps it as a body file; a reason when it is over a bound. */
  add(base64: string, mimeType: string): BinaryBodyOutcome;
  /** Path (relative to the config) → bytes, for the writer. */
  readonly files: ReadonlyMap<string, Buffer>;
}

/** The binary bodies of one import: decoded, bounded, deduplicated by content (SHA-256). */
export function createBinaryBodies(limits: BinaryBodyLimits = DEFAULT_BINARY_LIMITS): BinaryBodies {
  const files = new Map<string, Buffer>();
  let totalBytes = 0;
  return {
    files,
    add(base64, mimeType) {
      const compact = base64.replace(/\s+/g, '');
      // Checked on the text's length first: an oversized body is refused before its bytes are copied.
      const estimated = Math.floor((compact.length * 3) / 4);
      if (estimated > limits.maxBodyBytes + 2)
        return { ok: false, reason: `binary body of ${mib(estimated)} is over the cap of ${mib(limits.maxBodyBytes)} per body` };
      const bytes = Buffer.from(compact, 'base64');
      if (bytes.length > limits.maxBodyBytes)
        return { ok: false, reason: `binary body of ${mib(bytes.length)} is over the cap of ${mib(limits.maxBodyBytes)} per body` };
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 20);
      const extension = EXTENSIONS[mimeType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
      const path = `${FOLDER}/${hash}.${extension}`;
      if (files.has(path)) return { ok: true, bodyFile: path };
      if (files.size >= limits.maxFiles) return { ok: false, reason: `more than ${limits.maxFiles} distinct binary bodies: the cap on body files` };
      if (totalBytes + bytes.length > limits.maxTotalBytes)
        return {
          ok: false,
          reason: `binary body of ${mib(bytes.length)} would pass the cap of ${mib(limits.maxTotalBytes)} for all binary bodies (${mib(totalBytes)} kept before it)`,
        };
      totalBytes += bytes.length;
      files.set(path, bytes);
      return { ok: true, bodyFile: path };
    },
  };
}
