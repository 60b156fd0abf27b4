import { stringify } from 'yaml';
import { staticResponse } from '../scenarios/mimicus-static-side.js';

/** The probe's endpoint, in every attack's config: the matched traffic whose pauses are measured. */
export const helloEndpoint = { id: 'hello', method: 'GET', path: '/hello', response: staticResponse };

/**
 * An attack's config as YAML: the static stub plus `endpoints`, and `extra` top-level blocks. The
 * journal is off so that what is measured is the attack, not the recording of it.
 */
export function attackConfig(endpoints: readonly object[] = [], extra: Record<string, unknown> = {}): string {
  return stringify({ version: 2, server: { seed: 42 }, journal: false, ...extra, endpoints: [helloEndpoint, ...endpoints] }, { lineWidth: 0 });
}
