import { busiestHour, fewerFalseAlerts } from './analytics.js';
import { buildPipeline, dashboardRows, ordersConnector, publishClicks } from './capstone.js';
import { compactedView, countStoredRecords } from './architecture.js';
import { eventsOfTransaction, revenuePerCustomer } from './cdc.js';
import { countByKey, rewindGroup } from './consumers.js';
import { accountProjection, idempotentPayments, shippingCompensation } from './events.js';
import { hopCounts, tvfWithWatermark } from './flink.js';
import { batchedSend, keyedOrders } from './producers.js';
import { countPerUser, sensorMaximum } from './stateful.js';
import { browsingSessions, countPerMinute } from './windows.js';

/** Every exercise of the course, by the id its notebook cell passes to `exercise()`. */
export const catalog = {
  'arquitetura-registros-guardados': countStoredRecords,
  'arquitetura-compactacao': compactedView,
  'producers-pedidos-por-cliente': keyedOrders,
  'producers-lotes-comprimidos': batchedSend,
  'consumers-contagem-por-chave': countByKey,
  'consumers-voltar-grupo': rewindGroup,
  'estado-contagem-por-usuario': countPerUser,
  'estado-maxima-por-sensor': sensorMaximum,
  'cdc-receita-por-cliente': revenuePerCustomer,
  'cdc-eventos-da-transacao': eventsOfTransaction,
  'janelas-contagem-por-minuto': countPerMinute,
  'janelas-sessoes-de-navegacao': browsingSessions,
  'eventos-pagamentos-idempotentes': idempotentPayments,
  'eventos-projecao-de-saldos': accountProjection,
  'eventos-compensacao-de-envio': shippingCompensation,
  'flink-tvf-marca-dagua-10s': tvfWithWatermark,
  'flink-janelas-hop': hopCounts,
  'analytics-hora-mais-movimentada': busiestHour,
  'analytics-alerta-menos-falsos': fewerFalseAlerts,
  'projeto-cliques': publishClicks,
  'projeto-conector': ordersConnector,
  'projeto-pipeline': buildPipeline,
  'projeto-painel': dashboardRows,
};

export { exerciseOrders, type ExerciseOrder } from './producers.js';
export { hourlyDelays, naiveDelayAlert, scoreRule, type AlertRule, type HourlyDelay, type RuleScore } from './analytics.js';
export type { CapstoneTopics } from './capstone.js';
export type { CompactedView } from './architecture.js';
export type { TransactionChange } from './cdc.js';
export type { AccountEvent, PaymentEvent, PaymentState, ShippingEvent } from './events.js';
