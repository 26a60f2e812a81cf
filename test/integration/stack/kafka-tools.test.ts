import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure, runKafkaTool } from '@streamlab/kernel-helpers/stack';
import { consume, deleteTopic, produce, resetTopic } from '@streamlab/kernel-helpers/kafka';

const TOPIC = 'course-it-kafka-tools';
const GROUP = 'course-it-kafka-tools-group';
let bootstrap = '';

beforeAll(async () => {
  bootstrap = (await ensure({ services: ['kafka'] })).kafka.bootstrap;
  await resetTopic(TOPIC, { partitions: 2 });
  await produce(TOPIC, Array.from({ length: 6 }, (_, i) => ({ key: `k${i % 3}`, value: { i }, partition: i % 2 })));
  await consume(TOPIC, { groupId: GROUP, max: 6, timeoutMs: 10_000 });
}, 60_000);

afterAll(async () => {
  // The groups go through the tool too: kafka-consumer-groups.sh --delete.
  await runKafkaTool('consumer-groups', ['--delete', '--group', GROUP, '--group', `${GROUP}-console`], { bootstrap }).catch(() => undefined);
  await deleteTopic(TOPIC).catch(() => undefined);
}, 60_000);

describe('Kafka CLI tools from the stack classpath', () => {
  it('kafka-topics --describe shows every partition of the topic with its leader', async () => {
    const result = await runKafkaTool('topics', ['--describe', '--topic', TOPIC], { bootstrap });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Topic: ${TOPIC}\\s+TopicId: \\S+\\s+PartitionCount: 2`));
    expect(result.stdout.match(/Partition: \d\s+Leader: \d+/g)).toHaveLength(2);
    expect(result.command).toBe(`kafka-topics.sh --describe --topic ${TOPIC} --bootstrap-server ${bootstrap}`);
  }, 60_000);

  it('kafka-consumer-groups --describe shows the group at the end of each partition (lag 0)', async () => {
    const result = await runKafkaTool('consumer-groups', ['--describe', '--group', GROUP], { bootstrap });
    expect(result.exitCode).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => line.includes(TOPIC));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.trim().split(/\s+/)[5]).toBe('0');
  }, 60_000);

  it('kafka-console-consumer prints key and value of each record', async () => {
    const result = await runKafkaTool('console-consumer', ['--topic', TOPIC, '--property', 'print.key=true', '--from-beginning', '--max-messages', '6', '--group', `${GROUP}-console`], { bootstrap });
    expect(result.exitCode).toBe(0);
    // The tool also prints notices (e.g. about KIP-848): keep the record lines, key TAB value.
    const lines = result.stdout.split('\n').filter((line) => /^k\d\t/.test(line)).sort();
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^k0\t\{"i":0\}$/);
  }, 60_000);
});
