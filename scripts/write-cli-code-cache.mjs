// Run by scripts/bundle-cli.mjs in a process of its own: starts the bundled CLI as a user does
// (`mimicus serve examples/quickstart.yaml`, admin API on), waits for its first answer, sends the
// quickstart's first requests and one to the admin API, then stops it and writes V8's code cache for the bundle (bin/load-cli-bundle.js
// says why), so the functions a start and a first request call are in the cache compiled. The
// CLI's V8 flags are set first, as bin/mimicus.js sets them: V8 rejects a cache made under others.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { V8_FLAGS } from '../bin/v8-flags.js';

for (const flag of V8_FLAGS) setFlagsFromString(flag);
const { loadCliBundle } = await import('../bin/load-cli-bundle.js');

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'mimicus-code-cache-'));
const bundle = new URL('../dist/bundle/', import.meta.url);
const config = new URL('../examples/quickstart.yaml', import.meta.url).pathname;
const adminPort = await freePort();
// With the admin API, as shipped: its start is in the cache too.
const args = ['serve', config, '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--no-watch', '--admin-port', String(adminPort)];
process.argv = [process.argv[0], new URL('../bin/mimicus.js', import.meta.url).pathname, ...args];

const cli = loadCliBundle(new URL('cli.js', bundle).pathname, new URL('cli.v8cache', bundle).pathname);
// serve exits the process once it has stopped on SIGTERM: the cache is written then.
process.once('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  if (code === 0) cli.writeCache();
});
cli.exports.runCli().catch((error) => {
  console.error(error);
  process.exit(1);
});

function get(path, to = port) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to, path }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('error', reject);
    req.end();
  });
}

const giveUpAt = Date.now() + 60_000;
async function answer(path, to = port) {
  for (;;) {
    try {
      return await get(path, to);
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
for (const [path, to] of [
  ['/api/health', port],
  // The quickstart's templated endpoint: a first request compiles and renders a template.
  ['/api/users/42', port],
  ['/api/health', adminPort],
]) {
  const status = await answer(path, to);
  if (status !== 200) throw new Error(`write-cli-code-cache: ${path} on port ${to} answered ${status}`);
}
process.kill(process.pid, 'SIGTERM');
