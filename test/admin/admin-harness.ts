import { join } from 'node:path';
import { expect } from 'vitest';
import { createMimicus, type Mimicus, type MimicusOptions } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';

export type AdminHarness = Mimicus & {
  file: string;
  /** fetch against the admin API; `key` adds `Authorization: Bearer`. */
  api(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
};

/** A Mimicus from YAML text with its data plane and admin API on ephemeral loopback ports. */
export async function startWithAdmin(yaml: string, options: MimicusOptions & { files?: Record<string, string> } = {}): Promise<AdminHarness> {
  const { files, ...mimicusOptions } = options;
  const dir = writeTempFiles({ 'mimicus.yaml': yaml, ...files });
  const file = join(dir, 'mimicus.yaml');
  const mimicus = await createMimicus(file, { dataDir: false, admin: { port: 0, host: '127.0.0.1' }, ...mimicusOptions });
  await mimicus.listen(0, '127.0.0.1');
  const api: AdminHarness['api'] = (path, init = {}) => {
    const { key, json, headers, ...rest } = init;
    const merged = new Headers(headers);
    if (key) merged.set('authorization', `Bearer ${key}`);
    if (json !== undefined) merged.set('content-type', merged.get('content-type') ?? 'application/json');
    return fetch(`${mimicus.adminUrl}${path}`, { ...rest, headers: merged, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  };
  return Object.assign(mimicus, { file, api });
}

export const BASE = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: hi }
`;

/** Checks an RFC 9457 answer and returns its body. */
export async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, code, type: `https://mimicus.dev/errors/${code}` });
  expect(typeof problem.title).toBe('string');
  return problem;
}
