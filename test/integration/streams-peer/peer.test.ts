import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume, kafkaClient, produce, resetTopic, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { buildStreamsPeer, startStreamsPeer, type StreamsPeer } from '@streamlab/kernel-helpers/streams-peer';
import { waitUntil } from '../../../kernel-helpers/src/wait';

/*
 * The real Kafka Streams 4.3.1, fed a small hand-made out-of-order input, must produce exactly
 * the final windows computed by hand below. These expectations pin Kafka Streams' semantics for
 * the TypeScript engine (kernel-helpers/src/streams), which has to match them window by window.
 *
 * Windows: size 60 s, advance 20 s, sliding difference 30 s, session gap 30 s, grace 10 s.
 * One partition, so one stream time for every key: stream time is per partition (task), not per key.
 *
 * What the run pins (and what surprised us), t in seconds after T0:
 * - Tumbling/hopping windows are [start, end) and a record is dropped from a window when
 *   end <= streamTime - grace (stream time already including the record). The check is per window:
 *   s-2@35 at stream time 50 is dropped from hopping [-20,40) but counted in [0,60) and [20,80);
 *   s-1@40 at stream time 100 (60 s behind) still counts in hopping [40,100).
 * - A boundary record belongs to the next window: s-2@60 is in [60,120), not in [0,60).
 * - Sliding windows are [start, end] with both ends INCLUSIVE, end = start + difference, and only
 *   exist where records are: the left window [t-30s, t] of each record, and the right window
 *   [t+1ms, t+1ms+30s] of a record when a later record falls in it (empty windows are never emitted;
 *   the right window starts ONE MILLISECOND after its record, so it never contains that record).
 *   A sliding window accepts a record while end >= streamTime - grace (>=, not > as for time windows);
 *   a window that is already closed when its record arrives is never created: s-1@59 at stream time 75
 *   gets no [29,59] window, and s-2@35 at stream time 50 no [5,35]. A record is dropped from all sliding
 *   windows when t + difference < streamTime - grace (s-1@40 at stream time 100).
 * - Sessions: windowStart = first record, windowEnd = LAST record (inclusive, a session of one record
 *   has start == end). A session closes when streamTime >= end + gap + grace (suppress waits gap + grace
 *   after the end, not just grace). A closed session is never merged again, even by a record within the
 *   gap: s-2@35 (25 s after s-2@10) starts a new session because [10,10] closed at stream time 50.
 *   A record is late only if the session it would form or extend ends before streamTime - gap - grace:
 *   s-1@40 at stream time 100 extends the open [50,75] backwards to [40,75].
 * - Suppress emits a window once, when stream time reaches end + grace (end + gap + grace for
 *   sessions); the last "flush" record (t = 1000) closes everything else, and its own windows stay open.
 */
const T0 = Date.UTC(2026, 0, 1); // 1767225600000, a multiple of 60 s
const at = (seconds: number): number => T0 + seconds * 1000;

const input: Array<[key: string, seconds: number]> = [
  ['s-1', 5],
  ['s-2', 10],
  ['s-1', 50],
  ['s-2', 35], // stream time 50: late for hopping [-20,40) only
  ['s-1', 62],
  ['s-2', 60], // exactly on a boundary
  ['s-1', 58], // out of order, within grace
  ['s-1', 75], // stream time 75 closes [0,60) + 10 s grace
  ['s-1', 59], // late for [0,60) windows, on time for later ones
  ['s-2', 100],
  ['s-1', 40], // 60 s behind stream time: counts in hopping [40,100) and in session [40,75] only
  ['flush', 1000], // advances stream time so every earlier window closes
];

type Row = [key: string, startSeconds: number, endSeconds: number, count: number];
const expected: Record<'tumbling' | 'hopping' | 'sliding' | 'session', Row[]> = {
  tumbling: [
    ['s-1', 0, 60, 3], // 5, 50, 58 (59 and 40 late)
    ['s-1', 60, 120, 2], // 62, 75
    ['s-2', 0, 60, 2], // 10, 35
    ['s-2', 60, 120, 2], // 60, 100
  ],
  hopping: [
    ['s-1', -40, 20, 1],
    ['s-1', -20, 40, 1],
    ['s-1', 0, 60, 3], // 5, 50, 58
    ['s-1', 20, 80, 5], // 50, 58, 59, 62, 75
    ['s-1', 40, 100, 6], // 40, 50, 58, 59, 62, 75
    ['s-1', 60, 120, 2],
    ['s-2', -40, 20, 1],
    ['s-2', -20, 40, 1], // 10 only: 35 arrived after the window closed at stream time 50
    ['s-2', 0, 60, 2],
    ['s-2', 20, 80, 2],
    ['s-2', 40, 100, 1], // 60 (100 is outside: end exclusive)
    ['s-2', 60, 120, 2],
    ['s-2', 80, 140, 1],
    ['s-2', 100, 160, 1],
  ],
  sliding: [
    ['s-1', -25, 5, 1],
    ['s-1', 20, 50, 1],
    ['s-1', 28, 58, 2], // 50, 58
    ['s-1', 32, 62, 3], // 50, 58, 62 (59 arrived after it closed at stream time 72)
    ['s-1', 45, 75, 5], // 50, 58, 59, 62, 75
    ['s-1', 50.001, 80.001, 4], // right window of 50 (starts 1 ms after it): 58, 59, 62, 75
    ['s-1', 58.001, 88.001, 3], // right window of 58: 59, 62, 75
    ['s-1', 59.001, 89.001, 2], // right window of 59: 62, 75
    ['s-1', 62.001, 92.001, 1], // right window of 62: 75
    ['s-2', -20, 10, 1],
    ['s-2', 10.001, 40.001, 1], // right window of 10: 35
    ['s-2', 30, 60, 2], // 35, 60
    ['s-2', 35.001, 65.001, 1], // right window of 35: 60
    ['s-2', 70, 100, 1],
  ],
  session: [
    ['s-1', 5, 5, 1],
    ['s-1', 40, 75, 6], // 40, 50, 58, 59, 62, 75
    ['s-2', 10, 10, 1],
    ['s-2', 35, 60, 2],
    ['s-2', 100, 100, 1],
  ],
};

interface WindowCount {
  key: string;
  windowStart: number;
  windowEnd: number;
  count: number;
}

const suffix = randomUUID().slice(0, 8);
const windowTypes = ['tumbling', 'hopping', 'sliding', 'session'] as const;
let peer: StreamsPeer | undefined;
let bootstrap: string;

beforeAll(async () => {
  bootstrap = (await ensure({ services: ['kafka'] })).kafka.bootstrap;
});

/** Writes `records` (key, event time in s after T0) to a fresh one-partition topic and starts the peer on it. */
async function startPeerOn(topic: string, records: Array<[string, number]>, applicationId = `streams-peer-${suffix}`): Promise<StreamsPeer> {
  await resetTopic(topic, { partitions: 1 });
  await produce(
    topic,
    records.map(([key, seconds]) => ({ key, value: { sensor_id: key, value: 20 + seconds / 100, ts: at(seconds) }, timestamp: at(seconds) })),
  );
  return startStreamsPeer({
    bootstrap,
    input: topic,
    outputPrefix: `${topic}-counts`,
    applicationId,
    windows: { size: '60s', advance: '20s', slidingDifference: '30s', sessionGap: '30s', grace: '10s' },
  });
}

/**
 * Every final window the peer wrote, per type, as rows sorted by key then start. Exactly-once commits
 * the input offsets in the same transaction as the outputs: once the whole input is committed, every
 * output is readable (read_committed), and nothing more will come.
 */
async function finalWindows(running: StreamsPeer, topic: string, inputCount: number): Promise<Record<(typeof windowTypes)[number], Row[]>> {
  const admin = (await kafkaClient({ bootstrap })).admin();
  await admin.connect();
  try {
    await waitUntil(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: running.applicationId, topics: [topic] });
        return offsets.partitions[0]?.offset === String(inputCount);
      },
      { what: 'the peer to commit the whole input', timeoutMs: 60_000, hint: running.recentOutput().slice(-3).join(' | ') },
    );
  } finally {
    await admin.disconnect();
  }
  const outputs = await Promise.all(windowTypes.map((type) => consume<WindowCount>(running.topics[type], { max: 100, timeoutMs: 5_000 })));
  const rows = outputs.map((records) => {
    for (const record of records) expect(record.key).toBe(record.value.key);
    return records
      .map(({ value }): Row => [value.key, (value.windowStart - T0) / 1000, (value.windowEnd - T0) / 1000, value.count])
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[3] - b[3]);
  });
  return { tumbling: rows[0], hopping: rows[1], sliding: rows[2], session: rows[3] };
}

function mebibytes(bytes: number | undefined): string {
  return ((bytes ?? 0) / 2 ** 20).toFixed(0);
}

afterAll(async () => {
  await peer?.stop();
  const admin = (await kafkaClient({ bootstrap })).admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(`streams-peer-${suffix}`));
    await Promise.all(ours.map((topic) => deleteTopic(topic)));
    await admin.deleteGroups([`streams-peer-${suffix}`, `streams-peer-${suffix}-edges-app`]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
});

describe('Kafka Streams peer (Java, kafka-streams 4.3.1) on the real broker', () => {
  it('builds once with Maven, then reuses the build while pom and sources are unchanged', async () => {
    const first = await buildStreamsPeer();
    const second = await buildStreamsPeer();
    console.log(`streams-peer build: ${first.built ? `Maven ran, ${first.durationMs} ms` : `cached, ${first.durationMs} ms`}; warm: ${second.durationMs} ms`);
    expect(second.built).toBe(false);
    expect(second.classpath).toBe(first.classpath);
    expect(second.classpath).toMatch(/streams-peer\.jar:.*kafka-streams-4\.3\.1\.jar/);
  }, 300_000);

  it('emits exactly the hand-computed final windows for tumbling, hopping, sliding and session windows', async () => {
    peer = await startPeerOn(`streams-peer-${suffix}-readings`, input);
    console.log(`streams-peer: start to RUNNING ${peer.startToRunningMs} ms, RSS ${mebibytes(peer.rssBytes())} MiB`);
    const outputs = await finalWindows(peer, `streams-peer-${suffix}-readings`, input.length);
    console.log(`streams-peer final windows: ${windowTypes.map((type) => `${type} ${outputs[type].length}`).join(', ')} (input ${input.length} records)`);
    for (const type of windowTypes) expect({ type, rows: outputs[type] }).toEqual({ type, rows: expected[type] });
    console.log(`streams-peer: RSS after processing ${mebibytes(peer.rssBytes())} MiB`);
  }, 180_000);

  it('emits a sliding window or a session a second time when a record lands exactly on its close time', async () => {
    // Kafka Streams' own edge (read in KStreamSlidingWindowAggregate / KStreamSessionWindowAggregate and
    // seen here): suppress emits a window when end <= streamTime - grace, but a sliding window still
    // accepts records while end >= streamTime - grace, and a session while end >= streamTime - gap - grace.
    // At equality both happen: a second "final" result for the same window. Time windows have no such
    // edge (they accept only while end > streamTime - grace).
    const edges: Array<[key: string, seconds: number]> = [
      ['b', 60],
      ['x', 70], // stream time 70: sliding [30,60] of b closes (60 + 10 grace) and is emitted with count 1
      ['b', 45], // still accepted by [30,60] (end 60 >= 70 - 10): emitted again with count 2; late for tumbling [0,60)
      ['c', 100],
      ['x', 140], // stream time 140: session [100,100] of c closes (100 + 30 gap + 10 grace), emitted
      ['c', 100], // the closed session is invisible now, so a NEW [100,100] session with count 1, emitted again
      ['flush', 1000],
    ];
    const topic = `streams-peer-${suffix}-edges`;
    await peer?.stop();
    peer = await startPeerOn(topic, edges, `streams-peer-${suffix}-edges-app`);
    const outputs = await finalWindows(peer, topic, edges.length);
    expect(outputs.tumbling).toEqual([
      ['b', 60, 120, 1], // b@45 arrived when [0,60) had closed (60 > 70 - 10 is false): dropped
      ['c', 60, 120, 1],
      ['x', 60, 120, 1],
      ['x', 120, 180, 1],
    ]);
    expect(outputs.sliding).toEqual([
      ['b', 30, 60, 1],
      ['b', 30, 60, 2],
      ['b', 45.001, 75.001, 1], // right window of b@45, holding b@60; b@45's own left window [15,45] was closed
      ['c', 70, 100, 1],
      ['x', 40, 70, 1],
      ['x', 110, 140, 1],
    ]);
    expect(outputs.session).toEqual([
      ['b', 45, 60, 2],
      ['c', 100, 100, 1],
      ['c', 100, 100, 1],
      ['x', 70, 70, 1],
      ['x', 140, 140, 1],
    ]);
  }, 180_000);

  it('stops cleanly and leaves no JVM behind', async () => {
    const { pid } = peer!;
    const started = Date.now();
    await peer!.stop();
    console.log(`streams-peer: stop took ${Date.now() - started} ms`);
    expect(() => process.kill(pid, 0)).toThrow();
    peer = undefined;
  }, 60_000);
});
