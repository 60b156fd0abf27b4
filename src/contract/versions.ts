import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';

/** One applied config change, as `GET /api/versions` lists it. */
export const VersionMetaSchema = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'increasing from 1; never reused' }),
  author: Type.String({ description: "the API key's name, `anonymous`, `startup`, or `programmatic` for `reload()`" }),
  timestamp: Type.String({ format: 'date-time' }),
  message: Type.Optional(Type.String()),
  summary: Type.String({ description: 'one line, e.g. `endpoints: +orders-create, ~users-get, -legacy; server changed`' }),
});
export type VersionMeta = Static<typeof VersionMetaSchema>;

/** `GET /api/versions`: newest first; page with `before=<nextBefore>`. */
export const VersionListSchema = Type.Object({
  items: listOf(VersionMetaSchema),
  nextBefore: Type.Optional(Type.Integer()),
});
export type VersionList = Static<typeof VersionListSchema>;

/** `POST /api/versions/{id}/restore` and `POST /api/import`: the version the change recorded. */
export const RecordedVersionSchema = Type.Object({
  version: Type.Optional(VersionMetaSchema),
  unchanged: Type.Optional(
    Type.Boolean({ description: 'true when the config equals the one served: nothing was recorded, and `version` is the one serving it' }),
  ),
  restartNeeded: Type.Optional(
    listOf(Type.String(), { description: 'settings read once at start that the change sets (e.g. `server.port`): they apply at the next start' }),
  ),
});
export type RecordedVersion = Static<typeof RecordedVersionSchema>;

/** One changed path between two configs. */
export const ConfigChangeSchema = Type.Union([
  Type.Object({ op: Type.Literal('added'), path: Type.String(), after: Type.Unknown() }),
  Type.Object({ op: Type.Literal('removed'), path: Type.String(), before: Type.Unknown() }),
  Type.Object({ op: Type.Literal('changed'), path: Type.String(), before: Type.Unknown(), after: Type.Unknown() }),
]);
export type ConfigChange = Static<typeof ConfigChangeSchema>;

/**
 * `GET /api/versions/{id}`: the version, its config snapshot (API key secrets redacted) and the
 * changed paths against the version before it, or against `?against=`.
 */
export const VersionDetailSchema = Type.Object({
  ...VersionMetaSchema.properties,
  snapshot: Type.Record(Type.String(), Type.Unknown(), { description: 'the config this version served (a Mimicus config, version 2)' }),
  previousId: Type.Union([Type.Integer(), Type.Null()]),
  againstId: Type.Optional(Type.Integer()),
  diff: listOf(ConfigChangeSchema),
});
export type VersionDetail = Static<typeof VersionDetailSchema>;
