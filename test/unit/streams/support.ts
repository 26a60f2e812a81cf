import { joinWindow, StreamsBuilder, TopologyTestDriver, type Topology, type WindowDefinition, type WindowedAggregateOptions } from '../../../kernel-helpers/src/streams/index.js';

/** 2024-01-01T00:00:00Z: aligned to the minute and hour, so windows start at round numbers. */
export const T0 = Date.UTC(2024, 0, 1);

/** T0 + `seconds`. */
export const at = (seconds: number): number => T0 + seconds * 1000;

/** A driver for `events` → groupByKey → windowedBy(windows) → count → `counts`. */
export function windowedCountDriver(windows: WindowDefinition, options: WindowedAggregateOptions = {}): TopologyTestDriver {
  const builder = new StreamsBuilder();
  builder
    .stream('events')
    .groupByKey()
    .windowedBy(windows as never)
    .count({ name: 'counts', ...options })
    .toStream()
    .to('counts');
  return new TopologyTestDriver(builder.build());
}

/** Results as compact rows in seconds after T0: [key, start, end, count]. */
export function rows(values: unknown[]): Array<[string, number, number, number | 'retracted']> {
  return values.map((value) => {
    const result = value as { key: string; windowStart: number; windowEnd: number; count?: number; retracted?: true };
    return [result.key, (result.windowStart - T0) / 1000, (result.windowEnd - T0) / 1000, result.retracted ? 'retracted' : result.count!];
  });
}

/** `views` joined with `clicks` (±10 s, grace 5 s) into `joined` as "view+click". */
export function viewsClicksJoin(): Topology {
  const builder = new StreamsBuilder();
  const clicks = builder.stream<string>('clicks');
  builder
    .stream<string>('views')
    .join(clicks, (view, click) => `${view}+${click}`, joinWindow('10s', { grace: '5s' }))
    .to('joined');
  return builder.build();
}
