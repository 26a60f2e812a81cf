import pl from 'nodejs-polars';
import type { SessionWindows, TimeWindows } from '../streams/index.js';
import type { Row } from '../viz/specs.js';
import { toDataFrame, type DataFrame } from './dataframe.js';
import { FramesError } from './errors.js';

/** Which fields of a record are its key, its event time (ms) and the value summed per window. */
export interface RecordFields {
  /** Field holding the grouping key (e.g. "origin"). */
  key: string;
  /** Field holding the event time, ms since the epoch. */
  time: string;
  /** Field summed per window (e.g. "delay"); without it only counts are computed. */
  value?: string;
}

/** One window of the offline computation, shaped like the streaming results. */
export interface OfflineWindow {
  key: string;
  windowStart: number;
  /** Exclusive for tumbling/hopping windows, inclusive (the last record) for sessions. */
  windowEnd: number;
  count: number;
  /** Sum of the value field (0 without one). */
  sum: number;
}

/** The offline windows, the records the late rule dropped, and the Polars frame behind them. */
export interface OfflineResult {
  windows: OfflineWindow[];
  /** (record, window) pairs dropped because the window had closed when the record arrived. */
  droppedPairs: number;
  /** Records dropped from every window they belong to (they count nowhere). */
  droppedRecords: number;
  frame: DataFrame;
}

/**
 * Tumbling or hopping windows computed offline with Polars over `records` taken in arrival order
 * (array order, one partition): each record joins every window [start, start + size) with start a
 * multiple of the advance, unless stream time (the largest event time seen so far, this record
 * included) has reached end + grace: Kafka Streams' late-record rule, applied here too. The
 * grouping is Polars' `group_by_dynamic` written out, so the per-window late rule fits in.
 */
export function offlineWindows(records: readonly object[], fields: RecordFields, windows: TimeWindows): OfflineResult {
  const base = recordFrame(records, fields).withColumns(pl.col('ts').cumMax().alias('streamTime'));
  const perRecord = Math.ceil(windows.sizeMs / windows.advanceMs);
  const assigned = pl.concat(
    Array.from({ length: perRecord }, (_, k) =>
      base.withColumns(pl.col('ts').minus(pl.col('ts').modulo(windows.advanceMs)).minus(pl.lit(k * windows.advanceMs)).alias('windowStart')),
    ),
  ).filter(pl.col('windowStart').plus(pl.lit(windows.sizeMs)).gt(pl.col('ts')).and(pl.col('windowStart').gtEq(pl.lit(0))));
  const late = pl.col('windowStart').plus(pl.lit(windows.sizeMs + windows.graceMs)).ltEq(pl.col('streamTime'));
  const kept = assigned.filter(late.not());
  const lateRows = assigned.filter(late);
  const droppedRecords = lateRows.height === 0 ? 0 : lateRows.groupBy('row').agg(pl.col('windowStart').count().alias('n')).filter(pl.col('n').eq(pl.lit(perRecord))).height;
  const frame = kept
    .groupBy(['key', 'windowStart'])
    .agg(pl.col('row').count().alias('count'), pl.col('value').sum().alias('sum'))
    .withColumns(pl.col('windowStart').plus(pl.lit(windows.sizeMs)).alias('windowEnd'))
    .select('key', 'windowStart', 'windowEnd', 'count', 'sum')
    .sort(['key', 'windowStart']);
  return { windows: windowRows(frame), droppedPairs: lateRows.height, droppedRecords, frame };
}

/**
 * Session windows computed offline with Polars: per key, records sorted by event time, a new session
 * wherever the gap to the previous record exceeds the inactivity gap. Valid for input without late
 * records (no grace needed), which is what a time-ordered replay gives.
 */
export function offlineSessions(records: readonly object[], fields: RecordFields, windows: SessionWindows): OfflineResult {
  const gapStarts = pl.col('ts').diff(1, 'ignore').over('key').gt(pl.lit(windows.inactivityGapMs)).fillNull(true).cast(pl.Int64).cumSum().over('key');
  const frame = recordFrame(records, fields)
    .sort(['key', 'ts'])
    .withColumns(gapStarts.alias('session'))
    .groupBy(['key', 'session'])
    .agg(pl.col('ts').min().alias('windowStart'), pl.col('ts').max().alias('windowEnd'), pl.col('row').count().alias('count'), pl.col('value').sum().alias('sum'))
    .select('key', 'windowStart', 'windowEnd', 'count', 'sum')
    .sort(['key', 'windowStart']);
  return { windows: windowRows(frame), droppedPairs: 0, droppedRecords: 0, frame };
}

/** key, ts (Int64), value (Float64) and the arrival position of each record. */
function recordFrame(records: readonly object[], fields: RecordFields): DataFrame {
  if (records.length === 0) throw new FramesError('no records to window', { hint: 'pass the same records the stream processor read' });
  const rows = (records as readonly Row[]).map((record, row) => {
    const ts = record[fields.time];
    if (typeof ts !== 'number' || !Number.isFinite(ts)) {
      throw new FramesError(`record ${row} has no numeric ${fields.time}: ${JSON.stringify(record).slice(0, 120)}`, { hint: `the time field must hold ms since the epoch` });
    }
    return { row, key: String(record[fields.key]), ts, value: fields.value === undefined ? 0 : Number(record[fields.value]) };
  });
  return toDataFrame(rows).withColumns(pl.col('ts').cast(pl.Int64), pl.col('value').cast(pl.Float64));
}

function windowRows(frame: DataFrame): OfflineWindow[] {
  return frame.toRecords().map((record) => ({
    key: String(record.key),
    windowStart: Number(record.windowStart),
    windowEnd: Number(record.windowEnd),
    count: Number(record.count),
    sum: Number(record.sum),
  }));
}
