import { isDeepStrictEqual } from 'node:util';
import type { Config, ConfigIssue } from '../config/index.js';

/**
 * A config sent by an admin API client (PUT, endpoint edits, import) may not change which files
 * Mimicus reads: `include` and `server.fileRoots` are kept as the served config has them. (A
 * restore may: it brings back a version Mimicus recorded, which such a client could not have made.)
 * Otherwise anyone who may write through the API could read any file on the machine (a
 * `fileRoots: [/]` and a bodyFile), and an `include` written back to the file would be followed at
 * the next start. Both stay editable in the config file itself.
 */
export function findFileReachChanges(served: Config, candidate: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!isDeepStrictEqual(candidate.include, served.include)) {
    issues.push({
      path: 'include',
      message: 'cannot be set or changed through the admin API, since it makes Mimicus read other files; edit the config file instead',
    });
  }
  if (!isDeepStrictEqual(candidate.server?.fileRoots, served.server?.fileRoots)) {
    issues.push({
      path: 'server.fileRoots',
      message: 'cannot be set or changed through the admin API, since it widens which files Mimicus may read; edit the config file instead',
    });
  }
  return issues;
}
