/** The weekday names of the config, in bit order (bit 0 = Monday). */
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * One `days` entry as a weekday bitmask: a day ("sat") or a range ("mon-fri"). A range runs forward
 * through the week and wraps past Sunday ("fri-mon" is Friday to Monday); "mon-mon" is just Monday.
 * Undefined when the text is not a day or range (the schema rejects those first).
 */
export function parseDays(text: string): number | undefined {
  const [first, last = first, ...rest] = text.split('-');
  if (rest.length > 0) return undefined;
  const from = DAY_NAMES.indexOf(first as (typeof DAY_NAMES)[number]);
  const to = DAY_NAMES.indexOf(last as (typeof DAY_NAMES)[number]);
  if (from < 0 || to < 0) return undefined;
  let mask = 0;
  for (let day = from; ; day = (day + 1) % 7) {
    mask |= 1 << day;
    if (day === to) return mask;
  }
}
