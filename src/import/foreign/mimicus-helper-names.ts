/**
 * Helper names our template engine knows (README, Templates), plus Handlebars' built-ins. Kept as
 * a list here because the import zone does not reach into plan/; a test checks it against
 * plan's `templateHelperNames` so the two cannot drift.
 */
export const MIMICUS_HELPER_NAMES: ReadonlySet<string> = new Set([
  'faker',
  'uuid',
  'randomInt',
  'randomFloat',
  'pick',
  'now',
  'date',
  'dateAdd',
  'jsonPath',
  'json',
  'default',
  'array',
  'jsonValue',
  'object',
  'append',
  'size',
  'state.get',
  'state.set',
  'state.inc',
  'state.delete',
  'sequence',
  'workflowState',
  'upper',
  'lower',
  'base64',
  'base64Decode',
  'md5',
  'sha256',
  'math',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'and',
  'or',
  'not',
  'repeat',
]);

export const HANDLEBARS_BUILTINS: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);
