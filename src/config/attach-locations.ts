import type { LoadedConfig } from './loaded-config.js';
import type { ConfigIssue } from './result.js';

/**
 * Fills `location` (and each `related[].location`) from the loaded config's source map, for
 * issues found by other zones with paths only (route conflicts, template errors). Locations
 * already set are kept.
 */
export function attachLocations(issues: readonly ConfigIssue[], loaded: Pick<LoadedConfig, 'locate'>): ConfigIssue[] {
  return issues.map((issue) => {
    const location = issue.location ?? loaded.locate(issue.path);
    const related = issue.related?.map((other) => {
      const otherLocation = other.location ?? loaded.locate(other.path);
      return otherLocation ? { ...other, location: otherLocation } : other;
    });
    return { ...issue, ...(location ? { location } : {}), ...(related ? { related } : {}) };
  });
}
