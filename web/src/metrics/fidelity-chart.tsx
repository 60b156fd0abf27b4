import type { LatencyPercentiles as LatencyStats } from '../../../src/contract/index.ts';

const PERCENTILES = [
  ['p50', 'p50Ms'],
  ['p95', 'p95Ms'],
  ['p99', 'p99Ms'],
] as const;

const WIDTH = 260;
const ROW = 26;
const LABEL = 34;
const BAR = 9;

export const formatMs = (ms: number) => `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;

/**
 * Intended (the delays Mimicus sampled from the config) against observed (what clients got)
 * latency percentiles of one endpoint, as paired bars on one scale: observed bars much longer
 * than intended ones mean the configured latency is not being delivered.
 */
export function FidelityChart({ endpoint, intended, observed }: { endpoint: string; intended: LatencyStats; observed: LatencyStats }) {
  const top = Math.max(1, ...PERCENTILES.flatMap(([, key]) => [intended[key], observed[key]]));
  const scale = (ms: number) => ((WIDTH - LABEL - 60) * ms) / top;
  const height = PERCENTILES.length * ROW + 4;
  return (
    <figure className="fidelity-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${endpoint} intended vs observed latency: ${PERCENTILES.map(([name, key]) => `${name} ${formatMs(intended[key])} intended, ${formatMs(observed[key])} observed`).join('; ')}`}
      >
        {PERCENTILES.map(([name, key], row) => {
          const top = row * ROW + 2;
          return (
            <g key={name}>
              <text className="tick" x={0} y={top + BAR + 3}>
                {name}
              </text>
              <rect className="intended" x={LABEL} y={top} width={Math.max(1, scale(intended[key]))} height={BAR} />
              <text className="tick" x={LABEL + scale(intended[key]) + 3} y={top + BAR - 1}>
                {formatMs(intended[key])}
              </text>
              <rect className="observed" x={LABEL} y={top + BAR + 1} width={Math.max(1, scale(observed[key]))} height={BAR} />
              <text className="tick" x={LABEL + scale(observed[key]) + 3} y={top + 2 * BAR}>
                {formatMs(observed[key])}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
