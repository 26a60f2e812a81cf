import type { ICustomPartitioner, Kafka, Producer } from 'kafkajs';
import { connect as connectSocket, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { bootstrapOf, createKafka } from './client.js';
import { connectTo } from './connection.js';
import { KeyPartitioner } from './partitioner.js';
import { onShutdown } from '../shutdown.js';

/**
 * kafkajs's default partitioner's choices (KeyPartitioner: the same murmur2, without kafkajs's
 * `Long` emulation), writing the partition it chose into the message: the caller then knows where
 * each record went without a metadata request of its own.
 */
export const recordingPartitioner: ICustomPartitioner = () => {
  const partitioner = new KeyPartitioner();
  return ({ topic, partitionMetadata, message }) => {
    const partition = message.partition ?? partitioner.partition(topic, partitionMetadata, message.key);
    message.partition = partition;
    return partition;
  };
};

interface SharedProducer {
  producer: Promise<Producer>;
  sockets: Set<Socket>;
  /** Sends in progress: sockets hold the process open only while this is above 0. */
  busy: number;
}

const producers = new Map<string, SharedProducer>();

/**
 * Runs `work` with the process's one producer for `client`'s cluster (idempotent or not),
 * connecting it on first use. The producer stays connected between calls (a connect and a
 * metadata round trip per call cost more than sending 1,000 records); its sockets do not keep
 * the process alive when idle, and it is closed when the process exits. Any error drops it:
 * the next call connects a fresh one (the broker may have restarted or moved).
 */
export async function withSharedProducer<T>(client: Kafka, idempotent: boolean, work: (producer: Producer) => Promise<T>): Promise<T> {
  const bootstrap = bootstrapOf(client);
  const key = `${bootstrap}|${idempotent}`;
  let shared = producers.get(key);
  if (!shared) {
    shared = openShared(bootstrap, idempotent);
    producers.set(key, shared);
  }
  const entry = shared;
  if (entry.busy++ === 0) for (const socket of entry.sockets) socket.ref();
  try {
    return await work(await entry.producer);
  } catch (error) {
    dropShared(key, entry);
    throw error;
  } finally {
    if (--entry.busy === 0) for (const socket of entry.sockets) socket.unref();
  }
}

function openShared(bootstrap: string, idempotent: boolean): SharedProducer {
  const sockets = new Set<Socket>();
  const entry: SharedProducer = { sockets, busy: 0, producer: Promise.resolve(undefined as unknown as Producer) };
  const client = createKafka(bootstrap, {
    socketFactory: ({ host, port, ssl, onConnect }) => {
      // As kafkajs's own factory: TLS when the cluster needs it (KAFKA_SSL / KAFKA_SSL_CA), plain TCP otherwise.
      const socket = ssl
        ? connectTls({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(ssl as ConnectionOptions) }, onConnect)
        : connectSocket({ host, port }, onConnect);
      socket.setKeepAlive(true, 60_000);
      if (entry.busy === 0) socket.unref();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      return socket;
    },
  });
  const producer = client.producer({
    idempotent,
    allowAutoTopicCreation: false,
    createPartitioner: recordingPartitioner,
    // Topics are recreated in lessons (resetTopic): refresh partition metadata often.
    metadataMaxAge: 10_000,
    ...(idempotent ? { maxInFlightRequests: 1 } : {}),
  });
  entry.producer = connectTo(producer, client);
  return entry;
}

function dropShared(key: string, entry: SharedProducer): void {
  if (producers.get(key) === entry) producers.delete(key);
  void entry.producer.then((producer) => producer.disconnect()).catch(() => undefined);
}

/** Disconnects every shared producer (the next send connects again). */
export async function closeSharedProducers(): Promise<void> {
  const entries = [...producers];
  producers.clear();
  await Promise.all(entries.map(([, entry]) => entry.producer.then((producer) => producer.disconnect()).catch(() => undefined)));
}

/** Forgets the shared producers of `bootstrap` after its topics changed (partition counts may differ). */
export function forgetSharedProducers(bootstrap: string): void {
  for (const [key, entry] of producers) if (key.startsWith(`${bootstrap}|`) && entry.busy === 0) dropShared(key, entry);
}

onShutdown(closeSharedProducers);
