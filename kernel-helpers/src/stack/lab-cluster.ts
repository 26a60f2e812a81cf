import { join } from 'node:path';
import { waitUntil } from '../wait.js';
import { downNative, statusNative, stopKafkaNode, upNative } from './native.js';
import { stateDir } from './paths.js';
import type { KafkaInfo } from './types.js';

/**
 * Lab clusters: extra Kafka-only clusters a lesson may break on purpose (kill a leader, watch the
 * ISR shrink) without touching the shared stack other notebooks use. Always native, always on
 * loopback, each under `.streamlab/clusters/<name>`.
 */
export function labClusterHome(name: string): string {
  return join(stateDir(), 'clusters', name);
}

/** Starts (or reuses) a lab cluster of `brokers` nodes (default 3) and waits until every node answers. */
export async function startLabCluster(name: string, options: { brokers?: number; onProgress?: (line: string) => void } = {}): Promise<KafkaInfo> {
  const home = labClusterHome(name);
  const info = await upNative({ home, brokers: options.brokers ?? 3, services: ['kafka'], onProgress: options.onProgress });
  return info.kafka.state === 'up' ? info.kafka : everyNodeUp(home);
}

/**
 * On a loaded laptop a node that has just answered can drop out of the cluster view for a moment
 * (its controller heartbeat late): wait until every node is listed again.
 */
async function everyNodeUp(home: string): Promise<KafkaInfo> {
  return waitUntil(
    async () => {
      const { kafka } = await statusNative({ home });
      return kafka.state === 'up' ? kafka : undefined;
    },
    { what: 'every node of the lab cluster to be listed by the cluster', timeoutMs: 60_000, hint: `read the nodes' logs in ${join(home, 'logs')}` },
  );
}

/** Stops one node: `crash: true` kills it (SIGKILL), otherwise a clean controlled shutdown. */
export async function stopLabNode(name: string, id: number, options: { crash?: boolean } = {}): Promise<void> {
  await stopKafkaNode(id, { home: labClusterHome(name), crash: options.crash });
}

/** Starts the cluster's stopped nodes again and waits until all of them answer. */
export async function restartLabNodes(name: string): Promise<KafkaInfo> {
  const home = labClusterHome(name);
  const info = await upNative({ home, services: ['kafka'] });
  return info.kafka.state === 'up' ? info.kafka : everyNodeUp(home);
}

/** Stops every node of the lab cluster and deletes its data: no process and no file left behind. */
export async function stopLabCluster(name: string): Promise<void> {
  await downNative({ home: labClusterHome(name), wipe: true });
}
