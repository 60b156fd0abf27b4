import type { LatencyPreview } from '../../../src/contract/index.ts';

const WIDTH = 520;
const HEIGHT = 160;
const PAD = { left: 8, right: 8, top: 44, bottom: 22 };
const MARKED = ['p50', 'p90', 'p99'] as const;

export const formatMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);

/** The distribution's probability per bin as bars, with p50, p90 and p99 marked as labelled lines. */
export function LatencyPlot({ preview }: { preview: LatencyPreview }) {
  const { bins, percentiles } = preview;
  const fromMs = bins[0]?.fromMs ?? 0;
  let toMs = bins[bins.length - 1]?.toMs ?? 1;
  // A fixed latency is one bin of zero width: give it a visible bar around its value.
  const degenerate = toMs <= fromMs;
  if (degenerate) toMs = fromMs + 1;
  const low = degenerate ? fromMs - 1 : fromMs;
  const x = (ms: number) => PAD.left + ((ms - low) / (toMs - low)) * (WIDTH - PAD.left - PAD.right);
  const maxProbability = Math.max(...bins.map((bin) => bin.probability), Number.EPSILON);
  const y = (p: number) => HEIGHT - PAD.bottom - (p / maxProbability) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="latency-plot">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Plot of ${preview.label}`}>
        {/* Keyed by position: bins of a degenerate range share their start, and React warned of duplicate keys. */}
        {bins.map((bin, index) => {
          const left = degenerate ? x(bin.fromMs) - 3 : x(bin.fromMs);
          const width = degenerate ? 6 : Math.max(x(bin.toMs) - x(bin.fromMs) - 1, 1);
          return <rect key={index} className="bar" x={left} y={y(bin.probability)} width={width} height={HEIGHT - PAD.bottom - y(bin.probability)} />;
        })}
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} />
        <text className="tick" x={PAD.left} y={HEIGHT - 6}>
          {formatMs(fromMs)}
        </text>
        <text className="tick" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          {formatMs(bins[bins.length - 1]?.toMs ?? toMs)}
        </text>
        {MARKED.map((name, i) => (
          <g key={name} className={`marker marker-${name}`}>
            <line x1={x(percentiles[name])} x2={x(percentiles[name])} y1={14 + i * 12} y2={HEIGHT - PAD.bottom} />
            {/* Staggered rows so close percentiles stay readable; anchored inwards near the edges. */}
            <text
              x={x(percentiles[name])}
              y={11 + i * 12}
              textAnchor={x(percentiles[name]) > WIDTH - 90 ? 'end' : x(percentiles[name]) < 90 ? 'start' : 'middle'}
            >
              {name} {formatMs(percentiles[name])}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <span className="muted">{preview.label}</span>
        <dl className="percentiles">
          {(['p50', 'p90', 'p95', 'p99', 'p999'] as const).map((name) => (
            <div key={name}>
              <dt>{name === 'p999' ? 'p99.9' : name}</dt>
              <dd data-percentile={name}>{formatMs(percentiles[name])}</dd>
            </div>
          ))}
        </dl>
      </figcaption>
    </figure>
  );
}
