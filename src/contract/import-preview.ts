import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';

const SourcedMessage = Type.Object({
  source: Type.String({ description: 'where in the input, e.g. `paths./pets/{id}.get.responses.200`' }),
  message: Type.String(),
});

/**
 * `POST /api/import?format=openapi|…` (a foreign format): what the import gives, before (`dryRun=true`)
 * or as (`version`) it is applied.
 */
export const ImportPreviewSchema = Type.Object({
  dryRun: Type.Boolean(),
  format: Type.String(),
  /** The endpoints the import adds (after conflicts are left out). */
  endpoints: listOf(Type.Object({ id: Type.String(), method: Type.String(), path: Type.String() })),
  warnings: listOf(SourcedMessage),
  skipped: listOf(Type.Object({ source: Type.String(), reason: Type.String() })),
  conflicts: listOf(
    Type.Object({
      id: Type.String({ description: 'the imported endpoint left out' }),
      existing: Type.String({ description: 'the endpoint of the current config it clashes with' }),
      reason: Type.String(),
    }),
  ),
  details: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  /** The version recorded when applied. */
  version: Type.Optional(Type.Object({ id: Type.Integer() }, { additionalProperties: true })),
});
export type ImportPreview = Static<typeof ImportPreviewSchema>;

/** The import's failure: the input could not be read as the format (every error with its place). */
export const ImportFailureSchema = Type.Object({
  errors: listOf(Type.Object({ source: Type.String(), message: Type.String(), line: Type.Optional(Type.Integer()), column: Type.Optional(Type.Integer()) })),
});
