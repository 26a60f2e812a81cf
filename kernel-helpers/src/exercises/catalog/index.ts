import { busiestHour, fewerFalseAlerts } from './analytics.js';
import { buildPipeline, dashboardRows, ordersConnector, publishClicks } from './capstone.js';
import { compactedView, countStoredRecords } from './architecture.js';
import { countByKey, rewindGroup } from './consumers.js';
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
  'janelas-contagem-por-minuto': countPerMinute,
  'janelas-sessoes-de-navegacao': browsingSessions,
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
