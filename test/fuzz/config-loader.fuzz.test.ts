/**
 * The config loader's doors (parseConfigText, loadConfigFile, validateConfigObject) on hostile
 * text and hostile data: each returns a Result whose issues are well formed, never throws, and
 * finishes within the per-input limit. A config that validates also compiles to a Plan or to
 * issues: validation must not let through what the plan builder throws on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect } from 'vitest';
import { loadConfigFile, parseConfigText, validateConfigObject, type ConfigIssue, type Result } from '../../src/config/index.js';
import { compilePlan } from '../../src/plan/index.js';
import { fuzzIt } from './fuzz-it.js';
import { templateSegments, templateText } from './path-template-arbitrary.js';
import { predicate } from './predicate-arbitrary.js';
import { withinTime, withinTimeAsync } from './within-time.js';

const examples = ['quickstart', 'behaviors', 'crud', 'shop'].map((name) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'examples', `${name}.yaml`), 'utf8'),
);
const env = { PORT: '8080' };
// The first validation compiles the schema (over a second on a busy machine): not an input's cost.
parseConfigText(examples[0] ?? '', { env });

function expectWellFormed(result: Result<unknown, ConfigIssue[]>): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(result.error.length).toBeGreaterThan(0);
  for (const issue of result.error) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
}

const parse = (text: string, format: 'yaml' | 'json') =>
  withinTime(`parseConfigText (${format}, ${text.length} chars)`, () => parseConfigText(text, { format, env }));

/** YAML made of its own syntax: indentation, flow collections, anchors, aliases, tags, quotes, env refs. */
const yamlSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '\n',
        '\n  ',
        '\n    ',
        '- ',
        ': ',
        'version: 2',
        'endpoints:',
        'id: a',
        'path: /a',
        'response:',
        'status: 200',
        'json: ',
        'body: ',
        'match:',
        'regex: ',
        'include: ',
      ),
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        ',',
        '&a ',
        '*a',
        '&b ',
        '*b',
        '<<: *a',
        '!!str ',
        '!!binary ',
        '!!js/function ',
        '? ',
        '|',
        '>-',
        '"',
        "'",
        '#',
        '---',
        '...',
        '%YAML 1.2',
        '${PORT}',
        '${X:-1}',
        '${',
        '\t',
        '\u0000',
        '\uFEFF',
      ),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** A valid example with a few edits: deletions, insertions and swaps of characters or lines. */
const mutatedExample = fc
  .tuple(
    fc.constantFrom(...examples),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('{', '"', '\n', '  ', '*a', '&a ', ': ', '- '))), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((out, [at, cut, insert]) => out.slice(0, at % (out.length + 1)) + insert + out.slice((at % (out.length + 1)) + cut), text),
  );

/**
 * Exponential alias expansion, bounded (at most 9^5 leaves) so a failure costs seconds, not the
 * machine; while the class is known open, only expansions that are harmless today (≤ 9^3).
 */
const aliasBomb = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 9 })).map(([depth, fan]) => {
  let text = 'version: 2\nx0: &a0 ["lol"]\n';
  for (let i = 1; i <= depth; i++) text += `x${i}: &a${i} [${Array.from({ length: fan }, () => `*a${i - 1}`).join(',')}]\n`;
  return `${text}endpoints: [{ id: a, path: /a, response: { json: *a${depth} } }]\n`;
});

const deepJson = fc.oneof(
  fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `{"version":2,"endpoints":[{"id":"a","path":"/a","response":{"json":${open.repeat(depth)}1${close.repeat(depth)}}}]}`;
  }),
  // YAML block nesting: lists opened on one line (`- - - x`), or maps by indentation
  fc.tuple(fc.integer({ min: 100, max: 5_000 }), fc.boolean()).map(([depth, compact]) => {
    const nested = compact ? `${'- '.repeat(depth)}x` : Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    return `version: 2\nendpoints:\n  - id: a\n    path: /a\n    response:\n      json:\n${nested.replace(/^/gm, '        ')} 1\n`;
  }),
);

const response = fc.oneof(
  fc.record(
    { status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer(), fc.string({ maxLength: 3 })), json: fc.jsonValue({ maxDepth: 2 }) },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      body: fc.string({ maxLength: 20 }),
      template: fc.boolean(),
      headers: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer())),
    },
    { requiredKeys: ['body'] },
  ),
  fc.anything({ maxDepth: 2 }),
);

const endpoint = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.string({ maxLength: 4 })),
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'PATCH', 'get', 'CONNECT', 'BREW'), fc.anything({ maxDepth: 0 })),
    path: fc.oneof(templateSegments.map(templateText), fc.string({ maxLength: 8 })),
    priority: fc.integer({ min: -5, max: 5 }),
    match: fc.record(
      {
        headers: fc.dictionary(fc.constantFrom('x-tenant', 'accept'), predicate, { maxKeys: 2 }),
        body: predicate,
        query: fc.dictionary(fc.string({ maxLength: 3 }), predicate, { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    ),
    response,
    latency: fc.oneof(fc.record({ fixed: fc.constantFrom('1ms', '0ms', '-1ms', '2d', 'soon', 5) }), fc.anything({ maxDepth: 1 })),
    crud: fc.record({ collection: fc.stringMatching(/^[a-z]{1,5}$/), key: fc.constantFrom('id', 'sku', '') }, { requiredKeys: ['collection'] }),
  },
  { requiredKeys: ['id', 'path'] },
);

const configObject = fc.record(
  {
    version: fc.oneof({ weight: 5, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: fc.anything({ maxDepth: 0 }) }),
    server: fc.record(
      {
        port: fc.oneof(fc.integer({ min: -1, max: 70_000 }), fc.string({ maxLength: 4 })),
        maxBodySize: fc.constantFrom('1MB', '0B', '1PB', 'x'),
        keepAliveTimeout: fc.constantFrom('1s', '0s', 'x'),
      },
      { requiredKeys: [] },
    ),
    endpoints: fc.array(endpoint, { maxLength: 4 }),
    include: fc.array(fc.string({ maxLength: 6 }), { maxLength: 1 }),
  },
  { requiredKeys: ['version'] },
);

const runs = 60;

describe('config loader', () => {
  fuzzIt(
    'config/text',
    'any text, read as YAML or JSON, gives a well-formed Result',
    () =>
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), fc.constantFrom('yaml', 'json'), (text, format) => {
        expectWellFormed(parse(text, format as 'yaml' | 'json'));
      }),
    { runs },
  );

  fuzzIt(
    'config/yaml-soup',
    'YAML syntax soup (anchors, aliases, tags, env refs) gives a well-formed Result',
    () => fc.property(yamlSoup, (text) => expectWellFormed(parse(text, 'yaml'))),
    { runs },
  );

  fuzzIt(
    'config/mutated-example',
    'an edited example config gives a well-formed Result',
    () => fc.property(mutatedExample, (text) => expectWellFormed(parse(text, 'yaml'))),
    { runs: 40 },
  );

  fuzzIt(
    'config/alias-bomb',
    'exponential YAML aliases are refused or read within the time limit',
    () => fc.property(aliasBomb, (text) => expectWellFormed(parse(text, 'yaml'))),
    { runs: 10 },
  );

  fuzzIt(
    'config/deep-json',
    'deeply nested JSON or YAML gives issues, not a stack overflow or a crash',
    () => fc.property(deepJson, fc.constantFrom('yaml', 'json'), (text, format) => expectWellFormed(parse(text, format as 'yaml' | 'json'))),
    { runs: 10 },
  );

  fuzzIt(
    'config/object',
    'config-shaped data validates to a Result, the same as its JSON text',
    () =>
      fc.property(configObject, (raw) => {
        const fromObject = withinTime('validateConfigObject', () => validateConfigObject(structuredClone(raw)));
        expectWellFormed(fromObject);
        const fromText = parse(JSON.stringify(raw), 'json');
        expectWellFormed(fromText);
        // includes are refused in a text, so only an include-free config must agree
        if (raw.include === undefined) expect(fromText.ok).toBe(fromObject.ok);
      }),
    { runs },
  );

  fuzzIt(
    'config/deep-predicate',
    'a deep chain of `not` predicates gives issues, not a stack overflow',
    () =>
      fc.property(fc.integer({ min: 10, max: 5_000 }), (depth) => {
        let body: unknown = { equals: 1 };
        for (let i = 0; i < depth; i++) body = { not: body };
        expectWellFormed(withinTime('validateConfigObject', () => validateConfigObject({ version: 2, endpoints: [{ id: 'a', path: '/a', match: { body } }] })));
      }),
    { runs: 10 },
  );

  fuzzIt(
    'config/compile',
    'a config that validates compiles to a Plan or to issues, reading no file',
    () =>
      fc.asyncProperty(configObject, async (raw) => {
        const validated = validateConfigObject(structuredClone(raw));
        // fast-check fails the property when too few generated configs validate, so it cannot pass vacuously
        fc.pre(validated.ok);
        if (!validated.ok) return;
        const readFile = (path: string) => Promise.resolve({ ok: false as const, error: `fuzz: no file reads (${path})` });
        const plan = await withinTimeAsync('compilePlan', () =>
          compilePlan({ config: validated.value, baseDir: tmpdir() }, { readFile, now: () => 0, seed: 1 }),
        );
        expectWellFormed(plan);
      }),
    { runs },
  );

  const dir = mkdtempSync(join(tmpdir(), 'mimicus-fuzz-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let fileCount = 0;

  fuzzIt(
    'config/file',
    'loadConfigFile on an edited example with includes of its own directory gives a well-formed Result',
    () =>
      fc.asyncProperty(
        mutatedExample,
        fc.constantFrom('yaml', 'json'),
        fc.array(fc.constantFrom('*.yaml', 'part.yaml', '../x.yaml', '**/*.json', '[', ''), { maxLength: 2 }),
        async (text, extension, includes) => {
          const file = join(dir, `config-${fileCount++}.${extension}`);
          writeFileSync(join(dir, 'part.yaml'), 'endpoints: [{ id: part, path: /part, response: { status: 204 } }]\n');
          writeFileSync(file, includes.length > 0 ? `include: ${JSON.stringify(includes)}\n${text}` : text);
          // Removed after each run: a 5-minute run left thousands of configs that `**/*.json` then
          // included, and the load's time limit measured the pile, not the loader.
          try {
            expectWellFormed(await withinTimeAsync('loadConfigFile', () => loadConfigFile(file, { env })));
          } finally {
            rmSync(file, { force: true });
          }
        },
      ),
    { runs: 30 },
  );
});
