import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { BIN } from '../support/start-serve.js';

const PLAIN = 'version: 2\nendpoints:\n  - { id: a, path: /a, response: { body: plain } }\n';
const COUNTING = 'version: 2\nendpoints:\n  - { id: a, path: /a, response: { template: true, body: "{{state.inc \\"n\\"}}" } }\n';

/** A config dir whose data dir holds a state.sqlite that is not a database. */
function withBrokenStateFile(config: string): { dir: string; dataDir: string; stateFile: string } {
  const dir = writeTempFiles({ 'mimicus.yaml': config });
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const stateFile = join(dataDir, 'state.sqlite');
  writeFileSync(stateFile, 'this is not a database, just text long enough to have a header');
  return { dir, dataDir, stateFile };
}

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('a state database that cannot be opened', () => {
  it('stops createMimicus for a config that uses state, naming the file and the reason', async () => {
    const { dir, dataDir, stateFile } = withBrokenStateFile(COUNTING);
    await expect(createMimicus(join(dir, 'mimicus.yaml'), { dataDir })).rejects.toMatchObject({
      code: 'STATE_STORE_FAILED',
      detail: `cannot open the state database ${stateFile}: file is not a database`,
    });
  });

  it('makes mimicus serve print one line and exit 5 (data dir unusable) instead of starting', () => {
    const { dir, dataDir, stateFile } = withBrokenStateFile(COUNTING);
    const result = spawnSync(process.execPath, [BIN, 'serve', join(dir, 'mimicus.yaml'), '--data-dir', dataDir, '--port', '0', '--no-admin', '--no-watch'], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(5);
    expect(result.stderr.trim()).toBe(`mimicus: STATE_STORE_FAILED: cannot open the state database ${stateFile}: file is not a database`);
  });

  it('refuses a reload that starts using state, keeps serving, and takes it once the file is fixed', async () => {
    const { dir, dataDir, stateFile } = withBrokenStateFile(PLAIN);
    mimicus = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir }); // no state used: nothing opened
    await mimicus.listen(0, '127.0.0.1');
    const counting = { version: 2, endpoints: [{ id: 'a', path: '/a', response: { template: true, body: '{{state.inc "n"}}' } }] };

    await expect(mimicus.reload(counting as never)).rejects.toMatchObject({ code: 'STATE_STORE_FAILED' });
    expect(await (await fetch(`${mimicus.url}/a`)).text()).toBe('plain');

    rmSync(stateFile);
    await mimicus.reload(counting as never);
    expect(await (await fetch(`${mimicus.url}/a`)).text()).toBe('1');
  });
});
