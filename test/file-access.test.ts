import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigInvalidError, createMimicus, type Mimicus } from '../src/index.js';
import { expectProblem } from './admin/admin-harness.js';
import { BIN } from './support/start-serve.js';

/**
 * A project directory inside a parent that holds what the config must not reach: a secret beside
 * the project, a symlink out of it, a FIFO, a file over the size limit and the data directory.
 */
function project(): { parent: string; dir: string; file: string } {
  const parent = mkdtempSync(join(tmpdir(), 'mimicus-files-'));
  const dir = join(parent, 'project');
  mkdirSync(join(dir, '.mimicus'), { recursive: true });
  writeFileSync(join(parent, 'outside.txt'), 'the secret next door');
  writeFileSync(join(dir, 'ok.txt'), 'fine');
  symlinkSync(join(parent, 'outside.txt'), join(dir, 'link.txt'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  writeFileSync(join(dir, 'big.bin'), Buffer.alloc(2 * 1024 * 1024));
  writeFileSync(join(dir, '.mimicus', 'state.sqlite'), 'SQLite format 3\u0000');
  return { parent, dir, file: join(dir, 'mimicus.yaml') };
}

const endpoint = (id: string, bodyFile: string) => `  - { id: ${id}, path: /${id}, response: { bodyFile: ${JSON.stringify(bodyFile)} } }\n`;

const OK = `version: 2\nendpoints:\n${endpoint('ok', 'ok.txt')}`;

describe('files a config may read', () => {
  it('validate refuses every file outside the roots, not regular, too large or in the data directory, with its line, and exits 1 without hanging', () => {
    const { file } = project();
    writeFileSync(
      file,
      'version: 2\nserver: { maxFileSize: 1MiB, fileRoots: [/dev] }\nendpoints:\n' +
        endpoint('passwd', '/etc/passwd') +
        endpoint('parent', '../outside.txt') +
        endpoint('link', 'link.txt') +
        endpoint('zero', '/dev/zero') +
        endpoint('pipe', 'pipe') +
        endpoint('big', 'big.bin') +
        endpoint('data', '.mimicus/state.sqlite') +
        endpoint('ok', 'ok.txt') +
        '  - { id: seed, path: /seed, crud: { collection: c, seed: /proc/self/environ } }\n',
    );
    const started = Date.now();
    const result = spawnSync(process.execPath, [BIN, 'validate', file], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const lines = result.stderr.split('\n');
    const line = (path: string) => lines.find((text) => text.trimStart().startsWith(`${path}:`)) ?? `(no line for ${path})`;
    const outside = "outside the config's directory and server.fileRoots; add its folder to server.fileRoots";
    expect(line('endpoints[0].response.bodyFile')).toMatch(new RegExp(`"/etc/passwd" is ${outside} \\(.*mimicus\\.yaml:4:\\d+\\)`));
    expect(line('endpoints[1].response.bodyFile')).toMatch(/"\.\.\/outside\.txt" resolves to .*outside\.txt, outside .*mimicus\.yaml:5:\d+/);
    expect(line('endpoints[2].response.bodyFile')).toMatch(/"link\.txt" leads through a symlink to .*outside\.txt, outside .*mimicus\.yaml:6:\d+/);
    expect(line('endpoints[3].response.bodyFile')).toMatch(/"\/dev\/zero" is a character device, not a regular file .*mimicus\.yaml:7:\d+/);
    expect(line('endpoints[4].response.bodyFile')).toMatch(/"pipe" is a FIFO \(named pipe\), not a regular file .*mimicus\.yaml:8:\d+/);
    expect(line('endpoints[5].response.bodyFile')).toMatch(/"big\.bin" is 2 MiB, over the limit of 1 MiB \(raise server\.maxFileSize to allow it\)/);
    expect(line('endpoints[6].response.bodyFile')).toMatch(/"\.mimicus\/state\.sqlite" is inside the data directory/);
    expect(line('endpoints[8].crud.seed')).toMatch(/"\/proc\/self\/environ" is outside/);
    expect(result.stderr).not.toContain('endpoints[7]');
    expect(result.stderr).not.toContain('the secret next door');

    writeFileSync(file, 'version: 2\ninclude: [../outside.txt, pipe]\nendpoints: []\n');
    const included = spawnSync(process.execPath, [BIN, 'validate', file], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(included.status).toBe(1);
    expect(included.stderr).toMatch(/include\[0\]: "\.\.\/outside\.txt" resolves to .*outside\.txt, outside .*mimicus\.yaml:2:\d+/);
    expect(included.stderr).toMatch(/include\[1\]: "pipe" is a FIFO \(named pipe\), not a regular file/);
  });

  it('validate and serve refuse a FIFO or a device given as the config file itself, without blocking', () => {
    const { dir } = project();
    for (const args of [['validate'], ['serve', '--no-admin']]) {
      for (const [file, problem] of [
        [join(dir, 'pipe'), 'is a FIFO (named pipe), not a regular file'],
        ['/dev/zero', 'is a character device, not a regular file'],
      ] as const) {
        // serve reads a config's first bytes to tell it from an OpenAPI document: never those of a FIFO.
        const result = spawnSync(process.execPath, [BIN, args[0]!, file, ...args.slice(1)], {
          encoding: 'utf8',
          timeout: 20_000,
          env: { ...process.env, NO_COLOR: '1' },
        });
        expect(result.status, `${args[0]} ${file}`).toBe(1);
        expect(result.stderr).toContain(`config file "${file}" ${problem}`);
      }
    }
  });

  it('serves a file under a configured root, symlinks resolved inside it', async () => {
    const { parent, dir, file } = project();
    mkdirSync(join(parent, 'shared'));
    writeFileSync(join(parent, 'shared', 'logo.txt'), 'shared body');
    symlinkSync(join(parent, 'shared', 'logo.txt'), join(dir, 'logo-link.txt'));
    writeFileSync(
      file,
      `version: 2\nserver: { fileRoots: [../shared] }\nendpoints:\n${endpoint('direct', '../shared/logo.txt')}${endpoint('linked', 'logo-link.txt')}`,
    );
    const mimicus = await createMimicus(file, { dataDir: false });
    await mimicus.listen(0, '127.0.0.1');
    try {
      expect(await (await fetch(`${mimicus.url}/direct`)).text()).toBe('shared body');
      expect(await (await fetch(`${mimicus.url}/linked`)).text()).toBe('shared body');
    } finally {
      await mimicus.close();
    }
  });

  describe('a running server', () => {
    let mimicus: Mimicus | undefined;
    afterEach(async () => {
      await mimicus?.close();
      mimicus = undefined;
    });

    it('keeps serving the old config when an edit names /dev/zero, a FIFO or a configured data directory', async () => {
      const { dir, file } = project();
      writeFileSync(file, OK);
      mimicus = await createMimicus(file, { dataDir: join(dir, 'state') });
      await mimicus.listen(0, '127.0.0.1');
      mkdirSync(join(dir, 'state'), { recursive: true });
      writeFileSync(join(dir, 'state', 'control.sqlite'), 'SQLite format 3\u0000');
      const started = Date.now();
      for (const [bodyFile, problem] of [
        ['/dev/zero', /"\/dev\/zero" is a character device/],
        ['pipe', /"pipe" is a FIFO/],
        ['state/control.sqlite', /inside the data directory/],
      ] as const) {
        writeFileSync(file, `version: 2\nserver: { fileRoots: [/dev] }\nendpoints:\n${endpoint('ok', bodyFile)}`);
        const refused = await mimicus.reload(file).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(ConfigInvalidError);
        expect((refused as ConfigInvalidError).issues.map((issue) => issue.message).join('\n')).toMatch(problem);
        expect(await (await fetch(`${mimicus.url}/ok`)).text()).toBe('fine');
      }
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('refuses include and server.fileRoots sent through the admin API, and a preview of a file outside the roots', async () => {
      const { file } = project();
      writeFileSync(file, OK);
      mimicus = await createMimicus(file, { dataDir: false, admin: { port: 0, host: '127.0.0.1' } });
      await mimicus.listen(0, '127.0.0.1');
      const api = (path: string, method: string, body: string, type = 'application/json') =>
        fetch(`${mimicus!.adminUrl}${path}`, { method, headers: { 'content-type': type }, body });
      const config = { version: 2, endpoints: [{ id: 'ok', path: '/ok', response: { bodyFile: 'ok.txt' } }] };

      const put = await api('/api/config', 'PUT', JSON.stringify({ ...config, include: ['../outside.txt'] }));
      const putProblem = await expectProblem(put, 400, 'CONFIG_INVALID');
      expect(JSON.stringify(putProblem.issues)).toContain('"path":"include"');

      const imported = await api('/api/import', 'POST', 'version: 2\ninclude: [other.yaml]\nendpoints: []\n', 'application/yaml');
      expect(imported.status).toBe(400);
      expect(await imported.text()).toContain('cannot be set or changed through the admin API');

      const widened = await api(
        '/api/config',
        'PUT',
        JSON.stringify({ ...config, server: { fileRoots: ['/'] }, endpoints: [{ id: 'ok', path: '/ok', response: { bodyFile: '/etc/passwd' } }] }),
      );
      const widenedProblem = await expectProblem(widened, 400, 'CONFIG_INVALID');
      expect(JSON.stringify(widenedProblem.issues)).toContain('"path":"server.fileRoots"');

      const direct = await api(
        '/api/config',
        'PUT',
        JSON.stringify({ ...config, endpoints: [{ id: 'ok', path: '/ok', response: { bodyFile: '/etc/passwd' } }] }),
      );
      expect(direct.status).toBe(400);
      expect(await direct.text()).toContain('outside the config');

      const preview = await api(
        '/api/preview',
        'POST',
        JSON.stringify({ definition: { id: 'p', path: '/p', response: { bodyFile: '../outside.txt' } }, request: { method: 'GET', path: '/p' } }),
      );
      expect(preview.status).toBe(400);
      const previewText = await preview.text();
      expect(previewText).toContain('outside the config');
      expect(previewText).not.toContain('the secret next door');
      expect(await (await fetch(`${mimicus.url}/ok`)).text()).toBe('fine');
    });
  });
});
