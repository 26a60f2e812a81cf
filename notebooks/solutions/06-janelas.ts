/** Reference solutions of notebook 06-janelas (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { session, tumbling } from '@streamlab/kernel-helpers/streams';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const countPerMinute: SolveOf<'janelas-contagem-por-minuto'> = (builder, input, output) => {
  builder.stream(input).groupByKey().windowedBy(tumbling('1m', { grace: '10s' })).count({ emit: 'final' }).toStream().to(output);
};

const browsingSessions: SolveOf<'janelas-sessoes-de-navegacao'> = (builder, input, output) => {
  // Clicks of one session are at most 5 min apart and sessions at least 30 min apart: any gap in between works.
  builder.stream(input).groupByKey().windowedBy(session('15m', { grace: '1m' })).count({ emit: 'final' }).toStream().to(output);
};

export const solutions = {
  'janelas-contagem-por-minuto': countPerMinute,
  'janelas-sessoes-de-navegacao': browsingSessions,
};
