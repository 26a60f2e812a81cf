import { decompress as decompressZstd } from 'fzstd';
import { DatasetError } from './errors.js';
import { vegaDatasetPath } from './vega-datasets.js';

/** One U.S. domestic flight of January–June 2001 (BTS on-time performance data, via vega-datasets). */
export interface Flight {
  /**
   * Actual departure, ms since the epoch. The source records the local time of the origin airport
   * with no time zone; it is read as if it were UTC, so `new Date(date).toISOString()` shows the
   * local wall-clock time.
   */
  date: number;
  /** Arrival delay in minutes; negative when the flight arrived early. */
  delay: number;
  /** Distance between the airports in statute miles. */
  distance: number;
  /** IATA code of the origin airport, e.g. "ATL". */
  origin: string;
  /** IATA code of the destination airport. */
  destination: string;
}

export interface LoadFlightsOptions {
  /** Stop after this many flights (default: all 3 million, about 4 s and 1 GB of memory). */
  limit?: number;
  /** Only flights departing at or after this instant (ms, Date or ISO text read as UTC). */
  from?: number | Date | string;
  /** Only flights departing strictly before this instant. */
  to?: number | Date | string;
  /** Called after each block of rows is read: rows kept so far, and the most that can be kept. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** The 3 million flights file shipped by vega-datasets: five columns, sorted by `date`, zstd-compressed. */
export const FLIGHTS_FILE = 'flights-3m.parquet';

const COLUMNS = ['date', 'delay', 'distance', 'origin', 'destination'] as const;

/**
 * Reads flights from `flights-3m.parquet`, in departure order. Only the row groups that overlap
 * `from`..`to` are decoded, and reading stops once `limit` flights are kept, so a day or a few
 * thousand rows come back in well under a second.
 */
export async function loadFlights(options: LoadFlightsOptions = {}): Promise<Flight[]> {
  const limit = options.limit ?? Infinity;
  if (!(limit >= 0)) throw new DatasetError(`limit must be a number >= 0, got ${options.limit}`, { hint: 'pass e.g. { limit: 10_000 }' });
  const from = instant(options.from, 'from') ?? -Infinity;
  const to = instant(options.to, 'to') ?? Infinity;
  if (from >= to) throw new DatasetError(`empty date range: from ${String(options.from)} is not before to ${String(options.to)}`, { hint: 'the flights span 2001-01-01 to 2001-07-01' });

  // hyparquet is ESM-only: a dynamic import() is how CommonJS loads it (module nodenext keeps it as import()).
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import('hyparquet');
  const file = await asyncBufferFromFile(vegaDatasetPath(FLIGHTS_FILE));
  const metadata = await parquetMetadataAsync(file);
  const groups = rowGroupRanges(metadata.row_groups).filter((group) => group.maxDate >= from && group.minDate < to);
  const total = Math.min(limit, groups.reduce((sum, group) => sum + group.rows, 0));

  const flights: Flight[] = [];
  for (const group of groups) {
    if (flights.length >= limit) break;
    // Without a date filter, decode only the rows still needed.
    const rowEnd = from === -Infinity && to === Infinity ? Math.min(group.end, group.start + (limit - flights.length)) : group.end;
    const rows = await new Promise<unknown[][]>((resolveRows, reject) => {
      parquetRead({ file, metadata, compressors: ZSTD_ONLY, columns: [...COLUMNS], rowStart: group.start, rowEnd, onComplete: resolveRows }).catch(reject);
    });
    appendFlights(flights, rows, { from, to, limit });
    options.onProgress?.({ done: flights.length, total });
  }
  return flights;
}

/** The zstd decoder hyparquet needs for this file (pure JS, from fzstd). */
const ZSTD_ONLY = {
  ZSTD: (input: Uint8Array, outputLength: number): Uint8Array => decompressZstd(input, new Uint8Array(outputLength)),
};

interface RowGroupRange {
  start: number;
  end: number;
  rows: number;
  minDate: number;
  maxDate: number;
}

/** Row offsets of each row group and its date range from the column statistics (open when absent). */
export function rowGroupRanges(
  rowGroups: ReadonlyArray<{ num_rows: bigint | number; columns: ReadonlyArray<{ meta_data?: { path_in_schema: string[]; statistics?: { min_value?: unknown; max_value?: unknown } } }> }>,
): RowGroupRange[] {
  let start = 0;
  return rowGroups.map((group) => {
    const rows = Number(group.num_rows);
    const stats = group.columns.find((column) => column.meta_data?.path_in_schema[0] === 'date')?.meta_data?.statistics;
    const range = { start, end: start + rows, rows, minDate: toMillis(stats?.min_value) ?? -Infinity, maxDate: toMillis(stats?.max_value) ?? Infinity };
    start += rows;
    return range;
  });
}

/** Turns decoded rows ([date, delay, distance, origin, destination]) into Flights, keeping those in [from, to) up to `limit` in total. */
export function appendFlights(flights: Flight[], rows: ReadonlyArray<ReadonlyArray<unknown>>, range: { from: number; to: number; limit: number }): void {
  for (let i = 0; i < rows.length && flights.length < range.limit; i++) {
    const [date, delay, distance, origin, destination] = rows[i];
    const departure = toMillis(date);
    if (departure === undefined || departure < range.from || departure >= range.to) continue;
    flights.push({ date: departure, delay: Number(delay), distance: Number(distance), origin: String(origin), destination: String(destination) });
  }
}

function toMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** A date option as ms since the epoch; ISO text without a zone is read as UTC, like the data. */
export function instant(value: number | Date | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  if (Number.isNaN(ms)) throw new DatasetError(`${name} is not a valid date: ${String(value)}`, { hint: 'use ms since the epoch, a Date, or ISO text like "2001-03-15" or "2001-03-15T08:00"' });
  return ms;
}
