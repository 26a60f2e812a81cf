import { describe, expect, it } from 'vitest';
import { barChart, chartBundle, live, tableHtml, tableText, timeSeries, withRows } from '../../../kernel-helpers/src/viz/index';

const rows = [
  { partition: 'p0', count: 3 },
  { partition: 'p1', count: 5 },
];

describe('chart specs', () => {
  it('builds a bar chart as a plain Vega-Lite value over the given rows', () => {
    const spec = barChart(rows, { x: 'partition', y: 'count' }, { title: 'per partition' });
    expect(spec).toMatchObject({
      title: 'per partition',
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: { x: { field: 'partition', type: 'nominal' }, y: { field: 'count', type: 'quantitative' } },
    });
  });

  it('builds a time series with a temporal x axis and one colour per series', () => {
    const spec = timeSeries([{ t: 0, n: 1, key: 'a' }], { x: 't', y: 'n', color: 'key' });
    expect(spec).toMatchObject({ encoding: { x: { type: 'temporal' }, color: { field: 'key' } } });
  });

  it('swaps rows without touching the rest of the spec', () => {
    const spec = barChart(rows, { x: 'partition', y: 'count' });
    const next = withRows(spec, [{ partition: 'p9', count: 1 }]);
    expect(next).toMatchObject({ mark: spec.mark, data: { values: [{ partition: 'p9', count: 1 }] } });
    expect(spec).toMatchObject({ data: { values: rows } });
  });
});

describe('chart outputs', () => {
  it('carry the spec and a static SVG that draws every bar', async () => {
    const bundle = await chartBundle(barChart(rows, { x: 'partition', y: 'count' }));
    expect(bundle['application/vnd.vegalite.v5+json']).toBeDefined();
    expect(bundle['image/svg+xml']).toMatch(/^<svg/);
    expect(bundle['image/svg+xml']).toContain('p0');
    expect(bundle['image/svg+xml']).toContain('p1');
  });

  it('a live chart draws its latest rows on close, however often it was updated', async () => {
    const chart = live(barChart([], { x: 'partition', y: 'count' }), { minIntervalMs: 60_000 });
    for (let i = 0; i < 100; i += 1) chart.update([{ partition: `p${i}`, count: i }]);
    const final = await chart.close();
    expect(chart.redraws).toBe(2);
    expect(final['image/svg+xml']).toContain('p99');
  });
});

describe('tables', () => {
  it('render rows as escaped HTML with every column seen', () => {
    const html = tableHtml([{ a: 1 }, { b: '<x>' }]);
    expect(html).toContain('<th>a</th><th>b</th>');
    expect(html).toContain('&lt;x&gt;');
  });

  it('say how many rows were left out past the limit', () => {
    expect(tableHtml([{ a: 1 }, { a: 2 }, { a: 3 }], 2)).toContain('mais 1 linhas');
  });

  it('render aligned plain text for terminals', () => {
    expect(tableText([{ key: 'a', n: 10 }, { key: 'bb', n: 2 }])).toBe('key  n\n---  --\na    10\nbb   2');
  });
});
