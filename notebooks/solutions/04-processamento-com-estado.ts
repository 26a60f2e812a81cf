/** Reference solutions of notebook 04-processamento-com-estado (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

type Reading = { sensorId: string; temperature: number };
type SensorSummary = { sensorId: string; readings: number; maxTemperature: number };

const countPerUser: SolveOf<'estado-contagem-por-usuario'> = (builder, input, output) => {
  builder
    .stream(input)
    .groupByKey()
    .count({ name: 'user-counts' })
    .toStream()
    .mapValues((count, key) => ({ user_id: key, count }))
    .to(output);
};

const sensorMaximum: SolveOf<'estado-maxima-por-sensor'> = (builder, input, output) => {
  builder
    .stream<Reading>(input)
    .groupByKey()
    .aggregate(
      (): SensorSummary => ({ sensorId: '', readings: 0, maxTemperature: -Infinity }),
      (summary, reading, key) => ({ sensorId: key, readings: summary.readings + 1, maxTemperature: Math.max(summary.maxTemperature, reading.temperature) }),
      { name: 'sensor-summary' },
    )
    .toStream()
    .to(output);
};

const countPerUserAction: SolveOf<'estado-contagem-por-usuario-e-acao'> = (builder, input, output) => {
  builder
    .stream<{ userId: number; action: string }>(input)
    // The new key is the pair: groupBy re-keys (through a repartition topic on a real broker) before counting.
    .groupBy((click) => `${click.userId}:${click.action}`)
    .count({ name: 'contagem-por-usuario-e-acao' })
    .toStream()
    .mapValues((count, key) => {
      const [user_id, action] = String(key).split(':');
      return { user_id, action, count };
    })
    .to(output);
};

export const solutions = {
  'estado-contagem-por-usuario': countPerUser,
  'estado-maxima-por-sensor': sensorMaximum,
  'estado-contagem-por-usuario-e-acao': countPerUserAction,
};
