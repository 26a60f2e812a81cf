import { describe, expect, it } from 'vitest';
import { TopologyTestDriver } from '../../../kernel-helpers/src/streams/index.js';
import { at, viewsClicksJoin } from './support.js';

type Side = 'views' | 'clicks';
type Input = { side: Side; key: string; value: string; timestamp: number };

const WINDOW_MS = 10_000;
const GRACE_MS = 5_000;

function joinDriver() {
  const topology = viewsClicksJoin();
  const store = (suffix: string) => topology.stores.find((name) => name.endsWith(suffix))!;
  return { driver: new TopologyTestDriver(topology), thisStore: store('-this-store'), otherStore: store('-other-store') };
}

/**
 * The join by definition: records in arrival order; one is late when t + window + grace < the
 * largest timestamp so far; each accepted record meets every earlier accepted record of the
 * other side and same key at most WINDOW_MS apart (oldest first, then arrival order).
 */
function bruteForceJoin(inputs: Input[]): string[] {
  const accepted: Input[] = [];
  const out: string[] = [];
  let streamTime = -1;
  for (const record of inputs) {
    streamTime = Math.max(streamTime, record.timestamp);
    if (record.timestamp + WINDOW_MS + GRACE_MS < streamTime) continue;
    const matches = accepted
      .filter((other) => other.side !== record.side && other.key === record.key && Math.abs(other.timestamp - record.timestamp) <= WINDOW_MS)
      .sort((a, b) => a.timestamp - b.timestamp);
    for (const match of matches) {
      const [view, click] = record.side === 'views' ? [record, match] : [match, record];
      out.push(`${record.key} ${view.value}+${click.value} @${Math.max(view.timestamp, click.timestamp)}`);
    }
    accepted.push(record);
  }
  return out;
}

function randomInputs(count: number, seed: number): Input[] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
  let clock = at(0);
  return Array.from({ length: count }, (_, index) => {
    clock += Math.floor(next() * 1500);
    const timestamp = clock - (next() < 0.2 ? Math.floor(next() * 25_000) : 0);
    return { side: next() < 0.5 ? 'views' : 'clicks', key: `k${Math.floor(next() * 5)}`, value: `r${index}`, timestamp: Math.max(timestamp, at(0)) };
  });
}

describe('stream–stream join buffers', () => {
  it('emit exactly the pairs of the join’s definition on out-of-order input (expiry drops nothing still needed)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const inputs = randomInputs(600, seed);
      const { driver } = joinDriver();
      for (const record of inputs) driver.pipe(record.side, { key: record.key, value: record.value, timestamp: record.timestamp });
      const actual = driver.readOutput<string>('joined').map((record) => `${record.key} ${record.value} @${record.timestamp}`);
      const expected = bruteForceJoin(inputs);
      expect(expected.length).toBeGreaterThan(100);
      expect(actual).toEqual(expected);
    }
  });

  it('expire the records of a key that stops arriving once stream time passes window + grace', () => {
    const { driver, thisStore, otherStore } = joinDriver();
    driver.pipe('views', { key: 'gone', value: 'v0', timestamp: at(0) });
    driver.pipe('clicks', { key: 'gone', value: 'c0', timestamp: at(1) });
    const keysIn = (store: string) => [...driver.storeEntries(store).values()].map((bucket) => (bucket as { key: string }).key);
    expect(keysIn(thisStore)).toEqual(['gone']);
    // Other keys move stream time on; 'gone' never comes back. Retention: before + after + grace = 25 s:
    // at stream time 25 s a click at 10 s is still on time and would meet v0; a moment later none can.
    driver.pipe('views', { key: 'other', value: 'v1', timestamp: at(25) });
    expect(keysIn(thisStore)).toEqual(['gone', 'other']);
    driver.pipe('views', { key: 'other', value: 'v2', timestamp: at(25.001) });
    expect(keysIn(thisStore)).toEqual(['other', 'other']);
    expect(keysIn(otherStore)).toEqual(['gone']);
    driver.pipe('views', { key: 'other', value: 'v3', timestamp: at(26.001) });
    expect(keysIn(otherStore)).toEqual([]);
    expect(driver.readValues('joined')).toEqual(['v0+c0']);
  });

  it('keep a bounded buffer over a long stream of ever-new keys', () => {
    const { driver, thisStore, otherStore } = joinDriver();
    let largest = 0;
    for (let index = 0; index < 20_000; index++) {
      driver.pipe(index % 2 ? 'views' : 'clicks', { key: `user-${index}`, value: 'x', timestamp: at(index / 10) });
      if (index % 1000 === 999) largest = Math.max(largest, driver.storeEntries(thisStore).size + driver.storeEntries(otherStore).size);
    }
    // 10 records a second, kept for 25 s (plus the one that just arrived).
    expect(largest).toBeLessThanOrEqual(251);
    expect(largest).toBeGreaterThanOrEqual(250);
  });
});
