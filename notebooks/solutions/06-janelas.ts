/** Reference solutions of notebook 06-janelas (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { session, StreamsBuilder, TopologyTestDriver, tumbling } from '@streamlab/kernel-helpers/streams';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const countPerMinute: SolveOf<'janelas-contagem-por-minuto'> = (builder, input, output) => {
  builder.stream(input).groupByKey().windowedBy(tumbling('1m', { grace: '10s' })).count({ emit: 'final' }).toStream().to(output);
};

const browsingSessions: SolveOf<'janelas-sessoes-de-navegacao'> = (builder, input, output) => {
  // Clicks of one session are at most 5 min apart and sessions at least 30 min apart: any gap in between works.
  builder.stream(input).groupByKey().windowedBy(session('15m', { grace: '1m' })).count({ emit: 'final' }).toStream().to(output);
};

const smallestGrace: SolveOf<'janelas-menor-grace'> = (readings) => {
  // Loss only falls as grace grows: the first whole second whose loss is at most 1 % is the smallest.
  for (let seconds = 0; seconds <= 120; seconds += 1) {
    let late = 0;
    const builder = new StreamsBuilder();
    builder.stream('leituras').groupByKey().windowedBy(tumbling('1m', { grace: seconds * 1000 })).count({ emit: 'final', onLate: () => (late += 1) }).toStream().to('por-minuto');
    new TopologyTestDriver(builder.build()).pipe('leituras', readings.map((reading) => ({ key: reading.sensorId, value: reading, timestamp: reading.ts })));
    if (late / readings.length <= 0.01) return seconds * 1000;
  }
  throw new Error('nenhum grace até 120 s perde no máximo 1 %');
};

export const solutions = {
  'janelas-contagem-por-minuto': countPerMinute,
  'janelas-sessoes-de-navegacao': browsingSessions,
  'janelas-menor-grace': smallestGrace,
};
