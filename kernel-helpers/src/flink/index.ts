/**
 * Apache Flink SQL from a notebook: statements through the SQL Gateway in one session per kernel,
 * bounded streaming queries whose jobs are cancelled when they end, Kafka tables with event time
 * and watermarks, readable errors, and the jobs on the cluster.
 */
export { flinkSql, DEFAULT_TIMEOUT_MS, type FlinkResult, type FlinkSqlOptions } from './query.js';
export { kafkaTable, createKafkaTable } from './ddl-stack.js';
export { COURSE_TUMBLE_QUERY, kafkaTableDdl, intervalLiteral, quoteIdentifier, type KafkaTableSpec } from './ddl.js';
export { flinkJobs, cancelFlinkJob, cancelAllFlinkJobs, type FlinkJob } from './jobs.js';
export { closeFlinkSession } from './session.js';
export { FlinkSqlError, explainFlinkError, type FlinkErrorSummary } from './errors.js';
export { applyRowKinds, type Change, type FlinkRow, type RowKind } from './rows.js';
export { tumblingCountsWithWatermark, equivalentGraceMs, hoppingCounts, type OfflineWindows, type TimedEvent, type WindowCount } from './watermark.js';
