import { clickstream, iotSensors, type SensorReading } from '../../datasets/index.js';
import { StreamsBuilder, TopologyTestDriver, tumbling, type WindowedCount } from '../../streams/index.js';
import { defineExercise, differs } from '../definition.js';

const NOTEBOOK = '06-janelas';
const INPUT = 'janelas-exercicio-entrada';
const OUTPUT = 'janelas-exercicio-saida';
const MINUTE = 60_000;
const GRACE = 10_000;

/** What the learner writes: adds to `builder` a topology that reads `input` and writes windowed counts to `output`. */
export type BuildWindowedCounts = (builder: StreamsBuilder, input: string, output: string) => void;

/** One input record for the test driver. */
interface DriverRecord {
  key: string;
  value: unknown;
  timestamp: number;
}

/** Runs the learner's topology on the test driver over `records` and returns what it wrote to OUTPUT (the flush key left out). */
async function runOnDriver(solve: BuildWindowedCounts, records: DriverRecord[]): Promise<WindowedCount[]> {
  const builder = new StreamsBuilder();
  await solve(builder, INPUT, OUTPUT);
  const driver = new TopologyTestDriver(builder.build());
  driver.pipe(INPUT, records);
  return driver.readValues<WindowedCount>(OUTPUT).filter((result) => result?.key !== 'flush');
}

const line = (result: WindowedCount): string => `${result.key} [${new Date(result.windowStart).toISOString().slice(11, 19)}, ${new Date(result.windowEnd).toISOString().slice(11, 19)}] ${result.count}`;

/** Compares results with the expected windows and explains the usual mistakes. */
function compareWindows(got: WindowedCount[], expected: WindowedCount[], hints: { tooMany: string; tooFew: string }): string[] {
  if (Array.isArray(got) && got.some((result) => (result as { retracted?: boolean })?.retracted)) {
    return ['a saída tem retratações de sessões fundidas, que a emissão a cada atualização escreve: emita só o resultado final ({ emit: \'final\' })'];
  }
  if (!Array.isArray(got) || got.some((result) => typeof result?.count !== 'number')) {
    return ['a saída não tem contagens por janela: termine com .count(...).toStream().to(output)'];
  }
  const differences: string[] = [];
  const windows = new Set(got.map((result) => `${result.key}|${result.windowStart}|${result.windowEnd}`));
  if (windows.size < got.length) {
    differences.push(`resultados: obtidos ${got.length} para ${windows.size} janelas, esperado um por janela — algumas janelas foram escritas mais de uma vez: emita só o resultado final ({ emit: 'final' })`);
    return differences;
  }
  if (got.length !== expected.length) {
    differences.push(`${differs('janelas escritas', got.length, expected.length)} — ${got.length > expected.length ? hints.tooMany : hints.tooFew}`);
  }
  const gotLines = new Set(got.map(line));
  const expectedLines = new Set(expected.map(line));
  const missing = [...expectedLines].filter((entry) => !gotLines.has(entry));
  const extra = [...gotLines].filter((entry) => !expectedLines.has(entry));
  if (missing.length) differences.push(`${missing.length} janela(s) esperada(s) faltando ou com outra contagem, por exemplo ${missing.slice(0, 3).join('; ')}`);
  if (extra.length) differences.push(`${extra.length} janela(s) inesperada(s), por exemplo ${extra.slice(0, 3).join('; ')}`);
  return differences;
}

/** 06a: readings per sensor per minute (tumbling 1 min, grace 10 s), final results only. */
export const countPerMinute = defineExercise<BuildWindowedCounts>({
  notebook: NOTEBOOK,
  title: 'leituras por sensor por minuto, só o resultado final',
  check: async (solve) => {
    const readings = iotSensors({ seed: 606, sensors: 3, events: 900, lateFraction: 0.05 });
    const flushAt = Math.max(...readings.map((reading) => reading.ts)) + 3_600_000;
    const records: DriverRecord[] = [...readings.map((reading) => ({ key: reading.sensorId, value: reading, timestamp: reading.ts })), { key: 'flush', value: { ts: flushAt }, timestamp: flushAt }];
    // Expected, from the rule itself: a record counts in [start, start + 1 min) unless stream time has passed end + grace.
    const expected = new Map<string, WindowedCount>();
    let streamTime = 0;
    for (const reading of readings) {
      streamTime = Math.max(streamTime, reading.ts);
      const start = reading.ts - (reading.ts % MINUTE);
      if (start + MINUTE <= streamTime - GRACE) continue;
      const id = `${reading.sensorId}|${start}`;
      const window = expected.get(id) ?? { key: reading.sensorId, windowStart: start, windowEnd: start + MINUTE, count: 0 };
      window.count++;
      expected.set(id, window);
    }
    return compareWindows(await runOnDriver(solve, records), [...expected.values()], {
      tooMany: 'as janelas têm 1 minuto?',
      tooFew: 'as janelas têm 1 minuto e são por sensor (a chave do registro)?',
    });
  },
});

/** 06b: clicks per browsing session (session windows whose gap separates the real sessions), final results only. */
export const browsingSessions = defineExercise<BuildWindowedCounts>({
  notebook: NOTEBOOK,
  title: 'sessões de navegação com janelas de sessão',
  check: async (solve) => {
    const clicks = clickstream({ seed: 6, users: 12, events: 600 });
    const flushAt = clicks[clicks.length - 1].ts + 86_400_000;
    const records: DriverRecord[] = [...clicks.map((click) => ({ key: String(click.userId), value: click, timestamp: click.ts })), { key: 'flush', value: { ts: flushAt }, timestamp: flushAt }];
    // Expected: the generator's own sessions (sessionId), first click to last click.
    const expected = new Map<string, WindowedCount>();
    for (const click of clicks) {
      const session = expected.get(click.sessionId) ?? { key: String(click.userId), windowStart: click.ts, windowEnd: click.ts, count: 0 };
      session.windowEnd = Math.max(session.windowEnd, click.ts);
      session.count++;
      expected.set(click.sessionId, session);
    }
    return compareWindows(await runOnDriver(solve, records), [...expected.values()], {
      tooMany: 'o intervalo de inatividade está curto demais: ele divide sessões reais (cliques de uma sessão podem estar a 5 min um do outro)',
      tooFew: 'o intervalo de inatividade está longo demais: ele junta sessões do mesmo usuário (elas estão a pelo menos 30 min uma da outra)',
    });
  },
});

/** The largest share of readings an answer to the grace exercise may drop as late. */
export const MAX_LATE_SHARE = 0.01;

/** Share of `readings` dropped as late by 1-minute tumbling windows with `graceMs` of grace (test driver, arrival order). */
export function lateShare(readings: SensorReading[], graceMs: number): number {
  let late = 0;
  const builder = new StreamsBuilder();
  builder.stream(INPUT).groupByKey().windowedBy(tumbling(MINUTE, { grace: graceMs })).count({ emit: 'final', onLate: () => (late += 1) }).toStream().to(OUTPUT);
  new TopologyTestDriver(builder.build()).pipe(INPUT, readings.map((reading) => ({ key: reading.sensorId, value: reading, timestamp: reading.ts })));
  return late / readings.length;
}

const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

/** 06c: the smallest grace, in whole seconds, that drops at most 1 % of the readings as late. */
export const smallestGrace = defineExercise<(readings: SensorReading[]) => number | Promise<number>>({
  notebook: NOTEBOOK,
  title: 'o menor grace que perde no máximo 1 % das leituras',
  check: async (solve) => {
    const readings = iotSensors({ seed: 66, sensors: 3, events: 900, disorderMs: 3000, lateFraction: 0.06 });
    const answer = await solve(readings.map((reading) => ({ ...reading })));
    if (typeof answer !== 'number' || !Number.isFinite(answer) || answer < 0) return [differs('grace (ms)', answer, 'um número de milissegundos ≥ 0')];
    if (answer % 1000 !== 0) return [`grace: obtido ${answer} ms, esperado um número inteiro de segundos (múltiplo de 1000 ms)`];
    const share = lateShare(readings, answer);
    if (share > MAX_LATE_SHARE) return [`perda com grace ${answer / 1000} s: obtida ${percent(share)}, esperado no máximo 1 % — aumente o grace`];
    if (answer >= 1000) {
      const smaller = lateShare(readings, answer - 1000);
      if (smaller <= MAX_LATE_SHARE) return [`não é o menor: com ${(answer - 1000) / 1000} s a perda já é ${percent(smaller)} (≤ 1 %); cada segundo a mais de grace atrasa todos os resultados finais`];
    }
    return [];
  },
});
