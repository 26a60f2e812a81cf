/** Reference solutions of notebook 08-arquiteturas-orientadas-a-eventos (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { consume, describeTopic } from '@streamlab/kernel-helpers/kafka';
import { eventIdOf, ProcessedIds } from '@streamlab/kernel-helpers/events';
import type { AccountEvent, PaymentEvent, SolveOf } from '@streamlab/kernel-helpers/exercises';

/** Every record stored in `topic` now (the count from the offsets lets consume stop at the end). */
async function readWholeTopic<V>(topic: string) {
  const stored = (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
  return consume<V>(topic, { max: stored, timeoutMs: 15_000 });
}

const idempotentPayments: SolveOf<'eventos-pagamentos-idempotentes'> = async (topic) => {
  const seen = new ProcessedIds();
  const totals = new Map<string, number>();
  for (const record of await readWholeTopic<PaymentEvent>(topic)) {
    if (!seen.firstTime(eventIdOf(record))) continue; // redelivery: already applied
    totals.set(record.value.customer, (totals.get(record.value.customer) ?? 0) + record.value.cents);
  }
  return totals;
};

const accountProjection: SolveOf<'eventos-projecao-de-saldos'> = async (topic) => {
  const balances = new Map<string, number>();
  const add = (account: string, delta: number) => balances.set(account, (balances.get(account) ?? 0) + delta);
  for (const { value: event } of await readWholeTopic<AccountEvent>(topic)) {
    if (event.type === 'AccountOpened') add(event.accountId, 0);
    else if (event.type === 'Deposited') add(event.accountId, event.amount);
    else if (event.type === 'Withdrawn') add(event.accountId, -event.amount);
    else if (event.type === 'Transferred') {
      add(event.accountId, -event.amount);
      add(event.to, event.amount);
    }
  }
  return balances;
};

const shippingCompensation: SolveOf<'eventos-compensacao-de-envio'> = (event, state) => {
  if (event.type !== 'ShippingFailed') return [];
  const charged = state.charged.get(event.orderId);
  if (charged === undefined) return []; // never paid, or already refunded (a redelivery)
  state.charged.delete(event.orderId);
  state.credit.set(event.customerId, (state.credit.get(event.customerId) ?? 0) + charged);
  return [{ type: 'PaymentRefunded', orderId: event.orderId, customerId: event.customerId, amount: charged }];
};

export const solutions = {
  'eventos-pagamentos-idempotentes': idempotentPayments,
  'eventos-projecao-de-saldos': accountProjection,
  'eventos-compensacao-de-envio': shippingCompensation,
};
