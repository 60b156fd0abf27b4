import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from '../template-renderer-for-tests.js';
import { fakerMethodPaths, resolveFakerMethod } from './faker-helpers.js';
import { FAKER_METHOD_PATHS } from './faker-method-paths.js';
import { loadFakerSync } from './load-faker.js';

const render = templateRenderer({ query: { kind: 'person.firstName' } }, { seed: 3 });

describe('faker helper', () => {
  it('calls a faker method by dotted path', () => {
    expect(render('{{faker "person.fullName"}}')).toMatch(/\S+ \S+/);
    expect(render('{{faker "internet.email"}}')).toContain('@');
  });

  it('passes positional arguments, and named ones as an options object', () => {
    expect(render('{{faker "string.numeric" 6}}')).toMatch(/^\d{6}$/);
    expect(Number(render('{{faker "number.int" min=5 max=5}}'))).toBe(5);
  });

  it('renders dates as ISO 8601 so they feed the date helpers', () => {
    expect(render('{{faker "date.past"}}')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(render('{{date (faker "date.past") format="yyyy"}}')).toMatch(/^\d{4}$/);
  });

  it('accepts a path computed at render time', () => {
    expect(render('{{faker request.query.kind}}')).toMatch(/^\S+$/);
  });

  it('refuses an unknown literal path at compile time, with a suggestion', () => {
    expect(compileForTests('{{faker "person.fulName"}}')).toMatchObject({
      ok: false,
      error: { message: 'helper "faker": unknown faker method "person.fulName" (did you mean "person.fullName"?)' },
    });
    expect(compileForTests('{{faker "persn.fullName"}}')).toMatchObject({ ok: false, error: { message: expect.stringContaining('"person.…"') } });
    expect(compileForTests('{{faker}}').ok).toBe(false);
  });

  it("checks literal paths against a list that is exactly the installed faker's methods", () => {
    // When this fails after a faker upgrade: npx tsx scripts/write-faker-method-paths.ts
    expect([...FAKER_METHOD_PATHS]).toEqual(fakerMethodPaths(loadFakerSync()(1)));
    for (const path of FAKER_METHOD_PATHS) expect(resolveFakerMethod(loadFakerSync()(1), path).ok).toBe(true);
  });

  it('never reaches anything but a module method', () => {
    const faker = loadFakerSync()(1);
    for (const path of [
      'constructor.constructor',
      'person.constructor',
      'person',
      'seed',
      'person.fullName.call',
      'definitions.person',
      '_randomizer.next',
      '__proto__.toString',
    ]) {
      expect(resolveFakerMethod(faker, path).ok).toBe(false);
    }
    expect(() => render('{{faker "constructor.constructor" "return process"}}')).toThrow(/unknown faker method/);
  });
});
