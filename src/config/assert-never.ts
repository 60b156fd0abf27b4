/**
 * The `default:` of an exhaustive switch over a discriminated union: it compiles only when every
 * variant is handled, and throws (a bug) if a value the types ruled out arrives anyway. `what`
 * names the union in the message ("delivery", "responder").
 */
export function assertNever(value: never, what = 'variant'): never {
  throw new Error(`unexpected ${what} ${JSON.stringify(value)}`);
}
