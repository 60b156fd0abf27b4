import type { Config } from '../../src/config/index.js';
import type { UpstreamSpec } from '../../src/plan/index.js';
import { compileUpstreams } from '../../src/plan/upstreams/compile-upstreams.js';

/** Upstream specs compiled from `upstreams:` as a Plan compiles them. */
export async function upstreamSpecs(upstreams: NonNullable<Config['upstreams']>): Promise<UpstreamSpec[]> {
  const result = await compileUpstreams({ version: 2, upstreams }, () => Promise.resolve({ ok: false, error: 'no files in this test' }));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}
