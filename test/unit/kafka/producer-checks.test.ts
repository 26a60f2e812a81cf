import { describe, expect, it } from 'vitest';
import { isUnreachable } from '../../../kernel-helpers/src/kafka/connection';
import { checkDeliveryOptions, ProducerConfigError } from '../../../kernel-helpers/src/kafka/produce';

describe('checkDeliveryOptions', () => {
  it('refuses an idempotent producer without acks=all, with the fix in the hint', () => {
    let caught: unknown;
    try {
      checkDeliveryOptions({ idempotent: true, acks: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProducerConfigError);
    expect((caught as ProducerConfigError).hint).toMatch(/acks/);
  });

  it('accepts idempotence with the default acks and any acks without idempotence', () => {
    expect(() => checkDeliveryOptions({ idempotent: true })).not.toThrow();
    expect(() => checkDeliveryOptions({ acks: 0 })).not.toThrow();
  });
});

describe('isUnreachable', () => {
  const named = (name: string, message: string, originalError?: unknown) => Object.assign(new Error(message), { name, originalError });

  it('sees a refused connection through kafkajs retry wrappers', () => {
    const refused = named('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:1');
    expect(isUnreachable(named('KafkaJSNumberOfRetriesExceeded', 'Connection error', refused))).toBe(true);
  });

  it('does not mistake a protocol error for an unreachable broker', () => {
    expect(isUnreachable(named('KafkaJSProtocolError', 'This server does not host this topic-partition'))).toBe(false);
  });
});
