import { describe, expect, it } from 'vitest';
import { ProgressBar, notebookSink, progressHtml, progressLine, progressNumbers, terminalSink, type ProgressSink, type ProgressState } from '../../../kernel-helpers/src/progress/index';

const state = (done: number, total: number | undefined, elapsedMs: number): ProgressState => ({ label: 'replay', done, total, elapsedMs });

describe('progress formatting', () => {
  it('computes fraction, rate and time left', () => {
    expect(progressNumbers(state(250, 1000, 500))).toEqual({ fraction: 0.25, perSecond: 500, secondsLeft: 1.5 });
  });

  it('draws a bar with percent, counts, rate and estimate', () => {
    expect(progressLine(state(500, 1000, 2000), 10)).toBe('replay [█████·····] 50% 500/1.0k · 250/s · ~2 s restantes');
  });

  it('says how long it took once complete', () => {
    expect(progressLine(state(1000, 1000, 65_000), 4)).toBe('replay [████] 100% 1.0k/1.0k · 15/s · em 1 min 05 s');
  });

  it('shows only count and rate when the total is unknown', () => {
    expect(progressLine(state(12_000, undefined, 1000))).toBe('replay 12k · 12k/s');
  });

  it('escapes the label in HTML', () => {
    expect(progressHtml({ ...state(1, 2, 10), label: '<b>x</b>' })).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('ProgressBar', () => {
  const recording = () => {
    const draws: Array<{ done: number; final: boolean }> = [];
    const sink: ProgressSink = { draw: (s, final) => draws.push({ done: s.done, final }) };
    return { draws, sink };
  };

  it('throttles redraws and always draws the final state', () => {
    const { draws, sink } = recording();
    const bar = new ProgressBar('x', { total: 1000, minIntervalMs: 60_000 }, sink);
    for (let i = 0; i < 1000; i += 1) bar.tick();
    bar.finish();
    bar.finish();
    expect(draws).toEqual([
      { done: 0, final: false },
      { done: 1000, final: true },
    ]);
  });

  it('updates one notebook output in place (same display id, update after the first)', () => {
    const messages: Array<{ id?: string; update: boolean; html: unknown }> = [];
    const sink = notebookSink((message, update) => messages.push({ id: message.transient.display_id, update, html: message.data['text/html'] }));
    const bar = new ProgressBar('x', { total: 2, minIntervalMs: 0 }, sink);
    bar.tick();
    bar.finish(2);
    expect(messages.map((m) => m.update)).toEqual([false, true, true]);
    expect(new Set(messages.map((m) => m.id)).size).toBe(1);
    expect(String(messages[2].html)).toContain('<progress value="2" max="2"');
  });

  it('rewrites one terminal line with \\r on a TTY', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar('x', { total: 2, minIntervalMs: 0 }, terminalSink(stream));
    bar.tick();
    bar.finish();
    expect(written.every((text) => text.startsWith('\r'))).toBe(true);
    expect(written.at(-1)?.endsWith('\n')).toBe(true);
  });

  it('prints only occasional whole lines when stderr is not a terminal (CI logs)', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar('x', { total: 100, minIntervalMs: 0 }, terminalSink(stream, 60_000));
    for (let i = 0; i < 100; i += 1) bar.tick();
    bar.finish();
    expect(written).toHaveLength(2);
    expect(written.every((line) => !line.includes('\r') && line.endsWith('\n'))).toBe(true);
  });
});
