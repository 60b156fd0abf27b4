/**
 * JSON Merge Patch (RFC 7396) laws, checked on both implementations: the admin API's (config
 * PATCH) and the CRUD engine's (item PATCH). They are separate copies in separate zones, so they
 * are also checked against each other.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { applyMergePatch } from '../../src/config/index.js';
import { canonicalText } from './canonical-text.js';
import { fuzzIt } from './fuzz-it.js';
import { withinTime } from './within-time.js';

// One implementation (src/config, shared by the admin API and the CRUD engine); the list keeps
// the properties written once should a second appear.
const implementations = [['config', applyMergePatch]] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Keys that name Object.prototype members are where a naive `result[key] = …` goes wrong.
const key = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__') },
);

const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.array(tie('json'), { maxLength: 4 }),
    // Built from entries with defineProperty semantics (as JSON.parse does), so "__proto__" is an own key.
    fc
      .array(fc.tuple(key, tie('json')), { maxLength: 5 })
      .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown),
  ),
}));

const runs = 300;

describe.each(implementations)('merge patch (%s)', (name, apply) => {
  fuzzIt(
    `merge-patch/${name}`,
    'a non-object patch replaces the target',
    () =>
      fc.property(
        json,
        json.filter((patch) => !isObject(patch)),
        (target, patch) => {
          expect(apply(target, patch)).toBe(patch);
        },
      ),
    { runs },
  );

  fuzzIt(
    `merge-patch/${name}`,
    'each member of an object patch removes (null), merges (object) or replaces',
    () =>
      fc.property(json, json.filter(isObject), (target, patch) => {
        const result = withinTime('merge patch', () => apply(target, patch));
        expect(isObject(result)).toBe(true);
        const merged = result as Record<string, unknown>;
        const before = isObject(target) ? target : {};
        for (const [member, value] of Object.entries(patch as Record<string, unknown>)) {
          if (value === null) expect(Object.hasOwn(merged, member)).toBe(false);
          else {
            expect(Object.hasOwn(merged, member)).toBe(true);
            const expected = apply(Object.hasOwn(before, member) ? before[member] : undefined, value);
            expect(canonicalText(merged[member])).toBe(canonicalText(expected));
          }
        }
        for (const member of Object.keys(before)) {
          if (!Object.hasOwn(patch as object, member)) expect(canonicalText(merged[member])).toBe(canonicalText(before[member]));
        }
        // every member is an own one: nothing is smuggled in through the prototype
        expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      }),
    { runs },
  );

  fuzzIt(
    `merge-patch/${name}`,
    'applying a patch twice equals applying it once, and neither input changes',
    () =>
      fc.property(json, json, (target, patch) => {
        const targetBefore = canonicalText(target);
        const patchBefore = canonicalText(patch);
        const once = apply(target, patch);
        expect(canonicalText(apply(once, patch))).toBe(canonicalText(once));
        expect(canonicalText(target)).toBe(targetBefore);
        expect(canonicalText(patch)).toBe(patchBefore);
      }),
    { runs },
  );

  fuzzIt(
    `merge-patch/${name}`,
    'the result survives a JSON round trip unchanged (no member is lost on the wire)',
    () =>
      fc.property(json, json, (target, patch) => {
        const result = apply(target, patch);
        const wire = JSON.stringify(result);
        expect(canonicalText(wire === undefined ? undefined : JSON.parse(wire))).toBe(canonicalText(result));
      }),
    { runs },
  );
});
