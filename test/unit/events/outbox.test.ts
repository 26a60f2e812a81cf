import { describe, expect, it } from 'vitest';
import { eventRouterSettings, OutboxError, outboxTableDdl } from '../../../kernel-helpers/src/events/outbox';
import { processedEventsDdl } from '../../../kernel-helpers/src/events/idempotent';
import { sagaTimeline } from '../../../kernel-helpers/src/events/saga-chart';
import { renderSvg } from '../../../kernel-helpers/src/viz/render';

describe('outbox', () => {
  it('DDL has the columns EventRouter expects and is idempotent', () => {
    const ddl = outboxTableDdl('outbox');
    expect(ddl).toMatch(/^CREATE TABLE IF NOT EXISTS outbox \(/);
    for (const column of ['id uuid PRIMARY KEY', 'aggregatetype', 'aggregateid', 'type varchar', 'payload jsonb', 'created_at timestamptz']) expect(ddl).toContain(column);
    expect(processedEventsDdl()).toContain('PRIMARY KEY (consumer, event_id)');
  });

  it('refuses a table name that would be spliced into SQL unsafely', () => {
    expect(() => outboxTableDdl('outbox; DROP TABLE orders')).toThrow(OutboxError);
    expect(() => outboxTableDdl('Outbox')).toThrow(OutboxError);
  });

  it('connector settings: EventRouter routes per aggregate type, event id and type as headers, payload as JSON', () => {
    expect(eventRouterSettings()).toMatchObject({
      transforms: 'outbox',
      'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
      'transforms.outbox.route.by.field': 'aggregatetype',
      'transforms.outbox.route.topic.replacement': 'outbox.event.${routedByValue}',
      'transforms.outbox.table.field.event.id': 'id',
      'transforms.outbox.table.expand.json.payload': 'true',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'tombstones.on.delete': 'false',
    });
    expect(eventRouterSettings('events.${routedByValue}')['transforms.outbox.route.topic.replacement']).toBe('events.${routedByValue}');
  });

});

describe('saga timeline chart', () => {
  it('one lane per order, steps numbered per order in time order, compensations marked, renders to SVG', async () => {
    const spec = sagaTimeline([
      { orderId: 'o1', service: 'order', type: 'OrderPlaced', time: 1000 },
      { orderId: 'o2', service: 'stock', type: 'StockReleased', time: 1040 },
      { orderId: 'o1', service: 'stock', type: 'StockReserved', time: 1010 },
      { orderId: 'o2', service: 'order', type: 'OrderPlaced', time: 1002 },
    ]) as unknown as { data: { values: Array<Record<string, unknown>> } };
    expect(spec.data.values.map((row) => [row.pedido, row.passo, row.evento, row.ms, row.compensacao])).toEqual([
      ['o1', 1, 'OrderPlaced', 0, false],
      ['o1', 2, 'StockReserved', 10, false],
      ['o2', 1, 'OrderPlaced', 0, false],
      ['o2', 2, 'StockReleased', 38, true],
    ]);
    const svg = await renderSvg(spec as never);
    expect(svg).toContain('<svg');
    expect(svg).toContain('StockReleased');
    expect(svg).toContain('+38 ms');
  });
});
