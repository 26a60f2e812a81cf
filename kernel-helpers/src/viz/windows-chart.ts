import type { ChartOptions, ChartSpec, Row } from './specs.js';

/** One window, drawn as a bar on its own lane with the records that fall into it. */
export interface TimelineWindow {
  /** The window family, shown as colour and in the lane label, e.g. `'tumbling'`. */
  group: string;
  /** Start, ms since the epoch (inclusive). */
  start: number;
  /** End, ms since the epoch: exclusive unless `endInclusive`. */
  end: number;
  /** Whether `end` belongs to the window, as in Kafka Streams' sliding and session windows. Default false: [start, end). */
  endInclusive?: boolean;
  /** Only records with this key fall into the window (default: every record). */
  key?: string;
  /** The number printed after the bar (default: the on-time records drawn in it). */
  count?: number;
  /** Lane label (default: group, key and interval, e.g. `tumbling a [0, 10)`). */
  label?: string;
}

/** One record on the timeline. */
export interface TimelineRecord {
  /** Event time, ms since the epoch. */
  time: number;
  key?: string;
  /** A record dropped as late: drawn as a red cross and never counted in a window. */
  late?: boolean;
}

export interface WindowTimelineOptions extends ChartOptions {
  /** Draw the x axis in seconds after this time (ms since the epoch); default an absolute time axis. */
  origin?: number;
  /** Label of the top lane, which holds every record (default `'registros'`). */
  recordsLane?: string;
  /** Pixels per lane when `height` is not given (default 22). */
  laneHeight?: number;
}

/** The records of `records` that lie inside `window`: its key, its interval, its end rule (late ones included). */
export function recordsInWindow(window: TimelineWindow, records: readonly TimelineRecord[]): TimelineRecord[] {
  return records.filter(
    (record) =>
      (window.key === undefined || record.key === window.key) &&
      record.time >= window.start &&
      (window.endInclusive ? record.time <= window.end : record.time < window.end),
  );
}

/**
 * A timeline of windows (Vega-Lite spec): a top lane with every record, then one lane per window,
 * in the given order, with a bar from start to end, the records that fall into it (● on time,
 * red × dropped as late) and its count. Windows of one record (start = end) get a thin bar.
 */
export function windowTimeline(windows: readonly TimelineWindow[], records: readonly TimelineRecord[], options: WindowTimelineOptions = {}): ChartSpec {
  const origin = options.origin;
  const x = (time: number): number | string => (origin === undefined ? time : (time - origin) / 1000);
  const times = [...records.map((record) => record.time), ...windows.flatMap((window) => [window.start, window.end])];
  const span = times.length ? Math.max(...times) - Math.min(...times) : 1000;
  const recordsLane = options.recordsLane ?? 'registros';
  const lanes = [recordsLane];
  const rows: Row[] = records.map((record) => ({ layer: 'record', lane: recordsLane, x: x(record.time), key: record.key ?? null, late: !!record.late }));

  for (const window of windows) {
    const lane = uniqueLane(lanes, window.label ?? defaultLabel(window, origin));
    lanes.push(lane);
    const inside = recordsInWindow(window, records);
    // A one-record window (start = end) would be invisible: give it 0.4 % of the time span.
    const drawnEnd = window.end > window.start ? window.end : window.start + Math.max(1, Math.round(span * 0.004));
    rows.push({
      layer: 'window',
      lane,
      group: window.group,
      x: x(window.start),
      x2: x(drawnEnd),
      count: window.count ?? inside.filter((record) => !record.late).length,
    });
    for (const record of inside) rows.push({ layer: 'record', lane, x: x(record.time), key: record.key ?? null, late: !!record.late });
  }

  const xType = origin === undefined ? ('temporal' as const) : ('quantitative' as const);
  const xTitle = origin === undefined ? 'tempo de evento' : 'tempo de evento (s)';
  const onlyRecords = (late: boolean) => [{ filter: `datum.layer === 'record' && ${late ? '' : '!'}datum.late` }];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: options.width ?? 560,
    height: options.height ?? lanes.length * (options.laneHeight ?? 22),
    data: { values: rows },
    encoding: {
      y: { field: 'lane', type: 'nominal', sort: lanes, title: null, axis: { labelLimit: 320 } },
    },
    layer: [
      {
        transform: [{ filter: "datum.layer === 'window'" }],
        mark: { type: 'bar', opacity: 0.35, tooltip: true },
        encoding: {
          x: { field: 'x', type: xType, title: xTitle },
          x2: { field: 'x2' },
          color: { field: 'group', type: 'nominal', title: 'janela' },
        },
      },
      {
        transform: [{ filter: "datum.layer === 'window'" }],
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: { x: { field: 'x2', type: xType }, text: { field: 'count', type: 'quantitative' } },
      },
      {
        transform: onlyRecords(false),
        mark: { type: 'point', filled: true, size: 36, color: '#333333', tooltip: true },
        encoding: { x: { field: 'x', type: xType } },
      },
      {
        transform: onlyRecords(true),
        mark: { type: 'point', shape: 'cross', filled: true, size: 70, color: '#d62728', tooltip: true },
        encoding: { x: { field: 'x', type: xType } },
      },
    ],
  } as ChartSpec;
}

function defaultLabel(window: TimelineWindow, origin: number | undefined): string {
  const at = (time: number): string => (origin === undefined ? new Date(time).toISOString().slice(11, 23) : String(Number(((time - origin) / 1000).toFixed(3))));
  return `${window.group}${window.key === undefined ? '' : ` ${window.key}`} [${at(window.start)}, ${at(window.end)}${window.endInclusive ? ']' : ')'}`;
}

/** `label`, or `label #2`, `#3`... when a lane of that name exists (a window emitted twice). */
function uniqueLane(lanes: string[], label: string): string {
  if (!lanes.includes(label)) return label;
  let index = 2;
  while (lanes.includes(`${label} #${index}`)) index++;
  return `${label} #${index}`;
}
