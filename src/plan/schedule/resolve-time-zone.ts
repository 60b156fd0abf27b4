import { distance } from 'fastest-levenshtein';
import { err, ok, type ConfigIssue, type Result } from '../../config/index.js';

/**
 * The canonical name of an IANA time zone ("europe/berlin" → "Europe/Berlin", "Etc/UTC" → "UTC"),
 * or an issue at `path` naming the closest known zone when the name looks like a typo.
 */
export function resolveTimeZone(name: string, path: string): Result<string, ConfigIssue> {
  try {
    return ok(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone);
  } catch (error) {
    // Intl's only way to say "no such zone" is a RangeError; anything else is a bug.
    if (!(error instanceof RangeError)) throw error;
  }
  const suggestion = nearestTimeZone(name);
  const hint = suggestion ? `did you mean "${suggestion}"?` : 'expected an IANA name like "Europe/Berlin" or "UTC"';
  return err({ path, message: `unknown time zone "${name}" (${hint})` });
}

/**
 * The known zone closest to `name`, when close enough to be a typo (an edit distance of at most a
 * third of the name). A bare city ("Berlin") is also compared with each zone's last segment.
 */
function nearestTimeZone(name: string): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 3)) + 1;
  // supportedValuesOf lists canonical zones only, without UTC itself.
  for (const zone of ['UTC', ...Intl.supportedValuesOf('timeZone')]) {
    const candidate = zone.toLowerCase();
    const city = candidate.slice(candidate.lastIndexOf('/') + 1);
    const d = Math.min(distance(wanted, candidate), wanted.includes('/') ? Infinity : distance(wanted, city));
    if (d < bestDistance) {
      best = zone;
      bestDistance = d;
    }
  }
  return best;
}
