import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTempFiles } from '../support/start-mimicus.js';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close(); // must not fail for a database that never opened
  mimicus = undefined;
});

describe('a control database that cannot be opened', () => {
  it('answers CONTROL_STORE_FAILED naming the file and reason, keeps the data plane serving, and opens a fixed file without a restart', async () => {
    const dataDir = join(writeTempFiles({}), 'data');
    mkdirSync(dataDir);
    const file = join(dataDir, 'control.sqlite');
    writeFileSync(file, 'this is not a database, just text long enough to have a header');
    mimicus = await startWithAdmin(BASE, { dataDir });

    const problem = await expectProblem(await mimicus.api('/api/versions'), 500, 'CONTROL_STORE_FAILED');
    expect(problem.detail).toBe(`cannot open the control database ${file}: file is not a database`);
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('hi');

    rmSync(file);
    const versions = await mimicus.api('/api/versions');
    expect(versions.status).toBe(200);
    expect(((await versions.json()) as { items: { author: string }[] }).items.map((version) => version.author)).toEqual(['startup']);
  });
});
