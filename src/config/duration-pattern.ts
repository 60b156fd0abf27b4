/**
 * A duration written as text: a number and an optional unit. Kept apart from duration-schema.ts,
 * which builds the TypeBox schema: what runs (CLI options, the admin API) needs the pattern only,
 * and importing TypeBox costs about 5 MiB of RSS once settled (more right after loading it).
 */
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s|m|h)?\\s*$';
