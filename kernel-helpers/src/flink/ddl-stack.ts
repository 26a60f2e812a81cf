import { inOrder } from './session.js';
import { kafkaTableDdl, quoteIdentifier, type KafkaTableSpec } from './ddl.js';
import { flinkSql } from './query.js';
import { rememberTableTopic } from './table-topics.js';

/**
 * The `CREATE TABLE` DDL for a Kafka topic (see `kafkaTableDdl`), with the Kafka bootstrap servers
 * as Flink reaches them in this stack. Print it, or run it with `flinkSql` (or `createKafkaTable`).
 */
export async function kafkaTable(spec: KafkaTableSpec): Promise<string> {
  return kafkaTableDdl({ ...spec, bootstrap: await flinkBootstrap(spec) });
}

async function flinkBootstrap(spec: KafkaTableSpec): Promise<string> {
  return spec.bootstrap ?? (await inOrder(async (session) => session.kafkaBootstrap));
}

/**
 * Declares the table in this kernel's session, replacing one of the same name (so the cell can be
 * re-run); returns the DDL it ran.
 */
export async function createKafkaTable(spec: KafkaTableSpec): Promise<string> {
  const bootstrap = await flinkBootstrap(spec);
  const ddl = kafkaTableDdl({ ...spec, bootstrap });
  await flinkSql([`DROP TABLE IF EXISTS ${quoteIdentifier(spec.name)}`, ddl]);
  rememberTableTopic(spec.name, spec.topic, bootstrap);
  return ddl;
}
