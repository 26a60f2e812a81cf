import { describe, expect, it } from 'vitest';
import { catalog, loadReferenceSolution, type Solver } from '../../../kernel-helpers/src/exercises/index';
import { session, tumbling, type StreamsBuilder } from '../../../kernel-helpers/src/streams/index';

/** Exercises of notebooks 04 and 06: topologies the learner builds, checked on the test driver. */
type Build = (builder: StreamsBuilder, input: string, output: string) => void;
const REFERENCE: Record<string, string[]> = {
  '04-processamento-com-estado': ['estado-contagem-por-usuario', 'estado-maxima-por-sensor'],
  '06-janelas': ['janelas-contagem-por-minuto', 'janelas-sessoes-de-navegacao'],
};
type Id = 'estado-contagem-por-usuario' | 'estado-maxima-por-sensor' | 'janelas-contagem-por-minuto' | 'janelas-sessoes-de-navegacao';
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
    expect(differences).toEqual([expect.stringMatching(/keeps no state store/)]);
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
    expect(differences.join(' ')).toMatch(/latest output for sensor-0\d/);
  });
});

describe('notebook 06 exercises (windows, on the test driver)', () => {
  it('reject per-minute counts emitted on every update, or with no grace', async () => {
    const everyUpdate = await check('janelas-contagem-por-minuto', (builder, input, output) => {
      builder.stream(input).groupByKey().windowedBy(tumbling('1m', { grace: '10s' })).count().toStream().to(output);
    });
    expect(everyUpdate.join(' ')).toMatch(/more than once .*emit: 'final'/);
    const noGrace = await check('janelas-contagem-por-minuto', (builder, input, output) => {
      builder.stream(input).groupByKey().windowedBy(tumbling('1m')).count({ emit: 'final' }).toStream().to(output);
    });
    expect(noGrace.join(' ')).toMatch(/expected window\(s\) missing or with another count/);
  });

  it('reject session gaps that split or join the real browsing sessions', async () => {
    const withGap = (gap: string): Build => (builder, input, output) => {
      builder.stream(input).groupByKey().windowedBy(session(gap, { grace: '1m' })).count({ emit: 'final' }).toStream().to(output);
    };
    expect((await check('janelas-sessoes-de-navegacao', withGap('1m'))).join(' ')).toMatch(/gap is too short/);
    expect((await check('janelas-sessoes-de-navegacao', withGap('2h'))).join(' ')).toMatch(/gap is too long/);
    expect(await check('janelas-sessoes-de-navegacao', withGap('29m'))).toEqual([]);
  });
});
