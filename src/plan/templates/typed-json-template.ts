import { templateHelperNames } from './create-template-engine.js';

/** A string that is one `{{…}}` and nothing else (not a block, comment, partial or triple-stash). */
const SINGLE_EXPRESSION = /^\{\{(?![{#/!>^&~])([^{}]+)\}\}$/;
const helperNames: ReadonlySet<string> = new Set(templateHelperNames);

/**
 * The template text of a templated `json:` body. A string that is exactly one `{{…}}` expression
 * renders as a JSON value of its own type (`id: "{{request.params.id}}"` gives `"id": 42`, a
 * `state.get` object stays an object); any other string renders as text inside its quotes, as
 * before. Without this a `json:` template could only produce strings.
 */
export function typedJsonTemplate(json: unknown): string {
  const expressions: string[] = [];
  const marked = mark(json, expressions);
  // JSON.stringify escaped the quotes of string arguments inside `{{ }}` (`{{sequence \"orders\"}}`),
  // which Handlebars cannot parse: give the template back the text the user wrote there.
  const text = JSON.stringify(marked).replace(/\{\{[^]*?\}\}/g, (call) => call.replace(/\\(["\\])/g, '$1'));
  // A leaf closing an object would end in "}}}", a triple-stash: a space keeps them apart in the
  // template, and "~}}" strips it from the output.
  return text.replace(/"\\u0000typed(\d+)\\u0000"/g, (match, index: string, offset: number) =>
    text[offset + match.length] === '}' ? `{{jsonValue ${expressions[Number(index)]}~}} ` : `{{jsonValue ${expressions[Number(index)]}}}`,
  );
}

function mark(value: unknown, expressions: string[]): unknown {
  if (typeof value === 'string') {
    const single = SINGLE_EXPRESSION.exec(value);
    if (!single) return value;
    expressions.push(asArgument(single[1]!.trim()));
    return `\u0000typed${expressions.length - 1}\u0000`;
  }
  if (Array.isArray(value)) return value.map((item) => mark(item, expressions));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mark(item, expressions)]));
  }
  return value;
}

/** `request.params.id` stays a path; a helper call (`uuid`, `faker "x"`, `state.get "k"`) becomes a subexpression. */
function asArgument(expression: string): string {
  const words = expression.match(/"[^"]*"|'[^']*'|\S+/g) ?? [expression];
  return words.length > 1 || helperNames.has(expression) ? `(${expression})` : expression;
}
