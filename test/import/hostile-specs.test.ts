import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText, readImportSource } from '../../src/import/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';

/** A spec whose one response has this schema (JSON, so the test can build it). */
const specWith = (schema: unknown, components: Record<string, unknown> = {}) =>
  JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'h', version: '1' },
    paths: { '/h': { get: { operationId: 'h', responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } } } },
    components: { schemas: components },
  });

describe('hostile OpenAPI documents', () => {
  it('bounds a body whose required properties fan out ten ways on every level', () => {
    const components: Record<string, unknown> = {};
    const names = Array.from({ length: 10 }, (_, i) => `p${i}`);
    for (let level = 0; level < 9; level++) {
      components[`L${level}`] = {
        type: 'object',
        required: names,
        properties: Object.fromEntries(names.map((n) => [n, { $ref: `#/components/schemas/L${level + 1}` }])),
      };
    }
    components.L9 = { type: 'string' };
    const started = performance.now();
    const outcome = importText(specWith({ $ref: '#/components/schemas/L0' }, components), 'fan.json');
    expect(performance.now() - started).toBeLessThan(20_000);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    expect(JSON.stringify(outcome.value.config).length).toBeLessThan(2_000_000);
    expect(outcome.value.warnings.some((w) => /does not validate/.test(w.message))).toBe(true);
  });

  it('does not honour a billion minItems or minLength', () => {
    for (const schema of [
      { type: 'array', minItems: 1e9, items: { type: 'integer' } },
      { type: 'string', minLength: 1e9 },
    ]) {
      const outcome = importText(specWith(schema), 'big.json');
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      expect(JSON.stringify(outcome.value.config).length).toBeLessThan(200_000);
    }
  });

  it('leaves out example names too long to become a Prefer pattern', () => {
    const spec = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'h', version: '1' },
      paths: {
        '/h': {
          get: {
            responses: { 200: { description: 'ok', content: { 'application/json': { examples: { ok: { value: 1 }, ['x'.repeat(5000)]: { value: 2 } } } } } },
          },
        },
      },
    });
    const outcome = importText(spec, 'names.json');
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    expect(outcome.value.config.endpoints).toHaveLength(1);
  });

  it("does not follow a symlink out of the spec's folder", async () => {
    const dir = writeTempFiles({
      'api/openapi.json': specWith({ $ref: 'link.json#/X' }),
      'secret.json': '{"X": {"type": "string", "enum": ["secret-value"]}}',
    });
    symlinkSync(join(dir, 'secret.json'), join(dir, 'api/link.json'));
    const read = await readImportSource(join(dir, 'api/openapi.json'));
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.refErrors?.[0]?.message).toMatch(/outside the main file's folder/);
    expect([...read.value.files.values()].join('')).not.toContain('secret-value');
  });
});
