import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';

const IssuePlaceSchema = Type.Object({
  file: Type.String(),
  line: Type.Integer(),
  column: Type.Integer(),
});

/** One problem in a config, as the admin API lists it (src/config's ConfigIssue, plus the `id` the API names). */
export const ConfigIssueSchema = Type.Object({
  path: Type.String({ description: 'dotted JSON path with indexes, e.g. endpoints[3].response.status' }),
  message: Type.String(),
  location: Type.Optional(IssuePlaceSchema),
  code: Type.Optional(Type.Literal('conflict', { description: 'a clash between two otherwise valid parts (answered with 409)' })),
  id: Type.Optional(Type.String({ description: 'the endpoint or workflow the path points into' })),
  related: Type.Optional(
    listOf(
      Type.Object({
        path: Type.String(),
        location: Type.Optional(IssuePlaceSchema),
        id: Type.Optional(Type.String()),
      }),
      { description: 'other places the problem involves, e.g. the endpoint a conflicting one clashes with' },
    ),
  ),
});
export type ConfigIssueBody = Static<typeof ConfigIssueSchema>;

/** `POST /api/config/validate`: every issue of a candidate config; nothing is applied. */
export const ConfigCheckSchema = Type.Object({ valid: Type.Boolean(), issues: listOf(ConfigIssueSchema) });
export type ConfigCheck = Static<typeof ConfigCheckSchema>;

/** An RFC 9457 problem document (`application/problem+json`), as every admin API error answers. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'AREA_PROBLEM, listed in docs/errors.md' }),
    detail: Type.Optional(Type.String()),
    issues: Type.Optional(listOf(ConfigIssueSchema, { description: 'CONFIG_INVALID and CONFIG_CONFLICT: every problem found' })),
  },
  { additionalProperties: true },
);
export type Problem = Static<typeof ProblemSchema>;
