import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTopic, deleteTopic, kafkaClient, produce } from '@streamlab/kernel-helpers/kafka';
import { COURSE_TUMBLE_QUERY, createKafkaTable, equivalentGraceMs, flinkJobs, flinkSql } from '@streamlab/kernel-helpers/flink';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { KafkaStreams, StreamsBuilder, tumbling } from '@streamlab/kernel-helpers/streams';
import { benchEvents, T0, type BenchEvent } from '../events.js';
import { measure, printSuite, type Measurement } from '../report.js';

const EVENTS = 1_000_000;
const WATERMARK_MS = 10_000;


/** Resident memory of a process in MB (Linux /proc), or NaN. */
function rssMb(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function flinkRss(): Promise<string> {
  const pids = (await ensure({ flink: true })).flink.pids ?? {};
  return `JobManager ${rssMb(pids.jobManager).toFixed(0)} MB, TaskManager ${rssMb(pids.taskManager).toFixed(0)} MB, gateway ${rssMb(pids.gateway).toFixed(0)} MB`;
}

/** Fills a one-partition topic with the events as JSON ({ key, ts }), in chunks. */
async function fill(topic: string, events: readonly BenchEvent[]): Promise<void> {
  const producer = (await kafkaClient()).producer();
  await producer.connect();
  for (let i = 0; i < events.length; i += 5_000) {
    await producer.send({ topic, messages: events.slice(i, i + 5_000).map((event) => ({ key: event.key, value: JSON.stringify(event), timestamp: String(event.ts) })) });
  }
  await producer.disconnect();
}

const schema = { key: 'STRING', ts: 'BIGINT', event_time: 'AS TO_TIMESTAMP_LTZ(ts, 3)' };

/** The seed query on Flink over the whole topic (bounded): submission → EOS, and the job's own run time. */
async function flinkRun(topic: string): Promise<{ total: Measurement; job: Measurement; windows: number; rss: string }> {
  await createKafkaTable({ name: 'events', topic, schema, eventTime: 'event_time', watermark: WATERMARK_MS, bounded: true, deterministic: true });
  let peak = '';
  const sampler = setInterval(() => void flinkRss().then((rss) => (peak = rss)), 1000);
  let jobId: string | undefined;
  let windows = 0;
  const total = await measure('Flink 2.2 SQL (submission → last window)', async () => {
    const result = await flinkSql(COURSE_TUMBLE_QUERY, { timeoutMs: 600_000 });
    jobId = result.jobId;
    windows = result.rows.length;
    return EVENTS;
  });
  clearInterval(sampler);
  const job = (await flinkJobs()).find((candidate) => candidate.id === jobId);
  return { total, job: { name: 'Flink 2.2 SQL (the job alone, JobManager duration)', units: EVENTS, elapsedMs: job?.durationMs ?? NaN }, windows, rss: peak };
}

/** The engine's runtime on the broker: the same per-minute count, grace = watermark − 1 ms. */
async function engineRun(topic: string): Promise<Measurement> {
  const builder = new StreamsBuilder();
  builder.stream<BenchEvent>(topic, { timestamp: 'ts' }).groupBy(() => 'all').windowedBy(tumbling('1m', { grace: equivalentGraceMs(WATERMARK_MS) })).count({ emit: 'final' }).toStream().to(`${topic}-engine`);
  const streams = new KafkaStreams(builder.build(), { applicationId: `bench-flink-engine-${randomUUID().slice(0, 8)}`, guarantee: 'at_least_once' });
  return measure('TypeScript engine runtime (at_least_once, same count)', async () => (await streams.run({ maxRecords: EVENTS, timeoutMs: 900_000 })).recordsIn);
}

/**
 * End-to-end latency of the seed query: the event that moves the watermark past a window's end is
 * produced, and the window's row arrives at the notebook. Watermark delay 0, one event per window
 * and then one in the next minute; the first window (job start) is left out.
 */
async function latency(topic: string): Promise<number[]> {
  await createKafkaTable({ name: 'events', topic, schema, eventTime: 'event_time', watermark: 0, deterministic: true });
  const arrivals: number[] = [];
  const rounds = 7;
  const query = flinkSql(COURSE_TUMBLE_QUERY, { maxRows: rounds, timeoutMs: 180_000, onRows: (rows) => { while (arrivals.length < rows.length) arrivals.push(Date.now()); } });
  const sent: number[] = [];
  const event = (ts: number) => ({ key: 'k', value: { key: 'k', ts } });
  await produce(topic, [event(T0 + 1000)]);
  for (let round = 0; round < rounds; round++) {
    sent.push(Date.now());
    await produce(topic, [event(T0 + (round + 1) * 60_000 + 1000)]);
    const deadline = Date.now() + 120_000;
    // Polled every 5 ms so the measured latency is not padded by the wait itself.
    while (arrivals.length <= round) {
      if (Date.now() > deadline) throw new Error(`window ${round} was not emitted within 120 s`);
      await new Promise((resolveLater) => setTimeout(resolveLater, 5));
    }
  }
  await query;
  return arrivals.slice(1).map((arrival, index) => arrival - sent[index + 1]);
}

/** npm run bench -- flink: Flink vs the TypeScript engine on 1,000,000 events, and the seed query's latency. */
export async function flinkSuite(): Promise<void> {
  const info = await ensure({ services: ['kafka'], flink: true });
  console.log(`\nflink: ${info.flink.version}, idle: ${await flinkRss()}`);
  const input = `bench-flink-${randomUUID().slice(0, 8)}`;
  const latencyTopic = `${input}-latency`;
  await createTopic(input, { partitions: 1 });
  await createTopic(`${input}-engine`, { partitions: 1 });
  await createTopic(latencyTopic, { partitions: 1 });
  try {
    const filled = await measure('fill', async () => {
      await fill(input, benchEvents(EVENTS));
      return EVENTS;
    });
    console.log(`flink: ${EVENTS.toLocaleString('en-US')} events produced in ${(filled.elapsedMs / 1000).toFixed(1)} s`);
    const flink = await flinkRun(input);
    console.log(`flink: ${flink.windows} windows; RSS while the query ran (last sample): ${flink.rss}`);
    printSuite(`the course's TUMBLE query, ${EVENTS.toLocaleString('en-US')} events on one partition (watermark ${WATERMARK_MS / 1000} s)`, 'events', [
      await engineRun(input),
      flink.total,
      flink.job,
    ]);
    const latencies = await latency(latencyTopic);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`\nseed query end-to-end latency (event that passes the watermark produced → window row received): median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms (${latencies.join(', ')})`);
    console.log(`flink: after the suite: ${await flinkRss()}`);
  } finally {
    for (const topic of [input, `${input}-engine`, latencyTopic]) await deleteTopic(topic);
  }
}
