/**
 * How long and with which seed the fuzz properties run. `npm test` runs each property briefly with
 * a fixed seed, so a failure there replays exactly; `npm run fuzz` (test/fuzz/run-fuzz.ts) sets
 * MIMICUS_FUZZ_SECONDS and the properties share that time, each drawing fresh seeds.
 */
export interface FuzzSettings {
  /** 0 in `npm test`: bounded runs, fixed seed. Otherwise the wall-clock budget of this test file. */
  readonly fileSeconds: number;
  /** The seed of a short run; a long run starts from it and moves on after each failure. */
  readonly seed: number;
  /** One input may take this long before it counts as a hang (the process is shared with others). */
  readonly inputLimitMs: number;
  /** Where a long run appends one JSON line per property (runs, failures); unset in `npm test`. */
  readonly reportFile: string | undefined;
}

const numberFrom = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got "${text}"`);
  return value;
};

export const fuzzSettings: FuzzSettings = {
  fileSeconds: numberFrom('MIMICUS_FUZZ_SECONDS', 0),
  seed: numberFrom('MIMICUS_FUZZ_SEED', 1313),
  inputLimitMs: numberFrom('MIMICUS_FUZZ_INPUT_MS', 2_000),
  reportFile: process.env.MIMICUS_FUZZ_REPORT,
};

/** True under `npm run fuzz`. */
export const isLongRun = (): boolean => fuzzSettings.fileSeconds > 0;
