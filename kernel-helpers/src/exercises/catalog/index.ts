import { compactedView, countStoredRecords } from './architecture.js';
import { countByKey, rewindGroup } from './consumers.js';
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
  'janelas-contagem-por-minuto': countPerMinute,
  'janelas-sessoes-de-navegacao': browsingSessions,
  'flink-tvf-marca-dagua-10s': tvfWithWatermark,
  'flink-janelas-hop': hopCounts,
};

export { exerciseOrders, type ExerciseOrder } from './producers.js';
export type { CompactedView } from './architecture.js';
