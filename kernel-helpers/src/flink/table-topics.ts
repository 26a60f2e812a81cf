/**
 * The Kafka topic behind each table this kernel declared with `createKafkaTable`, so a query on a
 * table whose topic does not exist is refused before Flink runs it. Flink 2.2.1 fails such a job
 * and, closing its collect sink, hits a NullPointerException that takes the whole TaskManager down
 * (every later query then waits for slots that never come): failing first is both clearer and safe.
 */
import { kafkaClient } from '../kafka/client.js';
import { knownTopic, TopicNotFoundError } from '../kafka/topics.js';
import { FlinkSqlError } from './errors.js';

const topicOfTable = new Map<string, { topic: string; bootstrap: string }>();

/** Records that table `name` reads `topic` on `bootstrap` (called by createKafkaTable). */
export function rememberTableTopic(name: string, topic: string, bootstrap: string): void {
  topicOfTable.set(name.toLowerCase(), { topic, bootstrap });
}

/** The declared tables a statement names (whole words, case-insensitive); pure, for tests. */
export function tablesNamedIn(statement: string, tables: Iterable<string>): string[] {
  const words = new Set(statement.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  return [...tables].filter((table) => words.has(table));
}

/** Fails with a FlinkSqlError when a query names a declared table whose topic is missing. */
export async function checkTopicsOf(statement: string): Promise<void> {
  if (!/^\s*(select|insert|with|execute|explain)\b/i.test(statement)) return;
  for (const table of tablesNamedIn(statement, topicOfTable.keys())) {
    const { topic, bootstrap } = topicOfTable.get(table) as { topic: string; bootstrap: string };
    try {
      await knownTopic(await kafkaClient({ bootstrap }), topic); // asks the broker once per topic
    } catch (error) {
      // Only a topic known to be missing: a broker this process cannot reach (Flink in Docker
      // sees Kafka under another name) is left for Flink itself to report.
      if (!(error instanceof TopicNotFoundError)) continue;
      throw new FlinkSqlError(`table ${table} reads Kafka topic "${topic}", which does not exist`, {
        hint: `create the topic first (createTopic("${topic}") or produce to it), then run the query again`,
      });
    }
  }
}
