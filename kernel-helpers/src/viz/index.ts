/** Charts and tables: Vega-Lite spec builders, static SVG rendering, notebook display (static and live). */
export { chartBundle, live, LiveChart, show, type ChartBundle, type LiveOptions } from './display.js';
export { renderSvg } from './render.js';
export { barChart, scatterChart, timeSeries, withRows, type ChartOptions, type ChartSpec, type Row } from './specs.js';
export { table, tableHtml, tableText } from './table.js';
export { recordsInWindow, windowTimeline, type TimelineRecord, type TimelineWindow, type WindowTimelineOptions } from './windows-chart.js';
export { dashboardSpec, liveDashboard, LiveDashboard, type DashboardOptions, type DashboardStats } from './dashboard.js';
export {
  delayChart,
  fieldName,
  linesWithMarks,
  logStrip,
  streamTimeChart,
  streamTimeSteps,
  tradeOffChart,
  twoClocksChart,
  type ArrivingRecord,
  type ChartMark,
  type LogCell,
  type StreamTimeStep,
  type TimedRecord,
} from './lesson-charts.js';
