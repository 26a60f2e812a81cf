/** Change data capture: Debezium connectors through the Connect REST API, and their change events. */
export {
  connectorStatus,
  ConnectorError,
  deleteConnector,
  listConnectors,
  postgresConnectorConfig,
  registerConnector,
  validateConnector,
  waitForConnector,
  type ConnectorConfig,
  type ConnectorState,
  type ConnectorStatus,
  type PostgresSource,
} from './connectors.js';
export { EnvelopeError, parseChangeEvent, type ChangeEvent, type ChangeOp, type ChangeSource } from './envelope.js';
export { bindStatement, closeSql, sql, SqlError, transaction, type BoundStatement, type Row, type SqlTag } from './sql.js';
