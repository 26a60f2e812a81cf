import type { ChartOptions, ChartSpec } from '../viz/index.js';
import type { SagaServiceName } from './saga.js';

/** One event on a saga timeline. */
export interface SagaTimelineEvent {
  orderId: string;
  service: SagaServiceName | string;
  type: string;
  /** Record timestamp, ms since the epoch. */
  time: number;
}

const COMPENSATIONS: ReadonlySet<string> = new Set(['StockReleased', 'OrderCancelled']);

/**
 * A sequence chart of sagas (Vega-Lite spec): one lane per order, its events left to right in the
 * order they happened (step 1, 2, …), each a point coloured by the service that emitted it and
 * labelled with its type and its time since the saga's first event; a line joins an order's steps.
 * Compensations (`StockReleased`, `OrderCancelled`) are red diamonds. Events of one saga often
 * land within the same millisecond, so steps, not raw time, keep the labels apart. Pure.
 */
export function sagaTimeline(events: readonly SagaTimelineEvent[], options: ChartOptions = {}): ChartSpec {
  const orders = [...new Set(events.map((event) => event.orderId))];
  const rows = orders.flatMap((order) => {
    const own = events.filter((event) => event.orderId === order).sort((a, b) => a.time - b.time);
    return own.map((event, index) => ({
      pedido: order,
      passo: index + 1,
      servico: event.service,
      evento: event.type,
      ms: event.time - own[0].time,
      rotulo: [event.type, `+${event.time - own[0].time} ms`],
      compensacao: COMPENSATIONS.has(event.type),
    }));
  });
  const steps = Math.max(1, ...rows.map((row) => row.passo));
  const y = { field: 'pedido', type: 'nominal' as const, sort: orders, title: 'pedido' };
  const x = { field: 'passo', type: 'quantitative' as const, title: 'passo da saga', scale: { domain: [0.6, steps + 0.9] }, axis: { tickMinStep: 1, format: 'd' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title ?? 'Saga por pedido: eventos na ordem em que aconteceram',
    width: options.width ?? Math.max(480, steps * 150),
    height: options.height ?? Math.max(120, orders.length * 56),
    data: { values: rows },
    layer: [
      { mark: { type: 'line', color: '#bbb' }, encoding: { y, x, detail: { field: 'pedido' } } },
      {
        mark: { type: 'point', filled: true, size: 130, tooltip: true },
        encoding: {
          y,
          x,
          color: { field: 'servico', type: 'nominal', title: 'serviço', scale: { domain: ['order', 'stock', 'payment'] } },
          shape: { field: 'compensacao', type: 'nominal', title: 'compensação', scale: { domain: [false, true], range: ['circle', 'diamond'] } },
        },
      },
      {
        mark: { type: 'text', align: 'center', dy: 16, fontSize: 9 },
        encoding: { y, x, text: { field: 'rotulo' }, color: { condition: { test: 'datum.compensacao', value: '#c0392b' }, value: '#333' } },
      },
    ],
  } as ChartSpec;
}
