import { beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { BrokerUnreachableError, consume, describeTopic, produce, resetTopic, SerializationError, tail, TopicConfigError, TopicNotFoundError } from '@streamlab/kernel-helpers/kafka';

const TOPIC = 'kafka-it-bad-input';

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
  await resetTopic(TOPIC, { partitions: 1 });
});

/** The error a call rejects with, and how long it took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('the call did not fail');
}

describe('bad input gives one clear error, fast', () => {
  it('a non-serializable value names the record and the field, and nothing is written', async () => {
    const { error } = await failure(() => produce(TOPIC, [{ value: { ok: 1 } }, { value: { order: { items: [{ price: 10n }] } } }]));
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as Error).message).toBe(`record 1 for topic "${TOPIC}": value.order.items[0].price (bigint) cannot be serialized to JSON`);
    expect((error as SerializationError).hint).toMatch(/BigInt → string/);
    expect((await describeTopic(TOPIC)).partitions[0].end).toBe(0);
  });

  it('a topic config the broker refuses fails at once with its reason, not after resetTopic\'s 30 s wait', async () => {
    const { error, ms } = await failure(() => resetTopic(`${TOPIC}-bad-config`, { config: { 'retention.ms': 'soon' } }));
    expect(error).toBeInstanceOf(TopicConfigError);
    expect((error as Error).message).toBe(`the broker refused to create topic "${TOPIC}-bad-config": Configuration is invalid (INVALID_CONFIG)`);
    expect((error as TopicConfigError).hint).toMatch(/retention\.ms=soon/);
    expect((error as TopicConfigError).retriable).toBe(false);
    expect(ms).toBeLessThan(5_000);
  });

  it('consuming a missing topic fails at once with how to create it, instead of waiting for the timeout', async () => {
    const { error, ms } = await failure(() => consume('kafka-it-no-such-topic', { timeoutMs: 30_000 }));
    expect(error).toBeInstanceOf(TopicNotFoundError);
    expect((error as TopicNotFoundError).describe()).toMatch(/topic "kafka-it-no-such-topic" does not exist\n  hint: create it with createTopic/);
    expect(ms).toBeLessThan(5000);
  });

  it('tailing or producing to a missing topic fails the same way', async () => {
    await expect(tail('kafka-it-no-such-topic', { durationMs: 10_000 })).rejects.toBeInstanceOf(TopicNotFoundError);
    await expect(produce('kafka-it-no-such-topic', [{ value: 1 }])).rejects.toBeInstanceOf(TopicNotFoundError);
  });

  it.each([
    ['produce', () => produce(TOPIC, [{ value: 1 }], { bootstrap: '127.0.0.1:1' })],
    ['consume', () => consume(TOPIC, { bootstrap: '127.0.0.1:1', timeoutMs: 60_000 })],
    ['describeTopic', () => describeTopic(TOPIC, { bootstrap: '127.0.0.1:1' })],
  ])('%s against a wrong broker address fails within seconds with a BrokerUnreachableError and a hint', async (_name, call) => {
    const { error, ms } = await failure(call);
    expect(error).toBeInstanceOf(BrokerUnreachableError);
    expect((error as BrokerUnreachableError).message).toBe('no Kafka broker answers at 127.0.0.1:1');
    expect((error as BrokerUnreachableError).hint).toMatch(/stack:status/);
    expect(ms).toBeLessThan(10_000);
  });
});
