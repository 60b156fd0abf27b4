// What running config and client patterns in linear time costs against V8's RegExp, per test,
// for the patterns mocks use: header and path-constraint checks on short values, a body-sized
// input, and compiling a client's `_like` pattern (done per request). Three columns: V8 alone
// (unsafe), re2js alone, and compilePattern (V8 where provably linear and equivalent, else re2js).
// Run: node --import tsx bench/pattern-cost.ts   (prints ns per operation, median of 5 rounds)
import { RE2JS } from 're2js';
import { compilePattern } from '../src/config/index.js';
import { median } from './median.js';

const cases: [source: string, input: string][] = [
  ['^t-', 't-acme'],
  ['^t-', 'acme-tenant'],
  ['^[0-9]+$', '12345'],
  ['^Bearer [A-Za-z0-9._-]+$', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
  ['^(.+?)\\.(.+?)$', 'report.tar.gz'],
  ['^[a-z0-9-]{1,64}$', 'tenant-42'],
  ['^([0-9]+)$', '12345'],
  ['"status":\\s*"active"', `{"id":1,"name":"x","tags":[${'"t",'.repeat(200)}"t"],"status": "active"}`],
];

function nsPerOp(run: () => unknown, iterations: number): number {
  for (let i = 0; i < iterations / 10; i++) run();
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) run();
    rounds.push(Number(process.hrtime.bigint() - started) / iterations);
  }
  return median(rounds);
}

console.log(`${'pattern'.padEnd(28)} ${'input'.padEnd(8)} ${'V8'.padStart(9)} ${'re2js'.padStart(9)} ${'compilePattern'.padStart(15)}`);
for (const [source, input] of cases) {
  const v8 = new RegExp(source);
  const compiled = compilePattern(source);
  if (!compiled.ok) throw new Error(compiled.error);
  const chosen = compiled.value;
  const re2 = RE2JS.compile(source);
  const v8Ns = nsPerOp(() => v8.test(input), 200_000);
  const re2Ns = nsPerOp(() => re2.test(input), 200_000);
  const chosenNs = nsPerOp(() => chosen.test(input), 200_000);
  console.log(
    `${source.slice(0, 28).padEnd(28)} ${`${input.length} ch`.padEnd(8)} ${v8Ns.toFixed(0).padStart(7)}ns ${re2Ns.toFixed(0).padStart(7)}ns ${chosenNs.toFixed(0).padStart(13)}ns`,
  );
}
const compileNs = nsPerOp(() => compilePattern('^ham.*(sandwich|burger)$', { flags: 'i', maxChars: 256 }), 20_000);
const groupsPattern = compilePattern('^([0-9]+)$');
if (!groupsPattern.ok) throw new Error(groupsPattern.error);
const groupsRe2 = RE2JS.compile('^([0-9]+)$');
const groups = groupsPattern.value;
console.log(
  `path constraint groups ^([0-9]+)$ on "12345": V8 ${nsPerOp(() => /^([0-9]+)$/u.exec('12345'), 200_000).toFixed(0)}ns, re2js ${nsPerOp(() => groupsRe2.exec('12345'), 200_000).toFixed(0)}ns, compilePattern ${nsPerOp(() => groups.groups('12345'), 200_000).toFixed(0)}ns`,
);
const v8CompileNs = nsPerOp(() => new RegExp('^ham.*(sandwich|burger)$', 'i'), 20_000);
console.log(`compile a _like pattern: V8 ${v8CompileNs.toFixed(0)}ns, re2js ${compileNs.toFixed(0)}ns`);
const evil = `${'a'.repeat(28)}!`;
const evilCompiled = compilePattern('^(a+)+$');
if (!evilCompiled.ok) throw new Error(evilCompiled.error);
const evilPattern = evilCompiled.value;
console.log(`^(a+)+$ on 28 a's and "!": re2js ${nsPerOp(() => evilPattern.test(evil), 2_000).toFixed(0)}ns (V8: seconds, doubling per character)`);
