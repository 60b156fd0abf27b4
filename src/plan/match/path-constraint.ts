import { compilePattern } from '../../config/index.js';

/**
 * A `{name:regex}` constraint rewritten so it can be embedded in a larger segment regex:
 * anchors the user added out of habit are dropped (we anchor the whole segment ourselves) and
 * capturing groups become non-capturing, so that the groups of the segment regex are exactly
 * its parameters, in order.
 */
export type PathConstraint = { ok: true; source: string } | { ok: false; message: string };

export function rewritePathConstraint(raw: string): PathConstraint {
  let body = raw;
  if (body.startsWith('^')) body = body.slice(1);
  if (body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
  if (body.length === 0) return { ok: false, message: 'empty constraint regex' };

  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      // A backreference would point at a group number that changes once we combine segments.
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) {
        return { ok: false, message: `backreferences are not supported in path constraints ("${raw}")` };
      }
      out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      continue;
    }
    if (ch === '(') {
      const rest = body.slice(i + 1);
      const named = rest.startsWith('?P<') ? 1 : rest.startsWith('?<') && !rest.startsWith('?<=') && !rest.startsWith('?<!') ? 0 : -1;
      if (named >= 0) {
        // named group (JavaScript's `(?<n>` or RE2's `(?P<n>`): drop the name, keep the grouping
        const close = rest.indexOf('>');
        if (close === -1) return { ok: false, message: `invalid constraint regex "${raw}"` };
        out += '(?:';
        i += close + 1;
        continue;
      }
      out += rest.startsWith('?') ? '(' : '(?:';
      continue;
    }
    out += ch;
  }

  // RE2 syntax, as every config regex: the segment it runs on comes from any client. Dot-all, as
  // the segment regex it is embedded in (parsePathTemplate).
  const compiled = compilePattern(`^(?:${out})$`, { flags: 's' });
  if (!compiled.ok) return { ok: false, message: `invalid constraint regex "${raw}": ${compiled.error}` };
  return { ok: true, source: out };
}
