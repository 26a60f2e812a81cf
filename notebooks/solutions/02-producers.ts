/** Reference solutions of notebook 02-producers (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { produce } from '@streamlab/kernel-helpers/kafka';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const keyedOrders: SolveOf<'producers-pedidos-por-cliente'> = async (topic, orders) =>
  produce(topic, orders.map((order) => ({ key: order.customer_id, value: order })));

// ~10 eventos por ms: 20 ms de espera juntam ~200 eventos por lote (~10 requisições), e cada registro espera no máximo ~20 ms.
const lingerOnTarget: SolveOf<'producers-linger-na-medida'> = () => ({ batchSize: 1000, lingerMs: 20 });

export const solutions = {
  'producers-pedidos-por-cliente': keyedOrders,
  'producers-linger-na-medida': lingerOnTarget,
};
