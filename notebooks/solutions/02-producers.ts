/** Reference solutions of notebook 02-producers (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { openProducer, produce } from '@streamlab/kernel-helpers/kafka';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const keyedOrders: SolveOf<'producers-pedidos-por-cliente'> = async (topic, orders) =>
  produce(topic, orders.map((order) => ({ key: order.customer_id, value: order })));

const compressedBatches: SolveOf<'producers-lotes-comprimidos'> = async (topic, events) => {
  const producer = await openProducer({ batchSize: 500, compression: 'gzip' });
  await Promise.all(events.map((event) => producer.send(topic, { key: event.user_id, value: event })));
  await producer.close();
  return producer.stats();
};

export const solutions = {
  'producers-pedidos-por-cliente': keyedOrders,
  'producers-lotes-comprimidos': compressedBatches,
};
