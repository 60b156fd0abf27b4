/** A duration for labels and messages: `120ms`, `0.25ms`, at most 3 decimals (no float noise). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms}`;
  return `${Number(ms.toFixed(3))}ms`;
}
