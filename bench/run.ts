/**
 * npm run bench [-- <suite>...]: performance measured, never asserted. Every suite prints its
 * contenders' throughput and their ratio to a baseline measured in the same run; the figures
 * land in build/bench/results.json (and a chart of the ratios in build/bench/results.svg).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { barChart, renderSvg } from '@streamlab/kernel-helpers/viz';
import { figure, figuresTable, ratioRows, resultsDocument, type Figure, type MachineFacts } from './figures.js';
import { rateOf, type BenchContext } from './report.js';
import { kafkaClients } from './suites/kafka-clients.js';
import { engineEndToEnd } from './suites/engine-end-to-end.js';
import { engineHeap, engineMemory, heapFigures } from './suites/engine-memory.js';
import { liveChart } from './suites/live-chart.js';
import { cdc, cdcWal } from './suites/cdc.js';
import { flinkSuite } from './suites/flink.js';

/** The suites, in run order. Add one line per suite. */
const suites: Record<string, (bench: BenchContext) => Promise<void>> = {
  'kafka-clients': kafkaClients,
  'live-chart': liveChart,
  'engine-memory': engineMemory,
  'engine-heap': engineHeap,
  'engine-end-to-end': engineEndToEnd,
  cdc,
  'cdc-wal': cdcWal,
  // Starts Flink (about 1 GB more memory) and pushes 1,000,000 events.
  flink: flinkSuite,
};

/** Suites too slow or heavy for the default run: only when named (`npm run bench -- cdc-wal`). */
const onRequest = new Set(['cdc-wal', 'flink']);

/** `java -version`'s first line (Java prints it on stderr), or null without Java. */
function javaVersion(): string | null {
  const result = spawnSync(process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return `${result.stderr}${result.stdout}`.split('\n')[0].trim() || null;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in suites));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const info = await ensure();
  const machine: MachineFacts = { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', node: process.version, java: javaVersion(), kafka: info.kafka.version ?? null, loadAverage: Math.round(loadavg()[0] * 100) / 100 };
  console.log(`bench: Apache Kafka ${info.kafka.version} at ${info.kafka.bootstrap} (${info.provider}), node ${process.version}, ${machine.cores} cores, load ${machine.loadAverage}`);
  const figures: Figure[] = [];
  const bench: BenchContext = {
    record: (meta, contender, baseline) => figures.push(figure(meta, contender.measurements.map(rateOf), baseline.measurements.map(rateOf))),
  };
  for (const name of wanted.length ? wanted : Object.keys(suites).filter((suite) => !onRequest.has(suite))) await suites[name](bench);

  const command = `npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}`;
  const results = { ...resultsDocument(machine, figures, command), memory: heapFigures };
  const out = join(process.cwd(), 'build', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (figures.length) {
    const spec = barChart(ratioRows(results.figures), { x: 'id', y: 'ratio', color: 'suite' }, { title: 'npm run bench: ratio to the baseline of the same run (1 = as fast)', width: 640, height: 280 });
    writeFileSync(join(out, 'results.svg'), await renderSvg(spec));
  }
  console.log(`\nfigures (median ratio, min–max of per-run ratios), written to build/bench/results.json and results.svg:`);
  for (const line of figuresTable(results.figures)) console.log(`  ${line}`);
  process.exit(0); // kafkajs may keep sockets open for a moment; the numbers are printed
}

void main();
