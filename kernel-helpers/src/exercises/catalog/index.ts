import { busiestHour, fewerFalseAlerts } from './analytics.js';
import { buildPipeline, dashboardRows, ordersConnector, publishClicks } from './capstone.js';
import { compactionSurvivors, countStoredRecords } from './architecture.js';
import { eventsOfTransaction, revenuePerCustomer } from './cdc.js';
import { accountProjection, idempotentPayments, shippingCompensation } from './events.js';
import { hopCounts, tvfWithWatermark } from './flink.js';
import { countByKey, idempotentSink, rewindGroup } from './consumers.js';
import { eventsPerActionChart, roundTrip } from './environment.js';
import { keyedOrders, lingerOnTarget } from './producers.js';
import { countPerUser, countPerUserAction, sensorMaximum } from './stateful.js';
import { browsingSessions, countPerMinute, smallestGrace } from './windows.js';

/** Every exercise of the course, by the id its notebook cell passes to `exercise()`. */
export const catalog = {
  'ambiente-ida-e-volta': roundTrip,
  'ambiente-grafico-por-acao': eventsPerActionChart,
  'arquitetura-registros-guardados': countStoredRecords,
  'arquitetura-offsets-que-sobram': compactionSurvivors,
  'producers-pedidos-por-cliente': keyedOrders,
  'producers-linger-na-medida': lingerOnTarget,
  'consumers-contagem-por-chave': countByKey,
  'consumers-voltar-grupo': rewindGroup,
  'consumers-destino-idempotente': idempotentSink,
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
  'estado-contagem-por-usuario-e-acao': countPerUserAction,
  'janelas-menor-grace': smallestGrace,
};

export { exerciseOrders, LINGER_TARGET, type ExerciseOrder, type LingerTarget } from './producers.js';
export { hourlyDelays, naiveDelayAlert, scoreRule, type AlertRule, type HourlyDelay, type RuleScore } from './analytics.js';
export type { CapstoneTopics } from './capstone.js';
export { survivingOffsets, type CompactionInput } from './architecture.js';
export type { TransactionChange } from './cdc.js';
export type { AccountEvent, PaymentEvent, PaymentState, ShippingEvent } from './events.js';
export { SinkTable, type SinkOrder } from './consumers.js';
export { lateShare, MAX_LATE_SHARE } from './windows.js';
