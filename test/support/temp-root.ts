import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: every temporary directory of the run (the tests' own, the CLIs and servers
 * they spawn, SQLite files) goes under one directory that is removed when the run ends. Tests
 * that forgot to clean up had left ~13,000 `mimicus-test-*` directories in /tmp. The test workers
 * are forked after this runs, so they inherit TMPDIR, and so does every child they spawn.
 */
export default function useTempRoot(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'mimicus-run-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
