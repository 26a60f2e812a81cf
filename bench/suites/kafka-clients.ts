import { randomUUID } from 'node:crypto';
import { consume, createTopic, deleteTopic, kafka, openProducer, produce } from '@streamlab/kernel-helpers/kafka';
import { bestOf, printSuite } from '../report.js';

const RECORDS = 20_000;
const BATCH = 1_000;

/** produce()/consume() through the helpers vs the same work with raw kafkajs, on the real broker. */
export async function kafkaClients(): Promise<void> {
  const topic = `bench-clients-${randomUUID().slice(0, 8)}`;
  await createTopic(topic, { partitions: 3 });
  const client = await kafka();
  const events = Array.from({ length: RECORDS }, (_, i) => ({ key: `user-${i % 100}`, value: { user_id: i % 100, action: 'click', seq: i } }));
  try {
    const rawProducer = client.producer();
    await rawProducer.connect();
    const rawProduce = await bestOf(3, 'raw kafkajs producer.send', async () => {
      for (let i = 0; i < RECORDS; i += BATCH) {
        await rawProducer.send({
          topic,
          acks: -1,
          messages: events.slice(i, i + BATCH).map((event) => ({ key: event.key, value: JSON.stringify(event.value) })),
        });
      }
      return RECORDS;
    });
    await rawProducer.disconnect();
    const helperProduce = await bestOf(3, 'produce() helper', async () => {
      for (let i = 0; i < RECORDS; i += BATCH) await produce(topic, events.slice(i, i + BATCH));
      return RECORDS;
    });
    const batching = await openProducer({ batchSize: BATCH });
    const helperBatching = await bestOf(3, 'openProducer() (one connection, batches)', async () => {
      await Promise.all(events.map((event) => batching.send(topic, event)));
      await batching.flush();
      return RECORDS;
    });
    await batching.close();
    printSuite(`kafka clients: produce ${RECORDS.toLocaleString('en-US')} JSON records in batches of ${BATCH}, acks=all`, 'records', [rawProduce, helperProduce, helperBatching]);

    const total = RECORDS * 9; // 3 runs of each producer above
    const rawConsume = await bestOf(1, 'raw kafkajs consumer.run', async () => {
      const consumer = client.consumer({ groupId: `bench-raw-${randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let seen = 0;
      await new Promise<void>((done) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            JSON.parse(message.value!.toString());
            seen += 1;
            if (seen === total) done();
          },
        });
      });
      await consumer.disconnect();
      return seen;
    });
    const helperConsume = await bestOf(1, 'consume() helper', async () => (await consume(topic, { max: total, timeoutMs: 120_000 })).length);
    printSuite(`kafka clients: consume ${total.toLocaleString('en-US')} JSON records from the beginning`, 'records', [rawConsume, helperConsume]);
  } finally {
    await deleteTopic(topic);
  }
}
