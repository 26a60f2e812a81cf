import { LOOPBACK } from './ports.js';

/** Ports and folder of one KRaft node (broker and controller in one JVM). */
export interface KafkaNodeLayout {
  id: number;
  clientPort: number;
  controllerPort: number;
  logDir: string;
}

/** `controller.quorum.voters` for the cluster: `1@127.0.0.1:p1,2@127.0.0.1:p2,...`. */
export function quorumVoters(nodes: KafkaNodeLayout[]): string {
  return nodes.map((node) => `${node.id}@${LOOPBACK}:${node.controllerPort}`).join(',');
}

/** `host:port,...` of the client listeners. */
export function bootstrapServers(nodes: KafkaNodeLayout[]): string {
  return nodes.map((node) => `${LOOPBACK}:${node.clientPort}`).join(',');
}

/**
 * server.properties for one node of a cluster of `nodes.length` nodes, every listener on loopback.
 * Replication factors follow the cluster size (1 or 3); internal topics get one partition so the
 * first group join and first transaction are fast; `group.initial.rebalance.delay.ms=0` removes
 * the 3 s wait before every first group join. Retention is unlimited by default: the broker judges
 * a record's age by its timestamp, and the course replays datasets with their own (past) event
 * times, which a 7-day retention would delete minutes after they are written. Lessons about
 * retention set it per topic.
 */
export function brokerProperties(node: KafkaNodeLayout, nodes: KafkaNodeLayout[]): string {
  const replication = Math.min(3, nodes.length);
  const minIsr = replication >= 3 ? 2 : 1;
  const properties: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': quorumVoters(nodes),
    listeners: `PLAINTEXT://${LOOPBACK}:${node.clientPort},CONTROLLER://${LOOPBACK}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${node.clientPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': node.logDir,
    'num.partitions': 1,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': 'true',
    'log.retention.ms': -1,
  };
  return `${Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}
