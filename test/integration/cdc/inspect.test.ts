import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectChanges, watchChanges } from '@streamlab/kernel-helpers/cdc';
import { createTopic, deleteTopic, produce } from '@streamlab/kernel-helpers/kafka';

const topic = `it-cdc-inspect-${randomUUID().slice(0, 8)}`;
const source = { connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', ts_ms: Date.now(), lsn: 100, txId: 7 };
const serialize = (value: unknown) => (value === null ? null : JSON.stringify(value));

afterAll(() => deleteTopic(topic));

describe('inspecting a CDC topic', () => {
  it('watches events live until stopped, then inspects the stored ones as rows', async () => {
    await createTopic(topic, { partitions: 1 });
    const watch = await watchChanges(topic, { maxDurationMs: 60_000 });
    await produce(topic, [
      { key: '{"id":1}', value: { op: 'c', before: null, after: { id: 1, status: 'created' }, source, ts_ms: 0 } },
      { key: '{"id":1}', value: { op: 'u', before: { id: 1, status: 'created' }, after: { id: 1, status: 'paid' }, source: { ...source, lsn: 108 }, ts_ms: 0 } },
      { key: '{"id":1}', value: { op: 'd', before: { id: 1, status: 'paid' }, after: null, source: { ...source, lsn: 116 }, ts_ms: 0 } },
      { key: '{"id":1}', value: null },
      { key: '{"id":2}', value: 'not json at all' },
    ], { serialize });
    await watch.waitForEvents(5);
    const rows = await watch.stop();
    expect(rows.map((row) => row.op)).toEqual(['c', 'u', 'd', 'tombstone', 'invalid']);
    expect(await watch.stop()).toBe(rows); // idempotent
    const stored = await inspectChanges(topic, { max: 5, show: false });
    expect(stored.map((row) => [row.key, row.op, row.changes])).toEqual([
      ['id=1', 'c', 'id: ∅ → 1; status: ∅ → created'],
      ['id=1', 'u', 'status: created → paid'],
      ['id=1', 'd', 'id: 1 → ∅; status: paid → ∅'],
      ['id=1', 'tombstone', ''],
      ['id=2', 'invalid', expect.stringMatching(/not JSON|expected an object/)],
    ]);
    expect(stored[1]).toMatchObject({ lsn: 108, txId: 7 });
  });
});
