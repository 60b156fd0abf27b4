import type { Random } from '../../distributions/index.js';
import type { MockRequest, Responder } from '../../plan/index.js';
import { templateContext } from './template-context.js';

type Variants = Extract<Responder, { type: 'variants' }>;
type Sequence = Extract<Responder, { type: 'sequence' }>;

/**
 * The choices a responder makes on the way to its response. A served request draws a variant and
 * advances a sequence; a dry run (engine.simulate) takes the first of each and moves nothing, so
 * the same producers serve both.
 */
export interface Choices {
  variant(responder: Variants, random: Random): number;
  /** The step to answer with, or undefined when the sequence is exhausted. */
  step(responder: Sequence, request: MockRequest): Responder | undefined;
}

function pickVariant(responder: Variants, random: Random): number {
  const { cumulativeWeights, totalWeight } = responder;
  const draw = random.next() * totalWeight;
  // Variant lists are short: a linear scan beats a binary search here.
  for (let i = 0; i < cumulativeWeights.length; i++) if (draw < cumulativeWeights[i]!) return i;
  return cumulativeWeights.length - 1;
}

/** Which position a request walks: its rendered `key:`, else its path parameters (none: one position for all). */
function sequenceKey(responder: Sequence, request: MockRequest): string {
  if (responder.key !== undefined) return responder.key(templateContext(request));
  let key = '';
  // A separator no URL-decoded parameter is likely to hold, so {a}/{b} of "x/y" and "x" / "y" differ.
  for (const name in request.params) key += `${request.params[name]}\u0000`;
  return key;
}

function nextStep(responder: Sequence, request: MockRequest): Responder | undefined {
  const { steps, cursors, after } = responder;
  const key = sequenceKey(responder, request);
  const position = cursors.take(key, steps.length, after === 'cycle');
  if (position < steps.length) return steps[position];
  return after === 'last' ? steps[steps.length - 1] : undefined;
}

/** A served request: weighted draws from the Plan's PRNG, sequences advance. */
export const LIVE_CHOICES: Choices = { variant: pickVariant, step: nextStep };

/** A dry run: the first variant and the first step, with no draw and no cursor moved. */
export const DRY_CHOICES: Choices = {
  variant: () => 0,
  step: (responder) => responder.steps[0],
};
