import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TSLAB_DISPLAY_MODULE, type DisplayMessage } from '../../../kernel-helpers/src/notebook/index';
import { barChart, live, liveDashboard, type ChartSpec } from '../../../kernel-helpers/src/viz/index';
import { waitUntil } from '../../../kernel-helpers/src/wait';

/** Waits until a counter of redraw attempts reaches `count` (redraws run in the background). */
const waitForRedraws = (counter: () => number, count: number) =>
  waitUntil(async () => counter() >= count, { what: `${count} redraw attempts`, timeoutMs: 10_000, intervalMs: 5, hint: 'the live chart stopped redrawing' });

/** A spec Vega-Lite cannot compile: every redraw of it fails. */
const broken = { ...barChart([], { x: 'k', y: 'n' }, { title: 'Quebrado' }), mark: 'no-such-mark' } as unknown as ChartSpec;

/** What the cell shows, through tslab's real writer slot (the adapter's source). */
const jupyter = createRequire(__filename)(TSLAB_DISPLAY_MODULE) as { lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null };
let shown: DisplayMessage[] = [];
const plainLines = () => shown.filter((message) => !message.data['image/svg+xml']).map((message) => String(message.data['text/plain']));

beforeEach(() => {
  shown = [];
  jupyter.lastWriteDisplayData = (message) => shown.push(message);
});
afterEach(() => {
  jupyter.lastWriteDisplayData = null;
});

describe('a live chart whose redraw fails', () => {
  it('says so once, in one readable line, however many frames fail', async () => {
    const chart = live(broken, { minIntervalMs: 0 });
    for (let i = 0; i < 5; i += 1) {
      chart.update([{ k: `k${i}`, n: i }]);
      await waitForRedraws(() => chart.failedRedraws, i + 1);
    }
    expect(chart.failedRedraws).toBe(5);
    expect(chart.redraws).toBe(0);
    expect(plainLines()).toHaveLength(1);
    expect(plainLines()[0]).toMatch(/^⚠ live chart "Quebrado": redraw failed \(.+\); it keeps its last frame, and later failures are not repeated$/);
    expect(plainLines()[0].split('\n')).toHaveLength(1);
    await expect(chart.close()).rejects.toThrow(); // the final frame's failure is the cell's error
  });

  it('a dashboard with a failing panel says so once and counts its failed frames', async () => {
    const board = liveDashboard({ good: barChart([], { x: 'k', y: 'n' }), bad: broken }, { minIntervalMs: 0, title: 'Painel' });
    for (let i = 0; i < 4; i += 1) {
      board.update('good', [{ k: 'a', n: i }]);
      await waitForRedraws(() => board.stats().failedFrames, i + 1);
    }
    expect(board.stats().failedFrames).toBe(4);
    expect(plainLines()).toEqual([expect.stringMatching(/^⚠ live dashboard "Painel": redraw failed \(.+\); it keeps its last frame/)]);
    await expect(board.close()).rejects.toThrow();
  });

  it('a chart that draws fine prints no warning', async () => {
    const chart = live(barChart([], { x: 'k', y: 'n' }), { minIntervalMs: 0 });
    chart.update([{ k: 'a', n: 1 }]);
    await chart.close();
    expect(plainLines()).toEqual([]);
    expect(chart.failedRedraws).toBe(0);
    expect(shown.length).toBeGreaterThanOrEqual(1);
  });
});
