import { live, timeSeries, type Row } from '@streamlab/kernel-helpers/viz';
import { bestOf, printSuite } from '../report.js';

const POINTS = 1_000;

/** Time to draw a live chart of 1,000 points (spec compile + static SVG), the cost of each redraw. */
export async function liveChart(): Promise<void> {
  const rows: Row[] = Array.from({ length: POINTS }, (_, i) => ({ t: 1_767_225_600_000 + i * 60_000, count: Math.round(50 + 30 * Math.sin(i / 20)), key: `k${i % 3}` }));
  const drawOnce = async (): Promise<number> => {
    const chart = live(timeSeries([], { x: 't', y: 'count', color: 'key' }));
    chart.update(rows);
    await chart.close();
    return 1;
  };
  const first = await bestOf(1, 'first draw (cold: vega parse + SVG)', drawOnce);
  const warm = await bestOf(5, 'redraw of 1,000 points (warm)', drawOnce);
  printSuite(`live chart: ${POINTS.toLocaleString('en-US')} points, one redraw = compile + render SVG`, 'redraws', [first, warm]);
}
