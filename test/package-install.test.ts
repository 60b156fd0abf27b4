import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeTempFiles } from './support/start-mimicus.js';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * The packages the installed `mimicus` may load: its `dependencies` and theirs, as npm would
 * install them. Linked from this checkout's node_modules instead of downloaded, so the test needs
 * no registry and no native rebuild, yet a runtime import of a devDependency still fails here.
 */
function runtimeClosure(): string[] {
  const seen = new Set<string>();
  const pending = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    const manifest = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue; // an optional dependency not installed here
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
    pending.push(...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }));
  }
  return [...seen];
}

describe('mimicus as a dependency of another project', () => {
  it("is packed with npm pack, installed into a scratch project, and runs the README's programmatic sample", async () => {
    const scratch = writeTempFiles({
      'package.json': JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
      'mocks.yaml':
        'version: 2\nendpoints:\n  - { id: user, method: GET, path: "/api/users/{id}", response: { template: true, json: { id: "{{request.params.id}}" } } }\n',
    });
    // dist/ is fresh: the test run builds it first (test/support/build-once.ts).
    const packed = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT });
    const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    expect(files.some((file) => file.path === 'dist/index.d.ts')).toBe(true);
    expect(files.some((file) => file.path.includes('.mimicus') || file.path.startsWith('src/'))).toBe(false);

    const installed = join(scratch, 'node_modules', 'mimicus');
    mkdirSync(installed, { recursive: true });
    await exec('tar', ['xzf', join(scratch, filename), '-C', installed, '--strip-components=1']);
    for (const name of runtimeClosure()) {
      mkdirSync(join(scratch, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), join(scratch, 'node_modules', name), 'dir');
    }

    // The CLI ships too. Checked before the sample runs: its m.reload() rewrites mocks.yaml until
    // programmatic reloads stop writing back (the config lifecycle's branch).
    const validated = await exec(process.execPath, [join(installed, 'bin', 'mimicus.js'), 'validate', 'mocks.yaml'], { cwd: scratch });
    expect(validated.stdout).toBe('mocks.yaml: valid (1 endpoints)\n');

    // The README's sample, as written, plus a look at what it served.
    const sample = /## Programmatic API[\s\S]*?```ts\n([\s\S]*?)```/.exec(README)?.[1];
    expect(sample).toContain("import { createMimicus } from 'mimicus';");
    const checked = sample!.replace(
      'await fetch(`${m.url}/api/users/1`);',
      'const answer = await fetch(`${m.url}/api/users/1`); console.log(answer.status, await answer.text());',
    );
    expect(checked).not.toBe(sample);
    writeFileSync(join(scratch, 'sample.mjs'), checked);
    const ran = await exec(process.execPath, ['sample.mjs'], { cwd: scratch });
    expect(ran.stdout).toBe('200 {"id":1}\n');
  }, 120_000);
});
