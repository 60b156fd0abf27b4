/** What a request was meant to get, for the Server-Timing debug header. */
export interface IntendedBehavior {
  endpoint: string;
  delayMs: number;
  latencyLabel: string | undefined;
  fault: string | undefined;
  variant: string | undefined;
  window: string | undefined;
}

// Header values must be visible ASCII: σ and other non-ASCII letters in labels are spelled out or dropped.
const quoted = (text: string): string =>
  `"${text
    .replace(/\u03c3/g, 'sigma') // σ, escaped: the bundled CLI is kept ASCII (scripts/bundle-cli.mjs)
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/["\\]/g, '\\$&')}"`;

/**
 * `Server-Timing: delay;dur=123.4;desc="lognormal(…)", fault;desc="status:503", …` (W3C Server
 * Timing): browsers' dev tools and our fidelity benchmark read the intended delay from it.
 */
export function serverTiming(intended: IntendedBehavior): string {
  const parts = [
    `endpoint;desc=${quoted(intended.endpoint)}`,
    `delay;dur=${intended.delayMs.toFixed(3)}${intended.latencyLabel ? `;desc=${quoted(intended.latencyLabel)}` : ''}`,
  ];
  if (intended.fault) parts.push(`fault;desc=${quoted(intended.fault)}`);
  if (intended.variant) parts.push(`variant;desc=${quoted(intended.variant)}`);
  if (intended.window) parts.push(`window;desc=${quoted(intended.window)}`);
  return parts.join(', ');
}
