/** One step up: takes a config of version `from` and returns it as version `from + 1`. */
export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * The migration registry, keyed by the version a step starts from. Version 2 is the first
 * published format, so it is empty; a version-3 format adds `2: migrateV2ToV3` here, with the
 * function in its own file (`v2-to-v3.ts`) and a test beside it.
 */
export const migrations: Readonly<Record<number, Migration>> = {};
