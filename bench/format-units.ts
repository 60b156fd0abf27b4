/** Formatting for report cells; "–" for a missing value. */
export const formatMiB = (bytes: number | undefined): string => (bytes === undefined ? '–' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
export const formatMs = (ms: number): string => (Number.isFinite(ms) ? `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms` : '–');
export const formatRps = (rps: number): string => (Number.isFinite(rps) ? Math.round(rps).toLocaleString('en') : '–');
export const formatRatio = (ratio: number): string => (Number.isFinite(ratio) ? ratio.toFixed(3) : '–');
