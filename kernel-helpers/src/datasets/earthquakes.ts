import { readFile } from 'node:fs/promises';
import { DatasetError } from './errors.js';
import { vegaDatasetPath } from './vega-datasets.js';

/** One seismic event from the USGS "all earthquakes, past week" feed (2018-01-31 to 2018-02-07 UTC). */
export interface Earthquake {
  /** USGS event id, e.g. "ci37868143" (network code + network's id): unique, a good record key. */
  id: string;
  /** Origin time, ms since the epoch (UTC). */
  time: number;
  /** Magnitude (scale given by the network: ml, md, mb, mww...); can be slightly negative for tiny events. */
  mag: number;
  /** Human description of the location, e.g. "4km W of Castaic, CA". */
  place: string;
  /** Longitude in decimal degrees (−180..180). */
  lon: number;
  /** Latitude in decimal degrees (−90..90). */
  lat: number;
  /** Depth in km below sea level (slightly negative above it). */
  depth: number;
  /** "earthquake", "explosion" or "quarry blast". */
  type: string;
}

/** The GeoJSON file shipped by vega-datasets. */
export const EARTHQUAKES_FILE = 'earthquakes.json';

interface Feature {
  id?: string;
  properties?: { mag?: number | null; place?: string | null; time?: number; type?: string };
  geometry?: { type?: string; coordinates?: number[] };
}

/** Reads the week of earthquakes, oldest first (the feed itself lists newest first). */
export async function loadEarthquakes(): Promise<Earthquake[]> {
  const path = vegaDatasetPath(EARTHQUAKES_FILE);
  const collection = JSON.parse(await readFile(path, 'utf8')) as { features?: Feature[] };
  if (!Array.isArray(collection.features)) {
    throw new DatasetError(`${path} is not a GeoJSON FeatureCollection`, { hint: 'reinstall vega-datasets (npm install)' });
  }
  return earthquakesFromFeatures(collection.features);
}

/** GeoJSON point features → Earthquake rows sorted by time; features without a time, magnitude or point are skipped. */
export function earthquakesFromFeatures(features: readonly Feature[]): Earthquake[] {
  const earthquakes: Earthquake[] = [];
  for (const feature of features) {
    const { mag, place, time, type } = feature.properties ?? {};
    const [lon, lat, depth] = feature.geometry?.coordinates ?? [];
    if (typeof time !== 'number' || typeof mag !== 'number' || typeof lon !== 'number' || typeof lat !== 'number') continue;
    earthquakes.push({ id: String(feature.id ?? time), time, mag, place: place ?? '', lon, lat, depth: depth ?? 0, type: type ?? 'earthquake' });
  }
  return earthquakes.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
