import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('journal redaction', () => {
  it('redacts credential headers and query parameters by default, and the names the config adds', async () => {
    mimicus = await startMimicus(
      `version: 2
journal: { redact: { headers: [x-tenant-secret], queryParams: [Session_Hint] } }
endpoints: [ { id: r, path: /r, response: { body: ok } } ]
`,
      { dataDir: false },
    );
    await fetch(`${mimicus.url}/r?page=2&token=abc&API_KEY=k1&session_hint=s&access_token=t#frag`, {
      headers: { 'x-api-key': 'k2', 'x-auth-token': 'k3', 'x-tenant-secret': 'k4', 'proxy-authorization': 'Basic eA==', accept: 'text/plain' },
    });
    const [summary] = (await mimicus.journal.list()).entries;
    const entry = (await mimicus.journal.get(summary!.id))!;
    expect(entry.url).toBe('/r?page=2&token=[redacted]&API_KEY=[redacted]&session_hint=[redacted]&access_token=[redacted]');
    expect(entry.request.headers).toMatchObject({
      'x-api-key': '[redacted]',
      'x-auth-token': '[redacted]',
      'x-tenant-secret': '[redacted]',
      'proxy-authorization': '[redacted]',
      accept: 'text/plain',
    });
    expect(JSON.stringify(entry)).not.toMatch(/abc|k1|k2|k3|k4|eA==/);
  });
});
