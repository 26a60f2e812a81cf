import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRetriable, StackError, StreamlabError, WaitTimeoutError } from '../../../kernel-helpers/src/errors';
import { BrokerUnreachableError } from '../../../kernel-helpers/src/kafka/connection';
import { TopicConfigError, TopicNotFoundError } from '../../../kernel-helpers/src/kafka/topics';
import { waitUntil } from '../../../kernel-helpers/src/wait';

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('errors say whether trying again may help', () => {
  it('defaults to not retriable, per class and per error', () => {
    expect(new StreamlabError('x').retriable).toBe(false);
    expect(new StackError('x').retriable).toBe(false);
    expect(new WaitTimeoutError('x').retriable).toBe(false);
    expect(new TopicConfigError('x').retriable).toBe(false);
    expect(new StackError('x', { retriable: true }).retriable).toBe(true);
  });

  it('marks what may pass by itself: a topic being created, a broker starting', () => {
    expect(new TopicNotFoundError('x').retriable).toBe(true);
    expect(new BrokerUnreachableError('x').retriable).toBe(true);
    expect(new TopicNotFoundError('x', { retriable: false }).retriable).toBe(false);
  });

  it('reads kafkajs flags, judging "retries exceeded" by the error retried', () => {
    expect(isRetriable(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'))).toBe(true);
    expect(isRetriable(new KafkaJSNonRetriableError('bad'))).toBe(false);
    expect(isRetriable(new KafkaJSProtocolError('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(true);
    // 40: INVALID_CONFIG, not retriable in kafkajs's table
    expect(isRetriable(Object.assign(new KafkaJSProtocolError({ type: 'INVALID_CONFIG', code: 40, retriable: false, message: 'Configuration is invalid' } as never)))).toBe(false);
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 3, retryTime: 100 });
    expect(isRetriable(exhausted)).toBe(true);
  });

  it('treats transient OS codes, PostgreSQL start-up states and timeouts as retriable, and nothing else', () => {
    expect(isRetriable(systemError('ECONNREFUSED'))).toBe(true);
    expect(isRetriable(new TypeError('fetch failed', { cause: systemError('ECONNRESET') }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('replication slot "x" is active for PID 1'), { code: '55006' }))).toBe(true);
    expect(isRetriable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isRetriable(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }))).toBe(false);
    expect(isRetriable(Object.assign(new Error('password authentication failed'), { code: '28P01' }))).toBe(false);
    expect(isRetriable(new SyntaxError('Unexpected token < in JSON'))).toBe(false);
    expect(isRetriable(systemError('ENOENT'))).toBe(false);
    expect(isRetriable(undefined)).toBe(false);
    expect(isRetriable('ECONNREFUSED')).toBe(false);
  });
});

describe('waitUntil retries only retriable errors', () => {
  it('fails at once with the real reason when the probe throws a non-retriable error', async () => {
    const started = Date.now();
    let calls = 0;
    const refused = new TopicConfigError('the broker refused to create topic "t": Configuration is invalid (INVALID_CONFIG)');
    const waiting = waitUntil(async () => {
      calls += 1;
      throw refused;
    }, { what: 'topic "t" to be recreated', timeoutMs: 30_000, hint: '' });
    await expect(waiting).rejects.toBe(refused);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('keeps polling through retriable errors until the condition holds', async () => {
    let calls = 0;
    const value = await waitUntil(async () => {
      calls += 1;
      if (calls < 3) throw new BrokerUnreachableError('no Kafka broker answers at 127.0.0.1:1');
      if (calls < 5) throw systemError('ECONNREFUSED');
      return 'ready';
    }, { what: 'the broker', timeoutMs: 5_000, intervalMs: 10, hint: '' });
    expect(value).toBe('ready');
    expect(calls).toBe(5);
  });

  it('names the last retriable error when it times out', async () => {
    const waiting = waitUntil(async () => {
      throw new TopicNotFoundError('topic "x" does not exist');
    }, { what: 'topic "x"', timeoutMs: 200, intervalMs: 20, hint: 'is its producer running?' });
    await expect(waiting).rejects.toThrow('timed out after 0.2 s waiting for topic "x" (last error: topic "x" does not exist)');
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('still ends at once on the class named by rethrow, even a retriable one', async () => {
    await expect(
      waitUntil(async () => {
        throw new BrokerUnreachableError('no Kafka broker answers at 127.0.0.1:1');
      }, { what: 'x', timeoutMs: 30_000, hint: '', rethrow: BrokerUnreachableError }),
    ).rejects.toBeInstanceOf(BrokerUnreachableError);
  });
});
