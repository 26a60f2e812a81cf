import { describe, expect, it } from 'vitest';
import { figure, figuresTable, median, ratioRows, resultsDocument, type MachineFacts } from '../../../bench/figures.js';

const machine: MachineFacts = { cores: 2, cpu: 'test cpu', node: 'v20.20.2', java: 'openjdk version "17"', kafka: '4.3.1', loadAverage: 1.5 };
const meta = { id: 'produce-vs-kafkajs', suite: 'kafka-clients', name: 'produce() vs raw kafkajs send', unit: 'records/s' };

describe('bench figures (the shape of build/bench/results.json)', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('compares medians and keeps the range of per-run ratios', () => {
    // Run 2 was slow for both: its ratio is still 1.0; the medians' ratio is 90/100.
    const result = figure(meta, [90, 45, 100], [100, 45, 90]);
    expect(result).toEqual({ ...meta, value: 90, baseline: 90, ratio: 1, min: 0.9, max: 1.111, runs: 3 });
  });

  it('rounds throughputs to whole units and ratios to three decimals', () => {
    const result = figure(meta, [1000.4], [3000.2]);
    expect(result.value).toBe(1000);
    expect(result.baseline).toBe(3000);
    expect(result.ratio).toBe(0.333);
  });

  it('refuses runs that do not pair up', () => {
    expect(() => figure(meta, [1, 2], [1])).toThrow(/2 contender runs for 1 baseline runs/);
    expect(() => figure(meta, [], [])).toThrow();
  });

  it('writes machine facts and figures sorted by suite, then id', () => {
    const figures = [
      figure({ ...meta, id: 'engine-eos-vs-alos', suite: 'engine-end-to-end' }, [2], [4]),
      figure({ ...meta, id: 'produce-vs-kafkajs' }, [1], [1]),
      figure({ ...meta, id: 'consume-vs-kafkajs' }, [3], [2]),
    ];
    const document = resultsDocument(machine, figures, 'npm run bench', new Date(Date.UTC(2026, 11, 2)));
    expect(document.measuredAt).toBe('2026-12-02T00:00:00.000Z');
    expect(document.machine).toEqual(machine);
    expect(document.figures.map((entry) => entry.id)).toEqual(['engine-eos-vs-alos', 'consume-vs-kafkajs', 'produce-vs-kafkajs']);
    expect(Object.keys(document.figures[0]).sort()).toEqual(['baseline', 'id', 'max', 'min', 'name', 'ratio', 'runs', 'suite', 'unit', 'value']);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('prints one aligned line per figure and gives chart rows per id', () => {
    const figures = [figure(meta, [90, 100, 110], [100, 100, 100])];
    const lines = figuresTable(figures);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^produce-vs-kafkajs\s+1\.00×\s+0\.90–1\.10\s+100\s+100\s+records\/s$/);
    expect(ratioRows(figures)).toEqual([{ id: 'produce-vs-kafkajs', ratio: 1, suite: 'kafka-clients' }]);
  });
});
