import type { ConfigIssue } from './result.js';

/**
 * Orders issues as a reader meets them: by file (in the order given, else by name), line and
 * column; issues without a location come last, by path. Stable for equal keys.
 */
export function sortIssues(issues: readonly ConfigIssue[], fileOrder: readonly string[] = []): ConfigIssue[] {
  const rank = (file: string) => {
    const i = fileOrder.indexOf(file);
    return i === -1 ? fileOrder.length : i;
  };
  return [...issues].sort((a, b) => {
    if (a.location && b.location) {
      return (
        rank(a.location.file) - rank(b.location.file) ||
        a.location.file.localeCompare(b.location.file) ||
        a.location.line - b.location.line ||
        a.location.column - b.location.column
      );
    }
    if (a.location) return -1;
    if (b.location) return 1;
    // numeric: endpoints[2] before endpoints[10]
    return a.path.localeCompare(b.path, 'en', { numeric: true });
  });
}
