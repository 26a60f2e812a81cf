import { describe, expect, it } from 'vitest';
import { chooseProvider } from '../../../kernel-helpers/src/stack/index';
import { externalAddresses } from '../../../kernel-helpers/src/stack/external';
import { StackError } from '../../../kernel-helpers/src/errors';

const noDocker = (): boolean => false;
const docker = (): boolean => true;

describe('provider choice', () => {
  it('runs the stack natively when there is no Docker engine and nothing is configured', () => {
    expect(chooseProvider({}, noDocker)).toBe('native');
  });

  it('uses Docker Compose when an engine answers', () => {
    expect(chooseProvider({}, docker)).toBe('docker');
  });

  it('uses the user stack when KAFKA_BROKERS is set, even with Docker', () => {
    expect(chooseProvider({ KAFKA_BROKERS: 'kafka:9092' }, docker)).toBe('external');
  });

  it('obeys STREAMLAB_PROVIDER over everything else', () => {
    expect(chooseProvider({ STREAMLAB_PROVIDER: 'native', KAFKA_BROKERS: 'x:1' }, docker)).toBe('native');
  });

  it('rejects an unknown provider name with a hint', () => {
    expect(() => chooseProvider({ STREAMLAB_PROVIDER: 'podman' }, noDocker)).toThrow(StackError);
    expect(() => chooseProvider({ STREAMLAB_PROVIDER: 'podman' }, noDocker)).toThrow(/not a provider/);
  });

  it('reads external addresses from the environment', () => {
    expect(externalAddresses({ KAFKA_BROKERS: 'a:1,b:2', DATABASE_URL: 'postgres://x/y', CONNECT_URL: 'http://c:8083' })).toEqual({
      kafka: 'a:1,b:2',
      postgres: 'postgres://x/y',
      connect: 'http://c:8083',
      flinkRest: '',
      flinkGateway: '',
      flinkKafka: 'a:1,b:2',
    });
    expect(externalAddresses({ KAFKA_BROKERS: 'k:1', FLINK_GATEWAY_URL: 'http://g:8083', FLINK_REST_URL: 'http://j:8081', FLINK_KAFKA_BOOTSTRAP: 'kafka:29092' })).toMatchObject({
      flinkGateway: 'http://g:8083',
      flinkRest: 'http://j:8081',
      flinkKafka: 'kafka:29092',
    });
    expect(externalAddresses({})).toBeUndefined();
  });
});
