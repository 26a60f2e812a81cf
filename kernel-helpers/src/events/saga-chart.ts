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

/**
 * A sequence chart of sagas (Vega-Lite spec): one lane per order, time in ms since the first
 * event on x, a line from each order's first to last event, each event a point coloured by the
 * service that emitted it and labelled with its type. Compensations (`StockReleased`,
 * `OrderCancelled`) are drawn as red diamonds. Pure: returns the spec, `show` draws it.
 */
export function sagaTimeline(events: readonly SagaTimelineEvent[], options: ChartOptions = {}): ChartSpec {
  const origin = events.length ? Math.min(...events.map((event) => event.time)) : 0;
  const orders = [...new Set(events.map((event) => event.orderId))];
  const rows = events.map((event, index) => ({
    pedido: event.orderId,
    servico: event.service,
    evento: event.type,
    ms: event.time - origin,
    compensacao: event.type === 'StockReleased' || event.type === 'OrderCancelled',
    // Several events of one order in the same millisecond: stagger the labels vertically.
    ordem: index,
  }));
  const spans = orders.map((order) => {
    const times = rows.filter((row) => row.pedido === order).map((row) => row.ms);
    return { pedido: order, inicio: Math.min(...times), fim: Math.max(...times) };
  });
  const y = { field: 'pedido', type: 'nominal' as const, sort: orders, title: 'pedido' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title ?? 'Saga por pedido (eventos ao longo do tempo)',
    width: options.width ?? 640,
    height: options.height ?? Math.max(120, orders.length * 46),
    layer: [
      { data: { values: spans }, mark: { type: 'rule', color: '#999' }, encoding: { y, x: { field: 'inicio', type: 'quantitative' }, x2: { field: 'fim' } } },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 110, tooltip: true },
        encoding: {
          y,
          x: { field: 'ms', type: 'quantitative', title: 'ms desde o primeiro evento' },
          color: { field: 'servico', type: 'nominal', title: 'serviço', scale: { domain: ['order', 'stock', 'payment'] } },
          shape: { field: 'compensacao', type: 'nominal', title: 'compensação', scale: { domain: [false, true], range: ['circle', 'diamond'] } },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'text', align: 'left', dx: 6, dy: -9, fontSize: 9, angle: 0 },
        encoding: { y, x: { field: 'ms', type: 'quantitative' }, text: { field: 'evento' }, color: { condition: { test: 'datum.compensacao', value: '#c0392b' }, value: '#333' } },
      },
    ],
  } as ChartSpec;
}
