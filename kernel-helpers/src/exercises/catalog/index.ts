import { compactedView, countStoredRecords } from './architecture.js';
import { countByKey, idempotentSink, rewindGroup } from './consumers.js';
import { eventsPerActionChart, roundTrip } from './environment.js';
import { batchedSend, keyedOrders } from './producers.js';
import { countPerUser, countPerUserAction, sensorMaximum } from './stateful.js';
import { browsingSessions, countPerMinute, smallestGrace } from './windows.js';

/** Every exercise of the course, by the id its notebook cell passes to `exercise()`. */
export const catalog = {
  'ambiente-ida-e-volta': roundTrip,
  'ambiente-grafico-por-acao': eventsPerActionChart,
  'arquitetura-registros-guardados': countStoredRecords,
  'arquitetura-compactacao': compactedView,
  'producers-pedidos-por-cliente': keyedOrders,
  'producers-lotes-comprimidos': batchedSend,
  'consumers-contagem-por-chave': countByKey,
  'consumers-voltar-grupo': rewindGroup,
  'consumers-destino-idempotente': idempotentSink,
  'estado-contagem-por-usuario': countPerUser,
  'estado-maxima-por-sensor': sensorMaximum,
  'estado-contagem-por-usuario-e-acao': countPerUserAction,
  'janelas-contagem-por-minuto': countPerMinute,
  'janelas-sessoes-de-navegacao': browsingSessions,
  'janelas-menor-grace': smallestGrace,
};

export { exerciseOrders, type ExerciseOrder } from './producers.js';
export type { CompactedView } from './architecture.js';
export { SinkTable, type SinkOrder } from './consumers.js';
export { lateShare, MAX_LATE_SHARE } from './windows.js';
