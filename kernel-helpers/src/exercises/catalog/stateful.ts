import { clickstream, iotSensors } from '../../datasets/index.js';
import { StreamsBuilder, TopologyTestDriver } from '../../streams/index.js';
import { defineExercise, differs } from '../definition.js';

const NOTEBOOK = '04-processamento-com-estado';
const INPUT = 'estado-exercicio-entrada';
const OUTPUT = 'estado-exercicio-saida';

/** What the learner writes: adds to `builder` a topology that reads `input` and writes to `output`. */
export type BuildStatefulTopology = (builder: StreamsBuilder, input: string, output: string) => void;

/** Per sensor: readings seen and the highest temperature among them. */
export interface SensorSummary {
  sensorId: string;
  readings: number;
  maxTemperature: number;
}

/** Builds the learner's topology, runs `records` through the test driver and returns its outputs and its state stores. */
async function runOnDriver(solve: BuildStatefulTopology, records: Array<{ key: string; value: unknown; timestamp: number }>) {
  const builder = new StreamsBuilder();
  await solve(builder, INPUT, OUTPUT);
  const topology = builder.build();
  const driver = new TopologyTestDriver(topology);
  driver.pipe(INPUT, records);
  return { outputs: driver.readOutput<unknown>(OUTPUT), stores: topology.stores };
}

const NO_STORE = 'the topology keeps no state store: state in a Map or a variable of your own is lost on every restart — use count(), reduce() or aggregate()';

/** 04a: the course's user_counts, with a state store: one `{ user_id, count }` per event, keyed by user. */
export const countPerUser = defineExercise<BuildStatefulTopology>({
  notebook: NOTEBOOK,
  title: 'user_counts do curso, com state store',
  check: async (solve) => {
    const clicks = clickstream({ seed: 4, users: 15, events: 400 });
    const { outputs, stores } = await runOnDriver(solve, clicks.map((click) => ({ key: String(click.userId), value: click, timestamp: click.ts })));
    const differences: string[] = [];
    if (!stores.length) differences.push(NO_STORE);
    if (outputs.length !== clicks.length) differences.push(differs('output records (one per event)', outputs.length, clicks.length));
    const counts = new Map<string, number>();
    for (const [index, click] of clicks.entries()) {
      const user = String(click.userId);
      counts.set(user, (counts.get(user) ?? 0) + 1);
      const expected = { user_id: user, count: counts.get(user) };
      const got = outputs[index];
      if (!got) break;
      if (got.key !== user || JSON.stringify(got.value) !== JSON.stringify(expected)) {
        differences.push(`${differs(`output #${index + 1} (key ${JSON.stringify(got.key)})`, got.value, expected)}; the key must be the user id`);
        break;
      }
    }
    return differences;
  },
});

/** 04b: per sensor, readings seen and the maximum temperature, kept in a state store; the latest value per key is checked. */
export const sensorMaximum = defineExercise<BuildStatefulTopology>({
  notebook: NOTEBOOK,
  title: 'leituras e temperatura máxima por sensor',
  check: async (solve) => {
    const readings = iotSensors({ seed: 44, sensors: 4, events: 300 });
    const { outputs, stores } = await runOnDriver(solve, readings.map((reading) => ({ key: reading.sensorId, value: reading, timestamp: reading.ts })));
    const expected = new Map<string, SensorSummary>();
    for (const reading of readings) {
      const previous = expected.get(reading.sensorId);
      expected.set(reading.sensorId, { sensorId: reading.sensorId, readings: (previous?.readings ?? 0) + 1, maxTemperature: Math.max(previous?.maxTemperature ?? -Infinity, reading.temperature) });
    }
    const latest = new Map<string | null, unknown>();
    for (const output of outputs) latest.set(output.key, output.value);
    const differences: string[] = [];
    if (!stores.length) differences.push(NO_STORE);
    for (const [sensor, summary] of [...expected].sort()) {
      const got = latest.get(sensor) as Partial<SensorSummary> | undefined;
      if (got === undefined) differences.push(`no output with key ${sensor}`);
      else if (got.sensorId !== summary.sensorId || got.readings !== summary.readings || got.maxTemperature !== summary.maxTemperature) {
        differences.push(differs(`latest output for ${sensor}`, got, summary));
      }
    }
    return differences;
  },
});
