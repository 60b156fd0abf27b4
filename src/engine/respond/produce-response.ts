import { assertNever } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import type { MockRequest, PreparedResponse, Responder, TemplateResponse, TemplateState } from '../../plan/index.js';
import { currentState } from '../../plan/index.js';
import type { Random } from '../../distributions/index.js';
import { LIVE_CHOICES, type Choices } from './choices.js';
import { templateContext } from './template-context.js';

/** What was chosen on the way to the response (variant ids), for debug headers and the journal. */
export type ResponseOutcome = { kind: 'response'; response: PreparedResponse; variant?: string } | { kind: 'sequence-exhausted' };

/** Renders a template response for a request (previews call it without state). */
export function renderTemplateResponse(template: TemplateResponse, request: MockRequest, state?: TemplateState): PreparedResponse {
  const context = templateContext(request);
  let body: string;
  const headers = template.staticHeaders.slice();
  try {
    body = template.body(context, state);
    for (const header of template.templatedHeaders) headers.push(header.name, header.render(context, state));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('TEMPLATE_RENDER_FAILED', (error as Error).message, { cause: error });
  }
  headers.push('content-length', String(Buffer.byteLength(body)));
  return { status: template.status, headers, body };
}

/**
 * Makes the choices of variants and sequences now, once: the state path may produce the response
 * over several passes (engine/state), and a pass must not draw another variant or advance a
 * sequence again. Returns the responder to produce, or the sequence's exhaustion.
 */
export function chooseOnce(
  responder: Responder,
  request: MockRequest,
  random: Random,
  choices: Choices = LIVE_CHOICES,
): { kind: 'chosen'; responder: Responder; variant?: string } | { kind: 'sequence-exhausted' } {
  let variant: string | undefined;
  let current: Responder | undefined = responder;
  while (current !== undefined && (current.type === 'variants' || current.type === 'sequence')) {
    if (current.type === 'variants') {
      const index = choices.variant(current, random);
      variant ??= current.ids[index];
      current = current.choices[index];
    } else current = choices.step(current, request);
  }
  return current === undefined ? { kind: 'sequence-exhausted' } : { kind: 'chosen', responder: current, variant };
}

/**
 * Runs a responder for one request. Static responses come back as the prepared object itself;
 * templates render synchronously and throw AppError(TEMPLATE_RENDER_FAILED) naming the helper.
 * `state` is the request's StateView when the endpoint uses state (engine/state).
 */
export function produceResponse(
  responder: Responder,
  request: MockRequest,
  random: Random,
  state?: TemplateState,
  choices: Choices = LIVE_CHOICES,
): ResponseOutcome {
  switch (responder.type) {
    case 'static':
      return { kind: 'response', response: responder.response };
    case 'template':
      return { kind: 'response', response: renderTemplateResponse(responder.response, request, state) };
    case 'variants': {
      const index = choices.variant(responder, random);
      const outcome = produceResponse(responder.choices[index]!, request, random, state, choices);
      return outcome.kind === 'response' ? { ...outcome, variant: responder.ids[index]! } : outcome;
    }
    case 'sequence': {
      const step = choices.step(responder, request);
      return step === undefined ? { kind: 'sequence-exhausted' } : produceResponse(step, request, random, state, choices);
    }
    case 'by-state': {
      const current = currentState(request.state?.read(responder.ref), responder.initial, responder.states);
      const chosen = responder.choices.get(current) ?? responder.fallback;
      if (chosen === undefined) throw new AppError('INTERNAL', `no response for workflow state ${JSON.stringify(current)}`);
      return produceResponse(chosen, request, random, state, choices);
    }
    case 'crud':
      // CRUD needs the state store: its own producer answers it (respond/producers.ts).
      throw new Error(`a crud responder reached produceResponse`);
    case 'proxy':
      // Forwarding streams and is answered before this point (engine/respond/proxy-response).
      throw new AppError('INTERNAL', 'a proxy endpoint cannot answer here (inside variants, sequences or with state)');
    default:
      return assertNever(responder, 'responder');
  }
}
