import { describe, expect, it } from 'vitest';
import { hopping, parseDuration, session, sliding, StreamsError, tumbling, windowsFor, describeWindows } from '../../../kernel-helpers/src/streams/index.js';

describe('parseDuration', () => {
  it('reads milliseconds and unit suffixes', () => {
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5s')).toBe(1500);
  });

  it('rejects bad input with a StreamsError that names the field and shows the accepted forms', () => {
    for (const bad of ['1 minute', '10', '-5s', '', 'abc', -1, 1.5, Number.NaN]) {
      expect(() => parseDuration(bad as never, 'window size')).toThrow(StreamsError);
    }
    try {
      parseDuration('1 minute', 'window size');
    } catch (error) {
      expect((error as StreamsError).message).toContain('window size');
      expect((error as StreamsError).hint).toContain("'30s'");
    }
  });
});

describe('window definitions are values', () => {
  it('tumbling is hopping that advances by its size; grace defaults to 0', () => {
    expect(tumbling('1m', { grace: '10s' })).toEqual({ kind: 'tumbling', sizeMs: 60_000, advanceMs: 60_000, graceMs: 10_000 });
    expect(hopping('5m', '1m')).toEqual({ kind: 'hopping', sizeMs: 300_000, advanceMs: 60_000, graceMs: 0 });
    expect(sliding('10s', { grace: '1s' })).toEqual({ kind: 'sliding', maxDifferenceMs: 10_000, graceMs: 1000 });
    expect(session('30s')).toEqual({ kind: 'session', inactivityGapMs: 30_000, graceMs: 0 });
    expect(describeWindows(hopping('5m', '1m', { grace: '10s' }))).toBe('hopping(size 5m, advance 1m, grace 10s)');
  });

  it('rejects zero sizes and an advance larger than the size', () => {
    expect(() => tumbling(0)).toThrow(StreamsError);
    expect(() => session('0s')).toThrow(StreamsError);
    expect(() => hopping('1m', '2m')).toThrow(/larger than its size/);
  });
});

describe('windowsFor (tumbling and hopping assignment)', () => {
  const minute = 60_000;
  it('puts a timestamp in the one epoch-aligned tumbling window [start, start + size)', () => {
    expect(windowsFor(tumbling('1m'), 0)).toEqual([{ start: 0, end: minute }]);
    expect(windowsFor(tumbling('1m'), minute - 1)).toEqual([{ start: 0, end: minute }]);
    // The end is exclusive: a record at exactly 1m belongs to the next window.
    expect(windowsFor(tumbling('1m'), minute)).toEqual([{ start: minute, end: 2 * minute }]);
    expect(windowsFor(tumbling('1m'), 1_700_000_012_345)).toEqual([{ start: 1_699_999_980_000, end: 1_700_000_040_000 }]);
  });

  it('puts a timestamp in size / advance hopping windows, oldest first', () => {
    expect(windowsFor(hopping('10s', '5s'), 12_000)).toEqual([
      { start: 5000, end: 15_000 },
      { start: 10_000, end: 20_000 },
    ]);
    // On a boundary: the window ending there does not contain it.
    expect(windowsFor(hopping('10s', '5s'), 15_000)).toEqual([
      { start: 10_000, end: 20_000 },
      { start: 15_000, end: 25_000 },
    ]);
    expect(windowsFor(hopping('3m', '1m'), 5 * minute + 1)).toHaveLength(3);
  });

  it('starts no window before the epoch, as Kafka Streams', () => {
    expect(windowsFor(hopping('10s', '5s'), 2000)).toEqual([{ start: 0, end: 10_000 }]);
  });
});
