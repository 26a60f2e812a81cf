/**
 * npm run bench [-- <suite>...]: performance measured, never asserted. Every suite prints its
 * contenders' throughput and their ratio to a baseline measured in the same run.
 */
import { ensure } from '@streamlab/kernel-helpers/stack';
import { kafkaClients } from './suites/kafka-clients.js';
import { engineEndToEnd } from './suites/engine-end-to-end.js';
import { engineMemory } from './suites/engine-memory.js';
import { liveChart } from './suites/live-chart.js';
import { cdc, cdcWal } from './suites/cdc.js';
import { flinkSuite } from './suites/flink.js';

const suites: Record<string, () => Promise<void>> = {
  'kafka-clients': kafkaClients,
  'live-chart': liveChart,
  'engine-memory': engineMemory,
  'engine-end-to-end': engineEndToEnd,
  cdc,
  'cdc-wal': cdcWal,
  // Starts Flink (about 1 GB more memory) and pushes 1,000,000 events.
  flink: flinkSuite,
};

/** Suites too slow or heavy for the default run: only when named (`npm run bench -- cdc-wal`). */
const onRequest = new Set(['cdc-wal', 'flink']);

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in suites));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const info = await ensure();
  console.log(`bench: Apache Kafka ${info.kafka.version} at ${info.kafka.bootstrap} (${info.provider}), node ${process.version}`);
  for (const name of wanted.length ? wanted : Object.keys(suites).filter((suite) => !onRequest.has(suite))) await suites[name]();
  process.exit(0); // kafkajs may keep sockets open for a moment; the numbers are printed
}

void main();
