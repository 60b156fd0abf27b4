/**
 * Hand-written SVG plots for the fidelity report: intended vs observed CDFs (latency workloads)
 * and latency over time (the schedule workload). No library: a few paths, axes and labels.
 */
export interface CdfSeries {
  label: string;
  color: string;
  /** Points (x in ms, p in 0..1), ascending in p. */
  points: { x: number; p: number }[];
  dashed?: boolean;
}

const width = 720;
const height = 420;
const margin = { left: 64, right: 20, top: 36, bottom: 48 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** About five round tick values between min and max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? raw;
  const ticks: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

function frame(
  title: string,
  xLabel: string,
  yLabel: string,
  xTicks: number[],
  yTicks: number[],
  sx: (x: number) => number,
  sy: (y: number) => number,
  yFormat: (y: number) => string,
): string[] {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (const tick of xTicks) {
    parts.push(`<line x1="${sx(tick).toFixed(1)}" y1="${margin.top}" x2="${sx(tick).toFixed(1)}" y2="${margin.top + plotHeight}" stroke="#eee"/>`);
    parts.push(`<text x="${sx(tick).toFixed(1)}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${tick}</text>`);
  }
  for (const tick of yTicks) {
    parts.push(`<line x1="${margin.left}" y1="${sy(tick).toFixed(1)}" x2="${margin.left + plotWidth}" y2="${sy(tick).toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${(sy(tick) + 4).toFixed(1)}" text-anchor="end">${yFormat(tick)}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(
    `<text x="14" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 14 ${margin.top + plotHeight / 2})">${escapeXml(yLabel)}</text>`,
  );
  return parts;
}

/** At the right, where the plot has room: low for CDFs (their top right is where the curves end), mid-height for timelines. */
function legend(series: { label: string; color: string; dashed?: boolean }[], placement: 'middle' | 'bottom'): string[] {
  return series.flatMap((item, index) => {
    const y = placement === 'middle' ? margin.top + plotHeight / 2 + index * 16 : margin.top + plotHeight - 10 - (series.length - 1 - index) * 16;
    const x = margin.left + plotWidth - 330;
    return [
      `<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${x + 30}" y="${y}">${escapeXml(item.label)}</text>`,
    ];
  });
}

/** Intended vs observed CDFs; x runs to the largest p99.9 of the series (the far tail would squash the rest). */
export function renderCdfSvg(title: string, series: CdfSeries[]): string {
  const xs = series.flatMap((item) => item.points.filter((point) => point.p <= 0.999).map((point) => point.x));
  const xMax = Math.max(...xs, 1) * 1.05;
  const xMin = Math.min(0, ...xs);
  const sx = (x: number): number => margin.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const sy = (p: number): number => margin.top + (1 - p) * plotHeight;
  const parts = frame(title, 'latency (ms)', 'cumulative probability', niceTicks(xMin, xMax), [0, 0.25, 0.5, 0.75, 0.9, 1], sx, sy, (p) => p.toString());
  for (const item of series) {
    const visible = item.points.filter((point) => point.x <= xMax);
    const d = visible.map((point, index) => `${index === 0 ? 'M' : 'L'}${sx(point.x).toFixed(1)},${sy(point.p).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
  }
  parts.push(...legend(series, 'bottom'), '</svg>');
  return `${parts.join('\n')}\n`;
}

/** Latency of each probe against the time it was sent, with the boundary window shaded. */
export function renderTimelineSvg(
  title: string,
  series: { label: string; color: string; points: { t: number; latency: number }[] }[],
  boundaryWindows: { from: number; to: number; color: string }[],
): string {
  const all = series.flatMap((item) => item.points);
  const tMax = Math.max(...all.map((point) => point.t), ...boundaryWindows.map((window) => window.to), 1) * 1.02;
  const yMax = Math.max(...all.map((point) => point.latency), 1) * 1.1;
  const sx = (t: number): number => margin.left + (t / tMax) * plotWidth;
  const sy = (y: number): number => margin.top + (1 - y / yMax) * plotHeight;
  const parts = frame(title, 'seconds after the server was spawned', 'latency (ms)', niceTicks(0, tMax), niceTicks(0, yMax), sx, sy, (y) => y.toString());
  for (const window of boundaryWindows) {
    parts.push(
      `<rect x="${sx(window.from).toFixed(1)}" y="${margin.top}" width="${Math.max(1, sx(window.to) - sx(window.from)).toFixed(1)}" height="${plotHeight}" fill="${window.color}" opacity="0.15"/>`,
    );
  }
  for (const item of series) {
    for (const point of item.points) parts.push(`<circle cx="${sx(point.t).toFixed(1)}" cy="${sy(point.latency).toFixed(1)}" r="1.6" fill="${item.color}"/>`);
  }
  parts.push(...legend(series, 'middle'), '</svg>');
  return `${parts.join('\n')}\n`;
}
