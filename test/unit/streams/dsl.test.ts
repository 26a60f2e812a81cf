import { describe, expect, it } from 'vitest';
import { StreamsBuilder, StreamsError, TopologyTestDriver, tumbling } from '../../../kernel-helpers/src/streams/index.js';
import { at, viewsClicksJoin } from './support.js';

type Click = { user: string; page: string; ms?: number };

describe('stateless operations', () => {
  it('filter, mapValues, selectKey, flatMap and peek transform records in order', () => {
    const builder = new StreamsBuilder();
    const seen: string[] = [];
    builder
      .stream<Click>('clicks')
      .filter((click) => click.page !== '/health')
      .peek((click) => seen.push(click.page))
      .selectKey((click) => click.user)
      .mapValues((click) => click.page.toUpperCase())
      .flatMap((page, key) => [{ key, value: page }, { key: `${key}-copy`, value: page }])
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('clicks', [
      { key: null, value: { user: 'ana', page: '/home' }, timestamp: 1 },
      { key: null, value: { user: 'bia', page: '/health' }, timestamp: 2 },
    ]);
    expect(seen).toEqual(['/home']);
    expect(driver.readOutput('out')).toEqual([
      { key: 'ana', value: '/HOME', timestamp: 1 },
      { key: 'ana-copy', value: '/HOME', timestamp: 1 },
    ]);
    expect(driver.readOutput('out')).toEqual([]);
  });

  it('branch sends each record to the first matching branch only', () => {
    const builder = new StreamsBuilder();
    const [small, medium] = builder.stream<number>('numbers').branch(
      (n) => n < 10,
      (n) => n < 100,
    );
    small.to('small');
    medium.to('medium');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('numbers', [5, 50, 500, 7].map((value) => ({ value })));
    expect(driver.readValues('small')).toEqual([5, 7]);
    expect(driver.readValues('medium')).toEqual([50]);
  });

  it('map replaces key and value', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<Click>('clicks')
      .map((click) => ({ key: click.page, value: 1 }))
      .to('pages');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('clicks', { value: { user: 'ana', page: '/a' } });
    expect(driver.readOutput('pages')).toEqual([{ key: '/a', value: 1, timestamp: 0 }]);
  });
});

describe('aggregations without windows', () => {
  it('groupBy + count keeps a running count per new key, forwarding every update', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<Click>('clicks')
      .groupBy((click) => click.page)
      .count({ name: 'page-counts' })
      .toStream()
      .to('page-counts');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('clicks', ['/a', '/b', '/a'].map((page, index) => ({ key: 'u', value: { user: 'u', page }, timestamp: index })));
    expect(driver.readOutput('page-counts')).toEqual([
      { key: '/a', value: 1, timestamp: 0 },
      { key: '/b', value: 1, timestamp: 1 },
      { key: '/a', value: 2, timestamp: 2 },
    ]);
    expect(driver.storeEntries('page-counts').get('/a')).toEqual({ value: 2, timestamp: 2 });
  });

  it('reduce and aggregate fold values per key', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<number>('numbers').groupByKey();
    grouped.reduce((sum, n) => sum + n).toStream().to('sums');
    grouped
      .aggregate(
        () => [] as number[],
        (list, n) => [...list, n],
      )
      .toStream()
      .to('lists');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('numbers', [1, 2, 3].map((value) => ({ key: 'k', value })));
    expect(driver.readValues('sums')).toEqual([1, 3, 6]);
    expect(driver.readValues('lists')).toEqual([[1], [1, 2], [1, 2, 3]]);
  });

  it('drops records without a key before an aggregation and counts them', () => {
    const builder = new StreamsBuilder();
    builder.stream('numbers').groupByKey().count().toStream().to('counts');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('numbers', [{ key: null, value: 1 }, { key: 'k', value: 2 }]);
    expect(driver.readValues('counts')).toEqual([1]);
    expect(driver.metrics().nullKeyRecords).toBe(1);
  });
});

describe('tables and stream–table joins', () => {
  function joinDriver(left: boolean) {
    const builder = new StreamsBuilder();
    const users = builder.table<{ name: string }>('users', { name: 'users' });
    const orders = builder.stream<{ amount: number }>('orders');
    const joined = left
      ? orders.leftJoin(users, (order, user) => ({ amount: order.amount, name: user?.name ?? null }))
      : orders.join(users, (order, user) => ({ amount: order.amount, name: user.name }));
    joined.to('enriched');
    return new TopologyTestDriver(builder.build());
  }

  it('join meets each stream record with the latest table row for its key; no row, no output', () => {
    const driver = joinDriver(false);
    driver.pipe('orders', { key: 'u1', value: { amount: 5 } });
    driver.pipe('users', { key: 'u1', value: { name: 'Ana' } });
    driver.pipe('orders', { key: 'u1', value: { amount: 10 } });
    driver.pipe('users', { key: 'u1', value: { name: 'Ana Maria' } });
    driver.pipe('orders', { key: 'u1', value: { amount: 20 } });
    driver.pipe('users', { key: 'u1', value: null }); // tombstone: deleted
    driver.pipe('orders', { key: 'u1', value: { amount: 30 } });
    expect(driver.readValues('enriched')).toEqual([
      { amount: 10, name: 'Ana' },
      { amount: 20, name: 'Ana Maria' },
    ]);
  });

  it('leftJoin passes null when the key has no row', () => {
    const driver = joinDriver(true);
    driver.pipe('orders', { key: 'u9', value: { amount: 1 } });
    expect(driver.readValues('enriched')).toEqual([{ amount: 1, name: null }]);
  });
});

describe('timestamps and poison records', () => {
  it('takes event time from a value field (number or ISO string) instead of the record timestamp', () => {
    const builder = new StreamsBuilder();
    builder.stream<{ ts: number | string }>('events', { timestamp: 'ts' }).groupByKey().windowedBy(tumbling('1m')).count().toStream().to('counts');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('events', [
      { key: 'a', value: { ts: at(30) }, timestamp: 0 },
      { key: 'a', value: { ts: new Date(at(90)).toISOString() }, timestamp: 0 },
    ]);
    expect(driver.readValues<{ windowStart: number }>('counts').map((result) => result.windowStart)).toEqual([at(0), at(60)]);
  });

  it('sends records without a usable timestamp to the dead letters and keeps going', () => {
    const builder = new StreamsBuilder();
    builder.stream('events', { timestamp: 'ts' }).to('out');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('events', [
      { key: 'a', value: { nots: 1 } },
      { key: 'b', value: 'not an object' },
      { key: 'c', value: { ts: -5 } },
      { key: 'd', value: { ts: 1000 } },
    ]);
    expect(driver.readOutput('out')).toEqual([{ key: 'd', value: { ts: 1000 }, timestamp: 1000 }]);
    expect(driver.deadLetters.map((letter) => [letter.key, letter.error])).toEqual([
      ['a', 'timestamp extractor failed: field "ts" is missing'],
      ['b', 'timestamp extractor failed: field "ts" is missing'],
      ['c', 'record has no valid timestamp (extractor returned -5)'],
    ]);
    expect(driver.metrics()).toMatchObject({ recordsIn: 1, deadLetters: 3 });
  });
});

describe('topology', () => {
  it('describes its nodes in Kafka Streams naming and lists stores and sinks', () => {
    const builder = new StreamsBuilder();
    builder.stream('events').groupByKey().windowedBy(tumbling('1m', { grace: '10s' })).count({ name: 'per-minute', emit: 'final' }).toStream().to('counts');
    const topology = builder.build();
    expect(topology.describe()).toBe(
      [
        'KSTREAM-SOURCE-0000000000 (topic: events)',
        '  KSTREAM-AGGREGATE-0000000001 (tumbling(size 1m, grace 10s), store: per-minute, emit: final)',
        '    KTABLE-TOSTREAM-0000000002',
        '      KSTREAM-SINK-0000000003 (topic: counts)',
      ].join('\n'),
    );
    expect(topology.stores).toEqual(['per-minute', 'per-minute-suppress-buffer']);
    expect(topology.sinkTopics).toEqual(['counts']);
    expect(topology.statefulAfterKeyChange()).toEqual([]);
  });

  it('rejects a second source on the same topic, duplicate store names and an unknown input topic', () => {
    const builder = new StreamsBuilder();
    builder.stream('a').groupByKey().count({ name: 'same' });
    expect(() => builder.stream('a')).toThrow(StreamsError);
    expect(() => builder.stream('b').groupByKey().count({ name: 'same' })).toThrow(/two state stores/);
    const driver = new TopologyTestDriver(builder.build());
    expect(() => driver.pipe('nope', { value: 1 })).toThrow(/does not read topic "nope"/);
  });

  it('knows which aggregations follow a key change (they need repartitioning across partitions)', () => {
    const builder = new StreamsBuilder();
    builder.stream<Click>('clicks').groupBy((click) => click.page).count();
    expect(builder.build().statefulAfterKeyChange()).toEqual(['KSTREAM-AGGREGATE-0000000003']);
  });
});

describe('stream–stream windowed join', () => {
  function joined(records: Array<[topic: 'views' | 'clicks', key: string, value: string, seconds: number]>) {
    const driver = new TopologyTestDriver(viewsClicksJoin());
    for (const [topic, key, value, seconds] of records) driver.pipe(topic, { key, value, timestamp: at(seconds) });
    return driver.readOutput<string>('joined').map((record) => [record.key, record.value, (record.timestamp - at(0)) / 1000]);
  }

  it('joins each pair of same-key records at most the time difference apart, once, when the second arrives', () => {
    expect(
      joined([
        ['views', 'u1', 'v1', 0],
        ['clicks', 'u1', 'c1', 10], // exactly 10 s later: inside (inclusive)
        ['clicks', 'u2', 'c2', 11], // other key
        ['clicks', 'u1', 'c3', 10.001], // just outside v1's window
        ['views', 'u1', 'v2', 12], // meets c1 and c3
      ]),
    ).toEqual([
      ['u1', 'v1+c1', 10],
      ['u1', 'v2+c1', 12],
      ['u1', 'v2+c3', 12],
    ]);
  });

  it('joins out-of-order records within grace and drops later ones as late', () => {
    const driver = new TopologyTestDriver(viewsClicksJoin());
    driver.pipe('clicks', { key: 'u', value: 'c1', timestamp: at(100) });
    driver.pipe('views', { key: 'u', value: 'early', timestamp: at(86) }); // 86 + 10 + 5 ≥ 100: on time, but 14 s apart: no pair
    driver.pipe('views', { key: 'u', value: 'v', timestamp: at(92) }); // 8 s before c1: joined
    driver.pipe('views', { key: 'u', value: 'late', timestamp: at(84) }); // 84 + 10 + 5 < 100: late
    expect(driver.readValues('joined')).toEqual(['v+c1']);
    expect(driver.metrics().lateRecords).toBe(1);
  });
});
