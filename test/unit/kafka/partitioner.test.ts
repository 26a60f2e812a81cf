import { describe, expect, it } from 'vitest';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { KeyPartitioner, murmur2 } from '../../../kernel-helpers/src/kafka/partitioner';
import { seededRandom } from '../../../kernel-helpers/src/datasets/seeded-random';

function metadata(count: number, withoutLeader: number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: withoutLeader.includes(partitionId) ? -1 : 1, replicas: [1], isr: [1] }));
}

/** Seeded keys with the edges: empty, every length mod 4, non-ASCII, `__proto__`, long, bytes. */
function keys(seed: number, count: number): Array<string | Buffer> {
  const random = seededRandom(seed);
  const alphabet = ['a', 'Z', '0', '-', '_', 'é', 'ção', '日本', '😀', '\u0000', '\u007f', '\u0080'];
  const fixed: Array<string | Buffer> = ['', 'a', 'ab', 'abc', 'abcd', '__proto__', 'constructor', 'user-42', 'x'.repeat(300), Buffer.from([0xff, 0x00, 0x80, 0x7f, 0x01])];
  const generated = Array.from({ length: count }, () => Array.from({ length: random.int(0, 40) }, () => random.pick(alphabet)).join(''));
  return [...fixed, ...generated];
}

describe('the batching producer’s key partitioner', () => {
  it('hashes as Kafka’s Java Utils.murmur2 does (the vectors of Kafka’s UtilsTest)', () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key)), key).toBe(hash);
  });

  it('picks the partition kafkajs’s DefaultPartitioner picks, for 2,000 seeded keys over 1 to 12 partitions', () => {
    const ours = new KeyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const [index, key] of keys(7, 2_000).entries()) {
      const partitionMetadata = metadata(1 + (index % 12));
      expect(ours.partition('t', partitionMetadata, key), JSON.stringify(key)).toBe(theirs({ topic: 't', partitionMetadata, message: { key, value: null } }));
    }
  });

  it('hashes a key of another type by its string, as kafkajs does (a number from plain JavaScript)', () => {
    const ours = new KeyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const key of [0, 7, 42, -1, 3.5, 123456789]) {
      const partitionMetadata = metadata(5);
      expect(ours.partition('t', partitionMetadata, key as unknown as string), String(key)).toBe(theirs({ topic: 't', partitionMetadata, message: { key: key as unknown as string, value: null } }));
    }
  });

  it('spreads records without a key round-robin over the partitions that have a leader', () => {
    const partitioner = new KeyPartitioner();
    const partitionMetadata = metadata(4, [2]);
    const chosen = Array.from({ length: 9 }, () => partitioner.partition('t', partitionMetadata, null));
    expect(new Set(chosen)).toEqual(new Set([0, 1, 3]));
    for (let i = 3; i < chosen.length; i++) expect(chosen[i]).toBe(chosen[i - 3]);
  });

  it('still places records when no partition has a leader', () => {
    const partitioner = new KeyPartitioner();
    const chosen = Array.from({ length: 6 }, () => partitioner.partition('t', metadata(3, [0, 1, 2]), undefined));
    expect(new Set(chosen)).toEqual(new Set([0, 1, 2]));
  });
});
