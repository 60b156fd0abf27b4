import { existsSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked } from './child-processes.js';
import { repoRoot } from './repo-paths.js';

/** A git ref checked out in a temp worktree and built: its CLI is what `--against` measures B with. */
export interface RefBuild {
  readonly ref: string;
  readonly commit: string;
  readonly dir: string;
  readonly bin: string;
}

const BUILT_MARKER = '.mimicus-bench-built';

/** Runs a command in `cwd` to completion; rejects with its output when it fails. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${output.trim().slice(-2_000)}`));
    });
  });
}

/**
 * Checks `ref` out in /tmp/mimicus-against-<commit> (a detached git worktree, kept and reused: a
 * commit's build never changes) and builds its server with tsc. Its node_modules is this
 * checkout's when the lockfiles are the same, else its own `npm ci`. The web console is not built:
 * the admin API the bench starts answers its console page with a "not built" note, which no row reads.
 */
export async function buildRef(ref: string, log: (line: string) => void): Promise<RefBuild> {
  const commit = (await run('git', ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`], repoRoot, 30_000)).trim();
  const dir = join(tmpdir(), `mimicus-against-${commit.slice(0, 12)}`);
  const bin = join(dir, 'bin', 'mimicus.js');
  if (existsSync(join(dir, BUILT_MARKER))) {
    log(`  --against ${ref}: ${commit.slice(0, 12)} already built in ${dir}`);
    return { ref, commit, dir, bin };
  }
  if (!existsSync(join(dir, '.git'))) {
    log(`  --against ${ref}: checking out ${commit.slice(0, 12)} in ${dir}`);
    await run('git', ['worktree', 'add', '--detach', dir, commit], repoRoot, 120_000);
  }
  if (!existsSync(join(dir, 'node_modules'))) {
    const [ours, theirs] = await Promise.all([
      readFile(join(repoRoot, 'package-lock.json'), 'utf8'),
      readFile(join(dir, 'package-lock.json'), 'utf8').catch(() => ''),
    ]);
    if (ours === theirs) await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    else {
      log(`  --against ${ref}: its package-lock.json differs from this checkout's: npm ci there (minutes)`);
      await run('npm', ['ci', '--ignore-scripts'], dir, 900_000);
      await run('npm', ['rebuild', 'better-sqlite3'], dir, 900_000);
    }
  }
  log(`  --against ${ref}: building ${commit.slice(0, 12)} (tsc)`);
  await run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], dir, 900_000);
  // The config validator compiled at build time (issue 19), where the ref has that step: its start is measured as shipped.
  const validatorScript = join(dir, 'scripts', 'build-config-validator.mjs');
  if (existsSync(validatorScript)) await run(process.execPath, [validatorScript], dir, 300_000);
  // Likewise the bundled CLI, which its bin/mimicus.js then runs.
  const bundleScript = join(dir, 'scripts', 'bundle-cli.mjs');
  if (existsSync(bundleScript)) await run(process.execPath, [bundleScript], dir, 300_000);
  await writeFile(join(dir, BUILT_MARKER), `${commit}\n`);
  return { ref, commit, dir, bin };
}
