import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { securityFor } from '../kafka/security.js';
import { StackError } from '../errors.js';
import { brokerProperties, type KafkaNodeLayout } from './kafka-config.js';
import { log4jConfig, type StackJars } from './jars.js';
import { logFile } from './paths.js';
import { startDaemon } from './processes.js';

/** A KRaft cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** JVM flags shared by the broker and Connect: bounded heap, log4j2 to stdout (our log file). */
export function jvmFlags(maxHeap: string): string[] {
  return ['-Xms128m', `-Xmx${maxHeap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${log4jConfig}`];
}

/** The folder of one node under a stack's home: its server.properties and its log.dirs. */
export function nodeDir(home: string, id: number): string {
  return join(home, 'kafka', `node-${id}`);
}

/** Formats the node's storage for the cluster once (KRaft needs it before the first start). */
export function formatStorage(home: string, java: string, jars: StackJars, clusterId: string, node: KafkaNodeLayout, nodes: KafkaNodeLayout[]): void {
  const config = join(nodeDir(home, node.id), 'server.properties');
  mkdirSync(nodeDir(home, node.id), { recursive: true });
  writeFileSync(config, brokerProperties(node, nodes));
  if (existsSync(join(node.logDir, 'meta.properties'))) return;
  const result = spawnSync(
    java,
    ['-cp', jars.classpath, `-Dlog4j2.configurationFile=${log4jConfig}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config, '--ignore-formatted'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    // The tool logs INFO lines to stdout too: report the lines that say what went wrong.
    const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((line) => line.trim()).filter(Boolean);
    const errors = lines.filter((line) => /ERROR|Exception|Error:|already|invalid/i.test(line));
    const reason = (errors.length ? errors.slice(0, 3) : lines.slice(-3)).join(' | ') || `exit code ${result.status ?? result.signal}`;
    throw new StackError(`formatting Kafka node ${node.id} storage failed: ${reason}`, {
      hint: 'run "npm run stack:down -- --wipe" and start again',
    });
  }
}

/** Starts one node (broker + controller) from its formatted folder; returns the PID. */
export function startNode(home: string, java: string, jars: StackJars, node: KafkaNodeLayout): number {
  const config = join(nodeDir(home, node.id), 'server.properties');
  return startDaemon(java, [...jvmFlags('768m'), '-cp', jars.classpath, 'kafka.Kafka', config], {
    logFile: logFile(`kafka-${node.id}`, home),
  });
}

/** kafkajs admin options for quick readiness probes (no retries, no log noise). */
function probeClient(bootstrap: string): Kafka {
  return new Kafka({
    clientId: 'streamlab-stack-probe',
    brokers: bootstrap.split(','),
    ...securityFor(bootstrap),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  });
}

/** Ids of the nodes a metadata request reports (sorted); throws when no node answers. */
export async function probeCluster(bootstrap: string): Promise<number[]> {
  const admin = probeClient(bootstrap).admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    return cluster.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b);
  } finally {
    await admin.disconnect();
  }
}
