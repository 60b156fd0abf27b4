/** `GET /api/versions` items. */
export interface VersionMeta {
  readonly id: number;
  readonly author: string;
  readonly timestamp: string;
  readonly message?: string;
  readonly summary: string;
}

export interface VersionList {
  readonly items: readonly VersionMeta[];
  readonly nextBefore?: number;
}

export interface DiffEntry {
  readonly op: 'added' | 'removed' | 'changed';
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** `GET /api/versions/{id}?against=`: the fields the page reads. */
export interface VersionDetail extends VersionMeta {
  readonly previousId: number | null;
  readonly againstId?: number;
  readonly diff: readonly DiffEntry[];
}
