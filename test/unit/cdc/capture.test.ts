import { describe, expect, it } from 'vitest';
import { connectorRows, redactConfig, slotNameFor } from '@streamlab/kernel-helpers/cdc';
import { quoteTable } from '../../../kernel-helpers/src/cdc/capture.js';

describe('capture helpers', () => {
  it('quotes schema.table as identifiers and refuses what is not a table name', () => {
    expect(quoteTable('public.orders')).toBe('"public"."orders"');
    expect(quoteTable('public.we"ird')).toBe('"public"."we""ird"');
    expect(() => quoteTable('a.b.c')).toThrow(/not a table name/);
    expect(() => quoteTable('public.')).toThrow(/not a table name/);
  });

  it('hides every password setting when a config is shown', () => {
    const shown = redactConfig({ name: 'c', config: { 'database.password': 's3cret', 'database.user': 'debezium_cdc' } });
    expect(shown.config).toEqual({ 'database.password': '***', 'database.user': 'debezium_cdc' });
  });

  it('derives the slot name Debezium accepts from a connector name', () => {
    expect(slotNameFor('Lesson-05.orders')).toBe('lesson_05_orders');
  });

  it('flattens connector statuses into one row per connector and task, with the readable cause of a failure', () => {
    const rows = connectorRows([
      { name: 'b', connector: { state: 'RUNNING' }, tasks: [{ id: 0, state: 'FAILED', trace: 'java.lang.IllegalStateException: slot busy\n\tat x.y(Z.java:1)' }] },
      { name: 'a', connector: { state: 'PAUSED' }, tasks: [] },
    ]);
    expect(rows).toEqual([
      { connector: 'a', part: 'connector', state: 'PAUSED', problem: '' },
      { connector: 'b', part: 'connector', state: 'RUNNING', problem: '' },
      { connector: 'b', part: 'task 0', state: 'FAILED', problem: 'IllegalStateException: slot busy' },
    ]);
  });
});
