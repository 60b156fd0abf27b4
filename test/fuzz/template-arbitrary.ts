import fc from 'fast-check';
import { templateHelperNames } from '../../src/plan/templates/index.js';

const paths = fc.constantFrom(
  'request.params.id',
  'request.body.name',
  'request.body.list',
  'request.body.n',
  'request.query.q',
  'request.headers.x-tenant',
  'request.body',
  'this',
  '@index',
  '@root.request.method',
  '../request',
  'request.constructor',
  'request.__proto__',
  'request.body.constructor.constructor',
  'missing.deep.path',
);

const literal = fc.oneof(
  fc.integer({ min: -3, max: 20 }).map(String),
  fc.constantFrom(
    '1.5',
    'true',
    'null',
    'undefined',
    '"person.fullName"',
    '"date.past"',
    '"internet.email"',
    '"yyyy-MM-dd"',
    '"-30d"',
    '"a"',
    '""',
    '"constructor"',
    '"__proto__"',
  ),
  fc.string({ maxLength: 5 }).map((text) => JSON.stringify(text)),
);

const argument: fc.Arbitrary<string> = fc.letrec((tie) => ({
  argument: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    literal,
    paths,
    fc.tuple(fc.constantFrom(...templateHelperNames), fc.array(tie('argument'), { maxLength: 2 })).map(([name, args]) => `(${[name, ...args].join(' ')})`),
  ),
})).argument;

const call = fc
  .tuple(
    fc.constantFrom(...templateHelperNames, 'nope', 'lookup', 'log'),
    fc.array(argument, { maxLength: 3 }),
    fc.option(fc.tuple(fc.constantFrom('separator', 'offset', 'format', 'scope', 'decimals', 'by'), argument)),
  )
  .map(([name, args, hash]) => `{{${[name, ...args, ...(hash ? [`${hash[0]}=${hash[1]}`] : [])].join(' ')}}}`);

const junk = fc.constantFrom(
  '{{',
  '}}',
  '{{{',
  '}}}',
  '{{/if}}',
  '{{#',
  '{{!-- ',
  ' --}}',
  '{{> part}}',
  '{{else}}',
  '{{{{raw}}}}',
  '\\{{x}}',
  '{"a":{{json request.body}}}',
  '{{@root}}',
);

/** Repeat counts: nested, large ones run into the render budget. */
const repeatCount = fc.integer({ min: 0, max: 5_000 });

/** Template text: literal text, paths, helper calls, blocks (if, unless, each, with, repeat) nested a few deep, and broken syntax. */
export const templateSource: fc.Arbitrary<string> = fc.letrec((tie) => ({
  body: fc.array(tie('part'), { maxLength: 5 }).map((parts) => parts.join('')),
  part: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.string({ maxLength: 8 }),
    paths.map((path) => `{{${path}}}`),
    call,
    junk,
    fc
      .tuple(fc.constantFrom('if', 'unless', 'each', 'with'), argument, tie('body'), fc.option(tie('body')))
      .map(([block, arg, inner, otherwise]) => `{{#${block} ${arg}}}${inner}${otherwise === null ? '' : `{{else}}${otherwise}`}{{/${block}}}`),
    fc
      .tuple(repeatCount, tie('body'), fc.constantFrom('', ' separator=","'))
      .map(([count, inner, separator]) => `{{#repeat ${count}${separator}}}${inner}{{/repeat}}`),
  ),
})).body as fc.Arbitrary<string>;
