import { describe, expect, it } from 'vitest';
import { catalog } from '../../../kernel-helpers/src/exercises/catalog/index';
import { loadReferenceSolution } from '../../../kernel-helpers/src/exercises/reference-solutions';
import type { Solver } from '../../../kernel-helpers/src/exercises/definition';
import { session, tumbling, type StreamsBuilder } from '../../../kernel-helpers/src/streams/index';

/** Exercises of notebooks 04 and 06: topologies the learner builds, checked on the test driver. */
type Build = (builder: StreamsBuilder, input: string, output: string) => void;
const REFERENCE: Record<string, string[]> = {
  '04-processamento-com-estado': ['estado-contagem-por-usuario', 'estado-maxima-por-sensor', 'estado-contagem-por-usuario-e-acao'],
  '06-janelas': ['janelas-contagem-por-minuto', 'janelas-sessoes-de-navegacao'],
};
type Id = 'estado-contagem-por-usuario' | 'estado-maxima-por-sensor' | 'estado-contagem-por-usuario-e-acao' | 'janelas-contagem-por-minuto' | 'janelas-sessoes-de-navegacao';
const check = (id: Id, solve: Build) => catalog[id].check(solve);

it('the reference solutions of notebooks 04 and 06 pass their checks', async () => {
  for (const [notebook, ids] of Object.entries(REFERENCE)) {
    for (const id of ids as Id[]) {
      expect({ id, differences: await check(id, loadReferenceSolution(notebook, id) as Solver as Build) }).toEqual({ id, differences: [] });
    }
  }
});

describe('notebook 04 exercises (state, on the test driver)', () => {
  it('reject the course version: a Map outside any state store', async () => {
    const differences = await check('estado-contagem-por-usuario', (builder, input, output) => {
      const userCounts = new Map<string, number>();
      builder
        .stream(input)
        .mapValues((_event, key) => {
          userCounts.set(key!, (userCounts.get(key!) ?? 0) + 1);
          return { user_id: key, count: userCounts.get(key!) };
        })
        .to(output);
    });
    expect(differences).toEqual([expect.stringMatching(/não tem state store/)]);
  });

  it('reject a summary that counts wrong or lacks the maximum', async () => {
    const differences = await check('estado-maxima-por-sensor', (builder, input, output) => {
      builder
        .stream<{ temperature: number }>(input)
        .groupByKey()
        .aggregate(() => ({ sensorId: '', readings: 0, maxTemperature: 0 }), (summary, reading, key) => ({ sensorId: key, readings: summary.readings + 1, maxTemperature: reading.temperature }))
        .toStream()
        .to(output);
    });
    expect(differences.join(' ')).toMatch(/última saída de sensor-0\d/);
  });
});

describe('notebook 04: count per (user, action)', () => {
  it('rejects a count that keeps the user as key, naming the re-keying', async () => {
    const differences = await check('estado-contagem-por-usuario-e-acao', (builder, input, output) => {
      builder.stream(input).groupByKey().count().toStream().mapValues((count, key) => ({ user_id: key, count })).to(output);
    });
    expect(differences.join(' ')).toMatch(/chave da saída nº 1: obtido "\d+", esperado "\d+:\w+".*groupBy/);
  });
});

describe('notebook 06: the smallest grace losing at most 1 %', () => {
  const grace = catalog['janelas-menor-grace'];
  const reference = loadReferenceSolution('06-janelas', 'janelas-menor-grace') as (readings: unknown[]) => number;

  it('accepts the reference answer and only it', async () => {
    const answers: number[] = [];
    expect(await grace.check((readings) => { const ms = reference(readings); answers.push(ms); return ms; })).toEqual([]);
    const best = answers[0];
    expect(best % 1000).toBe(0);
    expect((await grace.check(() => best - 1000)).join(' ')).toMatch(/perda com grace .*obtida .* esperado no máximo 1 %/);
    expect((await grace.check(() => best + 1000)).join(' ')).toMatch(/não é o menor/);
    expect((await grace.check(() => best + 500)).join(' ')).toMatch(/inteiro de segundos/);
  });
});

describe('notebook 06 exercises (windows, on the test driver)', () => {
  it('reject per-minute counts emitted on every update, or with no grace', async () => {
    const everyUpdate = await check('janelas-contagem-por-minuto', (builder, input, output) => {
      builder.stream(input).groupByKey().windowedBy(tumbling('1m', { grace: '10s' })).count().toStream().to(output);
    });
    expect(everyUpdate.join(' ')).toMatch(/mais de uma vez.*emit: 'final'/);
    const noGrace = await check('janelas-contagem-por-minuto', (builder, input, output) => {
      builder.stream(input).groupByKey().windowedBy(tumbling('1m')).count({ emit: 'final' }).toStream().to(output);
    });
    expect(noGrace.join(' ')).toMatch(/janela\(s\) esperada\(s\) faltando ou com outra contagem/);
  });

  it('reject session gaps that split or join the real browsing sessions', async () => {
    const withGap = (gap: string): Build => (builder, input, output) => {
      builder.stream(input).groupByKey().windowedBy(session(gap, { grace: '1m' })).count({ emit: 'final' }).toStream().to(output);
    };
    expect((await check('janelas-sessoes-de-navegacao', withGap('1m'))).join(' ')).toMatch(/curto demais/);
    expect((await check('janelas-sessoes-de-navegacao', withGap('2h'))).join(' ')).toMatch(/longo demais/);
    expect(await check('janelas-sessoes-de-navegacao', withGap('29m'))).toEqual([]);
  });
});
