import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveDataDir, type StateLocation } from '../app/index.js';

/** Where the admin API of a server started with default settings answers. */
export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8081';

export type LocatedState = { ok: true; location: StateLocation; note?: string } | { ok: false; message: string };

export interface LocateStateInput {
  /** --data-dir or --config as typed: either one settles it, nothing is asked. */
  readonly dataDir?: string;
  readonly config?: string;
  /** The admin API to ask for the running server's data directory (--admin-url, MIMICUS_ADMIN_URL). */
  readonly adminUrl: string;
  readonly adminKey?: string;
  readonly timeoutMs?: number;
}

/**
 * Finds the data directory `mimicus state` should use. Given neither --data-dir nor --config, the
 * default `./.mimicus` is not trusted blindly: `npm start` in a checkout keeps its data in
 * `examples/.mimicus`, and a stray `./.mimicus` (left by an earlier run) made the command print
 * success while the server saw nothing. So the running server is asked where its data is; when
 * that and `./.mimicus` are two different stores, the command refuses and names both.
 */
export async function locateState(input: LocateStateInput): Promise<LocatedState> {
  if (input.dataDir !== undefined) return { ok: true, location: { dataDir: input.dataDir } };
  if (input.config !== undefined) return { ok: true, location: { configFile: input.config } };
  const local = resolveDataDir({ configFile: 'mimicus.yaml' });
  const server = await askServer(input);
  if (server.kind === 'none') return { ok: true, location: { configFile: 'mimicus.yaml' } };
  if (server.kind === 'locked') {
    return {
      ok: false,
      message: `a Mimicus admin API answers at ${input.adminUrl} but needs a key to say where its data is (set MIMICUS_ADMIN_KEY); or name the store with --data-dir <dir> or --config <file>`,
    };
  }
  if (server.dataDir === false) {
    if (!existsSync(local))
      return { ok: false, message: `the server at ${input.adminUrl} keeps its state in memory; the CLI cannot reach it (use the admin API: /api/state)` };
    return {
      ok: false,
      message: `two candidate stores: the server at ${input.adminUrl} keeps its state in memory, and ${local} exists; name one with --data-dir <dir> or --config <file>`,
    };
  }
  const serverDir = resolve(server.dataDir);
  if (serverDir === local || !existsSync(local)) {
    return { ok: true, location: { dataDir: serverDir }, note: `using ${serverDir}, the data directory of the server at ${input.adminUrl}` };
  }
  return {
    ok: false,
    message: `two candidate stores: ${serverDir} (the server running at ${input.adminUrl}) and ${local} (next to ./mimicus.yaml); name one with --data-dir <dir> or --config <file>`,
  };
}

type ServerAnswer = { kind: 'none' } | { kind: 'locked' } | { kind: 'found'; dataDir: string | false };

async function askServer(input: LocateStateInput): Promise<ServerAnswer> {
  let url: URL;
  try {
    url = new URL('/api/status', input.adminUrl);
  } catch {
    return { kind: 'none' };
  }
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(input.timeoutMs ?? 1000),
      headers: input.adminKey ? { authorization: `Bearer ${input.adminKey}` } : {},
      redirect: 'error',
    });
    if (response.status === 401 || response.status === 403) return { kind: 'locked' };
    if (!response.ok) return { kind: 'none' };
    // Bounded: whatever answers on that port may not be Mimicus.
    const text = (await response.text()).slice(0, 64 * 1024);
    const status = JSON.parse(text) as { dataDir?: unknown };
    return typeof status.dataDir === 'string' || status.dataDir === false ? { kind: 'found', dataDir: status.dataDir } : { kind: 'none' };
  } catch {
    return { kind: 'none' };
  }
}
