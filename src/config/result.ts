/** An expected outcome as a value: pure logic returns this instead of throwing. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** Where a problem sits in a config file, when it came from one. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * One problem found in a config. `path` is the JSON path in dotted form with indexes
 * (`endpoints[3].response.status`); `location` is filled in when the config came from a file.
 */
export interface ConfigIssue {
  path: string;
  message: string;
  location?: SourceLocation;
  /** Other places the problem involves, e.g. the endpoint a conflicting one clashes with. */
  related?: { path: string; location?: SourceLocation }[];
  /**
   * `conflict` marks a clash between two otherwise valid parts (two endpoints answering the same
   * requests, two workflows overriding the same block), so an API can answer 409 instead of 400.
   */
  code?: 'conflict';
}
