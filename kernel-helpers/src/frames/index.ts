/**
 * DataFrames for checking and showing streaming results: a small bridge to Polars
 * (nodejs-polars), the offline ground truth for windows, and a row-by-row comparison.
 * Notebooks use Polars only here: any DataFrame library can read the plain rows `rowsOf` returns.
 */
export { pl, toDataFrame, rowsOf, frameHtml, showFrame, type DataFrame } from './dataframe.js';
export { offlineWindows, offlineSessions, type OfflineResult, type OfflineWindow, type RecordFields } from './offline-windows.js';
export { compareWindows, latestWindows, type ComparableWindow, type WindowComparison, type WindowDifference } from './compare-windows.js';
export { FramesError } from './errors.js';
