import { describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate-to-latest.js';

describe('migrateToLatest', () => {
  it('passes a current config through', () => {
    expect(migrateToLatest({ version: 2, endpoints: [] })).toEqual({ ok: true, value: { version: 2, endpoints: [] } });
  });

  it('runs each registered step in turn', () => {
    const steps = {
      0: (raw: Record<string, unknown>) => ({ ...raw, routes: undefined, endpoints: raw.routes }),
      1: (raw: Record<string, unknown>) => ({ ...raw, touched: true }),
    };
    expect(migrateToLatest({ version: 0, routes: [1] }, steps)).toEqual({
      ok: true,
      value: { version: 2, routes: undefined, endpoints: [1], touched: true },
    });
  });

  it('refuses a missing, malformed, newer or unknown version', () => {
    expect(migrateToLatest({ endpoints: [] })).toEqual({
      ok: false,
      error: [{ path: 'version', message: 'missing: add "version: 2" at the top of the file' }],
    });
    expect(migrateToLatest({ version: '2' })).toEqual({
      ok: false,
      error: [{ path: 'version', message: 'must be an integer config version (this Mimicus reads 2)' }],
    });
    expect(migrateToLatest({ version: 3 })).toEqual({ ok: false, error: [{ path: 'version', message: '3 is newer than this Mimicus reads (2)' }] });
    expect(migrateToLatest({ version: 1 })).toEqual({
      ok: false,
      error: [{ path: 'version', message: '1 is not a config version this Mimicus can read or migrate (it reads 2)' }],
    });
  });

  it('refuses a document that is not a mapping', () => {
    expect(migrateToLatest(null)).toEqual({
      ok: false,
      error: [{ path: '', message: 'a config must be a mapping of keys (version, server, endpoints, ...), not an empty document' }],
    });
  });
});
