import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { serveCommand, type ServeOptions } from '../../src/cli/serve-command.js';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';

export const deployDir = join(import.meta.dirname, '..', '..', 'deploy');

export const readDeployFile = (path: string): string => readFileSync(join(deployDir, path), 'utf8');

/** `args` as `mimicus serve` parses them (args[0] is `serve`); an unknown flag or a bad value throws. */
export async function parseServeArgs(args: readonly string[]): Promise<{ config: string; options: ServeOptions }> {
  if (args[0] !== 'serve') throw new Error(`expected the serve command, got ${args[0]}`);
  let parsed: { config: string; options: ServeOptions } | undefined;
  const command = serveCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .action((config: string, options: ServeOptions) => {
      parsed = { config, options };
    });
  await command.parseAsync(args.slice(1), { from: 'user' });
  if (parsed === undefined) throw new Error('serve did not run');
  return parsed;
}

/** The `${VAR}` names a config text reads from the environment. */
export const envNamesIn = (text: string): string[] => [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!))];

/**
 * A deployed config without its Redis store, so this branch's Mimicus can serve it in a test (the
 * rest of the config, admin keys and hosts included, is served as written).
 */
export function withoutRedisStore(text: string): { text: string; store: unknown; url: unknown } {
  const document = parseDocument(text);
  const store = document.getIn(['state', 'store']);
  const url = document.getIn(['state', 'url']);
  document.deleteIn(['state', 'store']);
  document.deleteIn(['state', 'url']);
  return { text: String(document), store, url };
}

/**
 * Serves a deployed config as its container does (admin API on 0.0.0.0, keys from `env`), with
 * both listeners on ephemeral ports and the data plane on loopback.
 */
export async function serveDeployedConfig(text: string, env: Record<string, string>): Promise<Mimicus> {
  const file = join(writeTempFiles({ 'mimicus.yaml': text }), 'mimicus.yaml');
  const mimicus = await createMimicus(file, { env, dataDir: false, admin: { port: 0 } });
  await mimicus.listen(0, '127.0.0.1');
  return mimicus;
}

/** GET over loopback with a Host header of our choosing (a kubelet probe names the pod IP, Prometheus the target). */
export function getAs(url: string, host: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...headers, host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
