/** Change data capture: Debezium connectors through the Connect REST API, and their change events. */
export {
  allConnectorStatuses,
  connectorConfig,
  connectorStatus,
  ConnectorError,
  pauseConnector,
  postgresConnectorConfig,
  registerConnector,
  restartConnector,
  resumeConnector,
  slotNameFor,
  updateConnector,
  validateConnector,
  waitForConnector,
  waitForConnectorState,
  type ConnectorConfig,
  type ConnectorState,
  type ConnectorStatus,
  type PostgresSource,
} from './connectors.js';
export { debeziumDatabaseUrl, deleteConnector, dropCapture, dropSlot, redactConfig, stackConnectorConfig, type CaptureOptions } from './capture.js';
export { cdcStatus, connectorRows, replicationSlots, type CdcStatus, type ConnectorRow, type SlotRow } from './status.js';
export { connectErrorText, isTransientConflict, readableTrace } from './trace.js';
export { EnvelopeError, parseChangeEvent, parseTransactionEvent, tryParseChangeEvent, type ChangeEvent, type ChangeOp, type ChangeSource, type ChangeTransaction, type TransactionEvent } from './envelope.js';
export { bindStatement, closeSql, sql, SqlError, transaction, type BoundStatement, type Row, type SqlTag } from './sql.js';
export { changedColumns, changeRow, ChangeWatch, formatKey, inspectChanges, watchChanges, type ChangeRow, type InspectOptions, type WatchOptions } from './inspect.js';
export {
  applyChange,
  diffRows,
  diffWithSource,
  followTable,
  MaterialisedTable,
  primaryKeyOf,
  sameValue,
  type FollowedTable,
  type KeyState,
  type RowDifference,
} from './materialise.js';
