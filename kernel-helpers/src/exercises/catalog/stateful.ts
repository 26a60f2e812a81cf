import { clickstream, iotSensors, type ClickEvent } from '../../datasets/index.js';
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

const NO_STORE = 'a topologia não tem state store: um estado guardado num Map ou numa variável sua se perde a cada restart — use count(), reduce() ou aggregate()';

/** What a per-click output should be: its key and value, given the running count of that key. */
type ExpectedOutput = (click: ClickEvent, count: number) => { key: string; value: unknown };

/**
 * Runs the learner's topology over `clicks` and compares its outputs, one per click and in order,
 * with `expectedOf` and the running count per expected key; `keyMistake` explains a wrong key.
 */
async function checkRunningCounts(solve: BuildStatefulTopology, clicks: ClickEvent[], expectedOf: ExpectedOutput, keyMistake: string): Promise<string[]> {
  const { outputs, stores } = await runOnDriver(solve, clicks.map((click) => ({ key: String(click.userId), value: click, timestamp: click.ts })));
  const differences: string[] = [];
  if (!stores.length) differences.push(NO_STORE);
  if (outputs.length !== clicks.length) differences.push(differs('registros de saída (um por evento)', outputs.length, clicks.length));
  const counts = new Map<string, number>();
  for (const [index, click] of clicks.entries()) {
    const got = outputs[index];
    if (!got) break;
    const key = expectedOf(click, 0).key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const expected = expectedOf(click, counts.get(key) ?? 0);
    if (got.key !== expected.key) {
      differences.push(`${differs(`chave da saída nº ${index + 1}`, got.key, expected.key)}: ${keyMistake}`);
      break;
    }
    if (JSON.stringify(got.value) !== JSON.stringify(expected.value)) {
      differences.push(differs(`saída nº ${index + 1} (chave ${expected.key})`, got.value, expected.value));
      break;
    }
  }
  return differences;
}

/** An exercise checked by `checkRunningCounts` on a seeded clickstream. */
function runningCountExercise(title: string, clicks: Parameters<typeof clickstream>[0], expectedOf: ExpectedOutput, keyMistake: string) {
  return defineExercise<BuildStatefulTopology>({
    notebook: NOTEBOOK,
    title,
    check: (solve) => checkRunningCounts(solve, clickstream(clicks), expectedOf, keyMistake),
  });
}

/** 04a: the course's user_counts, with a state store: one `{ user_id, count }` per event, keyed by user. */
export const countPerUser = runningCountExercise(
  'user_counts do curso, com state store',
  { seed: 4, users: 15, events: 400 },
  (click, count) => ({ key: String(click.userId), value: { user_id: String(click.userId), count } }),
  'a chave deve ser o id do usuário',
);

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
      if (got === undefined) differences.push(`nenhuma saída com a chave ${sensor}`);
      else if (got.sensorId !== summary.sensorId || got.readings !== summary.readings || got.maxTemperature !== summary.maxTemperature) {
        differences.push(differs(`última saída de ${sensor}`, got, summary));
      }
    }
    return differences;
  },
});

/** 04c: count per (user, action) by re-keying with groupBy: one `{ user_id, action, count }` per click, keyed `user:action`. */
export const countPerUserAction = runningCountExercise(
  'contagem por (usuário, ação), reagrupando com groupBy',
  { seed: 14, users: 8, events: 300 },
  (click, count) => ({ key: `${click.userId}:${click.action}`, value: { user_id: String(click.userId), action: click.action, count } }),
  'a chave deve ser usuário:ação — reagrupe com groupBy((clique) => ...)',
);
