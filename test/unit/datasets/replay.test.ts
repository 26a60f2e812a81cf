import { describe, expect, it } from 'vitest';
import { DatasetError, eventTime, arrivalTime, replay, type ReplayClock } from '../../../kernel-helpers/src/datasets/index';
import { recordBuilder } from '../../../kernel-helpers/src/datasets/replay-to-topic';

/** A clock that never really waits: sleeping moves its time forward, and we record when events come out. */
function fakeClock(): ReplayClock & { sleeps: number[]; advance(ms: number): void } {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

async function collectWithTimes<T>(source: AsyncIterable<T>, clock: ReplayClock): Promise<Array<{ event: T; at: number }>> {
  const out: Array<{ event: T; at: number }> = [];
  for await (const event of source) out.push({ event, at: clock.now() });
  return out;
}

const events = [{ ts: 0 }, { ts: 1000 }, { ts: 1000 }, { ts: 4000 }, { ts: 10_000 }];

describe('replay pacing (injected clock)', () => {
  it('yields every event in input order, at (event time - first event time) / speed', async () => {
    const clock = fakeClock();
    const out = await collectWithTimes(replay(events, { speed: 2, clock }), clock);
    expect(out.map((entry) => entry.event)).toEqual(events);
    expect(out.map((entry) => entry.at - 1_000)).toEqual([0, 500, 500, 2000, 5000]);
  });

  it('does not wait at all at speed Infinity', async () => {
    const clock = fakeClock();
    const out = await collectWithTimes(replay(events, { speed: Infinity, clock }), clock);
    expect(out).toHaveLength(5);
    expect(clock.sleeps).toEqual([]);
  });

  it('catches up instead of drifting when the consumer is slow', async () => {
    const clock = fakeClock();
    const times: number[] = [];
    for await (const event of replay(events, { speed: 1, clock })) {
      times.push(clock.now() - 1_000);
      if (event.ts === 0) clock.advance(3_000); // the consumer took 3 s on the first event
    }
    // Events due at 1 s come right away (already late); 4 s and 10 s keep their schedule.
    expect(times).toEqual([0, 3000, 3000, 4000, 10_000]);
  });

  it('yields an event whose time goes backwards at once (out-of-order data)', async () => {
    const clock = fakeClock();
    const out = await collectWithTimes(replay([{ ts: 0 }, { ts: 5000 }, { ts: 2000 }, { ts: 6000 }], { speed: 1, clock }), clock);
    expect(out.map((entry) => entry.at - 1_000)).toEqual([0, 5000, 5000, 6000]);
  });

  it('paces by arrivalTs when events have one, by a custom timestamp when given', async () => {
    const clock = fakeClock();
    const readings = [{ ts: 100, arrivalTs: 0 }, { ts: 0, arrivalTs: 2000 }];
    expect((await collectWithTimes(replay(readings, { clock }), clock)).map((entry) => entry.at - 1_000)).toEqual([0, 2000]);
    const clock2 = fakeClock();
    const custom = await collectWithTimes(replay([{ at: 10 }, { at: 40 }], { clock: clock2, timestampOf: (event) => event.at * 1000 }), clock2);
    expect(custom.map((entry) => entry.at - 1_000)).toEqual([0, 30_000]);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const seen: number[] = [];
    for await (const event of replay(events, { clock, signal: controller.signal })) {
      seen.push(event.ts);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual([0, 1000]);
  });

  it('accepts async iterables', async () => {
    async function* source(): AsyncGenerator<{ ts: number }> {
      yield { ts: 0 };
      yield { ts: 500 };
    }
    const clock = fakeClock();
    expect((await collectWithTimes(replay(source(), { clock }), clock)).map((entry) => entry.at - 1_000)).toEqual([0, 500]);
  });

  it('rejects a speed of zero or less and events without a time', async () => {
    await expect(replay(events, { speed: 0 }).next()).rejects.toThrow(DatasetError);
    await expect(replay([{ name: 'no time' }]).next()).rejects.toThrow(/no numeric arrivalTs\/ts\/time\/date\/timestamp field/);
  });
});

describe('replay pacing (real clock)', () => {
  it('spreads 2 s of event time over about 200 ms at speed 10', async () => {
    const stream = Array.from({ length: 21 }, (_, i) => ({ ts: i * 100 }));
    const started = performance.now();
    const at: number[] = [];
    for await (const _ of replay(stream, { speed: 10 })) at.push(performance.now() - started);
    expect(at[at.length - 1]).toBeGreaterThanOrEqual(195);
    expect(at[at.length - 1]).toBeLessThan(400);
    // Never early, even though Node's timers alone can fire a millisecond before time.
    at.forEach((time, i) => expect(time).toBeGreaterThanOrEqual(i * 10));
  });
});

describe('event time and records', () => {
  it('finds the event time in ts, time, date or timestamp, the arrival time in arrivalTs first', () => {
    expect(eventTime({ ts: 1, time: 2 })).toBe(1);
    expect(eventTime({ time: 2 })).toBe(2);
    expect(eventTime({ date: 3 })).toBe(3);
    expect(eventTime({ timestamp: 4 })).toBe(4);
    expect(arrivalTime({ ts: 1, arrivalTs: 9 })).toBe(9);
    expect(eventTime({ ts: 1, arrivalTs: 9 })).toBe(1);
    expect(() => eventTime({ ts: '2020-01-01' })).toThrow(DatasetError);
  });

  it('builds records keyed by a field or a function, stamped with the event time', () => {
    const reading = { sensorId: 'sensor-02', ts: 1_700_000_000_000, arrivalTs: 1_700_000_003_000, temperature: 21.5 };
    expect(recordBuilder<typeof reading>({ key: 'sensorId' })(reading)).toEqual({ key: 'sensor-02', value: reading, timestamp: 1_700_000_000_000 });
    const flight = { date: 978307260000, origin: 'ATL', delay: 3 };
    expect(recordBuilder<typeof flight>({ key: (f) => f.origin, value: (f) => ({ delay: f.delay }) })(flight)).toEqual({ key: 'ATL', value: { delay: 3 }, timestamp: 978307260000 });
    expect(recordBuilder<{ userId: number; ts: number }>({ key: 'userId' })({ userId: 7, ts: 5 }).key).toBe('7');
    expect(recordBuilder<{ ts: number }>({})({ ts: 5 }).key).toBeNull();
  });
});
