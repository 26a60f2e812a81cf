import { allConnectorStatuses } from './connectors.js';
import { readableTrace } from './trace.js';
import { sql, type Row } from './sql.js';

/** One connector or task, as a flat row for `table()`. */
export interface ConnectorRow extends Row {
  connector: string;
  /** 'connector' or 'task N'. */
  part: string;
  state: string;
  /** The readable cause when FAILED, else ''. */
  problem: string;
}

/** One replication slot with what it holds back. */
export interface SlotRow extends Row {
  slot: string;
  plugin: string;
  active: boolean;
  /** WAL bytes the server keeps for this slot: pg_current_wal_lsn() − restart_lsn. */
  retained_wal_bytes: number;
  restart_lsn: string | null;
  confirmed_flush_lsn: string | null;
}

/** Connectors with their tasks, and replication slots with the WAL each retains. */
export interface CdcStatus {
  connectors: ConnectorRow[];
  slots: SlotRow[];
}

/** Flattens Connect statuses into one row per connector and per task (pure). */
export function connectorRows(statuses: Array<{ name: string; connector: { state: string; trace?: string }; tasks: Array<{ id: number; state: string; trace?: string }> }>): ConnectorRow[] {
  return statuses
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((status) => [
      { connector: status.name, part: 'connector', state: status.connector.state, problem: status.connector.state === 'FAILED' ? readableTrace(status.connector.trace) : '' },
      ...status.tasks.map((task) => ({ connector: status.name, part: `task ${task.id}`, state: task.state, problem: task.state === 'FAILED' ? readableTrace(task.trace) : '' })),
    ]);
}

/** The replication slots of the stack's PostgreSQL with retained WAL bytes and flush position. */
export async function replicationSlots(): Promise<SlotRow[]> {
  const rows = await sql<{ slot: string; plugin: string | null; active: boolean; retained: string | null; restart_lsn: string | null; confirmed_flush_lsn: string | null }>`
    SELECT slot_name AS slot, plugin, active,
           pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained,
           restart_lsn::text, confirmed_flush_lsn::text
      FROM pg_replication_slots ORDER BY slot_name`;
  return rows.map((row) => ({
    slot: row.slot,
    plugin: row.plugin ?? '',
    active: row.active,
    retained_wal_bytes: Number(row.retained ?? 0),
    restart_lsn: row.restart_lsn,
    confirmed_flush_lsn: row.confirmed_flush_lsn,
  }));
}

/**
 * What CDC holds on the stack right now: every connector and task with its state (and the
 * readable cause of a failure), every replication slot with its retained WAL. Render each list
 * with `table(status.connectors)` and `table(status.slots)`. `filter` keeps names containing it.
 */
export async function cdcStatus(options: { filter?: string } = {}): Promise<CdcStatus> {
  const [statuses, slots] = await Promise.all([allConnectorStatuses(), replicationSlots()]);
  const keep = (name: string): boolean => !options.filter || name.includes(options.filter);
  return { connectors: connectorRows(statuses).filter((row) => keep(row.connector)), slots: slots.filter((row) => keep(row.slot)) };
}
