import { beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume, produce } from '@streamlab/kernel-helpers/kafka';
import { barChart } from '@streamlab/kernel-helpers/viz';
import { catalog } from '../../../kernel-helpers/src/exercises/catalog/index';

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
}, 60_000);

describe('00: round trip with the right key', () => {
  it('rejects events sent without a key: the users spread over partitions', async () => {
    const differences = await catalog['ambiente-ida-e-volta'].check(async (topic, events) => {
      await produce(topic, events.map((event) => ({ value: event })));
      return consume(topic, { max: events.length, timeoutMs: 10_000 });
    });
    expect(differences.join(' ')).toMatch(/chave obtida null, esperada "3\d\d"/);
  }, 60_000);
});

describe('00: a chart of events per action', () => {
  it('rejects a chart whose bars do not match the topic, naming the bar', async () => {
    const differences = await catalog['ambiente-grafico-por-acao'].check(async () => barChart([{ ação: 'click', eventos: 1 }], { x: 'ação', y: 'eventos' }));
    expect(differences.join(' ')).toMatch(/barra "click": obtido 1, esperado \d+/);
    expect(differences.join(' ')).toMatch(/barra "view": obtido "nenhuma barra", esperado \d+/);
  }, 60_000);
});
