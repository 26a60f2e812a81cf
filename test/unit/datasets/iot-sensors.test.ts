import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by';
import { DatasetError, iotSensors, type SensorReading } from '../../../kernel-helpers/src/datasets/index';

const inversions = (readings: SensorReading[]): number => readings.filter((reading, i) => i > 0 && reading.ts < readings[i - 1].ts).length;

describe('iotSensors: out-of-order and late readings', () => {
  const options = { seed: 11, sensors: 5, events: 20_000, intervalMs: 1000, disorderMs: 2000, lateFraction: 0.05, lateDelayMs: [15_000, 45_000] as const };
  const readings = iotSensors(options);

  it('comes in arrival order, every reading measured before it arrived', () => {
    expect(readings).toHaveLength(20_000);
    for (let i = 1; i < readings.length; i++) expect(readings[i].arrivalTs).toBeGreaterThanOrEqual(readings[i - 1].arrivalTs);
    for (const reading of readings) expect(reading.arrivalTs).toBeGreaterThanOrEqual(reading.ts);
  });

  it('has event time out of step with stream position when disorder > 0', () => {
    expect(inversions(readings)).toBeGreaterThan(readings.length * 0.1);
    // Per key too: some sensor's readings arrive with their sequence numbers swapped.
    const swappedPerSensor = groupBy(readings, (reading) => reading.sensorId);
    for (const ofSensor of swappedPerSensor.values()) expect(ofSensor.some((reading, i) => i > 0 && reading.seq < ofSensor[i - 1].seq)).toBe(true);
  });

  it('delays on-time readings by at most disorderMs and about lateFraction of them by lateDelayMs', () => {
    const delays = readings.map((reading) => reading.arrivalTs - reading.ts);
    const late = delays.filter((delay) => delay > options.disorderMs);
    expect(late.length / readings.length).toBeGreaterThan(0.04);
    expect(late.length / readings.length).toBeLessThan(0.06);
    for (const delay of late) {
      expect(delay).toBeGreaterThanOrEqual(15_000);
      expect(delay).toBeLessThanOrEqual(45_000);
    }
  });

  it('makes late readings late for real: behind stream time (max event time seen) by more than disorderMs', () => {
    let streamTime = -Infinity;
    let behind = 0;
    let late = 0;
    for (const reading of readings) {
      if (reading.arrivalTs - reading.ts > options.disorderMs) {
        late++;
        if (reading.ts < streamTime - options.disorderMs) behind++;
      }
      streamTime = Math.max(streamTime, reading.ts);
    }
    expect(late).toBeGreaterThan(0);
    expect(behind).toBe(late);
  });

  it('measures once per sensor per interval: seq n at start + phase + (n - 1) × interval, none twice', () => {
    const bySensor = groupBy(readings, (reading) => reading.sensorId);
    expect([...bySensor.keys()].sort()).toEqual(['sensor-01', 'sensor-02', 'sensor-03', 'sensor-04', 'sensor-05']);
    for (const ofSensor of bySensor.values()) {
      expect(new Set(ofSensor.map((reading) => reading.seq)).size).toBe(ofSensor.length);
      const phase = ofSensor[0].ts - (ofSensor[0].seq - 1) * 1000;
      for (const reading of ofSensor) expect(reading.ts).toBe(phase + (reading.seq - 1) * 1000);
      // Gaps only at the tail: readings still in flight when the stream was cut.
      const seqs = ofSensor.map((reading) => reading.seq).sort((a, b) => a - b);
      expect(seqs.slice(0, seqs.length - 50)).toEqual(Array.from({ length: seqs.length - 50 }, (_, i) => i + 1));
    }
    for (const reading of readings) {
      expect(reading.temperature).toBeGreaterThan(5);
      expect(reading.temperature).toBeLessThan(40);
      expect(reading.humidity).toBeGreaterThanOrEqual(0);
      expect(reading.humidity).toBeLessThanOrEqual(100);
    }
  });

  it('is perfectly in order with no disorder and no late data', () => {
    const ordered = iotSensors({ seed: 11, events: 2000, disorderMs: 0, lateFraction: 0 });
    expect(inversions(ordered)).toBe(0);
    expect(ordered.every((reading) => reading.arrivalTs === reading.ts)).toBe(true);
  });

  it('rejects a late delay that is not later than the disorder bound', () => {
    expect(() => iotSensors({ disorderMs: 5000, lateDelayMs: [3000, 9000] })).toThrow(DatasetError);
    expect(() => iotSensors({ lateFraction: 1.5 })).toThrow(/lateFraction/);
  });
});
