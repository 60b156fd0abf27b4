import { describe, expect, it } from 'vitest';
import { endpointWith, problems } from './config-problems.js';

const problemsWithoutLocation = (yaml: string) => problems(yaml, { withLocation: false });

describe('bounds of server and behavior settings', () => {
  it('refuses durations that no Node timer can hold, naming the field', async () => {
    expect(await problemsWithoutLocation(endpointWith('    errors: [ { rate: 0.1, kind: hang, max: 600h } ]'))).toEqual([
      'endpoints[0].errors[0].max: must be at most 2147483647 ms (about 24.8 days, the longest timer Node keeps), got 2160000000 ms',
    ]);
    expect(await problemsWithoutLocation(endpointWith('    errors: [ { rate: 0.1, kind: dribble, chunks: 2, over: 2147483648 } ]'))).toEqual([
      'endpoints[0].errors[0].over: must be at most 2147483647 ms (about 24.8 days, the longest timer Node keeps), got 2147483648 ms',
    ]);
    expect(await problemsWithoutLocation(endpointWith('    errors: [ { rate: 0.1, kind: hang, max: 596h } ]'))).toEqual([]);
    expect(await problemsWithoutLocation('version: 2\nserver: { shutdownTimeout: 9999h }\n')).toEqual([
      expect.stringMatching(/^server\.shutdownTimeout: must be at most 2147483647 ms/),
    ]);
  });

  it('refuses a bandwidth under 1 B/s instead of reading 0 as no cap', async () => {
    expect(await problemsWithoutLocation(endpointWith('    bandwidth: 0B/s'))).toEqual([
      'endpoints[0].bandwidth: must be at least 1B/s, got "0B/s" (leave bandwidth out for no cap)',
    ]);
    expect(await problemsWithoutLocation(endpointWith('    bandwidth: 0.4B/s'))).toHaveLength(1);
    expect(await problemsWithoutLocation(endpointWith('    bandwidth: 1B/s'))).toEqual([]);
  });

  it('refuses timeouts of 0 that node:http would read as never', async () => {
    expect(await problemsWithoutLocation('version: 2\nserver: { keepAliveTimeout: 0 }\n')).toEqual(['server.keepAliveTimeout: must be above 0']);
    expect(await problemsWithoutLocation('version: 2\nserver: { requestTimeout: 0s, headersTimeout: 0ms }\n')).toEqual([
      'server.requestTimeout: must be above 0',
      'server.headersTimeout: must be above 0',
    ]);
  });

  it('refuses headers due later than the whole request, and a connection cap under 1', async () => {
    expect(await problemsWithoutLocation('version: 2\nserver: { requestTimeout: 5s, headersTimeout: 6s }\n')).toEqual([
      'server.headersTimeout: must be at most server.requestTimeout (5000 ms): the headers are part of the request',
    ]);
    // Without headersTimeout, its default follows a short requestTimeout down.
    expect(await problemsWithoutLocation('version: 2\nserver: { requestTimeout: 2s }\n')).toEqual([]);
    expect(await problemsWithoutLocation('version: 2\nserver: { maxConnections: 0 }\n')).toEqual(['server.maxConnections: must be an integer of at least 1']);
    expect(await problemsWithoutLocation('version: 2\nserver: { templateLimits: { maxIterations: 0 } }\n')).toHaveLength(1);
  });
});
