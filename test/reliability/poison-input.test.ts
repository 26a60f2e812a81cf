import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type IHeaders } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeError, parseChangeEvent, tryParseChangeEvent } from '../../kernel-helpers/src/cdc/envelope';
import { kafkaClient } from '../../kernel-helpers/src/kafka/client';
import { consume } from '../../kernel-helpers/src/kafka/consume';
import { decodeAssignment } from '../../kernel-helpers/src/kafka/consumer-groups';
import { joinGroup, tail } from '../../kernel-helpers/src/kafka/group-consumer';
import { DeserializationError } from '../../kernel-helpers/src/kafka/serialization';
import { createTopic, deleteTopic } from '../../kernel-helpers/src/kafka/topics';
import { tally } from './support/tally';

/** Every own property of Object.prototype, with its descriptor: compared before and after. */
const prototypeSnapshot = () => Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)?.value]);
const untouched = prototypeSnapshot();
const expectPrototypesUntouched = () => {
  expect(prototypeSnapshot()).toEqual(untouched);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
};

const TRAP_NAMES = ['__proto__', 'constructor', 'toString'];
const validEnvelope = (id: number, op = 'c') => ({
  before: op === 'c' ? null : { id },
  after: op === 'd' ? null : { id, amount: '10.00' },
  source: { connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', ts_ms: 1, lsn: 10, txId: 5 },
  op,
  ts_ms: 2,
});

/** The poison corpus: name, raw value bytes (null = a null value), and what the CDC parser must say. */
const POISON: Array<{ name: string; value: Buffer | null; cdc: 'reason' | 'tombstone' | 'event' }> = [
  { name: 'invalid JSON', value: Buffer.from('{"op": "c", "after": {'), cdc: 'reason' },
  { name: 'truncated UTF-8', value: Buffer.concat([Buffer.from('{"op":"c","after":{"name":"S'), Buffer.from('ão', 'utf8').subarray(0, 1)]), cdc: 'reason' },
  { name: 'wrong types', value: Buffer.from(JSON.stringify({ ...validEnvelope(1), after: 'not a row', ts_ms: { valueOf: 1, toString: 1 } })), cdc: 'reason' },
  { name: 'number where a number is required is an object', value: Buffer.from(JSON.stringify({ ...validEnvelope(1), source: { ...validEnvelope(1).source, lsn: { toString: 1, valueOf: 1 } } })), cdc: 'reason' },
  { name: 'text fields that are objects with a toString key', value: Buffer.from(JSON.stringify({ ...validEnvelope(1), source: { ...validEnvelope(1).source, table: { toString: 1, valueOf: 1 } } })), cdc: 'event' },
  { name: 'missing fields', value: Buffer.from(JSON.stringify({ after: { id: 1 } })), cdc: 'reason' },
  { name: 'missing source', value: Buffer.from(JSON.stringify({ op: 'c', after: { id: 1 } })), cdc: 'reason' },
  { name: 'null where a row is required', value: Buffer.from(JSON.stringify({ ...validEnvelope(1, 'd'), before: null })), cdc: 'reason' },
  { name: 'unknown Debezium op', value: Buffer.from(JSON.stringify({ ...validEnvelope(1), op: 'x'.repeat(5000) })), cdc: 'reason' },
  { name: 'a JSON array', value: Buffer.from('[1,2,3]'), cdc: 'reason' },
  { name: 'a 2 MB value', value: Buffer.from(JSON.stringify({ ...validEnvelope(1), op: 'zz', padding: 'x'.repeat(2 * 1024 * 1024) })), cdc: 'reason' },
  { name: 'a null value (tombstone)', value: null, cdc: 'tombstone' },
  // A VALID change event whose odd columns are data: accepted, without touching any prototype.
  { name: 'rows with __proto__, constructor and toString columns', value: Buffer.from(`{"op":"u","before":{"id":1},"after":{"id":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":"x"},"source":{"connector":"postgresql","db":"shop","schema":"public","table":"orders","ts_ms":1},"ts_ms":2}`), cdc: 'event' },
];
const VALID_WITH_TRAPS = POISON.length - 1;

describe('the CDC parser on the poison corpus (no broker)', () => {
  it('reports every malformed event with its reason (never another error), accepts the valid ones, and changes no prototype', () => {
    let reasons = 0;
    POISON.forEach((entry, index) => {
      const where = `orders/0@${index}`;
      const parsed = tryParseChangeEvent(entry.value, where);
      if (index === VALID_WITH_TRAPS) {
        expect(parsed.ok, entry.name).toBe(true);
        const event = parsed.ok ? parsed.event : null;
        expect(Object.getPrototypeOf(event?.after)).toBeNull();
        expect(Object.keys(event?.after ?? {})).toEqual(['id', '__proto__', 'constructor', 'toString']);
        expect((event?.after as Record<string, unknown>).toString).toBe('x');
      } else if (entry.cdc === 'tombstone') {
        expect(parsed, entry.name).toEqual({ ok: true, event: null });
      } else if (entry.cdc === 'event') {
        // An object where text is expected is kept as its JSON text, never String() of it.
        expect(parsed.ok && parsed.event?.source.table, entry.name).toBe('{"toString":1,"valueOf":1}');
      } else {
        expect(parsed.ok, entry.name).toBe(false);
        const reason = parsed.ok ? '' : parsed.reason;
        expect(reason, entry.name).toMatch(new RegExp(`^${where}: (not a Debezium change event|not JSON)`));
        expect(reason.length, `${entry.name}: one short line`).toBeLessThan(300);
        expect(() => parseChangeEvent(entry.value)).toThrow(EnvelopeError);
        reasons += 1;
      }
    });
    expectPrototypesUntouched();
    tally('CDC parser, poison corpus', { poisonReported: reasons });
  });
});

describe('decodeAssignment keeps Kafka topic names as data', () => {
  it('a topic named __proto__ or constructor is an entry of a null-prototype object', () => {
    const assignment = Object.fromEntries(TRAP_NAMES.map((name, index) => [name, [index, 0]]));
    const decoded = decodeAssignment(AssignerProtocol.MemberAssignment.encode({ version: 0, assignment, userData: Buffer.alloc(0) }));
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expect(Object.keys(decoded).sort()).toEqual([...TRAP_NAMES].sort());
    expect(decoded.__proto__).toEqual([0, 0]);
    expect(decoded.constructor).toEqual([0, 1]);
    expectPrototypesUntouched();
  });
});

describe('the consumers on the poison corpus (real broker)', () => {
  const topic = `reliability-poison-${randomUUID().slice(0, 8)}`;
  /** Valid records around every poison record: v-0, poison 0, v-1, poison 1, ... */
  const sent: Array<{ key: string; value: Buffer | null; headers: IHeaders; poison?: number }> = [];

  beforeAll(async () => {
    await createTopic(topic, { partitions: 1, config: { 'max.message.bytes': String(4 * 1024 * 1024) } });
    POISON.forEach((entry, index) => {
      sent.push({ key: `valid-${index}`, value: Buffer.from(JSON.stringify(validEnvelope(index))), headers: { ok: 'yes' } });
      const name = TRAP_NAMES[index % TRAP_NAMES.length];
      // Computed keys: own properties named __proto__ / constructor / toString, as a producer elsewhere could send.
      sent.push({ key: name, value: entry.value, headers: { [name]: `header-${index}`, [TRAP_NAMES[(index + 1) % 3]]: Buffer.from(`second-${index}`) }, poison: index });
    });
    sent.push({ key: 'valid-last', value: Buffer.from(JSON.stringify(validEnvelope(999))), headers: {} });
    const producer = (await kafkaClient()).producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: sent.map(({ key, value, headers }) => ({ key, value, headers })) });
    } finally {
      await producer.disconnect();
    }
  }, 60_000);
  afterAll(() => deleteTopic(topic));

  it('consume returns every record in order, the poison ones with their problem and headers as data', async () => {
    const started = Date.now();
    const records = await consume(topic, { max: sent.length, timeoutMs: 20_000 });
    expect(records.map((record) => record.key)).toEqual(sent.map((record) => record.key));
    let reported = 0;
    records.forEach((record, index) => {
      const original = sent[index];
      expect(Object.getPrototypeOf(record.headers)).toBeNull();
      for (const name of Object.keys(original.headers)) expect(record.headers[name]).toBe(String(original.headers[name]));
      expect(Object.keys(record.headers).sort()).toEqual(Object.keys(original.headers).sort());
      if (original.poison === 0) expect(record.problem).toMatch(/^value is not JSON/);
      if (original.poison === 1) expect(record.problem).toMatch(/^value is not valid UTF-8/);
      if (original.value === null) expect(record.value).toBeNull();
      if (record.problem) reported += 1;
      // Every record reaches the CDC parser: an event, a tombstone, or a reason naming the record.
      const parsed = tryParseChangeEvent(record.value, `${record.topic}/${record.partition}@${record.offset}`);
      if (!parsed.ok) {
        expect(parsed.reason).toContain(`${topic}/0@${record.offset}: `);
        reported += 1;
      }
      expect(parsed.ok).toBe(original.poison === undefined || POISON[original.poison].cdc !== 'reason');
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expectPrototypesUntouched();
    tally('consume + CDC parser, poison on the broker', { recordsSent: sent.length, recordsLost: sent.length - records.length, recordsDuplicated: 0, poisonReported: reported });
  }, 60_000);

  it('a deserializer that throws ends consume at once with one error naming the record', async () => {
    const strict = (value: Buffer | null) => JSON.parse(value?.toString('utf8') ?? 'null') as unknown;
    const started = Date.now();
    const failing = consume(topic, { max: sent.length, timeoutMs: 30_000, deserialize: strict });
    await expect(failing).rejects.toBeInstanceOf(DeserializationError);
    await expect(failing).rejects.toThrow(new RegExp(`^${topic}/0@1: the deserializer failed: `));
    expect(Date.now() - started).toBeLessThan(15_000);
    expectPrototypesUntouched();
  }, 60_000);

  it('joinGroup and tail stop with that error too, never a stall', async () => {
    const strict = (value: Buffer | null) => JSON.parse(value?.toString('utf8') ?? 'null') as unknown;
    const member = await joinGroup(`${topic}-group`, topic, { commit: 'never', deserialize: strict });
    try {
      await member.waitForRecords(2, 15_000);
      expect(member.failure).toBeInstanceOf(DeserializationError);
      expect(String((member.failure as Error).message)).toMatch(new RegExp(`^${topic}/0@1: `));
    } finally {
      await member.stop();
    }
    const started = Date.now();
    await expect(tail(topic, { durationMs: 3_000, fromBeginning: true, deserialize: strict })).rejects.toBeInstanceOf(DeserializationError);
    expect(Date.now() - started).toBeLessThan(15_000);
    // With the default decoder tail sees everything.
    let seen = 0;
    const summary = await tail(topic, { durationMs: 4_000, fromBeginning: true, onRecord: () => void (seen += 1) });
    expect(summary.records).toBe(sent.length);
    expect(seen).toBe(sent.length);
    expectPrototypesUntouched();
  }, 60_000);
});
