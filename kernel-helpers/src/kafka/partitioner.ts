import type { PartitionMetadata } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 hash (`org.apache.kafka.common.utils.Utils.murmur2`) in 32-bit integer
 * arithmetic: `Math.imul` multiplies as Java's `int` does. kafkajs computes the same value through
 * a 64-bit `Long` emulation, several objects per key; this allocates nothing.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) h = Math.imul(h ^ data[whole], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Reused for keys that are plain ASCII (the common case): their bytes are their char codes. */
let asciiBytes = new Uint8Array(64);

/** The UTF-8 bytes of a key (anything else as its string, as kafkajs does), without a Buffer per key when it is ASCII. */
function keyBytes(key: string | Buffer): Uint8Array {
  if (Buffer.isBuffer(key)) return key;
  if (typeof key !== 'string') return Buffer.from(String(key));
  if (key.length > asciiBytes.length) asciiBytes = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code > 0x7f) return Buffer.from(key, 'utf8');
    asciiBytes[i] = code;
  }
  return asciiBytes.subarray(0, key.length);
}

/**
 * The partitioner kafkajs's `Partitioners.DefaultPartitioner` is (Java's pre-2.4 default): a keyed
 * record goes to `murmur2(key) & 0x7fffffff % partitions`; a record without key round-robins over
 * the partitions that have a leader, from a random start per topic. Same choices, fewer allocations:
 * the available partitions are filtered once per metadata, not once per record.
 */
export class KeyPartitioner {
  private readonly counters = new Map<string, number>();
  private readonly available = new WeakMap<PartitionMetadata[], PartitionMetadata[]>();

  /** The partition of a record with `key` (or none) on `topic`, whose partitions are `partitionMetadata`. */
  partition(topic: string, partitionMetadata: PartitionMetadata[], key: string | Buffer | null | undefined): number {
    const count = partitionMetadata.length;
    if (key !== null && key !== undefined) return (murmur2(keyBytes(key)) & 0x7fffffff) % count;
    const next = (this.counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    this.counters.set(topic, next);
    const available = this.availableOf(partitionMetadata);
    return available.length ? available[(next & 0x7fffffff) % available.length].partitionId : (next & 0x7fffffff) % count;
  }

  private availableOf(partitionMetadata: PartitionMetadata[]): PartitionMetadata[] {
    let available = this.available.get(partitionMetadata);
    if (!available) {
      available = partitionMetadata.filter((partition) => partition.leader >= 0);
      this.available.set(partitionMetadata, available);
    }
    return available;
  }
}
