import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, startServe } from '../support/start-serve.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { PETS_SPEC } from './openapi-spec-for-tests.js';

const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('mimicus import (CLI)', () => {
  it('writes a config that validates, with large bodies in body files, and prints the report', () => {
    const big = PETS_SPEC.replace('name: { type: string, minLength: 1, maxLength: 20 }', 'name: { type: string, minLength: 5000, maxLength: 5000 }');
    const dir = writeTempFiles({ 'pets.yaml': big });
    const out = join(dir, 'mocks.yaml');
    const result = run('import', join(dir, 'pets.yaml'), '-o', out, '--validate');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^openapi: \d+ endpoints from 3 operations, \d+ warnings, 0 skipped/);
    expect(result.stderr).toContain('paths./pets/{pet-id}.put.responses.200: no example; body generated from schema');
    expect(readFileSync(out, 'utf8')).toMatch(/^# Imported by `mimicus import` from pets\.yaml/);
    expect(readdirSync(join(dir, 'mocks.bodies')).length).toBeGreaterThan(0);
    expect(run('validate', out).code).toBe(0);
    // Same input, same bytes.
    const first = readFileSync(out, 'utf8');
    expect(run('import', join(dir, 'pets.yaml'), '-o', out, '--validate').code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
  });

  it('exits 1 naming the line of a syntax error, and for a file of no known format', () => {
    const dir = writeTempFiles({ 'bad.yaml': 'openapi: 3.0.0\npaths:\n  /a: [unclosed\n', 'other.yaml': 'hello: world\n' });
    const bad = run('import', join(dir, 'bad.yaml'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: YAML syntax/);
    const other = run('import', join(dir, 'other.yaml'));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/not a format Mimicus imports/);
    expect(existsSync(join(dir, 'mocks.yaml'))).toBe(false);
  });

  it('serve detects an OpenAPI document, says it imported it, and serves it', async () => {
    const dir = writeTempFiles({ 'openapi.yaml': PETS_SPEC });
    const { url, child } = await startServe(join(dir, 'openapi.yaml'), '--no-admin', '--data-dir', join(dir, 'data'));
    try {
      const response = await fetch(`${url}/v1/pets/1`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id: 1, name: 'Rex', kind: 'dog' });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve --validate checks requests against the document, --variants serves its other statuses as weighted variants', async () => {
    const dir = writeTempFiles({ 'openapi.yaml': PETS_SPEC });
    const { url, child } = await startServe(
      join(dir, 'openapi.yaml'),
      '--no-admin',
      '--validate',
      '--variants',
      '--seed',
      '7',
      '--data-dir',
      join(dir, 'data'),
    );
    try {
      const refused = await fetch(`${url}/v1/pets/1`);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await refused.json())).toContain('X-Tenant');
      expect((await fetch(`${url}/v1/pets/1`, { headers: { 'x-tenant': 't-a' } })).status).toBe(200);
      const statuses = new Set<number>();
      for (let i = 0; i < 60; i++) {
        const response = await fetch(`${url}/v1/pets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"name":"Rex","kind":"dog"}',
        });
        statuses.add(response.status);
        await response.arrayBuffer();
      }
      expect([...statuses].sort()).toEqual([201, 422]);
    } finally {
      child.kill('SIGTERM');
    }
    // A CLI start takes seconds on a loaded machine; 20 s is the default for in-process tests.
  }, 60_000);

  it('serve warns that --validate and --variants do not apply to a Mimicus config', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': 'version: 2\nendpoints:\n  - { id: a, path: /a, response: { status: 204 } }\n' });
    const child = spawn(
      process.execPath,
      [BIN, 'serve', join(dir, 'mimicus.yaml'), '--no-admin', '--validate', '--port', '0', '--no-pretty', '--data-dir', join(dir, 'data')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('listening on')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(out).toContain('--validate and --variants apply to an OpenAPI document served directly');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
