/**
 * Young-generation survivors per request, this build against a git ref, same config, same count:
 *   node --import tsx bench/young-survivors.ts REF [row=static] [requests=100000]
 * Each build serves the throughput row's Mimicus side under `--trace-gc-nvp`; after 5,000 warm-up
 * requests, `requests` more are sent (50 keep-alive connections, closed loop) and the scavenges in
 * that window are summed: bytes allocated, bytes that survived in the young generation, bytes
 * promoted. These are counts of bytes, not times, so the machine's load barely moves them.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildRef } from './build-ref.js';
import { installCleanup, spawnTracked, stopChild } from './child-processes.js';
import { removeConfigFiles, writeConfigFile } from './config-file.js';
import { freePort } from './free-port.js';
import { benchDir, defaultMimicusBin, repoRoot } from './repo-paths.js';
import { throughputScenarios } from './scenarios/index.js';
import { waitForHttp } from './wait-for-http.js';

const execFileAsync = promisify(execFile);
const [ref, rowName = 'static', requestsText = '100000'] = process.argv.slice(2);
if (ref === undefined) {
  console.error('usage: node --import tsx bench/young-survivors.ts REF [row=static] [requests=100000]');
  process.exit(2);
}
const requests = Number(requestsText);
const scenario = throughputScenarios.find((candidate) => candidate.name === rowName);
const spec = scenario?.a.server;
if (scenario === undefined || spec?.kind !== 'mimicus') {
  console.error(`young-survivors: no row "${rowName}" with a generated Mimicus config`);
  process.exit(2);
}
const benchConfig = spec.config;
const path = scenario.a.path;
installCleanup(900_000);

interface Survivors {
  scavenges: number;
  allocatedBytes: number;
  survivedBytes: number;
  promotedBytes: number;
}

/** Sums the `gc=s` lines of a `--trace-gc-nvp` log. */
function sumScavenges(log: string): Survivors {
  const sum: Survivors = { scavenges: 0, allocatedBytes: 0, survivedBytes: 0, promotedBytes: 0 };
  for (const line of log.split('\n')) {
    if (!line.includes(' gc=s ')) continue;
    const field = (name: string): number => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);
    sum.scavenges += 1;
    sum.allocatedBytes += field('allocated');
    sum.survivedBytes += field('new_space_survived');
    sum.promotedBytes += field('promoted');
  }
  return sum;
}

async function measure(bin: string): Promise<Survivors> {
  const config = await writeConfigFile(benchConfig, `survivors-${rowName}`);
  const port = await freePort();
  const child = spawnTracked(process.execPath, ['--trace-gc-nvp', bin, 'serve', config, '--port', String(port), '--host', '127.0.0.1', '--admin-port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    await waitForHttp(url, child, 60_000);
    const drive = (count: number) =>
      execFileAsync(process.execPath, [join(benchDir, 'instructions', 'drive-requests.mjs'), url, String(count), '50'], { timeout: 600_000 });
    await drive(5_000);
    const before = log.length;
    await drive(requests);
    return sumScavenges(log.slice(before));
  } finally {
    await stopChild(child);
  }
}

const built = await buildRef(ref, (line) => console.error(line));
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
console.log(`| ${rowName}, ${requests} requests | scavenges | allocated MB | survived MB | promoted MB |\n|---|--:|--:|--:|--:|`);
for (const [label, bin] of [
  ['this build', defaultMimicusBin],
  [`${ref} = ${built.commit.slice(0, 12)}`, built.bin],
] as const) {
  const sum = await measure(bin);
  console.log(`| ${label} | ${sum.scavenges} | ${mb(sum.allocatedBytes)} | ${mb(sum.survivedBytes)} | ${mb(sum.promotedBytes)} |`);
}
removeConfigFiles();
process.exit(0);
