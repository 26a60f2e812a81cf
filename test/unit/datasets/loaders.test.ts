import { describe, expect, it } from 'vitest';
import { DatasetError, loadEarthquakes, loadFlights, type Flight } from '../../../kernel-helpers/src/datasets/index';

const JAN_1_2001 = Date.UTC(2001, 0, 1);
const JUL_2_2001 = Date.UTC(2001, 6, 2);

function expectSaneFlight(flight: Flight): void {
  expect(Object.keys(flight).sort()).toEqual(['date', 'delay', 'destination', 'distance', 'origin']);
  expect(flight.date).toBeGreaterThanOrEqual(JAN_1_2001);
  expect(flight.date).toBeLessThan(JUL_2_2001);
  expect(Number.isInteger(flight.delay)).toBe(true);
  expect(flight.delay).toBeGreaterThan(-300);
  expect(flight.delay).toBeLessThan(3000);
  expect(flight.distance).toBeGreaterThan(10);
  expect(flight.distance).toBeLessThan(5500);
  expect(flight.origin).toMatch(/^[A-Z0-9]{3}$/);
  expect(flight.destination).toMatch(/^[A-Z0-9]{3}$/);
}

describe('loadFlights (flights-3m.parquet from vega-datasets)', () => {
  it('returns the first `limit` flights, in departure order, with the documented fields and units', async () => {
    const flights = await loadFlights({ limit: 5000 });
    expect(flights).toHaveLength(5000);
    expect(flights[0]).toEqual({ date: Date.UTC(2001, 0, 1, 0, 1), delay: 33, distance: 2176, origin: 'LAS', destination: 'PHL' });
    flights.forEach(expectSaneFlight);
    for (let i = 1; i < flights.length; i++) expect(flights[i].date).toBeGreaterThanOrEqual(flights[i - 1].date);
    expect(new Set(flights.map((flight) => flight.origin)).size).toBeGreaterThan(50);
  });

  it('filters a date range across a row-group boundary exactly like filtering the full rows', async () => {
    const from = Date.UTC(2001, 0, 17, 12);
    const to = Date.UTC(2001, 0, 17, 18);
    const progress: Array<{ done: number; total: number }> = [];
    const ranged = await loadFlights({ from: '2001-01-17T12:00', to: new Date(to), onProgress: (p) => progress.push(p) });
    const reference = (await loadFlights({ limit: 320_000 })).filter((flight) => flight.date >= from && flight.date < to);
    expect(reference.length).toBeGreaterThan(1000);
    expect(ranged).toEqual(reference);
    // Two row groups overlap that afternoon; progress is reported after each.
    expect(progress.length).toBe(2);
    expect(progress.at(-1)!.done).toBe(ranged.length);
  });

  it('stops at `limit` inside a date range', async () => {
    const flights = await loadFlights({ from: '2001-06-30', limit: 100 });
    expect(flights).toHaveLength(100);
    expect(flights[0].date).toBeGreaterThanOrEqual(Date.UTC(2001, 5, 30));
  });

  it('explains a bad range or limit', async () => {
    await expect(loadFlights({ from: '2001-03-02', to: '2001-03-01' })).rejects.toThrow(DatasetError);
    await expect(loadFlights({ from: 'yesterday' })).rejects.toThrow(/not a valid date/);
    await expect(loadFlights({ limit: -1 })).rejects.toThrow(/limit/);
  });
});

describe('loadEarthquakes (earthquakes.json from vega-datasets)', () => {
  it('returns the week of USGS events, oldest first, with the documented fields and ranges', async () => {
    const quakes = await loadEarthquakes();
    expect(quakes).toHaveLength(1707);
    expect(new Set(quakes.map((quake) => quake.id)).size).toBe(1707);
    expect(quakes[0].time).toBe(Date.parse('2018-01-31T01:49:59.650Z'));
    expect(quakes.at(-1)!.time).toBe(Date.parse('2018-02-07T01:26:13.840Z'));
    for (let i = 1; i < quakes.length; i++) expect(quakes[i].time).toBeGreaterThanOrEqual(quakes[i - 1].time);
    for (const quake of quakes) {
      expect(Object.keys(quake).sort()).toEqual(['depth', 'id', 'lat', 'lon', 'mag', 'place', 'time', 'type']);
      expect(quake.mag).toBeGreaterThanOrEqual(-1);
      expect(quake.mag).toBeLessThan(10);
      expect(Math.abs(quake.lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(quake.lat)).toBeLessThanOrEqual(90);
      expect(quake.depth).toBeGreaterThan(-10);
      expect(quake.depth).toBeLessThan(800);
      expect(['earthquake', 'explosion', 'quarry blast']).toContain(quake.type);
    }
    expect(Math.max(...quakes.map((quake) => quake.mag))).toBe(6.4);
  });
});
