import { useState, type ReactNode } from 'react';
import { fromInput, toInput, type Draft } from './draft.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MINUTES_PER_DAY = 24 * 60;

/** A window's weekdays as Monday-first flags; no `days` means every day. Ranges run forward and wrap past Sunday. */
export function daysOf(window: Draft): boolean[] {
  const days = window.days;
  if (!Array.isArray(days)) return DAYS.map(() => true);
  const on = DAYS.map(() => false);
  for (const text of days) {
    const [first, last = first] = String(text).split('-');
    const from = DAYS.indexOf(first as (typeof DAYS)[number]);
    const to = DAYS.indexOf(last as (typeof DAYS)[number]);
    if (from < 0 || to < 0) continue;
    for (let day = from; ; day = (day + 1) % 7) {
      on[day] = true;
      if (day === to) break;
    }
  }
  return on;
}

/** Flags back to the config's `days`: runs of days as ranges (`mon-fri`), undefined for the whole week. */
export function daysText(on: readonly boolean[]): string[] | undefined {
  if (on.every(Boolean)) return undefined;
  const out: string[] = [];
  for (let day = 0; day < 7; day++) {
    if (!on[day]) continue;
    let end = day;
    while (end + 1 < 7 && on[end + 1]) end++;
    out.push(end === day ? DAYS[day]! : `${DAYS[day]}-${DAYS[end]}`);
    day = end;
  }
  return out;
}

const minuteOf = (text: unknown): number | undefined => {
  if (typeof text !== 'string' || !TIME.test(text)) return undefined;
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
};

/** Where a window sits on the week: [day, startMinute, endMinute) pieces; one crossing midnight spills into the next day. */
export function blocksOf(window: Draft): { day: number; start: number; end: number }[] {
  const between = Array.isArray(window.between) ? window.between : [];
  const start = minuteOf(between[0]) ?? 0;
  const end = minuteOf(between[1]) ?? MINUTES_PER_DAY;
  const pieces: { day: number; start: number; end: number }[] = [];
  daysOf(window).forEach((on, day) => {
    if (!on) return;
    if (end > start) pieces.push({ day, start, end });
    else {
      pieces.push({ day, start, end: MINUTES_PER_DAY });
      if (end > 0) pieces.push({ day: (day + 1) % 7, start: 0, end });
    }
  });
  return pieces;
}

/** A short account of a window's overrides, for its row and its blocks' tooltips. */
function overridesOf(window: Draft): string {
  const parts: string[] = [];
  const latency = window.latency as Draft | undefined;
  if (latency?.fixed !== undefined) parts.push(`latency ${toInput(latency.fixed)}`);
  else if (latency) parts.push(`latency ${Object.keys(latency).find((k) => k !== 'min' && k !== 'max') ?? ''}`);
  if (window.status !== undefined) parts.push(`status ${toInput(window.status)}`);
  if (Array.isArray(window.errors)) parts.push(`${window.errors.length} fault(s)`);
  if (window.rateLimit) parts.push('rate limit');
  if (window.bandwidth) parts.push(`bandwidth ${toInput(window.bandwidth)}`);
  if (window.response) parts.push('own response');
  return parts.join(', ') || 'no overrides';
}

const windowName = (window: Draft, index: number) => (typeof window.name === 'string' ? window.name : `window ${index + 1}`);
const timesText = (window: Draft) => (Array.isArray(window.between) ? `${toInput(window.between[0])}–${toInput(window.between[1])}` : 'all day');

const HOUR_PX = 10;
const DAY_PX = 80;
const LEFT_PX = 36;
const TOP_PX = 18;

/** The windows as blocks on a 7-day × 24-hour grid; the first active window wins where they overlap, so it is drawn on top. */
function WeekGrid({ windows }: { windows: readonly Draft[] }) {
  const width = LEFT_PX + DAY_PX * 7;
  const height = TOP_PX + HOUR_PX * 24;
  return (
    <figure className="week-grid">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Schedule windows on the week">
        {DAYS.map((day, i) => (
          <text key={day} className="tick" x={LEFT_PX + DAY_PX * i + DAY_PX / 2} y={12} textAnchor="middle">
            {day}
          </text>
        ))}
        {Array.from({ length: 25 }, (_, hour) => (
          <g key={hour}>
            <line className={hour % 6 === 0 ? 'axis strong' : 'axis'} x1={LEFT_PX} x2={width} y1={TOP_PX + hour * HOUR_PX} y2={TOP_PX + hour * HOUR_PX} />
            {hour % 3 === 0 && hour < 24 && (
              <text className="tick" x={LEFT_PX - 4} y={TOP_PX + hour * HOUR_PX + 8} textAnchor="end">
                {String(hour).padStart(2, '0')}h
              </text>
            )}
          </g>
        ))}
        {DAYS.map((day, i) => (
          <line key={day} className="axis" x1={LEFT_PX + DAY_PX * i} x2={LEFT_PX + DAY_PX * i} y1={TOP_PX} y2={height} />
        ))}
        {[...windows.entries()].reverse().map(([index, window]) =>
          blocksOf(window).map((piece) => (
            <rect
              key={`${index}-${piece.day}-${piece.start}`}
              className={`window-block tone-${index % 6}`}
              data-window={index}
              data-day={DAYS[piece.day]}
              x={LEFT_PX + DAY_PX * piece.day + 2}
              width={DAY_PX - 4}
              y={TOP_PX + (piece.start / 60) * HOUR_PX}
              height={Math.max(1, ((piece.end - piece.start) / 60) * HOUR_PX)}
              rx={2}
            >
              <title>{`${windowName(window, index)}: ${DAYS[piece.day]} ${timesText(window)}${window.dates ? ' (on some dates only)' : ''} — ${overridesOf(window)}`}</title>
            </rect>
          )),
        )}
      </svg>
    </figure>
  );
}

interface NewWindow {
  name: string;
  days: boolean[];
  from: string;
  to: string;
  latency: string;
  status: string;
}

const EMPTY: NewWindow = { name: '', days: [true, true, true, true, true, false, false], from: '09:00', to: '17:00', latency: '', status: '' };

/** `schedule`: the windows on a week grid, a list to remove them, and a form to add one (days, times, latency and status). */
export function ScheduleEditor({
  schedule,
  onChange,
  issueFor,
}: {
  schedule: Draft | undefined;
  onChange: (schedule: Draft | undefined) => void;
  issueFor: (path: string) => ReactNode;
}) {
  const windows = (Array.isArray(schedule?.windows) ? schedule.windows : []) as Draft[];
  const [adding, setAdding] = useState<NewWindow>(EMPTY);
  const [problem, setProblem] = useState<string | undefined>();
  const setWindows = (next: Draft[]) => onChange(next.length === 0 ? undefined : { ...schedule, windows: next });

  const add = () => {
    if (!adding.days.some(Boolean)) return setProblem('pick at least one day');
    if (!TIME.test(adding.from) || !TIME.test(adding.to)) return setProblem('times are HH:MM, 00:00–24:00');
    if (adding.from === adding.to) return setProblem('from and to are the same time');
    setProblem(undefined);
    const days = daysText(adding.days);
    const wholeDay = adding.from === '00:00' && adding.to === '24:00';
    const latency = fromInput(adding.latency);
    const status = fromInput(adding.status);
    const window: Draft = {
      ...(adding.name.trim() ? { name: adding.name.trim() } : {}),
      ...(days ? { days } : {}),
      ...(wholeDay ? {} : { between: [adding.from, adding.to] }),
      ...(latency !== undefined ? { latency: { fixed: latency } } : {}),
      ...(status !== undefined ? { status } : {}),
    };
    setWindows([...windows, window]);
    setAdding({ ...EMPTY, days: adding.days });
  };

  return (
    <fieldset className="editor-block schedule">
      <legend>Schedule windows</legend>
      <WeekGrid windows={windows} />
      {windows.length === 0 && <p className="muted">No windows: the endpoint behaves the same all week.</p>}
      {windows.length > 0 && (
        <>
          <label className="inline">
            Time zone
            <input
              value={toInput(schedule?.timezone)}
              placeholder="UTC"
              onChange={(e) => onChange({ ...schedule, windows, timezone: e.target.value.trim() || undefined })}
            />
          </label>
          <ol className="window-list">
            {windows.map((window, i) => (
              <li key={i} data-window-row={i}>
                <span className={`swatch tone-${i % 6}`} aria-hidden="true" />
                <strong>{windowName(window, i)}</strong> {Array.isArray(window.days) ? window.days.join(', ') : 'every day'} {timesText(window)}
                {window.dates ? ' (some dates)' : ''}: {overridesOf(window)}{' '}
                <button type="button" onClick={() => setWindows(windows.filter((_, j) => j !== i))}>
                  Remove {windowName(window, i)}
                </button>
                {issueFor(`schedule.windows[${i}]`)}
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="add-window" role="group" aria-label="Add a window">
        <div className="field-row">
          <label>
            Window name
            <input value={adding.name} placeholder="optional" onChange={(e) => setAdding({ ...adding, name: e.target.value })} />
          </label>
          <span className="days" role="group" aria-label="Window days">
            {DAYS.map((day, i) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={adding.days[i]}
                  onChange={(e) => setAdding({ ...adding, days: adding.days.map((on, j) => (j === i ? e.target.checked : on)) })}
                />
                {day}
              </label>
            ))}
          </span>
        </div>
        <div className="field-row">
          <label>
            Window from
            <input value={adding.from} size={6} placeholder="09:00" onChange={(e) => setAdding({ ...adding, from: e.target.value })} />
          </label>
          <label>
            Window to
            <input value={adding.to} size={6} placeholder="17:00" onChange={(e) => setAdding({ ...adding, to: e.target.value })} />
          </label>
          <label>
            Window latency
            <input value={adding.latency} size={8} placeholder="e.g. 800ms" onChange={(e) => setAdding({ ...adding, latency: e.target.value })} />
          </label>
          <label>
            Window status
            <input
              value={adding.status}
              size={5}
              inputMode="numeric"
              placeholder="e.g. 503"
              onChange={(e) => setAdding({ ...adding, status: e.target.value })}
            />
          </label>
          <button type="button" onClick={add}>
            Add window
          </button>
        </div>
        {problem && <p className="issue">{problem}</p>}
        <p className="muted">
          A window that ends before it starts runs past midnight. Errors, rate limit, bandwidth, dates and a whole response per window: in the YAML tab.
        </p>
      </div>
      {issueFor('schedule')}
    </fieldset>
  );
}
