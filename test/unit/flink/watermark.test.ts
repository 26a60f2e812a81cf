import { describe, expect, it } from 'vitest';
import { equivalentGraceMs, hoppingCounts, tumblingCountsWithWatermark } from '../../../kernel-helpers/src/flink/watermark';

const s = (seconds: number) => ({ ts: seconds * 1000 });

describe('tumblingCountsWithWatermark (Flink SQL rules, on-event watermark)', () => {
  it('counts in-order events per window, all windows firing at the end', () => {
    const { windows, late } = tumblingCountsWithWatermark([s(1), s(59), s(61), s(130)], 60_000, 5000);
    expect(windows.map((w) => [w.windowStart / 1000, w.count])).toEqual([
      [0, 2],
      [60, 1],
      [120, 1],
    ]);
    expect(late).toEqual([]);
  });

  it('drops a record whose window end - 1 ms is at or below the watermark left by the records before it', () => {
    // After 65 s the watermark is 60 s, past the end of [0, 60): the 30 s record is late.
    const { windows, late } = tumblingCountsWithWatermark([s(10), s(65), s(30)], 60_000, 5000);
    expect(late).toEqual([s(30)]);
    expect(windows.map((w) => w.count)).toEqual([1, 1]);
  });

  it('has no extra -1 ms: a watermark of exactly end - 1 ms already closes the window', () => {
    // max 64.999 s - 5 s = 59.999 s = end - 1 ms of [0, 60) → the 59 s record that follows is late.
    const late = tumblingCountsWithWatermark([{ ts: 64_999 }, s(59)], 60_000, 5000).late;
    expect(late).toEqual([s(59)]);
    // One millisecond less and it is still on time.
    expect(tumblingCountsWithWatermark([{ ts: 64_998 }, s(59)], 60_000, 5000).late).toEqual([]);
  });

  it('never lets the watermark go back', () => {
    const { late } = tumblingCountsWithWatermark([s(100), s(10), s(20)], 60_000, 5000);
    expect(late).toEqual([s(10), s(20)]);
  });

  it('maps a watermark delay to the equivalent Kafka Streams grace', () => {
    expect(equivalentGraceMs(5000)).toBe(4999);
    expect(equivalentGraceMs(0)).toBe(0);
  });
});

describe('hoppingCounts', () => {
  it('counts an event in every window of size / slide that contains it', () => {
    const windows = hoppingCounts([s(10), s(40), s(70)], 60_000, 30_000);
    expect(windows.map((w) => [w.windowStart / 1000, w.count])).toEqual([
      [-30, 1],
      [0, 2],
      [30, 2],
      [60, 1],
    ]);
  });
});
