#!/usr/bin/env node
/**
 * npm run stack:up [-- --brokers 3] [-- --with flink [--slots N]] | stack:status | stack:down [-- --wipe]
 * | stack:logs -- <service> | stack:reset
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, StackError } from '../errors.js';
import { redactSecrets } from '../kafka/security.js';
import { logFile, stateDir } from './paths.js';
import { down, status, up } from './index.js';
import { resetStack } from './reset.js';
import type { StackInfo } from './types.js';

/** One summary line per service, as printed after `stack:up` (Flink only once it was started). */
export function summaryLines(info: StackInfo): string[] {
  const nodes = info.kafka.nodes.map((node) => `node ${node.id} ${node.state}`).join(', ');
  const flink = info.flink?.gatewayUrl
    ? [`flink     ${info.flink.state.padEnd(8)} ${info.flink.gatewayUrl}  (Apache Flink ${info.flink.version ?? '?'} SQL Gateway; web UI ${info.flink.restUrl || '?'}, ${info.flink.runningJobs ?? 0} running job(s))`]
    : [];
  return [
    `kafka     ${info.kafka.state.padEnd(8)} ${info.kafka.bootstrap}  (Apache Kafka ${info.kafka.version ?? '?'}, KRaft; ${nodes})`,
    `postgres  ${info.postgres.state.padEnd(8)} ${info.postgres.url}  (PostgreSQL ${info.postgres.version ?? '?'}, wal_level=logical)`,
    `connect   ${info.connect.state.padEnd(8)} ${info.connect.url}  (Kafka Connect + Debezium PostgreSQL connector)`,
    ...flink,
  ];
}

/** Parses `--with flink` (the only optional service) and `--slots N` (the TaskManager's task slots). */
export function parseWith(args: string[]): { flink: boolean; flinkSlots?: number } {
  const index = args.indexOf('--with');
  const wanted = index < 0 ? [] : (args[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = wanted.filter((name) => name !== 'flink');
  if (index >= 0 && (wanted.length === 0 || unknown.length)) {
    throw new StackError(`--with ${args[index + 1] ?? ''} is not an optional service`, { hint: 'use --with flink' });
  }
  const slotsIndex = args.indexOf('--slots');
  if (slotsIndex < 0) return { flink: wanted.includes('flink') };
  const slots = Number(args[slotsIndex + 1]);
  if (!Number.isInteger(slots) || slots < 1 || slots > 16) throw new StackError(`--slots ${args[slotsIndex + 1] ?? ''} is not a slot count`, { hint: 'use --slots 1 to 16 (default 4)' });
  return { flink: wanted.includes('flink'), flinkSlots: slots };
}

/** Parses `--brokers N`; only 1 and 3 make sense for the lessons. */
export function parseBrokers(args: string[]): number | undefined {
  const index = args.indexOf('--brokers');
  if (index < 0) return undefined;
  const brokers = Number(args[index + 1]);
  if (brokers !== 1 && brokers !== 3) throw new StackError(`--brokers ${args[index + 1] ?? ''} is not supported`, { hint: 'use --brokers 1 or --brokers 3' });
  return brokers;
}

const progress = (line: string): void => void process.stderr.write(`${redactSecrets(line, process.env, { urlPasswords: false })}\n`);

/** Output with no secret: the SASL password and, for a stack someone else runs, passwords in its URLs. */
export function printable(text: string, info: StackInfo): string {
  return redactSecrets(text, process.env, { urlPasswords: info.provider === 'external' });
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'up': {
      const started = Date.now();
      const info = await up({ brokers: parseBrokers(args), ...parseWith(args), onProgress: progress });
      for (const line of summaryLines(info)) console.log(printable(line, info));
      console.log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s (provider: ${info.provider})`);
      return 0;
    }
    case 'status': {
      const info = await status();
      console.log(printable(JSON.stringify(info, null, 2), info));
      return [info.kafka, info.postgres, info.connect].every((service) => service.state === 'up') ? 0 : 3;
    }
    case 'down':
      await down({ wipe: args.includes('--wipe'), onProgress: progress });
      console.log('stack stopped');
      return 0;
    case 'logs':
      return printLog(args[0]);
    case 'reset': {
      const started = Date.now();
      const report = await resetStack({ onProgress: progress });
      const rows = Object.entries(report.shop).map(([table, count]) => `${table.replace(/^public\./, '')} ${count}`);
      console.log(`connectors deleted: ${report.connectors.length}${report.connectors.length ? ` (${report.connectors.join(', ')})` : ''}; replication slots dropped: ${report.slots.length}`);
      console.log(`topics deleted: ${report.topics.length}; consumer groups deleted: ${report.groups.length}${report.activeGroups.length ? `; kept (live members): ${report.activeGroups.join(', ')}` : ''}`);
      console.log(`shop seeded again: ${rows.join(', ')}`);
      console.log(`stack reset in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    default:
      throw new StackError(`unknown stack command "${command ?? ''}"`, { hint: 'use up, down, status, logs or reset' });
  }
}

async function printLog(service: string | undefined): Promise<number> {
  const logs = join(stateDir(), 'logs');
  const available = existsSync(logs) ? readdirSync(logs).map((name) => name.replace(/\.log$/, '')) : [];
  const name = service === 'kafka' ? 'kafka-1' : service;
  if (!name || !available.includes(name)) {
    throw new StackError(`no log for "${service ?? ''}"`, { hint: `choose one of: ${available.join(', ') || '(none yet: run npm run stack:up)'}` });
  }
  const file = logFile(name);
  const start = Math.max(0, statSync(file).size - 64_000);
  await new Promise<void>((resolveDone, reject) => createReadStream(file, { start }).on('error', reject).on('end', resolveDone).pipe(process.stdout));
  return 0;
}

if (require.main === module) void runCli(main);
