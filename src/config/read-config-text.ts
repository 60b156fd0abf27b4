import { CONFIG_LIMITS } from './config-limits.js';
import { readRegularFile } from './read-regular-file.js';
import { err, ok, type Result } from './result.js';

/**
 * A config file's text, read as every reader of config files must (loading, the watcher, write-back):
 * a regular file of at most CONFIG_LIMITS.maxBytes, opened without blocking, so a FIFO or a device
 * put in its place cannot hang the reader. The error completes "config file X …".
 */
export async function readConfigText(file: string): Promise<Result<string, string>> {
  const read = await readRegularFile(file, CONFIG_LIMITS.maxBytes);
  return read.ok ? ok(read.value.toString('utf8')) : err(read.error.message);
}
