import { describe, expect, it } from 'vitest';
import { parseBrokers, summaryLines } from '../../../kernel-helpers/src/stack/cli';
import { parseJavaMajor } from '../../../kernel-helpers/src/stack/java';
import { pomProperty } from '../../../kernel-helpers/src/stack/jars';
import { workerProperties } from '../../../kernel-helpers/src/stack/connect';

describe('stack CLI arguments', () => {
  it('accepts --brokers 1 and 3 and nothing else', () => {
    expect(parseBrokers([])).toBeUndefined();
    expect(parseBrokers(['--brokers', '3'])).toBe(3);
    expect(() => parseBrokers(['--brokers', '2'])).toThrow(expect.objectContaining({ hint: 'use --brokers 1 or --brokers 3' }));
    expect(() => parseBrokers(['--brokers'])).toThrow(/not supported/);
  });

  it('prints one summary line per service with its address and state', () => {
    const lines = summaryLines({
      provider: 'native',
      kafka: { bootstrap: '127.0.0.1:1', state: 'up', version: '4.3.1', nodes: [{ id: 1, address: '127.0.0.1:1', state: 'up' }] },
      postgres: { url: 'postgres://u:p@127.0.0.1:2/shop', state: 'up', version: '18.4' },
      connect: { url: 'http://127.0.0.1:3', state: 'down' },
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^kafka\s+up\s+127\.0\.0\.1:1 .*Apache Kafka 4\.3\.1/);
    expect(lines[2]).toMatch(/^connect\s+down\s+http:\/\/127\.0\.0\.1:3/);
  });
});

describe('Java and Maven facts', () => {
  it('reads the major version of modern and legacy java -version output', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });

  it('reads a version property from the pom', () => {
    expect(pomProperty('<properties><kafka.version>4.3.1</kafka.version></properties>', 'kafka.version')).toBe('4.3.1');
    expect(() => pomProperty('<properties/>', 'kafka.version')).toThrow(/not set/);
  });

  it('configures Connect with loopback REST, schemaless JSON and the cluster replication factor', () => {
    const text = workerProperties('127.0.0.1:1', 8083, '/plugins', 3);
    expect(text).toContain('listeners=http://127.0.0.1:8083\n');
    expect(text).toContain('value.converter.schemas.enable=false\n');
    expect(text).toContain('config.storage.replication.factor=3\n');
    expect(text).toContain('plugin.path=/plugins\n');
  });
});
