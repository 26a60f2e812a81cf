import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TopologyTestDriver, hopping, session, tumbling, type WindowDefinition } from '@streamlab/kernel-helpers/streams';
import { firstDifference, plainLoopSessions, plainLoopTimeWindowRecords, type CountResult } from '../../../bench/suites/plain-loops.js';
import type { BenchEvent } from '../../../bench/events.js';

/** A stream with much more disorder than the bench's: records up to `disorderMs` late, some past the grace. */
function disorderedEvents(count: number, keys: number, stepMs: number, disorderMs: number): BenchEvent[] {
  let state = 7;
  const next = (): number => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  return Array.from({ length: count }, (_, i) => ({ key: `k${Math.floor(next() * keys)}`, ts: 1_000_000 + i * stepMs - Math.floor(next() * disorderMs) }));
}

function engineRun(events: BenchEvent[], window: WindowDefinition): { results: CountResult[]; late: number } {
  const builder = new StreamsBuilder();
  builder.stream<BenchEvent>('in').groupByKey().windowedBy(window as never).count({ emit: 'final' }).toStream().to('out');
  const driver = new TopologyTestDriver(builder.build());
  driver.pipe('in', events.map((event) => ({ key: event.key, value: event, timestamp: event.ts })));
  return { results: driver.readOutput('out') as CountResult[], late: driver.metrics().lateRecords };
}

describe('bench baselines that build results (the fair plain loops)', () => {
  const events = disorderedEvents(20_000, 20, 100, 30_000);

  it('the session loop emits exactly the engine results, bridged sessions and late records included', () => {
    const { results: expected, late } = engineRun(events, session(5_000, { grace: 2_000 }));
    const actual: CountResult[] = [];
    plainLoopSessions(events, 5_000, 2_000, actual);
    expect(expected.length).toBeGreaterThan(100);
    // The input exercises lateness and merging (about 12,000 late records; a few dozen records bridge two sessions).
    expect(late).toBeGreaterThan(1_000);
    expect(expected.some((result) => result.value.count > 1)).toBe(true);
    expect(firstDifference(expected, actual)).toBeNull();
  });

  it('the tumbling and hopping loops emit exactly the engine results', () => {
    for (const [window, size, advance] of [
      [tumbling(10_000, { grace: 3_000 }), 10_000, 10_000],
      [hopping(30_000, 10_000, { grace: 3_000 }), 30_000, 10_000],
    ] as const) {
      const { results: expected } = engineRun(events, window);
      const actual: CountResult[] = [];
      plainLoopTimeWindowRecords(events, size, advance, 3_000, actual);
      expect(expected.length).toBeGreaterThan(100);
      expect(firstDifference(expected, actual)).toBeNull();
    }
  });

  it('reports the first difference', () => {
    const record: CountResult = { key: 'a', value: { key: 'a', windowStart: 0, windowEnd: 5, count: 2 }, timestamp: 5 };
    expect(firstDifference([record], [{ ...record, value: { ...record.value, count: 3 } }])).toContain('result 0 of 1 vs 1');
    expect(firstDifference([record], [])).toContain('vs nothing');
  });
});
