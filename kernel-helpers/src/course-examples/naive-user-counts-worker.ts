/**
 * The course's "Kafka Streams" example (a defaultdict of counts per user), line by line, as its own
 * process so a lesson can kill it with SIGKILL. Arguments: <groupId> <input> <output>.
 * Prints "processed N" after each record; ends after 3 s without records.
 */
import { joinGroup, openProducer } from '../kafka/index.js';

interface Click {
  user_id: string;
}

async function main(groupId: string, input: string, output: string): Promise<void> {
  const userCounts = new Map<string, number>(); //                         user_counts = defaultdict(int)
  const producer = await openProducer({ lingerMs: 5 }); //                 producer = KafkaProducer()
  let processed = 0;
  let lastRecordAt = Date.now();
  const consumer = await joinGroup<Click>(groupId, input, { //             consumer = KafkaConsumer('input', group_id=...)
    commit: 'auto', //                                                     enable_auto_commit=True (the default)
    onRecord: async ({ value: event, offset }) => { //                     for msg in consumer:
      const userId = event.user_id; //                                     user_id = event['user_id']
      userCounts.set(userId, (userCounts.get(userId) ?? 0) + 1); //        user_counts[user_id] += 1
      // producer.send('output', {...}); the input offset and the process id travel in headers, for the lesson's chart only.
      void producer.send(output, { key: userId, value: { user_id: userId, count: userCounts.get(userId) }, headers: { 'input-offset': offset, pid: String(process.pid) } });
      processed += 1;
      lastRecordAt = Date.now();
      console.log(`processed ${processed}`);
    },
  });
  // Only so that the demo ends: stop after 3 s without records.
  while (Date.now() - lastRecordAt < 3000) await new Promise((resolve) => setTimeout(resolve, 100));
  await consumer.stop();
  await producer.close();
}

const [groupId, input, output] = process.argv.slice(2);
main(groupId, input, output).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
