import { describe, expect, it } from 'vitest';
import { parseWith, summaryLines } from '../../../kernel-helpers/src/stack/cli';
import { flinkConfig, parseResourceParams, toYaml } from '../../../kernel-helpers/src/stack/flink-config';

describe('Flink config.yaml', () => {
  const config = flinkConfig({ restPort: 1001, rpcPort: 1002, gatewayPort: 1003, slots: 4 }, '/tmp/x');

  it('binds every endpoint to 127.0.0.1 on the recorded ports', () => {
    for (const key of ['jobmanager.rpc.address', 'jobmanager.bind-host', 'taskmanager.bind-host', 'taskmanager.host', 'rest.address', 'rest.bind-address', 'sql-gateway.endpoint.rest.address', 'sql-gateway.endpoint.rest.bind-address']) {
      expect(config[key], key).toBe('127.0.0.1');
    }
    expect([config['rest.port'], config['jobmanager.rpc.port'], config['sql-gateway.endpoint.rest.port']]).toEqual([1001, 1002, 1003]);
  });

  it('sizes memory explicitly and keeps managed memory above zero (window TVFs need it)', () => {
    expect(config['jobmanager.memory.process.size']).toBe('512m');
    expect(config['taskmanager.memory.process.size']).toBe('768m');
    expect(config['taskmanager.memory.managed.size']).not.toBe('0m');
    expect(config['taskmanager.numberOfTaskSlots']).toBe(4);
    expect(config['io.tmp.dirs']).toBe('/tmp/x');
  });

  it('writes flat YAML', () => {
    expect(toYaml({ 'rest.port': 8081, 'io.tmp.dirs': '/a b' })).toBe('rest.port: 8081\nio.tmp.dirs: "/a b"\n');
  });

  it('reads the JVM and dynamic options BashJavaUtils prints', () => {
    const output = 'INFO noise\nBASH_JAVA_UTILS_EXEC_RESULT:-Xmx100 -Xms100 -XX:MaxMetaspaceSize=5\nBASH_JAVA_UTILS_EXEC_RESULT:-D a=1b -D b=2b\n';
    expect(parseResourceParams(output)).toEqual({ jvmArgs: ['-Xmx100', '-Xms100', '-XX:MaxMetaspaceSize=5'], dynamicArgs: ['-D', 'a=1b', '-D', 'b=2b'] });
    expect(() => parseResourceParams('Exception in thread main')).toThrow(/unexpected BashJavaUtils output/);
  });
});

describe('stack CLI: --with flink', () => {
  it('parses --with flink and --slots', () => {
    expect(parseWith([])).toEqual({ flink: false });
    expect(parseWith(['--with', 'flink'])).toEqual({ flink: true });
    expect(parseWith(['--with', 'flink', '--slots', '2'])).toEqual({ flink: true, flinkSlots: 2 });
    expect(() => parseWith(['--with', 'spark'])).toThrow(expect.objectContaining({ hint: 'use --with flink' }));
    expect(() => parseWith(['--with', 'flink', '--slots', '0'])).toThrow(/not a slot count/);
  });

  it('adds a flink line once Flink was started', () => {
    const base = {
      provider: 'native' as const,
      kafka: { bootstrap: '127.0.0.1:1', state: 'up' as const, nodes: [] },
      postgres: { url: 'p', state: 'up' as const },
      connect: { url: 'c', state: 'up' as const },
    };
    expect(summaryLines({ ...base, flink: { restUrl: '', gatewayUrl: '', state: 'down' } })).toHaveLength(3);
    const lines = summaryLines({ ...base, flink: { restUrl: 'http://127.0.0.1:5', gatewayUrl: 'http://127.0.0.1:6', state: 'up', version: '2.2.1', runningJobs: 1 } });
    expect(lines[3]).toMatch(/^flink +up +http:\/\/127\.0\.0\.1:6 .*web UI http:\/\/127\.0\.0\.1:5, 1 running job/);
  });
});
