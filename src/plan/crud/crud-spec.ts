/**
 * A compiled `crud` block: a REST collection kept in the StateStore. The endpoint's path is the
 * collection's base (`/api/users`); the plan registers it as `<base>/**`, and the engine hands the
 * rest of the path (`''` for the collection, `'42'` for one item) to the CRUD handler.
 */
export interface CrudSpec {
  readonly collection: string;
  /** Field that holds each item's id (default "id"). */
  readonly keyField: string;
  /** One collection for everyone (global), or one per session, client or endpoint. */
  readonly scope: 'global' | 'session' | 'client' | 'endpoint';
  /** Items loaded into an empty collection at start-up (from `seed:`, a JSON array). */
  readonly seed: readonly Record<string, unknown>[];
  /** Validates a created or replaced item (JSON Schema, compiled once); undefined when none was given. */
  readonly validate: ((item: unknown) => { ok: true } | { ok: false; errors: { path: string; message: string }[] }) | undefined;
}
