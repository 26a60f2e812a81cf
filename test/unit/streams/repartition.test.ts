import { describe, expect, it } from 'vitest';
import { joinWindow, StreamsBuilder, TopologyTestDriver } from '../../../kernel-helpers/src/streams/index.js';

type Order = { user: string; country: string };

describe('repartition topics: a stateful step after a key change reads re-keyed records back', () => {
  it('groupBy().count() writes to and reads from <store>-repartition, named after the store', () => {
    const unnamed = new StreamsBuilder();
    unnamed.stream<Order>('orders').groupBy((order) => order.country).count();
    expect(unnamed.build().repartitionTopics).toEqual(['KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition']);

    const named = new StreamsBuilder();
    named.stream<Order>('orders').groupBy((order) => order.country).count({ name: 'per-country' }).toStream().to('out');
    const topology = named.build();
    expect(topology.repartitionTopics).toEqual(['per-country-repartition']);
    expect(topology.sourceTopics).toEqual(['orders']);
    expect(topology.describe()).toBe(
      [
        'KSTREAM-SOURCE-0000000000 (topic: orders)',
        '  KSTREAM-KEY-SELECT-0000000001',
        '    KSTREAM-SINK-0000000003 (repartition topic: per-country-repartition)',
        'KSTREAM-SOURCE-0000000004 (repartition topic: per-country-repartition)',
        '  KSTREAM-AGGREGATE-0000000002 (store: per-country)',
        '    KTABLE-TOSTREAM-0000000005',
        '      KSTREAM-SINK-0000000006 (topic: out)',
      ].join('\n'),
    );
  });

  it('follows the key through map, flatMap, selectKey and value-only steps; groupByKey on the source key needs none', () => {
    const repartitionsOf = (build: (builder: StreamsBuilder) => void) => {
      const builder = new StreamsBuilder();
      build(builder);
      return builder.build().repartitionTopics;
    };
    expect(repartitionsOf((b) => b.stream<Order>('o').filter(() => true).mapValues((order) => order).groupByKey().count({ name: 'c' }))).toEqual([]);
    expect(repartitionsOf((b) => b.stream<Order>('o').map((order) => ({ key: order.country, value: 1 })).filter(() => true).groupByKey().count({ name: 'c' }))).toEqual(['c-repartition']);
    expect(repartitionsOf((b) => b.stream<Order>('o').flatMap((order) => [{ key: order.user, value: 1 }]).mapValues((n) => n).groupByKey().reduce((a, n) => a + n, { name: 'r' }))).toEqual(['r-repartition']);
    // Two aggregations of one re-keyed stream: one repartition topic each, as Kafka Streams does without optimization.
    expect(
      repartitionsOf((b) => {
        const grouped = b.stream<Order>('o').groupBy((order) => order.country);
        grouped.count({ name: 'a' });
        grouped.count({ name: 'b' });
      }),
    ).toEqual(['a-repartition', 'b-repartition']);
  });

  it('repartitions only the re-keyed side of a join', () => {
    const builder = new StreamsBuilder();
    const clicks = builder.stream<{ user: string }>('clicks').selectKey((click) => click.user);
    builder.stream<string>('views').join(clicks, (view, click) => [view, click], joinWindow('10s')).to('joined');
    const users = builder.table<string>('users');
    builder.stream<{ user: string }>('orders').selectKey((order) => order.user).join(users, (order, user) => [order, user]).to('enriched');
    const topology = builder.build();
    expect(topology.repartitionTopics).toEqual(['KSTREAM-JOIN-0000000003-other-repartition', 'KSTREAM-JOIN-0000000014-repartition']);
    expect(topology.statefulWithoutRepartition()).toEqual([]);
  });

  it('the test driver reads a re-keyed record back after the record that wrote it has gone through (as Kafka Streams’ driver does)', () => {
    const builder = new StreamsBuilder();
    const log: string[] = [];
    const pairs = builder.stream<number>('in').flatMap((n) => [{ key: 'a', value: n }, { key: 'b', value: n }]);
    pairs.groupByKey().aggregate(
      () => 0,
      (sum, n, key) => {
        log.push(`aggregate ${key} ${n}`);
        return sum + n;
      },
      { name: 'sums' },
    );
    pairs.peek((n, key) => log.push(`copy ${key} ${n}`)).to('copy');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('in', [{ value: 1 }, { value: 2 }]);
    expect(log).toEqual(['copy a 1', 'copy b 1', 'aggregate a 1', 'aggregate b 1', 'copy a 2', 'copy b 2', 'aggregate a 2', 'aggregate b 2']);
    expect(driver.storeEntries('sums')).toEqual(new Map([['a', { value: 3, timestamp: 0 }], ['b', { value: 3, timestamp: 0 }]]));
    expect(driver.metrics().recordsIn).toBe(2);
  });

  it('drops records whose new key is null before the repartition topic, and hands the aggregation a copy (JSON, as the broker does)', () => {
    const builder = new StreamsBuilder();
    const original = { country: 'BR', tags: ['x'] };
    const seen: unknown[] = [];
    builder
      .stream<{ country: string | null }>('orders')
      .groupBy((order) => order.country)
      .aggregate(
        () => 0,
        (count, order) => (seen.push(order), count + 1),
        { name: 'counts' },
      )
      .toStream()
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe<{ country: string | null }>('orders', [{ value: original }, { value: { country: null } }]);
    expect(driver.readOutput('out')).toEqual([{ key: 'BR', value: 1, timestamp: 0 }]);
    expect(driver.metrics().nullKeyRecords).toBe(1);
    expect(seen).toEqual([original]);
    expect(seen[0]).not.toBe(original);
  });
});
