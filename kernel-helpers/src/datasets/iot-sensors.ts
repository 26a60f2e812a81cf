import { seededRandom } from './seeded-random.js';
import { DatasetError } from './errors.js';

/** One measurement of a sensor, as it arrives at the pipeline. */
export interface SensorReading {
  /** "sensor-01", "sensor-02", ...: a good record key. */
  sensorId: string;
  /** Per-sensor sequence number, 1, 2, 3... in measurement order: gaps and inversions show reordering. */
  seq: number;
  /** Event time: when the sensor measured, ms since the epoch. */
  ts: number;
  /** Arrival time: when the reading reached the pipeline, ms (>= ts). The stream is in this order. */
  arrivalTs: number;
  /** Air temperature in °C, one decimal. */
  temperature: number;
  /** Relative humidity in %, one decimal. */
  humidity: number;
}

export interface SensorOptions {
  /** Same seed, same stream. Default 1. */
  seed?: number;
  /** Number of sensors (default 5). */
  sensors?: number;
  /** Number of readings in the stream (default 1000): the first to arrive, so a sensor's latest late ones may be missing. */
  events?: number;
  /** Event time of the first measurement, ms (default 2026-03-09 09:00 Brasília). */
  start?: number;
  /** Each sensor measures every intervalMs (default 1000). */
  intervalMs?: number;
  /** An on-time reading arrives up to this long after it was measured (uniform; default 2000 ms, 0 = in order). */
  disorderMs?: number;
  /** Fraction of readings that arrive late, i.e. after `lateDelayMs` instead (default 0.05). */
  lateFraction?: number;
  /** [min, max] delay of a late reading in ms, uniform; min must exceed disorderMs (default [15 000, 45 000]). */
  lateDelayMs?: readonly [number, number];
}

/**
 * Deterministic IoT readings with out-of-order and late arrivals: the first `events` readings to
 * arrive. Every reading carries its event time `ts`; the array is in arrival order (`arrivalTs`,
 * ties by `ts` then sensor), so with
 * `disorderMs` > 0 event time goes backwards now and then, and about `lateFraction` of the readings
 * arrive `lateDelayMs` after they were measured: the material of watermarks, grace and late data.
 */
export function iotSensors(options: SensorOptions = {}): SensorReading[] {
  const random = seededRandom(options.seed ?? 1);
  const sensors = options.sensors ?? 5;
  const count = options.events ?? 1000;
  const start = options.start ?? Date.UTC(2026, 2, 9, 12);
  const intervalMs = options.intervalMs ?? 1000;
  const disorderMs = options.disorderMs ?? 2000;
  const lateFraction = options.lateFraction ?? 0.05;
  const [lateMin, lateMax] = options.lateDelayMs ?? [15_000, 45_000];
  if (!(sensors >= 1) || !(intervalMs > 0) || !(disorderMs >= 0)) {
    throw new DatasetError(`invalid sensor options: sensors ${sensors}, intervalMs ${intervalMs}, disorderMs ${disorderMs}`, { hint: 'use sensors >= 1, intervalMs > 0, disorderMs >= 0' });
  }
  if (!(lateFraction >= 0 && lateFraction <= 1)) throw new DatasetError(`lateFraction must be in [0, 1], got ${lateFraction}`, { hint: 'e.g. 0.05 for 5% late readings' });
  if (lateFraction > 0 && !(lateMin > disorderMs && lateMax >= lateMin)) {
    throw new DatasetError(`lateDelayMs [${lateMin}, ${lateMax}] must start above disorderMs (${disorderMs}) and be ordered`, { hint: 'e.g. { disorderMs: 2000, lateDelayMs: [15_000, 45_000] }' });
  }

  // Each sensor has its own phase, climate and drift, so the series look different from one another.
  const profiles = Array.from({ length: sensors }, (_, index) => ({
    sensorId: `sensor-${String(index + 1).padStart(2, '0')}`,
    phase: Math.floor(random.next() * intervalMs),
    baseTemperature: random.between(19, 27),
    baseHumidity: random.between(45, 70),
    drift: 0,
  }));
  // The stream is what has *arrived* after `count` readings: measure past that point by the longest
  // delay, so readings still in flight at the end (late ones, typically) stay out, as they would live.
  const longestDelay = Math.max(disorderMs, lateFraction > 0 ? lateMax : 0);
  const measured = count === 0 ? 0 : count + sensors * (Math.ceil(longestDelay / intervalMs) + 1);
  const readings: SensorReading[] = [];
  for (let n = 0; n < measured; n++) {
    const profile = profiles[n % sensors];
    const seq = Math.floor(n / sensors) + 1;
    const ts = start + profile.phase + (seq - 1) * intervalMs;
    // A daily cycle (warmest mid-afternoon) plus a slow random walk and measurement noise.
    const hourOfDay = ((ts / 3_600_000) % 24 + 21) % 24; // Brasília time, UTC-3
    const daily = 3 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
    profile.drift = 0.98 * profile.drift + random.normal(0, 0.05);
    const temperature = round1(profile.baseTemperature + daily + profile.drift + random.normal(0, 0.1));
    const humidity = round1(Math.min(100, Math.max(0, profile.baseHumidity - 2 * daily - 5 * profile.drift + random.normal(0, 0.5))));
    const delay = random.chance(lateFraction) ? random.between(lateMin, lateMax) : random.next() * disorderMs;
    readings.push({ sensorId: profile.sensorId, seq, ts, arrivalTs: ts + Math.round(delay), temperature, humidity });
  }
  readings.sort((a, b) => a.arrivalTs - b.arrivalTs || a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : 0));
  return readings.slice(0, count);
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
