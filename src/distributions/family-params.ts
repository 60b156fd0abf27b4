import type { LatencyConfig } from '../config/index.js';

type FamilyName = 'fixed' | 'uniform' | 'normal' | 'lognormal' | 'exponential' | 'pareto' | 'percentiles';

/** The parameters of one family as the config spells them, e.g. `FamilyParams<'lognormal'>`. */
export type FamilyParams<Name extends FamilyName> = Extract<LatencyConfig, Record<Name, unknown>>[Name];
