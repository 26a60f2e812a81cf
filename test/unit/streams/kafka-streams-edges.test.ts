import { describe, expect, it } from 'vitest';
import { hopping, session, sliding, StreamsBuilder, TopologyTestDriver, tumbling, type WindowedCount } from '../../../kernel-helpers/src/streams/index.js';

// The input and the results Kafka Streams 4.3.1 itself produced for it, observed by the Java peer
// (test/integration/streams-peer/peer.test.ts). Windows: size 60 s, advance 20 s, sliding
// difference 30 s, session gap 30 s, grace 10 s; final results (suppress until window closes).
const T0 = Date.UTC(2026, 0, 1);
type Row = [key: string, startSeconds: number, endSeconds: number, count: number];

function finalRows(input: Array<[string, number]>): Record<'tumbling' | 'hopping' | 'sliding' | 'session', Row[]> {
  const builder = new StreamsBuilder();
  const grouped = builder.stream('readings').groupByKey();
  grouped.windowedBy(tumbling('60s', { grace: '10s' })).count({ name: 'tumbling', emit: 'final' }).toStream().to('tumbling');
  grouped.windowedBy(hopping('60s', '20s', { grace: '10s' })).count({ name: 'hopping', emit: 'final' }).toStream().to('hopping');
  grouped.windowedBy(sliding('30s', { grace: '10s' })).count({ name: 'sliding', emit: 'final' }).toStream().to('sliding');
  grouped.windowedBy(session('30s', { grace: '10s' })).count({ name: 'session', emit: 'final' }).toStream().to('session');
  const driver = new TopologyTestDriver(builder.build());
  for (const [key, seconds] of input) driver.pipe('readings', { key, value: { key, seconds }, timestamp: T0 + seconds * 1000 });
  const read = (topic: string) =>
    driver
      .readValues<WindowedCount>(topic)
      .map((value): Row => [value.key, (value.windowStart - T0) / 1000, (value.windowEnd - T0) / 1000, value.count])
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[3] - b[3]);
  return { tumbling: read('tumbling'), hopping: read('hopping'), sliding: read('sliding'), session: read('session') };
}

describe('the same final windows as Kafka Streams 4.3.1 on the Java peer’s inputs', () => {
  it('out-of-order and late records across all four window types', () => {
    const results = finalRows([
      ['s-1', 5],
      ['s-2', 10],
      ['s-1', 50],
      ['s-2', 35],
      ['s-1', 62],
      ['s-2', 60],
      ['s-1', 58],
      ['s-1', 75],
      ['s-1', 59],
      ['s-2', 100],
      ['s-1', 40],
      ['flush', 1000],
    ]);
    expect(results.tumbling).toEqual([
      ['s-1', 0, 60, 3],
      ['s-1', 60, 120, 2],
      ['s-2', 0, 60, 2],
      ['s-2', 60, 120, 2],
    ]);
    expect(results.hopping).toEqual([
      ['s-1', -40, 20, 1],
      ['s-1', -20, 40, 1],
      ['s-1', 0, 60, 3],
      ['s-1', 20, 80, 5],
      ['s-1', 40, 100, 6],
      ['s-1', 60, 120, 2],
      ['s-2', -40, 20, 1],
      ['s-2', -20, 40, 1],
      ['s-2', 0, 60, 2],
      ['s-2', 20, 80, 2],
      ['s-2', 40, 100, 1],
      ['s-2', 60, 120, 2],
      ['s-2', 80, 140, 1],
      ['s-2', 100, 160, 1],
    ]);
    expect(results.sliding).toEqual([
      ['s-1', -25, 5, 1],
      ['s-1', 20, 50, 1],
      ['s-1', 28, 58, 2],
      ['s-1', 32, 62, 3],
      ['s-1', 45, 75, 5],
      ['s-1', 50.001, 80.001, 4],
      ['s-1', 58.001, 88.001, 3],
      ['s-1', 59.001, 89.001, 2],
      ['s-1', 62.001, 92.001, 1],
      ['s-2', -20, 10, 1],
      ['s-2', 10.001, 40.001, 1],
      ['s-2', 30, 60, 2],
      ['s-2', 35.001, 65.001, 1],
      ['s-2', 70, 100, 1],
    ]);
    expect(results.session).toEqual([
      ['s-1', 5, 5, 1],
      ['s-1', 40, 75, 6],
      ['s-2', 10, 10, 1],
      ['s-2', 35, 60, 2],
      ['s-2', 100, 100, 1],
    ]);
  });

  it('a record exactly on a sliding window’s or a session’s close time makes a second final result', () => {
    const results = finalRows([
      ['b', 60],
      ['x', 70],
      ['b', 45],
      ['c', 100],
      ['x', 140],
      ['c', 100],
      ['flush', 1000],
    ]);
    expect(results.tumbling).toEqual([
      ['b', 60, 120, 1],
      ['c', 60, 120, 1],
      ['x', 60, 120, 1],
      ['x', 120, 180, 1],
    ]);
    expect(results.sliding).toEqual([
      ['b', 30, 60, 1],
      ['b', 30, 60, 2],
      ['b', 45.001, 75.001, 1],
      ['c', 70, 100, 1],
      ['x', 40, 70, 1],
      ['x', 110, 140, 1],
    ]);
    expect(results.session).toEqual([
      ['b', 45, 60, 2],
      ['c', 100, 100, 1],
      ['c', 100, 100, 1],
      ['x', 70, 70, 1],
      ['x', 140, 140, 1],
    ]);
  });
});
