import { isAbsolute, relative } from 'node:path';
import type { ConfigIssue, SourceLocation } from './result.js';

/**
 * One line for a person: `endpoints[3].response.status: must be an integer 100-599 (mimicus.yaml:42:7)`,
 * with `; see also file:line:col` for related places. Files are shown relative to `cwd`
 * (default: the process's) when they are inside it.
 */
export function formatIssue(issue: ConfigIssue, options: { cwd?: string } = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const places = [
    ...(issue.location ? [place(issue.location, cwd)] : []),
    ...(issue.related ?? []).map((other) => `see also ${other.location ? place(other.location, cwd) : other.path}`),
  ];
  const head = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
  return places.length > 0 ? `${head} (${places.join('; ')})` : head;
}

function place(location: SourceLocation, cwd: string): string {
  return `${shownFile(location.file, cwd)}:${location.line}:${location.column}`;
}

function shownFile(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const fromCwd = relative(cwd, file);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : file;
}
