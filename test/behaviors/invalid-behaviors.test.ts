import { describe, expect, it } from 'vitest';
import { endpointWith, problems } from './config-problems.js';

describe('invalid behavior configs are refused with clear errors', () => {
  it('refuses error rates that sum over 1', async () => {
    expect(await problems(endpointWith('    errors: [ { rate: 0.7, status: 500 }, { rate: 0.5, kind: reset } ]'))).toEqual([
      'endpoints[0].errors: the rates sum to 1.2; the rates of one errors list must sum to at most 1 (b.yaml:5:5)',
    ]);
  });

  it('refuses a lognormal whose p99 is below its p50', async () => {
    const issues = await problems(endpointWith('    latency: { lognormal: { p50: 200ms, p99: 100ms } }'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^endpoints\[0\]\.latency\.lognormal.*p99.*p50.*\(b\.yaml:5:/);
  });

  it('refuses an unknown time zone with a suggestion', async () => {
    const issues = await problems(endpointWith('    schedule: { timezone: Europe/Berln, windows: [ { between: ["09:00", "17:00"] } ] }'));
    expect(issues).toEqual([
      expect.stringMatching(/^endpoints\[0\]\.schedule\.timezone: unknown time zone "Europe\/Berln" \(did you mean "Europe\/Berlin"\?\)/),
    ]);
  });

  it('refuses a bad time in between', async () => {
    const issues = await problems(endpointWith('    schedule: { windows: [ { between: ["9am", "17:00"] } ] }'));
    expect(issues).toEqual([expect.stringMatching(/^endpoints\[0\]\.schedule\.windows\[0\]\.between\[0\]: expected a time like "09:00"/)]);
  });

  it('refuses a corrupt fault without a mode', async () => {
    expect(await problems(endpointWith('    errors: [ { rate: 0.1, kind: corrupt } ]'))).toEqual([
      'endpoints[0].errors[0]: a corrupt fault needs one of truncate, replace, garbage, invalidJson (b.yaml:5:15)',
    ]);
  });
});
