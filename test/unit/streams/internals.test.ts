import { describe, expect, it } from 'vitest';
import { WindowEntry } from '../../../kernel-helpers/src/streams/internals/aggregation.js';
import { StateStore } from '../../../kernel-helpers/src/streams/internals/state-store.js';
import { KeyOrder } from '../../../kernel-helpers/src/streams/internals/key-order.js';
import { TimeIndex } from '../../../kernel-helpers/src/streams/internals/time-index.js';

/** A deterministic pseudo-random generator (LCG), so failures reproduce. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

describe('TimeIndex (sorted queue for in-order times, heap for the others)', () => {
  it('pops every entry in time order, whatever the push order, interleaved with pops', () => {
    const next = random(7);
    const index = new TimeIndex<number>();
    const popped: number[] = [];
    const pushed: number[] = [];
    const live: number[] = [];
    let clock = 1_000;
    for (let step = 0; step < 5_000; step++) {
      clock += Math.floor(next() * 10);
      const time = next() < 0.2 ? clock - Math.floor(next() * 500) : clock; // one in five out of order
      index.push(time, time);
      pushed.push(time);
      live.push(time);
      if (next() < 0.3) {
        const smallest = Math.min(...live);
        expect(index.peekTime()).toBe(smallest);
        expect(index.pop()).toBe(smallest);
        live.splice(live.indexOf(smallest), 1);
        popped.push(smallest);
      }
    }
    expect(index.size).toBe(pushed.length - popped.length);
    while (index.size) popped.push(index.pop()!);
    expect(index.pop()).toBeUndefined();
    expect(index.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect([...popped].sort((a, b) => a - b)).toEqual([...pushed].sort((a, b) => a - b));
    const remaining = new TimeIndex<number>();
    for (const time of [5, 3, 9, 1, 7, 7, 2]) remaining.push(time, time);
    expect(Array.from({ length: 7 }, () => remaining.pop())).toEqual([1, 2, 3, 5, 7, 7, 9]);
  });
});

describe('KeyOrder (counting sort by remembered key ranks)', () => {
  it('orders each group exactly as a comparison sort by key does, as keys recur, arrive and stop coming', () => {
    const next = random(11);
    const order = new KeyOrder<{ key: string }>();
    // Recurring keys, then a few new ones per group, then keys that never come back (ids), then small groups.
    const keyOf = (group: number, index: number): string =>
      group < 20 ? `k${Math.floor(next() * 300)}` : group < 40 ? `k${Math.floor(next() * (300 + group * 10))}` : group < 60 ? `id-${group}-${index}` : `é${Math.floor(next() * 50)}Ä`;
    for (let group = 0; group < 80; group++) {
      const size = group >= 60 ? 1 + Math.floor(next() * 40) : 100 + Math.floor(next() * 200);
      const keys = new Set(Array.from({ length: size }, (_, index) => keyOf(group, index)));
      const windows = new Map([...keys].map((key) => [key, { key }]));
      const expected = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const listed: Array<{ key: string }> = [];
      order.list(windows, listed);
      expect(listed.map((window) => window.key)).toEqual(expected);
    }
  });
});

describe('StateStore window layouts', () => {
  it('files windows by key sorted by start, writes them to the changelog under start|key, deletes and evicts', () => {
    const store = new StateStore<WindowEntry>('sessions', true);
    const layout = store.windowsByKey();
    const late = new WindowEntry('a', 30, 40, 1, 40);
    const early = new WindowEntry('a', 10, 20, 1, 20);
    const other = new WindowEntry('b', 10, 10, 1, 10);
    for (const window of [late, early, other]) store.setWindow(window);
    expect(layout.of('a').map((window) => window.start)).toEqual([10, 30]);
    expect(store.windowAt(30, 'a')).toBe(late);
    expect(store.windowAt(20, 'a')).toBeUndefined();
    expect(new Map(store.takeChanges())).toEqual(new Map<string, WindowEntry | null>([['30|a', late], ['10|a', early], ['10|b', other]]));
    store.deleteWindow(early);
    expect(store.evictWindow(other)).toBe(true);
    expect(store.evictWindow(other)).toBe(false);
    expect(store.takeChanges()).toEqual([['10|a', null]]);
    expect([...store.snapshot().keys()]).toEqual(['30|a']);
  });

  it('shares a group between two by-start stores and deletes a whole start with changelog deletes', () => {
    const windows = new StateStore<WindowEntry>('counts', true);
    const buffer = new StateStore<WindowEntry>('counts-suppress-buffer', true);
    const group = windows.windowsStarting(0);
    const entry = new WindowEntry('a', 0, 60, 1, 5);
    group.set('a', entry);
    buffer.adoptWindowGroup(0, group);
    buffer.touchWindow(entry);
    expect(buffer.windowAt(0, 'a')).toBe(entry);
    expect(buffer.takeChanges()).toEqual([['0|a', entry]]);
    buffer.deleteWindowsStarting(0);
    expect(buffer.takeChanges()).toEqual([['0|a', null]]);
    expect(windows.windowAt(0, 'a')).toBe(entry);
  });

  it('writes no delete for a window the changelog never had (added and dropped between two commits)', () => {
    const store = new StateStore<WindowEntry>('counts', true);
    const brief = new WindowEntry('a', 0, 60, 1, 5);
    store.setWindow(brief);
    store.deleteWindow(brief);
    expect(store.takeChanges()).toEqual([]);
    const logged = new WindowEntry('b', 0, 60, 1, 5);
    store.setWindow(logged);
    expect(store.takeChanges()).toEqual([['0|b', logged]]);
    store.deleteWindow(logged);
    expect(store.takeChanges()).toEqual([['0|b', null]]);
    // Restored windows are in the changelog: dropping one writes its delete.
    store.restore('60|c', WindowEntry.from({ key: 'c', start: 60, end: 120, value: 2, timestamp: 70 }));
    store.groupRestoredWindows(() => true);
    store.deleteWindow(store.windowAt(60, 'c')!);
    expect(store.takeChanges()).toEqual([['60|c', null]]);
  });
});
