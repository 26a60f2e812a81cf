import { loadFlights, type Flight } from '../../datasets/index.js';
import { offlineWindows } from '../../frames/index.js';
import { hopping, tumbling } from '../../streams/index.js';
import { defineExercise, differs } from '../definition.js';

const NOTEBOOK = '09-analytics-em-tempo-real';

/** One hourly window of one airport, as the notebook's alert rule sees it. */
export interface HourlyDelay {
  airport: string;
  windowStart: number;
  flights: number;
  /** Mean delay of the window's flights, minutes. */
  avgDelay: number;
}

/** An alert rule: does `window` spike, given the same airport's earlier windows (oldest first)? */
export type AlertRule = (window: HourlyDelay, previous: readonly HourlyDelay[]) => boolean;

/** The notebook's first rule: the hour's mean is 15 min above the mean of the airport's last 3 hours. */
export const naiveDelayAlert: AlertRule = (window, previous) => {
  const recent = previous.slice(-3);
  if (recent.length < 2) return false;
  const baseline = recent.reduce((sum, w) => sum + w.avgDelay, 0) / recent.length;
  return window.avgDelay > baseline + 15;
};

/** The busiest window per airport: what exercise 09a asks. */
export type BusiestHour = (windows: ReadonlyArray<{ key: string; windowStart: number; windowEnd: number; count: number }>) => Map<string, number>;

/** Flights of the exercises: three March days at the ten busiest airports of the notebook. */
export const EXERCISE_AIRPORTS = ['ORD', 'DFW', 'ATL', 'LAX', 'PHX', 'STL', 'DTW', 'BOS', 'LAS', 'DEN'];
async function exerciseFlights(): Promise<Flight[]> {
  const airports = new Set(EXERCISE_AIRPORTS);
  return (await loadFlights({ from: '2001-03-19', to: '2001-03-22' })).filter((flight) => airports.has(flight.origin));
}

/** Hourly windows per airport (Polars, offline), in time order. */
export function hourlyDelays(flights: readonly Flight[]): HourlyDelay[] {
  return offlineWindows(flights as never, { key: 'origin', time: 'date', value: 'delay' }, tumbling('1h'))
    .windows.map((w) => ({ airport: w.key, windowStart: w.windowStart, flights: w.count, avgDelay: w.sum / w.count }))
    .sort((a, b) => a.windowStart - b.windowStart || (a.airport < b.airport ? -1 : 1));
}

/**
 * The offline truth of a spike, known only in hindsight: an hour with at least 10 flights whose
 * mean delay is at least 30 min above the airport's mean over all three days.
 */
export function isTrueSpike(window: HourlyDelay, airportMean: number): boolean {
  return window.flights >= 10 && window.avgDelay >= airportMean + 30;
}

/** How a rule scores against the truth: alerts raised, true and false positives, spikes missed. */
export interface RuleScore {
  alerts: number;
  truePositives: number;
  falsePositives: number;
  missed: number;
}

/** Runs `rule` over the windows in time order, each airport seeing its own history, and scores it. */
export function scoreRule(rule: AlertRule, windows: readonly HourlyDelay[]): RuleScore {
  const history = new Map<string, HourlyDelay[]>();
  const totals = new Map<string, { flights: number; delay: number }>();
  for (const w of windows) {
    const total = totals.get(w.airport) ?? { flights: 0, delay: 0 };
    totals.set(w.airport, { flights: total.flights + w.flights, delay: total.delay + w.avgDelay * w.flights });
  }
  const score: RuleScore = { alerts: 0, truePositives: 0, falsePositives: 0, missed: 0 };
  for (const w of windows) {
    const previous = history.get(w.airport) ?? [];
    const total = totals.get(w.airport) as { flights: number; delay: number };
    const spike = isTrueSpike(w, total.delay / total.flights);
    const alert = rule(w, previous) === true;
    if (alert) score.alerts++;
    if (alert && spike) score.truePositives++;
    if (alert && !spike) score.falsePositives++;
    if (!alert && spike) score.missed++;
    history.set(w.airport, [...previous, w]);
  }
  return score;
}

/** 09a: the busiest hour (most departures) per airport, from hopping windows of 1 h every 15 min. */
export const busiestHour = defineExercise<BusiestHour>({
  notebook: NOTEBOOK,
  title: 'hora mais movimentada por aeroporto (janela hopping)',
  check: async (solve) => {
    const flights = await exerciseFlights();
    const windows = offlineWindows(flights as never, { key: 'origin', time: 'date' }, hopping('1h', '15m')).windows.map(({ key, windowStart, windowEnd, count }) => ({ key, windowStart, windowEnd, count }));
    const expected = new Map<string, { windowStart: number; count: number }>();
    for (const w of windows) {
      const best = expected.get(w.key);
      if (!best || w.count > best.count || (w.count === best.count && w.windowStart < best.windowStart)) expected.set(w.key, { windowStart: w.windowStart, count: w.count });
    }
    const got = await solve(windows);
    if (!(got instanceof Map)) return ['return a Map from airport to the start (ms) of its busiest window'];
    const differences: string[] = [];
    if (got.size !== expected.size) differences.push(differs('airports', got.size, expected.size));
    for (const [airport, best] of expected) {
      if (got.get(airport) !== best.windowStart) {
        const at = (ms: number | undefined) => (ms === undefined ? 'nada' : new Date(ms).toISOString().slice(0, 16));
        differences.push(`${airport}: obtido ${at(got.get(airport))}, esperado ${at(best.windowStart)} (${best.count} voos; no empate, a janela mais cedo)`);
      }
    }
    return differences;
  },
});

/** 09b: an alert rule with fewer false positives than the naive one, still catching most true spikes. */
export const fewerFalseAlerts = defineExercise<AlertRule>({
  notebook: NOTEBOOK,
  title: 'alerta de atraso com menos falsos positivos',
  check: async (solve) => {
    const windows = hourlyDelays(await exerciseFlights());
    const naive = scoreRule(naiveDelayAlert, windows);
    const yours = scoreRule(solve, windows);
    const spikes = yours.truePositives + yours.missed;
    const line = (name: string, s: RuleScore) => `${name}: ${s.alerts} alertas, ${s.truePositives} verdadeiros, ${s.falsePositives} falsos, ${s.missed} picos perdidos`;
    console.log(`${line('regra ingênua', naive)}\n${line('sua regra   ', yours)}`);
    const differences: string[] = [];
    if (yours.falsePositives * 2 > naive.falsePositives) differences.push(`falsos positivos: obtido ${yours.falsePositives}, esperado no máximo ${Math.floor(naive.falsePositives / 2)} (metade dos da regra ingênua)`);
    if (yours.truePositives * 4 < spikes * 3) differences.push(`picos detectados: obtido ${yours.truePositives} de ${spikes}, esperado pelo menos ${Math.ceil((spikes * 3) / 4)} (75 %)`);
    return differences;
  },
});
