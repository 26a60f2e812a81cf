import { StreamlabError } from '../errors.js';

/** A Kafka-backed Flink table: the topic, its JSON fields, and which one is event time. */
export interface KafkaTableSpec {
  /** Table name in the session catalog, e.g. `events`. */
  name: string;
  topic: string;
  /** Column name → Flink SQL type, in order, e.g. `{ user_id: 'STRING', event_time: 'TIMESTAMP(3)' }`. */
  schema: Record<string, string>;
  /** The event-time column (TIMESTAMP(3) or TIMESTAMP_LTZ(3)): it gets the watermark. */
  eventTime?: string;
  /** Out-of-orderness the watermark allows: `'5 s'`, `'10 SECOND'`, `'500 ms'`, or milliseconds. Default 0. */
  watermark?: string | number;
  /** Kafka bootstrap servers as Flink reaches them (the stack's by default, see `kafkaTable`). */
  bootstrap?: string;
  /** Where reading starts: default `earliest-offset`. */
  startup?: 'earliest-offset' | 'latest-offset' | 'group-offsets';
  /**
   * `true`: stop at the offsets that are the latest when the query starts (`scan.bounded.mode` =
   * `latest-offset`), so a query ends (EOS) and every window fires. Default false (unbounded).
   */
  bounded?: boolean;
  /**
   * `true`: deterministic results for tests and comparisons: the watermark advances on every
   * record (`scan.watermark.emit.strategy` = `on-event`) instead of every 200 ms, so which records
   * are late does not depend on timing. Needs a one-partition topic (or no late data) to be exact.
   */
  deterministic?: boolean;
  /** Consumer group (only used with `startup: 'group-offsets'` or for sinks). */
  groupId?: string;
  /** Further connector options, e.g. `{ 'json.ignore-parse-errors': 'true' }`. */
  options?: Record<string, string>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A column or table name, backquoted when it is not a plain identifier. */
export function quoteIdentifier(name: string): string {
  return IDENTIFIER.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** A SQL string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `'5 s'`, `'10 SECOND'`, `'500 ms'`, `'1 min'` or milliseconds → a Flink INTERVAL literal. */
export function intervalLiteral(delay: string | number): string {
  if (typeof delay === 'number') {
    if (!Number.isFinite(delay) || delay < 0) throw new StreamlabError(`watermark delay ${delay} is not a duration`, { hint: "use milliseconds >= 0 or a string like '5 s'" });
    return delay % 1000 === 0 ? `INTERVAL '${delay / 1000}' SECOND` : `INTERVAL '${(delay / 1000).toFixed(3)}' SECOND`;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|millisecond|milliseconds|s|sec|second|seconds|m|min|minute|minutes|h|hour|hours)\s*$/i.exec(delay);
  if (!match) throw new StreamlabError(`watermark delay "${delay}" is not a duration`, { hint: "write it like '5 s', '10 SECOND', '500 ms' or '1 min'" });
  const amount = Number(match[1]);
  const unit = match[2].toLowerCase();
  if (unit.startsWith('ms') || unit.startsWith('milli')) return intervalLiteral(amount);
  if (unit.startsWith('s')) return `INTERVAL '${amount}' SECOND`;
  if (unit.startsWith('m')) return `INTERVAL '${amount}' MINUTE`;
  return `INTERVAL '${amount}' HOUR`;
}

/**
 * The `CREATE TABLE` statement for a Kafka topic of JSON values: columns, the event-time
 * attribute with `WATERMARK FOR <eventTime> AS <eventTime> - INTERVAL ...`, and the connector
 * options. Pure: the bootstrap must be given (`kafkaTable` fills it in from the stack).
 */
export function kafkaTableDdl(spec: KafkaTableSpec & { bootstrap: string }): string {
  const columns = Object.entries(spec.schema);
  if (!columns.length) throw new StreamlabError(`table ${spec.name} has no columns`, { hint: "give schema: { column: 'TYPE', ... }" });
  if (spec.eventTime && !(spec.eventTime in spec.schema)) {
    throw new StreamlabError(`eventTime "${spec.eventTime}" is not a column of ${spec.name}`, { hint: `choose one of: ${columns.map(([name]) => name).join(', ')}` });
  }
  const lines = columns.map(([name, type]) => `  ${quoteIdentifier(name)} ${type}`);
  if (spec.eventTime) {
    const time = quoteIdentifier(spec.eventTime);
    lines.push(`  WATERMARK FOR ${time} AS ${time} - ${intervalLiteral(spec.watermark ?? 0)}`);
  }
  const options: Record<string, string> = {
    connector: 'kafka',
    topic: spec.topic,
    'properties.bootstrap.servers': spec.bootstrap,
    'scan.startup.mode': spec.startup ?? 'earliest-offset',
    format: 'json',
    'json.timestamp-format.standard': 'ISO-8601',
  };
  if (spec.groupId) options['properties.group.id'] = spec.groupId;
  if (spec.bounded) options['scan.bounded.mode'] = 'latest-offset';
  if (spec.deterministic) options['scan.watermark.emit.strategy'] = 'on-event';
  Object.assign(options, spec.options ?? {});
  const withClause = Object.entries(options).map(([key, value]) => `  ${quoteString(key)} = ${quoteString(value)}`);
  return `CREATE TABLE ${quoteIdentifier(spec.name)} (\n${lines.join(',\n')}\n) WITH (\n${withClause.join(',\n')}\n)`;
}

/** The module text's windowed count, exactly as it writes it (legacy group window, trailing semicolon), over a table `events`. */
export const COURSE_TUMBLE_QUERY = `SELECT
  TUMBLE_START(event_time, INTERVAL '1' MINUTE) as window_start,
  COUNT(*) as event_count
FROM events
GROUP BY TUMBLE(event_time, INTERVAL '1' MINUTE);`;
