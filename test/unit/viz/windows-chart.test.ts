import { describe, expect, it } from 'vitest';
import { renderSvg, recordsInWindow, windowTimeline, type TimelineRecord, type TimelineWindow } from '../../../kernel-helpers/src/viz/index';

const T0 = Date.UTC(2026, 0, 1);
const at = (seconds: number): number => T0 + seconds * 1000;
const records: TimelineRecord[] = [
  { time: at(1), key: 'a' },
  { time: at(10), key: 'a' }, // exactly on a tumbling boundary
  { time: at(12), key: 'b' },
  { time: at(4), key: 'a', late: true },
];

type DrawnRow = { layer: string; lane: string; x: number; x2?: number; count?: number; late?: boolean; group?: string };
const rowsOf = (spec: unknown): DrawnRow[] => (spec as { data: { values: DrawnRow[] } }).data.values;

describe('windowTimeline', () => {
  it('puts a record on an exclusive end into the next window, and on an inclusive end into the window', () => {
    const tumbling: TimelineWindow = { group: 'tumbling', start: at(0), end: at(10) };
    const slidingWindow: TimelineWindow = { group: 'sliding', start: at(0), end: at(10), endInclusive: true };
    expect(recordsInWindow(tumbling, records).map((record) => record.time)).toEqual([at(1), at(4)]);
    expect(recordsInWindow(slidingWindow, records).map((record) => record.time)).toEqual([at(1), at(10), at(4)]);
    expect(recordsInWindow({ ...slidingWindow, key: 'b' }, records)).toEqual([]);
  });

  it('draws one lane per window below the records lane, counting on-time records only, in seconds after origin', () => {
    const windows: TimelineWindow[] = [
      { group: 'tumbling', key: 'a', start: at(0), end: at(10) },
      { group: 'tumbling', key: 'a', start: at(10), end: at(20) },
      { group: 'session', key: 'b', start: at(12), end: at(12), endInclusive: true },
    ];
    const spec = windowTimeline(windows, records, { origin: T0, title: 'janelas' });
    const rows = rowsOf(spec);
    const bars = rows.filter((row) => row.layer === 'window');
    expect(bars.map((bar) => [bar.lane, bar.x, bar.count])).toEqual([
      ['tumbling a [0, 10)', 0, 1], // 1 on time; 4 is inside but late
      ['tumbling a [10, 20)', 10, 1],
      ['session b [12, 12]', 12, 1],
    ]);
    expect(bars[2].x2).toBeGreaterThan(12); // a one-record session still gets a visible bar
    expect(rows.filter((row) => row.layer === 'record' && row.lane === 'registros')).toHaveLength(4);
    expect(rows.filter((row) => row.lane === 'tumbling a [0, 10)' && row.layer === 'record').map((row) => [row.x, row.late])).toEqual([
      [1, false],
      [4, true],
    ]);
    expect((spec as { encoding: { y: { sort: string[] } } }).encoding.y.sort).toEqual(['registros', ...bars.map((bar) => bar.lane)]);
    expect(spec).toMatchObject({ title: 'janelas', height: 4 * 22 });
  });

  it('keeps a window emitted twice on two lanes and uses a given count', () => {
    const twice: TimelineWindow = { group: 'sliding', key: 'a', start: at(0), end: at(10), endInclusive: true, count: 2 };
    const bars = rowsOf(windowTimeline([twice, twice], records, { origin: T0 })).filter((row) => row.layer === 'window');
    expect(bars.map((bar) => [bar.lane, bar.count])).toEqual([
      ['sliding a [0, 10]', 2],
      ['sliding a [0, 10] #2', 2],
    ]);
  });

  it('renders to an SVG with every lane label, on an absolute time axis by default', async () => {
    const spec = windowTimeline([{ group: 'hopping', start: at(0), end: at(10) }], records);
    expect(rowsOf(spec)[0].x).toBe(at(1));
    const svg = await renderSvg(spec);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('registros');
    expect(svg).toContain('hopping [00:00:00.000, 00:00:10.000)');
  });
});
