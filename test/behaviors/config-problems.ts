import { join } from 'node:path';
import { loadPlan } from '../../src/app/index.js';
import { formatIssue } from '../../src/config/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';

/** Every problem `loadPlan` reports for `yaml` (saved as b.yaml), formatted as the CLI prints it. */
export async function problems(yaml: string, options: { withLocation?: boolean } = {}): Promise<string[]> {
  const dir = writeTempFiles({ 'b.yaml': yaml });
  const result = await loadPlan(join(dir, 'b.yaml'), { env: {} });
  if (result.ok) return [];
  const lines = result.error.map((issue) => formatIssue(issue, { cwd: dir }));
  return options.withLocation === false ? lines.map((line) => line.replace(/ \(b\.yaml:\d+:\d+\)$/, '')) : lines;
}

/** A one-endpoint config with `block` (indented YAML lines) between its path and its response. */
export const endpointWith = (block: string) => `version: 2
endpoints:
  - id: e
    path: /e
${block}
    response: { body: ok }
`;
