/** Event-driven architectures: the transactional outbox, idempotent consumers, sagas, dead letters, event sourcing. */
export {
  ensureOutboxTable,
  eventRouterSettings,
  insertOutboxEvent,
  OutboxError,
  outboxEvent,
  outboxTableDdl,
  transactionWithEvents,
  type NewOutboxEvent,
  type OutboxEvent,
  type OutboxTransaction,
} from './outbox.js';
export { startOutboxRelay, stopOutboxRelay, type OutboxRelay } from './outbox-relay.js';
export { countDuplicates, eventIdOf, MissingEventIdError, ProcessedIds } from './dedupe.js';
export { ensureProcessedEventsTable, idempotent, markProcessed, processedEventsDdl, type IdempotentOptions } from './idempotent.js';
export { consumeWithRestarts, SimulatedCrash, type RestartOptions, type RestartSummary } from './redelivery.js';
export {
  follow,
  OrderBook,
  PaymentLedger,
  SAGA_EMITTER,
  sagaProgress,
  StockLedger,
  type OrderStatus,
  type SagaEvent,
  type SagaEventType,
  type SagaProgress,
  type SagaServiceName,
} from './saga.js';
export { runSaga, sagaRecord, type ObservedSagaEvent, type SagaRun, type SagaRunOptions } from './saga-runtime.js';
export { sagaTimeline, type SagaTimelineEvent } from './saga-chart.js';
export { DEAD_LETTER_HEADERS, deadLetterHeaders, deadLetterTopic, parseDeadLetter, REPLAYED_FROM_HEADER, replayHeaders, type DeadLetter, type RecordPosition } from './dead-letters.js';
export { ensureDeadLetterTopic, parkOnFailure, readDeadLetters, replayDeadLetters } from './dead-letter-queue.js';
export { applyLedgerEvent, decideWithdrawal, notificationOf, rebuildLedger, stateTransferOf, type Account, type LedgerEvent } from './ledger.js';
