import { describe, expect, it } from 'vitest';
import { bootstrapServers, brokerProperties, quorumVoters, type KafkaNodeLayout } from '../../../kernel-helpers/src/stack/kafka-config';

const node = (id: number): KafkaNodeLayout => ({ id, clientPort: 9000 + id, controllerPort: 9100 + id, logDir: `/data/node-${id}` });
const parse = (text: string): Record<string, string> =>
  Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));

describe('broker properties', () => {
  it('binds every listener of a single node to loopback and uses replication factor 1', () => {
    const props = parse(brokerProperties(node(1), [node(1)]));
    expect(props['listeners']).toBe('PLAINTEXT://127.0.0.1:9001,CONTROLLER://127.0.0.1:9101');
    expect(props['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:9001');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9101');
    expect(props['process.roles']).toBe('broker,controller');
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['transaction.state.log.min.isr']).toBe('1');
    expect(props['min.insync.replicas']).toBe('1');
    expect(props['group.initial.rebalance.delay.ms']).toBe('0');
    expect(props['log.dirs']).toBe('/data/node-1');
    // Replayed datasets carry past event times: time retention would delete them at once.
    expect(props['log.retention.ms']).toBe('-1');
  });

  it('gives a three-node cluster all three voters, replication factor 3 and min ISR 2', () => {
    const nodes = [node(1), node(2), node(3)];
    const props = parse(brokerProperties(nodes[1], nodes));
    expect(props['node.id']).toBe('2');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103');
    expect(props['default.replication.factor']).toBe('3');
    expect(props['offsets.topic.replication.factor']).toBe('3');
    expect(props['min.insync.replicas']).toBe('2');
  });

  it('lists bootstrap servers and voters in node order', () => {
    expect(bootstrapServers([node(1), node(2)])).toBe('127.0.0.1:9001,127.0.0.1:9002');
    expect(quorumVoters([node(3)])).toBe('3@127.0.0.1:9103');
  });
});
