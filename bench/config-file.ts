import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { BenchConfig } from './mimicus-config.js';

const tempDirs: string[] = [];

/** Removes every temp dir written by writeConfigFile; synchronous so it also runs on exit and Ctrl-C. */
export function removeConfigFiles(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a Mimicus config as YAML into a fresh temp dir and returns the file path. */
export async function writeConfigFile(config: BenchConfig, name: string): Promise<string> {
  if (tempDirs.length === 0) process.once('exit', removeConfigFiles);
  const dir = await mkdtemp(join(tmpdir(), 'mimicus-bench-'));
  tempDirs.push(dir);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringify(config, { lineWidth: 0 }), 'utf8');
  return file;
}
