import type { Transition } from './workflow-members.ts';

const BOX = { width: 130, height: 40 };
const GAP = { x: 90, y: 50 };
const MARGIN = 30;

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly labels: string[];
}

/** States in layers by distance from the initial state (breadth first); states it never reaches go last. */
export function layoutStates(initial: string, transitions: readonly Transition[]) {
  const states = [initial];
  const add = (state: string) => {
    if (state !== '*' && !states.includes(state)) states.push(state);
  };
  for (const transition of transitions) {
    for (const from of [transition.from].flat()) add(from);
    add(transition.to);
  }
  const edges: Edge[] = [];
  for (const transition of transitions) {
    const froms = [transition.from].flat().flatMap((from) => (from === '*' ? states.filter((s) => s !== transition.to) : [from]));
    for (const from of froms) {
      const edge = edges.find((e) => e.from === from && e.to === transition.to);
      if (edge) edge.labels.push(transition.on);
      else edges.push({ from, to: transition.to, labels: [transition.on] });
    }
  }
  const layer = new Map<string, number>([[initial, 0]]);
  const queue = [initial];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const edge of edges) {
      if (edge.from === state && !layer.has(edge.to)) {
        layer.set(edge.to, layer.get(state)! + 1);
        queue.push(edge.to);
      }
    }
  }
  const deepest = Math.max(...layer.values());
  for (const state of states) if (!layer.has(state)) layer.set(state, deepest + 1);
  // Layer by layer, each in the order the transitions name its states (a stable sort).
  states.sort((a, b) => layer.get(a)! - layer.get(b)!);
  const rows = new Map<number, number>();
  const position = new Map<string, { x: number; y: number; layer: number }>();
  for (const state of states) {
    const column = layer.get(state)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    position.set(state, { x: MARGIN + column * (BOX.width + GAP.x), y: MARGIN + row * (BOX.height + GAP.y), layer: column });
  }
  const width = MARGIN * 2 + (Math.max(...layer.values()) + 1) * (BOX.width + GAP.x) - GAP.x;
  const height = MARGIN * 2 + Math.max(...rows.values()) * (BOX.height + GAP.y) - GAP.y + 40;
  return { states, edges, position, width, height };
}

/**
 * The state machine as boxes and labelled arrows: forward transitions straight between layers,
 * the rest curved below (back) or looped above (to itself). `current` is highlighted; `counts`
 * says how many scopes sit in each state.
 */
export function StateDiagram({
  workflowId,
  initial,
  transitions,
  current,
  counts,
}: {
  workflowId: string;
  initial: string;
  transitions: readonly Transition[];
  current: string | undefined;
  counts: ReadonlyMap<string, number>;
}) {
  const { states, edges, position, width, height } = layoutStates(initial, transitions);
  const markerId = `arrow-${workflowId}`;
  return (
    <svg className="state-diagram" viewBox={`0 0 ${width} ${height}`} width={width} role="img" aria-label={`State machine of ${workflowId}`}>
      <defs>
        <marker id={markerId} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
        </marker>
      </defs>
      {edges.map((edge) => {
        const a = position.get(edge.from)!;
        const b = position.get(edge.to)!;
        let d: string;
        let label: { x: number; y: number };
        if (edge.from === edge.to) {
          const x = a.x + BOX.width / 2;
          d = `M ${x - 20} ${a.y} C ${x - 30} ${a.y - 40}, ${x + 30} ${a.y - 40}, ${x + 20} ${a.y}`;
          label = { x, y: a.y - 34 };
        } else if (b.layer > a.layer) {
          const start = { x: a.x + BOX.width, y: a.y + BOX.height / 2 };
          const end = { x: b.x, y: b.y + BOX.height / 2 };
          d = `M ${start.x} ${start.y} L ${end.x} ${end.y}`;
          label = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 - 6 };
        } else {
          const start = { x: a.x + BOX.width / 2, y: a.y + BOX.height };
          const end = { x: b.x + BOX.width / 2, y: b.y + BOX.height };
          const control = { x: (start.x + end.x) / 2, y: Math.max(start.y, end.y) + 50 };
          d = `M ${start.x} ${start.y} Q ${control.x} ${control.y} ${end.x} ${end.y}`;
          label = { x: control.x, y: (start.y + end.y) / 4 + control.y / 2 + 12 };
        }
        return (
          <g key={`${edge.from}->${edge.to}`} className="transition" data-from={edge.from} data-to={edge.to}>
            <path d={d} markerEnd={`url(#${markerId})`} />
            <text x={label.x} y={label.y} textAnchor="middle">
              {edge.labels.join(', ')}
            </text>
          </g>
        );
      })}
      {states.map((state) => {
        const { x, y } = position.get(state)!;
        const count = counts.get(state);
        return (
          <g key={state} className={state === current ? 'state current' : 'state'} data-state={state} aria-current={state === current ? 'true' : undefined}>
            <rect x={x} y={y} width={BOX.width} height={BOX.height} rx={6} />
            {state === initial && <circle cx={x - 10} cy={y + BOX.height / 2} r={4} className="initial-dot" />}
            <text x={x + BOX.width / 2} y={y + BOX.height / 2 + (count ? -2 : 4)} textAnchor="middle">
              {state}
            </text>
            {count ? (
              <text className="count" x={x + BOX.width / 2} y={y + BOX.height / 2 + 13} textAnchor="middle">
                {count} {count === 1 ? 'scope' : 'scopes'}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
