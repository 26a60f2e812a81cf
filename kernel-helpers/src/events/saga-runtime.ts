/**
 * The choreographed saga on the real broker: the three services of saga.ts, each a group member on
 * one shared event topic (key: the order id), reacting to events and producing new ones. Bounded:
 * `runSaga` places the orders, waits until every saga ended, and stops every member it started.
 */
import { joinGroup, openProducer, produce, type GroupConsumer } from '../kafka/index.js';
import { waitUntil } from '../wait.js';
import { OrderBook, PaymentLedger, SAGA_EMITTER, sagaProgress, StockLedger, type SagaEvent, type SagaProgress, type SagaServiceName } from './saga.js';

/** A saga event as observed on the topic, with its record timestamp (ms since the epoch). */
export interface ObservedSagaEvent extends SagaEvent {
  service: SagaServiceName;
  time: number;
  offset: string;
}

export interface SagaRunOptions {
  /** The shared event topic (must exist). */
  topic: string;
  /** Prefix of the services' consumer groups (unique per run keeps re-runs independent). */
  groupPrefix: string;
  /** The orders to place: OrderPlaced events. */
  orders: SagaEvent[];
  /** Stock per SKU at the start. */
  stock: Iterable<[string, number]>;
  /** Credit per customer (cents) at the start. */
  credit: Iterable<[string, number]>;
  /** Default 60 s. */
  timeoutMs?: number;
}

export interface SagaRun {
  /** Every event, in topic order (one partition) or by time. */
  events: ObservedSagaEvent[];
  progress: Map<string, SagaProgress>;
  stock: StockLedger;
  payment: PaymentLedger;
  orders: OrderBook;
}

/** Runs the saga for `orders` and returns every event seen and each order's end state. */
export async function runSaga(options: SagaRunOptions): Promise<SagaRun> {
  const stock = new StockLedger(options.stock);
  const payment = new PaymentLedger(options.credit);
  const orders = new OrderBook();
  const services: Array<[SagaServiceName, { react(event: SagaEvent): SagaEvent[] }]> = [
    ['order', orders],
    ['stock', stock],
    ['payment', payment],
  ];
  const events: ObservedSagaEvent[] = [];
  const producer = await openProducer({ batchSize: 20, lingerMs: 5 });
  const members: GroupConsumer[] = [];
  try {
    for (const [name, service] of services) {
      members.push(
        await joinGroup<SagaEvent>(`${options.groupPrefix}-${name}`, options.topic, {
          name: `${name}-service`,
          fromBeginning: false,
          commit: 'after-processing',
          onRecord: async (record) => {
            // The emitted events are acknowledged before the input is committed: at-least-once.
            await Promise.all(service.react(record.value).map((event) => producer.send(options.topic, sagaRecord(event))));
          },
        }),
      );
    }
    members.push(
      await joinGroup<SagaEvent>(`${options.groupPrefix}-observer`, options.topic, {
        name: 'observer',
        fromBeginning: false,
        commit: 'never',
        onRecord: (record) => {
          events.push({ ...record.value, service: SAGA_EMITTER[record.value.type], time: record.timestamp, offset: record.offset });
        },
      }),
    );
    await produce(options.topic, options.orders.map((order) => sagaRecord({ ...order, type: 'OrderPlaced' })));
    const wanted = new Set(options.orders.map((order) => order.orderId));
    await waitUntil(
      async () => {
        const failed = members.find((member) => member.failure !== undefined);
        if (failed) throw failed.failure;
        const progress = sagaProgress(events);
        return [...wanted].every((id) => progress.get(id)?.done) || undefined;
      },
      { what: `${wanted.size} sagas to end`, timeoutMs: options.timeoutMs ?? 60_000, hint: 'a service that crashed stops the saga: read its failure', rethrow: Error },
    );
  } finally {
    await Promise.all(members.map((member) => member.stop()));
    await producer.close();
  }
  return { events, progress: sagaProgress(events), stock, payment, orders };
}

/** The Kafka record of a saga event: keyed by order, its type in a header (null prototype). */
export function sagaRecord(event: SagaEvent): { key: string; value: SagaEvent; headers: Record<string, string> } {
  const headers: Record<string, string> = Object.create(null);
  headers.eventType = event.type;
  return { key: event.orderId, value: event, headers };
}
