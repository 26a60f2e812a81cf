import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consume, describeTopic } from '@streamlab/kernel-helpers/kafka';
import { catalog, type AccountEvent, type PaymentEvent, type ShippingEvent } from '../../../kernel-helpers/src/exercises/catalog/index';
import { loadReferenceSolution } from '../../../kernel-helpers/src/exercises/reference-solutions';
import type { Solver } from '../../../kernel-helpers/src/exercises/definition';

const SOLUTIONS = join(resolve(__dirname, '../../..'), 'notebooks/solutions');
const reference = (id: string) => loadReferenceSolution('08-arquiteturas-orientadas-a-eventos', id, SOLUTIONS) as Solver;
const readAll = async <V>(topic: string) => consume<V>(topic, { max: (await describeTopic(topic)).partitions.reduce((sum, p) => sum + p.records, 0), timeoutMs: 10_000 });

describe('notebook 08 exercises on the real broker', () => {
  it('payments: the reference passes; summing without dedupe is caught', async () => {
    expect(await catalog['eventos-pagamentos-idempotentes'].check(reference('eventos-pagamentos-idempotentes') as never)).toEqual([]);
    const naive = async (topic: string) => {
      const totals = new Map<string, number>();
      for (const { value } of await readAll<PaymentEvent>(topic)) totals.set(value.customer, (totals.get(value.customer) ?? 0) + value.cents);
      return totals;
    };
    expect((await catalog['eventos-pagamentos-idempotentes'].check(naive)).join('\n')).toMatch(/total pago de cliente-\d: obtido \d+, esperado \d+/);
  }, 60_000);

  it('balances: the reference passes; ignoring transfers is caught', async () => {
    expect(await catalog['eventos-projecao-de-saldos'].check(reference('eventos-projecao-de-saldos') as never)).toEqual([]);
    const noTransfers = async (topic: string) => {
      const balances = new Map<string, number>();
      for (const { value: event } of await readAll<AccountEvent>(topic)) {
        const delta = event.type === 'Deposited' ? event.amount : event.type === 'Withdrawn' ? -event.amount : 0;
        balances.set(event.accountId, (balances.get(event.accountId) ?? 0) + delta);
      }
      return balances;
    };
    expect((await catalog['eventos-projecao-de-saldos'].check(noTransfers)).length).toBeGreaterThan(0);
  }, 60_000);

  it('shipping compensation: the reference passes; refunding every ShippingFailed (twice, or unpaid) is caught', async () => {
    expect(await catalog['eventos-compensacao-de-envio'].check(reference('eventos-compensacao-de-envio') as never)).toEqual([]);
    const refundAlways = (event: ShippingEvent, state: { credit: Map<string, number>; charged: Map<string, number> }): ShippingEvent[] => {
      if (event.type !== 'ShippingFailed') return [];
      const amount = state.charged.get(event.orderId) ?? 0;
      state.credit.set(event.customerId, (state.credit.get(event.customerId) ?? 0) + amount);
      return [{ type: 'PaymentRefunded', orderId: event.orderId, customerId: event.customerId, amount }];
    };
    const differences = await catalog['eventos-compensacao-de-envio'].check(refundAlways);
    expect(differences.join('\n')).toMatch(/eventos emitidos: obtido .*PaymentRefunded s-1 3000.*PaymentRefunded s-1 3000/);
    expect(differences.join('\n')).toMatch(/crédito de ana: obtido 7000, esperado 4000/);
  }, 60_000);
});
