import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { BenchConfig } from './mimicus-config.js';

const tempDirs: string[] = [];

/** Writes a Mimicus config as YAML into a fresh temp dir and returns the file path. */
export async function writeConfigFile(config: BenchConfig, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mimicus-bench-'));
  tempDirs.push(dir);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringify(config, { lineWidth: 0 }), 'utf8');
  return file;
}

/** Removes every temp dir written by writeConfigFile. */
export async function removeConfigFiles(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
