import fc from 'fast-check';

/** One segment of a generated template, with how to make a matching path segment and the params it yields. */
export type TemplateSegment =
  | { kind: 'static'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'digits'; name: string }
  | { kind: 'animal'; name: string }
  | { kind: 'mixed'; first: string; second: string }
  | { kind: 'star' }
  | { kind: 'globstar' };

const staticText = fc.stringMatching(/^[a-z0-9._~-][a-z0-9._~:-]{0,7}$/).filter((text) => text !== '*' && text !== '**');
/** A decoded segment value: anything but "/" (the router splits on it), never empty. */
const segmentValue = fc.string({ minLength: 1, maxLength: 10, unit: 'grapheme' }).filter((text) => !text.includes('/'));
const valuePiece = fc.string({ maxLength: 4, unit: 'grapheme' }).filter((text) => !text.includes('/'));
/**
 * A value the template's regex reads with `.`: the second param of a mixed segment, and the rest
 * of a "**". Often with a line terminator inside, where a `.` that is not dot-all stops.
 */
const dotValue = fc.oneof(
  segmentValue,
  fc.tuple(valuePiece, fc.constantFrom('\n', '\r', '\u2028', '\u2029'), valuePiece).map(([before, terminator, after]) => `${before}${terminator}${after}`),
);

/** Well-formed templates: every kind of segment, "**" only last, unique names. */
export const templateSegments: fc.Arbitrary<TemplateSegment[]> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: staticText.map((text): TemplateSegment => ({ kind: 'static', text })) },
        ...(['param', 'digits', 'animal', 'mixed', 'star'] as const).map((kind) => ({ weight: 1, arbitrary: fc.constant(kind) })),
      ),
      { maxLength: 6 },
    ),
    fc.boolean(),
  )
  .map(([parts, globstar]) => {
    const segments = parts.map((part, i): TemplateSegment => {
      if (typeof part !== 'string') return part;
      if (part === 'mixed') return { kind: 'mixed', first: `a${i}`, second: `b${i}` };
      if (part === 'star') return { kind: 'star' };
      return { kind: part, name: `p${i}` };
    });
    return globstar ? [...segments, { kind: 'globstar' } as const] : segments;
  });

export function templateText(segments: readonly TemplateSegment[]): string {
  const text = segments
    .map((segment) => {
      switch (segment.kind) {
        case 'static':
          return segment.text;
        case 'param':
          return `{${segment.name}}`;
        case 'digits':
          return `{${segment.name}:[0-9]+}`;
        case 'animal':
          return `{${segment.name}:(cat|dog)}`;
        case 'mixed':
          return `{${segment.first}}.{${segment.second}}`;
        case 'star':
          return '*';
        case 'globstar':
          return '**';
      }
    })
    .join('/');
  return `/${text}`;
}

/** A decoded request path that matches `segments`, and the params a match must yield. */
export function matchingPath(segments: readonly TemplateSegment[]): fc.Arbitrary<{ path: string; params: Record<string, string> }> {
  const parts = segments.map((segment): fc.Arbitrary<[string, Record<string, string>]> => {
    switch (segment.kind) {
      case 'static':
        return fc.constant([segment.text, {}]);
      case 'param':
        return segmentValue.map((value) => [value, { [segment.name]: value }]);
      case 'digits':
        return fc.stringMatching(/^[0-9]{1,6}$/).map((value) => [value, { [segment.name]: value }]);
      case 'animal':
        return fc.constantFrom('cat', 'dog').map((value) => [value, { [segment.name]: value }]);
      case 'mixed':
        // the first param is lazy: it ends at the first dot
        return fc
          .tuple(fc.stringMatching(/^[a-z0-9]{1,5}$/), dotValue)
          .map(([first, second]) => [`${first}.${second}`, { [segment.first]: first, [segment.second]: second }]);
      case 'star':
        return segmentValue.map((value) => [value, {}]);
      case 'globstar':
        return fc.array(dotValue, { maxLength: 3 }).map((rest) => [rest.join('/'), { '*': rest.join('/') }]);
    }
  });
  return fc.tuple(...parts).map((pieces) => {
    const params = Object.assign({}, ...pieces.map(([, p]) => p)) as Record<string, string>;
    const path = `/${pieces
      .map(([text]) => text)
      .filter((text, i) => text !== '' || segments[i]?.kind !== 'globstar')
      .join('/')}`;
    return { path, params };
  });
}

/** Text built from the characters templates are made of: mostly malformed, sometimes not. */
export const templateSoup: fc.Arbitrary<string> = fc
  .array(fc.constantFrom('/', '/', '{', '}', ':', '*', '**', 'a', 'id', '9', '.', '-', '\\', '[0-9]+', '(', ')', '|', '+', '?', '^', '$', '{3}', '%2F', ' '), {
    maxLength: 24,
  })
  .map((parts) => parts.join(''));
