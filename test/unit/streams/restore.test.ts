import { describe, expect, it } from 'vitest';
import { hopping, joinWindow, session, sliding, StreamsBuilder, tumbling, type Topology, type WindowDefinition } from '../../../kernel-helpers/src/streams/index.js';
import { StreamTask } from '../../../kernel-helpers/src/streams/internals/task.js';
import { T0 } from './support.js';

// What the runtime does on a restart, without a broker: the changes a task reports at each
// commit go to a "changelog" (latest value per key, null deletes); a new task loads it and goes on.
type Changelog = Map<string, Map<string, unknown>>;

function commit(task: StreamTask, changelog: Changelog): void {
  for (const store of task.stores.values()) {
    const topic = changelog.get(store.name) ?? new Map<string, unknown>();
    changelog.set(store.name, topic);
    for (const [key, value] of store.takeChanges()) topic.set(key, value === null ? null : JSON.parse(JSON.stringify(value)));
  }
}

function restoredTask(topology: Topology, changelog: Changelog): StreamTask {
  const task = new StreamTask(topology, 0, { trackChanges: true });
  for (const [name, entries] of changelog) for (const [key, value] of entries) task.stores.get(name)!.restore(key, value);
  task.restored();
  return task;
}

function events(count: number): Array<{ key: string; timestamp: number }> {
  let state = 3;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
  return Array.from({ length: count }, (_, index) => ({ key: `k${Math.floor(next() * 4)}`, timestamp: T0 + index * 700 - Math.floor(next() * 15_000) }));
}

function countsTopology(windows: WindowDefinition, emit: 'current' | 'final'): Topology {
  const builder = new StreamsBuilder();
  builder.stream('in').groupByKey().windowedBy(windows as never).count({ name: 'counts', emit }).toStream().to('out');
  return builder.build();
}

describe('a task restored from its changelog continues exactly where the first one stopped', () => {
  const input = events(600);
  const cases: Array<[string, WindowDefinition]> = [
    ['tumbling', tumbling('10s', { grace: '5s' })],
    ['hopping', hopping('10s', '4s', { grace: '5s' })],
    ['sliding', sliding('5s', { grace: '5s' })],
    ['session', session('3s', { grace: '5s' })],
  ];
  for (const [name, windows] of cases) {
    for (const emit of ['current', 'final'] as const) {
      it(`${name}, ${emit}: outputs across three restarts equal one uninterrupted run`, () => {
        const topology = countsTopology(windows, emit);
        const uninterrupted = new StreamTask(topology, 0, { trackChanges: false });
        uninterrupted.restored();
        for (const record of input) uninterrupted.process('in', record.key, 1, record.timestamp);

        const changelog: Changelog = new Map();
        const outputs = [];
        let task = restoredTask(topology, changelog);
        input.forEach((record, index) => {
          task.process('in', record.key, 1, record.timestamp);
          if (index % 25 === 24) commit(task, changelog);
          if (index === 150 || index === 333 || index === 480) {
            commit(task, changelog);
            outputs.push(...task.takeOutput());
            task = restoredTask(topology, changelog);
          }
        });
        outputs.push(...task.takeOutput());
        expect(outputs).toEqual(uninterrupted.takeOutput());
        expect(task.metrics.lateRecords + uninterrupted.metrics.lateRecords).toBeGreaterThan(0);
      });
    }
  }

  it('keeps stream time across the restart, so a record late before it is late after it', () => {
    const topology = countsTopology(tumbling('10s'), 'current');
    const changelog: Changelog = new Map();
    const first = restoredTask(topology, changelog);
    first.process('in', 'a', 1, T0 + 30_000);
    commit(first, changelog);
    const second = restoredTask(topology, changelog);
    second.process('in', 'a', 1, T0 + 5000);
    expect(second.takeOutput()).toEqual([]);
    expect(second.metrics.lateRecords).toBe(1);
  });

  it('restores the join’s shared stream time', () => {
    const builder = new StreamsBuilder();
    builder.stream('views').join(builder.stream('clicks'), (view, click) => [view, click], joinWindow('10s')).to('out');
    const topology = builder.build();
    const changelog: Changelog = new Map();
    const first = restoredTask(topology, changelog);
    first.process('views', 'u', 'v', T0 + 60_000);
    commit(first, changelog);
    const second = restoredTask(topology, changelog);
    second.process('clicks', 'u', 'c', T0 + 1000);
    expect(second.metrics.lateRecords).toBe(1);
  });

  it('restores the join’s buffers: a pair split by the restart is joined, and expired records are deleted from the changelog', () => {
    const builder = new StreamsBuilder();
    builder.stream('views').join(builder.stream('clicks'), (view, click) => [view, click], joinWindow('10s', { grace: '5s' })).to('out');
    const topology = builder.build();
    const changelog: Changelog = new Map();
    const first = restoredTask(topology, changelog);
    first.process('views', 'u', 'v1', T0);
    first.process('views', 'u', 'v2', T0); // same key and timestamp: one buffered entry, both values
    first.process('views', 'w', 'w1', T0 + 2000);
    commit(first, changelog);
    const second = restoredTask(topology, changelog);
    second.process('clicks', 'u', 'c1', T0 + 9000);
    expect(second.takeOutput().map((record) => record.value)).toEqual([
      ['v1', 'c1'],
      ['v2', 'c1'],
    ]);
    // Stream time passes T0 + 25 s (window 10 s before and after, grace 5 s): v1/v2 can meet nothing more.
    second.process('clicks', 'x', 'c2', T0 + 25_001);
    commit(second, changelog);
    const views = [...changelog.entries()].find(([store]) => store.endsWith('-this-store'))![1];
    expect([...views].filter(([, value]) => value !== null).map(([key]) => key)).toEqual([`${T0 + 2000}|w`]);
    expect(views.get(`${T0}|u`)).toBeNull();
    const third = restoredTask(topology, changelog);
    third.process('clicks', 'w', 'c3', T0 + 12_000);
    expect(third.takeOutput().map((record) => record.value)).toEqual([['w1', 'c3']]);
  });
});
