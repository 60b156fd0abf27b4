import { MAX_SAMPLES } from './metrics-history.ts';

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly className: string;
}

const WIDTH = 240;
const HEIGHT = 70;
const PAD = 4;

const niceMax = (max: number) => {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
};

/** A small line chart of the last MAX_SAMPLES values of a few series, newest on the right. */
export function LineChart({ title, series, format }: { title: string; series: readonly Series[]; format: (value: number) => string }) {
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i: number, count: number) => PAD + ((WIDTH - 2 * PAD) * (MAX_SAMPLES - count + i)) / (MAX_SAMPLES - 1);
  const y = (value: number) => HEIGHT - PAD - ((HEIGHT - 2 * PAD) * value) / top;
  const latest = series.map((s) => `${s.name} ${s.values.length ? format(s.values.at(-1)!) : '–'}`).join(', ');
  return (
    <figure className="line-chart">
      <figcaption>
        <span>{title}</span>
        <span className="legend">
          {series.map((s) => (
            <span key={s.name} className={s.className}>
              {s.name} {s.values.length ? format(s.values.at(-1)!) : '–'}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${latest}`} preserveAspectRatio="none">
        <line className="axis" x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} />
        <line className="grid" x1={PAD} x2={WIDTH - PAD} y1={PAD} y2={PAD} />
        <text className="tick" x={PAD + 2} y={PAD + 9}>
          {format(top)}
        </text>
        {series.map((s) =>
          s.values.length === 1 ? (
            <circle key={s.name} className={s.className} cx={x(0, 1)} cy={y(s.values[0]!)} r={2} />
          ) : (
            <polyline
              key={s.name}
              className={s.className}
              fill="none"
              points={s.values.map((value, i) => `${x(i, s.values.length).toFixed(1)},${y(value).toFixed(1)}`).join(' ')}
            />
          ),
        )}
      </svg>
    </figure>
  );
}
