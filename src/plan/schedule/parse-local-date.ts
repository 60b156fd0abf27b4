const DAY_MS = 86_400_000;

/**
 * A "YYYY-MM-DD" calendar date as a day number counted from 1970-01-01 (the date itself, with no
 * zone: it is compared with local day numbers). Undefined when malformed or not on the calendar,
 * e.g. 2026-02-30, which Date would silently roll over to March 2.
 */
export function parseLocalDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.getTime() / DAY_MS;
}
