/**
 * `npm run stack:reset`: the running stack back to a fresh lesson state without stopping it or
 * downloading anything: every connector (with its offsets, replication slot and publication),
 * every consumer group and every topic except the internal ones are deleted, and the `shop`
 * database is dropped and seeded again from datasets/shop.
 */
import { Client } from 'pg';
import { deleteConnector } from '../cdc/capture.js';
import { allConnectorStatuses } from '../cdc/connectors.js';
import { StackError } from '../errors.js';
import { createKafka } from '../kafka/client.js';
import { withAdmin } from '../kafka/connection.js';
import { waitUntil } from '../wait.js';
import { status } from './index.js';
import { maintenanceUrl, PG_DATABASE, seedShop } from './postgres.js';
import type { StackInfo } from './types.js';

/** Kafka Connect's worker group and storage topics (see connect.ts): deleting them breaks Connect. */
export const CONNECT_GROUP = 'streamlab-connect';
const CONNECT_TOPIC_PREFIX = 'streamlab-connect-';

/** Whether a topic belongs to the platform (`__consumer_offsets`, `__transaction_state`, Connect's storage), not to a lesson. */
export function isInternalTopic(topic: string): boolean {
  return topic.startsWith('__') || topic.startsWith(CONNECT_TOPIC_PREFIX) || topic === '_schemas';
}

/** A consumer group as the reset sees it. */
export interface GroupSummary {
  groupId: string;
  /** kafkajs's state: `Empty`, `Stable`, `Dead`, ... */
  state: string;
  members: number;
}

/** What a reset deletes, and the groups it must leave alone. */
export interface ResetPlan {
  topics: string[];
  groups: string[];
  /** Groups with live members: a running notebook or tool still reads; Kafka refuses to delete them. */
  activeGroups: string[];
}

/** Decides what to delete from what exists: all but the internal topics and Connect's worker group. */
export function planReset(topics: readonly string[], groups: readonly GroupSummary[]): ResetPlan {
  const ours = groups.filter((group) => group.groupId !== CONNECT_GROUP);
  return {
    topics: topics.filter((topic) => !isInternalTopic(topic)).sort(),
    groups: ours.filter((group) => group.members === 0).map((group) => group.groupId).sort(),
    activeGroups: ours.filter((group) => group.members > 0).map((group) => group.groupId).sort(),
  };
}

/** What {@link resetStack} did. */
export interface ResetReport {
  connectors: string[];
  slots: string[];
  topics: string[];
  groups: string[];
  activeGroups: string[];
  /** Rows per table of the freshly seeded `shop` database. */
  shop: Record<string, number>;
}

/** Resets the running stack (see the module comment). Fails with a hint when a service is down. */
export async function resetStack(options: { onProgress?: (line: string) => void } = {}): Promise<ResetReport> {
  const say = options.onProgress ?? (() => {});
  const info = await status();
  const down = (['kafka', 'postgres', 'connect'] as const).filter((service) => info[service].state !== 'up');
  if (down.length > 0) throw new StackError(`cannot reset: ${down.join(', ')} not up`, { hint: 'start the stack first: npm run stack:up' });

  const connectors = (await allConnectorStatuses()).map((connector) => connector.name);
  for (const name of connectors) {
    say(`connector ${name}: stopping and deleting (with its offsets, replication slot and publication)`);
    await deleteConnector(name);
  }
  const slots = await dropReplicationSlots(info);
  for (const slot of slots) say(`replication slot ${slot}: dropped`);

  say(`database ${PG_DATABASE}: dropping and seeding again from datasets/shop`);
  const shop = await reseedShop(info.postgres.url);

  const client = createKafka(info.kafka.bootstrap);
  const plan = await withAdmin(client, async (admin) => {
    const groups = await admin.listGroups();
    const described = groups.groups.length ? (await admin.describeGroups(groups.groups.map((group) => group.groupId))).groups : [];
    const summaries = described.map((group) => ({ groupId: group.groupId, state: group.state, members: group.members.length }));
    const planned = planReset(await admin.listTopics(), summaries);
    if (planned.groups.length > 0) await admin.deleteGroups(planned.groups);
    if (planned.topics.length > 0) {
      say(`kafka: deleting ${planned.topics.length} topic(s)`);
      await admin.deleteTopics({ topics: planned.topics, timeout: 30_000 });
      const gone = new Set(planned.topics);
      await waitUntil(async () => (await admin.listTopics()).every((topic) => !gone.has(topic)), {
        what: 'the deleted topics to disappear from the cluster metadata',
        timeoutMs: 60_000,
        hint: 'read the broker log: npm run stack:logs -- kafka',
      });
    }
    return planned;
  });
  for (const group of plan.activeGroups) say(`consumer group ${group}: kept, it has live members (stop what reads with it, then reset again)`);
  return { connectors, slots, topics: plan.topics, groups: plan.groups, activeGroups: plan.activeGroups, shop };
}

/**
 * Drops every logical replication slot on the server (Debezium's, left by a deleted connector or
 * a crashed lesson): a slot keeps WAL forever and holds its database open. A slot still in use
 * has its walsender terminated first.
 */
async function dropReplicationSlots(info: StackInfo): Promise<string[]> {
  const admin = new Client({ connectionString: maintenanceUrl(info.postgres.url) });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ slot_name: string; active_pid: number | null }>(
      "SELECT slot_name, active_pid FROM pg_replication_slots WHERE slot_type = 'logical' AND NOT temporary",
    );
    for (const row of rows) {
      if (row.active_pid !== null) await admin.query('SELECT pg_terminate_backend($1)', [row.active_pid]);
      await waitUntil(async () => (await admin.query('SELECT pg_drop_replication_slot($1)', [row.slot_name]), true), {
        what: `replication slot ${row.slot_name} to be released`,
        timeoutMs: 15_000,
        hint: 'a client still streams from it: stop it and run npm run stack:reset again',
      });
    }
    return rows.map((row) => row.slot_name);
  } finally {
    await admin.end();
  }
}

/** Drops `shop` (disconnecting its sessions) and creates it again from the seed; counts rows per table. */
async function reseedShop(url: string): Promise<Record<string, number>> {
  const admin = new Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await seedShop(url);
  const shop = new Client({ connectionString: url });
  await shop.connect();
  try {
    const tables = await shop.query<{ schema: string; name: string }>(
      "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
    );
    const counts: Record<string, number> = Object.create(null);
    for (const table of tables.rows) {
      const { rows } = await shop.query<{ n: string }>(`SELECT count(*) AS n FROM "${table.schema}"."${table.name}"`);
      counts[`${table.schema}.${table.name}`] = Number(rows[0].n);
    }
    return counts;
  } finally {
    await shop.end();
  }
}
